package org.reshard.query;

import net.sf.jsqlparser.schema.Table;
import org.reshard.topology.ReferenceTable;
import org.reshard.topology.TableSpec;

/**
 * One table in a query's FROM clause: the node as written, the name the rest of the query uses for it
 * (its alias, else its name), and what the queried topology says of it.
 */
record TableRef(Table table, String referenceName, Role role) {

    /** What the topology declares the table to be. */
    sealed interface Role permits Sharded, Reference, Undeclared {
    }

    /** Rows spread over the shards by the hash of {@code spec.shardKey()}. */
    record Sharded(TableSpec spec) implements Role {
    }

    /** The same rows on every shard. */
    record Reference(ReferenceTable spec) implements Role {
    }

    /** Not in the topology: read as found on each shard. */
    record Undeclared() implements Role {
    }

    /** The table's name as the query wrote it, without schema or quotes. */
    String name() {
        return SqlNames.unquote(table.getName());
    }

    boolean sharded() {
        return role instanceof Sharded;
    }

    /** True when a column qualifier ({@code o} in {@code o.customer_id}) names this table. */
    boolean isNamedBy(Table qualifier) {
        return qualifier != null && qualifier.getName() != null && SqlNames.matches(qualifier.getName(), SqlNames.unquote(referenceName))
                && (qualifier.getSchemaName() == null || table.getAlias() == null);
    }
}
