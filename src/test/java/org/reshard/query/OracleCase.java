package org.reshard.query;

/**
 * One query of the oracle test: the SQL sent to the shards, the SQL that gives the same answer on the
 * single oracle database (the same text unless a function differs between PostgreSQL and SQLite), and
 * how rows are compared — in order, as a multiset, or as a multiset whose sort-key columns (listed in
 * {@code orderColumns}) must still come in the oracle's order, for ORDER BY with ties.
 */
record OracleCase(String name, String sql, String oracleSql, boolean inOrder, int[] orderColumns) {

    static OracleCase ordered(String name, String sql) {
        return new OracleCase(name, sql, sql, true, new int[0]);
    }

    static OracleCase unordered(String name, String sql) {
        return new OracleCase(name, sql, sql, false, new int[0]);
    }

    /** Ordered by the given columns (0-based) with ties between rows whose other columns differ. */
    static OracleCase keyOrdered(String name, String sql, int... orderColumns) {
        return new OracleCase(name, sql, sql, false, orderColumns);
    }

    OracleCase onOracle(String sqlForOracle) {
        return new OracleCase(name, sql, sqlForOracle, inOrder, orderColumns);
    }

    @Override
    public String toString() {
        return name;
    }
}
