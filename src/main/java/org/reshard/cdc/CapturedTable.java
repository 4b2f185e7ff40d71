package org.reshard.cdc;

import java.util.List;
import org.reshard.shard.TableSchema;
import org.reshard.topology.HashRange;
import org.reshard.topology.TableSpec;

/** A source table under change capture: its spec, its definition and the hash ranges that are moving away. */
public record CapturedTable(TableSpec spec, TableSchema schema, List<HashRange> movingRanges) {

    public CapturedTable {
        movingRanges = List.copyOf(movingRanges);
    }

    public String name() {
        return spec.name();
    }
}
