package org.reshard.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;

/** Runs a list of statements on a fresh connection in one transaction: committed when all ran, rolled back otherwise. */
final class SqlRun {

    private SqlRun() {
    }

    static void inTransaction(Supplier<Connection> connect, List<String> statements) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        try (Connection c = connect.get()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
