package org.reshard.query;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * One declared table as Calcite sees it: the union of its per-shard scans, each filtered by that shard's
 * ownership function (so kept copies count once), or a single shard's scan for a reference table. Calcite then
 * pushes the query's filters, projections and aggregates through the union into each shard's SQL.
 */
final class FederatedTable extends AbstractTable implements TranslatableTable {

    /** One shard's part of the table: the Calcite schema holding its JDBC table, and its ownership filter (null: read all). */
    record Part(String schema, Table shardTable, OwnedRowsFunction owned) {
    }

    private final String name;
    private final String shardKey;
    private final List<Part> parts;
    /** The PostgreSQL date and timestamp columns, read as exact bigints (microseconds, or days for a date). */
    private final Map<String, DateTimeKind> timestamps;

    FederatedTable(String name, String shardKey, List<Part> parts, Map<String, DateTimeKind> timestamps) {
        this.name = name;
        this.shardKey = shardKey;
        this.parts = List.copyOf(parts);
        this.timestamps = Map.copyOf(timestamps);
    }

    /** Its date and timestamp columns as bigints: the statement Calcite runs computes on them as {@link DateTimePlanner} wrote it. */
    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return withTimestampsAs(typeFactory, kind -> typeFactory.createSqlType(SqlTypeName.BIGINT));
    }

    /**
     * The same table with its date and timestamp columns typed as Calcite's (timestamp with local time zone for
     * PostgreSQL's timestamptz), for validating the user's statement as written; never scanned.
     */
    Table typed() {
        return new AbstractTable() {
            @Override
            public RelDataType getRowType(RelDataTypeFactory typeFactory) {
                return withTimestampsAs(typeFactory, kind -> typeFactory.createSqlType(kind.calciteType()));
            }
        };
    }

    private RelDataType withTimestampsAs(RelDataTypeFactory typeFactory, Function<DateTimeKind, RelDataType> timestampType) {
        List<RelDataType> types = parts.stream().map(p -> asText(typeFactory, p.shardTable().getRowType(typeFactory))).toList();
        RelDataType common = typeFactory.leastRestrictive(types);
        if (common == null) {
            throw new FederationRefusal("table " + name + " has different column types on different shards (" + types
                    + "); align the shards' definitions");
        }
        if (timestamps.isEmpty()) {
            return common;
        }
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (var field : common.getFieldList()) {
            DateTimeKind kind = timestamps.get(field.getName());
            builder.add(field.getName(), kind == null ? field.getType()
                    : typeFactory.createTypeWithNullability(timestampType.apply(kind), field.getType().isNullable()));
        }
        return builder.build();
    }

    /** The shard table's row type with json, jsonb and other types Calcite cannot compute with as text. */
    private static RelDataType asText(RelDataTypeFactory factory, RelDataType row) {
        RelDataTypeFactory.Builder builder = factory.builder();
        for (var field : row.getFieldList()) {
            builder.add(field.getName(), field.getType().getSqlTypeName() == SqlTypeName.OTHER
                    ? factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.VARCHAR), true) : field.getType());
        }
        return builder.build();
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(context.getCluster(), relOptTable.getRelOptSchema());
        for (Part part : parts) {
            builder.scan(part.schema(), name);
            if (part.owned() != null) {
                builder.filter(builder.call(part.owned(), builder.field(shardKey)));
            }
            RelDataType scanned = builder.peek().getRowType();
            if (scanned.getFieldList().stream().anyMatch(f -> f.getType().getSqlTypeName() == SqlTypeName.OTHER || timestamps.containsKey(f.getName()))) {
                // Read json, jsonb and other types Calcite cannot compute with as the shard's text, and dates and timestamps
                // as exact bigints: the cast and the conversion run on the shard.
                builder.project(scanned.getFieldList().stream().map(f -> f.getType().getSqlTypeName() == SqlTypeName.OTHER
                        ? builder.cast(builder.field(f.getIndex()), SqlTypeName.VARCHAR)
                        : timestamps.containsKey(f.getName()) ? builder.call(EpochMicrosFunction.of(timestamps.get(f.getName())),
                                builder.field(f.getIndex()))
                        : builder.field(f.getIndex())).toList(), scanned.getFieldNames());
            }
        }
        if (parts.size() > 1) {
            builder.union(true, parts.size());
        }
        RelDataType rowType = relOptTable.getRowType();
        if (!builder.peek().getRowType().equals(rowType)) {
            builder.convert(rowType, false);
        }
        return builder.build();
    }
}
