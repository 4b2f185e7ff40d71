package org.reshard.query;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's types with PostgreSQL's SUM of small integers: smallint and integer sum to bigint. (PostgreSQL sums bigint to
 * numeric; Calcite needs bigint sums for its own partial counts, so {@link ExactnessCheck} refuses SUM of a bigint instead.)
 */
public final class PostgresTypeSystem extends RelDataTypeSystemImpl {

    /** The instance Calcite's {@code typeSystem} connection property names. */
    public static final PostgresTypeSystem INSTANCE = new PostgresTypeSystem();

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argument) {
        RelDataType sum = switch (argument.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER -> factory.createSqlType(SqlTypeName.BIGINT);
            default -> super.deriveSumType(factory, argument);
        };
        return factory.createTypeWithNullability(sum, argument.isNullable());
    }

    /** CASE WHEN … THEN 'big' ELSE 'small' END is text in PostgreSQL, not a blank-padded char(5). */
    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
