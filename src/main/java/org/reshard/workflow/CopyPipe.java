package org.reshard.workflow;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Moves one COPY stream from a source to a target with the two ends on two threads, joined by a small
 * queue of chunks: the source is read while the target is written, as a {@code psql} pipe does, and
 * neither end waits for the other row by row.
 */
final class CopyPipe {

    /** What went through: rows as the target counted them, and the last row's bytes (for the keyset cursor). */
    record Moved(long rows, byte[] lastRow) {
    }

    private static final int CHUNK = 256 * 1024;
    private static final byte[] END = new byte[0];
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "copy-reader");
        thread.setDaemon(true);
        return thread;
    });

    private CopyPipe() {
    }

    /** Pipes everything {@code out} yields into {@code in} and ends the COPY IN; the caller commits. */
    static Moved run(CopyOut out, CopyIn in) throws SQLException {
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(8);
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<byte[]> reader = READERS.submit(() -> read(out, chunks, abandoned));
        try {
            while (true) {
                byte[] chunk = chunks.take();
                if (chunk == END) {
                    break;
                }
                in.writeToCopy(chunk, 0, chunk.length);
            }
            byte[] last = reader.get();
            return new Moved(in.endCopy(), last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        } finally {
            abandoned.set(true);
            chunks.clear();
        }
    }

    /** Reads rows into chunks; stops early, without blocking, when the writer gave up. */
    private static byte[] read(CopyOut out, BlockingQueue<byte[]> chunks, AtomicBoolean abandoned) throws Exception {
        byte[] chunk = new byte[CHUNK];
        int used = 0;
        byte[] last = null;
        try {
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                last = row;
                if (used + row.length > chunk.length) {
                    offer(chunks, Arrays.copyOf(chunk, used), abandoned);
                    used = 0;
                    if (row.length > chunk.length) {
                        chunk = new byte[row.length];
                    }
                }
                System.arraycopy(row, 0, chunk, used, row.length);
                used += row.length;
            }
            offer(chunks, Arrays.copyOf(chunk, used), abandoned);
            return last;
        } finally {
            offer(chunks, END, abandoned);
        }
    }

    private static void offer(BlockingQueue<byte[]> chunks, byte[] chunk, AtomicBoolean abandoned) throws InterruptedException {
        while (!abandoned.get() && !chunks.offer(chunk, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            // The writer is busy; keep trying until it takes the chunk or gives up.
        }
    }
}
