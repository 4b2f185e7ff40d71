package org.reshard.query;

import java.util.List;
import net.sf.jsqlparser.expression.Expression;

/** A top-level WHERE term that limits a sharded table's shard key to literal values: {@code k = 1}, {@code k IN (1, 2)}, {@code k = ANY(ARRAY[1, 2])}. */
record KeyCondition(TableRef table, List<Expression> values, String text) {

    KeyCondition {
        values = List.copyOf(values);
    }
}
