package org.reshard.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.schema.Schemas;
import org.reshard.shard.SqlDialect;
import org.reshard.topology.HashRange;
import org.reshard.topology.ReferenceTable;
import org.reshard.topology.ShardSpec;
import org.reshard.topology.TableSpec;
import org.reshard.topology.Topology;

/**
 * A Calcite connection for one federated query: each chosen shard a JDBC schema ({@code __shard_0}, …) reached
 * through {@link FederatedShards}, and each table the topology declares a {@link FederatedTable} in the root schema
 * under its own name. Statements are parsed with Calcite's Babel parser in its lenient conformance, with
 * PostgreSQL's functions and identifier rules (unquoted names fold to lower case), NULLs sorting high.
 */
final class FederationCatalog implements AutoCloseable {

    static final String SHARD_SCHEMA_PREFIX = "__shard_";
    /** The declared tables with their timestamps typed as timestamps, for validating the statement as the user wrote it. */
    static final String TYPED_SCHEMA = "__typed";

    private final CalciteConnection connection;
    private final Map<String, OwnedRowsFunction> ownership;
    private final DateTimeColumns timestamps;

    private FederationCatalog(CalciteConnection connection, Map<String, OwnedRowsFunction> ownership, DateTimeColumns timestamps) {
        this.connection = connection;
        this.ownership = ownership;
        this.timestamps = timestamps;
    }

    static Properties properties() {
        Properties info = new Properties();
        // Babel, then PostgresRewrite of the statement being prepared (see RewritingParser).
        info.setProperty("parserFactory", RewritingParser.class.getName() + "#FACTORY");
        info.setProperty("conformance", "BABEL");
        info.setProperty("fun", "standard,postgresql");
        info.setProperty("quoting", "DOUBLE_QUOTE");
        info.setProperty("unquotedCasing", "TO_LOWER");
        info.setProperty("quotedCasing", "UNCHANGED");
        // Case-insensitive lookup: PostgreSQL's library functions (bool_and, …) are registered in upper case.
        info.setProperty("caseSensitive", "false");
        info.setProperty("defaultNullCollation", "HIGH");
        info.setProperty("timeZone", "UTC");
        info.setProperty("typeSystem", PostgresTypeSystem.class.getName() + "#INSTANCE");
        return info;
    }

    /** The parser settings of {@link #properties()}, for reading a statement outside the connection. */
    static SqlParser.Config parserConfig() {
        return SqlParser.config().withParserFactory(SqlBabelParserImpl.FACTORY).withConformance(SqlConformanceEnum.BABEL)
                .withQuoting(Quoting.DOUBLE_QUOTE).withUnquotedCasing(Casing.TO_LOWER).withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false);
    }

    /** Opens the connection and reads each chosen shard's table definitions. */
    static FederationCatalog open(Topology topology, List<ShardSpec> shards, FederatedShards sources) throws SQLException {
        Connection raw = new Driver().connect("jdbc:calcite:", properties());
        CalciteConnection calcite = raw.unwrap(CalciteConnection.class);
        try {
            SchemaPlus root = calcite.getRootSchema();
            PostgresTypeNames.addTo(root);
            addPostgresFunctions(root);
            Map<String, List<HashRange>> ranges = topology.partition().rangesByShard();
            Map<String, OwnedRowsFunction> ownership = new java.util.LinkedHashMap<>();
            List<JdbcSchema> schemas = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                ShardSpec shard = shards.get(i);
                String name = SHARD_SCHEMA_PREFIX + i;
                org.apache.calcite.sql.SqlDialect dialect = ShardCalciteDialects.of(shard);
                JdbcConvention convention = JdbcConvention.of(dialect, Schemas.subSchemaExpression(root, name, JdbcSchema.class), name);
                JdbcSchema schema = new JdbcSchema(sources.source(shard), dialect, convention, null, shard.isPostgres() ? "public" : null);
                root.add(SHARD_SCHEMA_PREFIX + i, schema);
                schemas.add(schema);
                ownership.put(shard.id(), new OwnedRowsFunction(i, SqlDialect.of(shard), ranges.getOrDefault(shard.id(), List.of())));
            }
            // PostgreSQL's dates and timestamps travel as exact bigints; SQLite keeps its timestamps as the text it stores.
            DateTimeColumns timestamps = shards.stream().allMatch(ShardSpec::isPostgres) && !shards.isEmpty()
                    ? DateTimeColumns.of(sources.source(shards.getFirst())) : DateTimeColumns.NONE;
            SchemaPlus typed = root.add(TYPED_SCHEMA, new AbstractSchema());
            for (TableSpec table : topology.tables()) {
                List<FederatedTable.Part> parts = new ArrayList<>();
                for (int i = 0; i < shards.size(); i++) {
                    parts.add(new FederatedTable.Part(SHARD_SCHEMA_PREFIX + i, shardTable(schemas.get(i), table.name()),
                            ownership.get(shards.get(i).id())));
                }
                if (parts.stream().anyMatch(p -> p.shardTable() != null)) {
                    if (parts.stream().anyMatch(p -> p.shardTable() == null)) {
                        String missing = parts.stream().filter(p -> p.shardTable() == null)
                                .map(p -> shards.get(parts.indexOf(p)).id()).toList().toString();
                        throw new FederationRefusal("table " + table.name() + " is missing on " + missing
                                + ", which own some of its rows; create it there or leave those shards out (--shards)");
                    }
                    add(root, typed, new FederatedTable(table.name(), table.shardKey(), parts, timestamps.of(table.name())), table.name());
                }
            }
            for (ReferenceTable table : topology.referenceTables()) {
                // Reference tables hold the same rows everywhere: the first chosen shard that has the table answers.
                for (int i = 0; i < shards.size(); i++) {
                    Table found = shardTable(schemas.get(i), table.name());
                    if (found != null) {
                        add(root, typed, new FederatedTable(table.name(), null, List.of(new FederatedTable.Part(SHARD_SCHEMA_PREFIX + i,
                                found, null)), timestamps.of(table.name())), table.name());
                        break;
                    }
                }
            }
            return new FederationCatalog(calcite, ownership, timestamps);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static void add(SchemaPlus root, SchemaPlus typed, FederatedTable table, String name) {
        root.add(name, table);
        typed.add(name, table.typed());
    }

    /** The functions {@link PostgresRewrite} calls, computed in Calcite (user-defined functions are never pushed to a shard). */
    private static void addPostgresFunctions(SchemaPlus root) {
        root.add("reshard_pg_div", ScalarFunctionImpl.create(PgFunctions.class, "divide"));
        root.add("reshard_pg_avg", ScalarFunctionImpl.create(PgFunctions.class, "avg"));
        root.add("reshard_pg_variance", ScalarFunctionImpl.create(PgFunctions.class, "variance"));
        root.add("reshard_exact_decimal", ScalarFunctionImpl.create(PgFunctions.class, "exact"));
        root.add("reshard_percentile_cont", AggregateFunctionImpl.create(PercentileCont.class));
        root.add("reshard_percentile_disc", AggregateFunctionImpl.create(PercentileDisc.class));
        root.add("reshard_mode", AggregateFunctionImpl.create(ModeAggregate.class));
        root.add(DateTimeSyntax.TRUNC_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "dateTrunc"));
        root.add(DateTimeSyntax.EXTRACT_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "extract"));
        root.add(DateTimeSyntax.PLUS_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "plusInterval"));
        root.add(DateTimeSyntax.TEXT_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "text"));
        root.add(DateTimeSyntax.EXTRACT_DATE_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "extractFromDate"));
        root.add(DateTimeSyntax.DATE_TEXT_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "dateText"));
        root.add(DateTimeSyntax.CONVERT_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "convert"));
        root.add(DateTimeSyntax.TO_CHAR_FUNCTION, ScalarFunctionImpl.create(PgToChar.class, "toChar"));
        root.add(DateTimeSyntax.DATE_PLUS_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "datePlusDays"));
        root.add(DateTimeSyntax.DATE_PART_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "datePart"));
        root.add(DateTimeSyntax.TIMESTAMP_MINUS_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "timestampMinus"));
        root.add(DateTimeSyntax.INTERVAL_TEXT_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "intervalText"));
        root.add(DateTimeSyntax.EXTRACT_INTERVAL_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "extractInterval"));
        root.add(DateTimeSyntax.DATE_PART_INTERVAL_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "datePartInterval"));
        root.add(DateTimeSyntax.DAYS_BETWEEN_FUNCTION, ScalarFunctionImpl.create(PgDateTime.class, "daysBetween"));
        root.add(JsonOperators.FUNCTION, ScalarFunctionImpl.create(PgJson.class, "text"));
        root.add(JsonOperators.ELEMENT_FUNCTION, ScalarFunctionImpl.create(PgJson.class, "elementText"));
        root.add(JsonOperators.GET_FUNCTION, ScalarFunctionImpl.create(PgJson.class, "get"));
        root.add(JsonOperators.ELEMENT_GET_FUNCTION, ScalarFunctionImpl.create(PgJson.class, "elementGet"));
        root.add(JsonOperators.PATH_FUNCTION, ScalarFunctionImpl.create(PgJson.class, "path"));
        root.add(JsonOperators.PATH_TEXT_FUNCTION, ScalarFunctionImpl.create(PgJson.class, "pathText"));
        root.add(JsonOperators.CONTAINS_FUNCTION, ScalarFunctionImpl.create(PgJson.class, "contains"));
    }

    private static Table shardTable(JdbcSchema schema, String name) {
        return schema.tables().get(name);
    }

    CalciteConnection connection() {
        return connection;
    }

    /** The ownership function of each chosen shard, by shard id. */
    Map<String, OwnedRowsFunction> ownership() {
        return ownership;
    }

    /** The shards' PostgreSQL timestamp columns, which the federated tables carry as microseconds. */
    DateTimeColumns timestamps() {
        return timestamps;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
