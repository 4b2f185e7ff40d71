package org.reshard.query;

import java.util.Map;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;

/** PostgreSQL's type names that Calcite does not know, as aliases in the federated schema, so {@code x::text} and {@code CAST(x AS int8)} parse. */
final class PostgresTypeNames {

    private static final Map<String, SqlTypeName> ALIASES = Map.of("text", SqlTypeName.VARCHAR, "int2", SqlTypeName.SMALLINT,
            "int4", SqlTypeName.INTEGER, "int8", SqlTypeName.BIGINT, "float4", SqlTypeName.REAL, "float8", SqlTypeName.DOUBLE,
            "bool", SqlTypeName.BOOLEAN, "timestamptz", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private PostgresTypeNames() {
    }

    static void addTo(SchemaPlus root) {
        ALIASES.forEach((name, type) -> root.add(name, factory -> factory.createTypeWithNullability(factory.createSqlType(type), true)));
    }
}
