package org.reshard.query;

/**
 * One query of the oracle test: the SQL sent to the shards, the SQL that gives the same answer on the
 * single oracle database (the same text unless a function differs between PostgreSQL and SQLite), and
 * how rows are compared — in order, as a multiset, or as a multiset whose sort-key columns (listed in
 * {@code orderColumns}) must still come in the oracle's order, for ORDER BY with ties. {@code ownKind}
 * asks one database of the shards' own kind instead of the PostgreSQL oracle, for questions SQLite and
 * PostgreSQL answer differently (how a quoted literal compares with a number).
 */
record OracleCase(String name, String sql, String oracleSql, boolean inOrder, int[] orderColumns, boolean ownKind) {

    static OracleCase ordered(String name, String sql) {
        return new OracleCase(name, sql, sql, true, new int[0], false);
    }

    static OracleCase unordered(String name, String sql) {
        return new OracleCase(name, sql, sql, false, new int[0], false);
    }

    /** Ordered by the given columns (0-based) with ties between rows whose other columns differ. */
    static OracleCase keyOrdered(String name, String sql, int... orderColumns) {
        return new OracleCase(name, sql, sql, false, orderColumns, false);
    }

    OracleCase onOracle(String sqlForOracle) {
        return new OracleCase(name, sql, sqlForOracle, inOrder, orderColumns, ownKind);
    }

    /** Answered by one database of the shards' kind holding every row: a SQLite file for SQLite shards. */
    OracleCase onOwnKind() {
        return new OracleCase(name, sql, oracleSql, inOrder, orderColumns, true);
    }

    @Override
    public String toString() {
        return name;
    }
}
