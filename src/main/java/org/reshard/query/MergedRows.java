package org.reshard.query;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The outcome of a merge: the result's columns and rows. */
record MergedRows(List<ResultColumn> columns, List<List<Object>> rows) {

    MergedRows {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** An unmodifiable row that may hold NULLs. */
    static List<Object> row(Object[] values, int width) {
        return Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(values, width)));
    }
}
