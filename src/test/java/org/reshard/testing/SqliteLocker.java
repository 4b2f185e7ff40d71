package org.reshard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a SQLite file exclusively locked from another process, as a backup tool or a careless admin would:
 * arguments are the JDBC URL and the most milliseconds to hold the lock. Prints "locked" once it holds it, and lets go
 * early when it reads the line {@value #RELEASE}, so a test can hold the lock exactly until it has seen its effect.
 */
public final class SqliteLocker {

    /** The line on standard input that releases the lock before its time is up. */
    public static final String RELEASE = "release";

    public static void main(String[] args) throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        Thread listener = new Thread(() -> awaitRelease(released), "release-listener");
        listener.setDaemon(true);
        listener.start();
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN EXCLUSIVE");
            System.out.println("locked");
            System.out.flush();
            released.await(Long.parseLong(args[1]), TimeUnit.MILLISECONDS);
            s.execute("COMMIT");
        }
        System.out.println("released");
    }

    private static void awaitRelease(CountDownLatch released) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(RELEASE)) {
                    released.countDown();
                    return;
                }
            }
        } catch (IOException e) {
            // The parent is gone; the lock is then held for its full time, which is what the test asked for.
        }
    }
}
