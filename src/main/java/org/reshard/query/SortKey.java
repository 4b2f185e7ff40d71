package org.reshard.query;

import java.util.Comparator;
import java.util.List;

/**
 * One ORDER BY term resolved to a column of the rows being merged, with PostgreSQL's NULL placement made
 * explicit. A negative {@code column} counts the hidden sort columns appended after the selected ones
 * (-1 is the first), whose position is known only once a shard's column count is (SELECT *).
 */
record SortKey(int column, boolean ascending, boolean nullsFirst) {

    /** This key with a hidden column's position fixed for rows of {@code width} columns, {@code hidden} of them hidden. */
    SortKey resolve(int width, int hidden) {
        return column >= 0 ? this : new SortKey(width - hidden + (-1 - column), ascending, nullsFirst);
    }

    /** PostgreSQL's default: NULLS LAST for ASC, NULLS FIRST for DESC, unless the query says otherwise. */
    static boolean defaultNullsFirst(boolean ascending) {
        return !ascending;
    }

    /** The order of rows under these keys. */
    static Comparator<Object[]> comparator(List<SortKey> keys) {
        return (a, b) -> {
            for (SortKey key : keys) {
                int c = key.compare(a[key.column], b[key.column]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    int compare(Object a, Object b) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == nullsFirst ? -1 : 1;
        }
        int c = ValueOrder.compare(a, b);
        return ascending ? c : -c;
    }
}
