package org.reshard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Holds a SQLite file exclusively locked from another process, as a backup tool or a careless admin would:
 * arguments are the JDBC URL and how many milliseconds to hold the lock. Prints "locked" once it holds it.
 */
public final class SqliteLocker {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN EXCLUSIVE");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            s.execute("COMMIT");
        }
        System.out.println("released");
    }
}
