package org.reshard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A SQLite file held write-locked by another process ({@link SqliteLocker}) until the test releases it, closes it, or
 * the most time given is up. Tests release it once they saw its effect: when that comes depends on the machine's load.
 */
public final class HeldSqliteLock implements AutoCloseable {

    private final ChildJvm locker;

    private HeldSqliteLock(ChildJvm locker) {
        this.locker = locker;
    }

    /** Starts the locking process and returns once it holds the lock. */
    public static HeldSqliteLock take(String url, Duration most) throws IOException, InterruptedException {
        ChildJvm locker = ChildJvm.start(SqliteLocker.class, url, Long.toString(most.toMillis()));
        try {
            locker.awaitLine("locked"::equals, Duration.ofSeconds(30));
        } catch (AssertionError | InterruptedException e) {
            locker.close();
            throw e;
        }
        return new HeldSqliteLock(locker);
    }

    /** Lets go of the lock now; callable from a listener, so it throws unchecked. */
    public void release() {
        try {
            locker.send(SqliteLocker.RELEASE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        locker.close();
    }
}
