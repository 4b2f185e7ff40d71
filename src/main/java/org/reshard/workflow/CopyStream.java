package org.reshard.workflow;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * One COPY OUT of a whole step, read ahead on its own thread and handed out in batches of whole rows:
 * the source runs one ordered scan instead of a LIMIT query per batch (which rescans from the cursor),
 * while each batch still goes to the target in its own COPY IN and transaction, as a {@code psql} pipe
 * would move it with both servers working at once.
 */
final class CopyStream implements AutoCloseable {

    /** What one batch moved: rows as the target counted them, and the last row's bytes (for the keyset cursor). */
    record Moved(long rows, byte[] lastRow) {
    }

    /** Rows read together; {@code endsBatch} marks the last chunk of a batch. */
    private record Chunk(byte[] bytes, int rows, byte[] lastRow, boolean endsBatch) {
    }

    private static final int CHUNK = 256 * 1024;
    private static final Chunk END = new Chunk(new byte[0], 0, null, true);
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "copy-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final CopyOut out;
    private final CopyFormat format;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(8);
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private final Future<?> reader;
    private boolean ended;

    /** Starts reading {@code out}, a COPY OUT in {@code format}, ahead; every {@code batchSize} rows end a batch. */
    CopyStream(CopyOut out, CopyFormat format, int batchSize) {
        this.out = out;
        this.format = format;
        this.reader = READERS.submit(() -> {
            read(batchSize);
            return null;
        });
    }

    /** Writes the next batch into {@code in} and ends that COPY IN (the caller commits); zero rows when the stream is over. */
    Moved writeBatch(CopyIn in) throws SQLException {
        long rows = 0;
        byte[] last = null;
        byte[] header = format.batchHeader();
        in.writeToCopy(header, 0, header.length);
        try {
            while (!ended) {
                Chunk chunk = chunks.take();
                if (chunk == END) {
                    ended = true;
                    reader.get();
                    break;
                }
                in.writeToCopy(chunk.bytes(), 0, chunk.bytes().length);
                rows += chunk.rows();
                last = chunk.lastRow();
                if (chunk.endsBatch()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        }
        byte[] trailer = format.batchTrailer();
        in.writeToCopy(trailer, 0, trailer.length);
        long counted = in.endCopy();
        if (counted != rows) {
            throw new SQLException("the target counted " + counted + " rows of a batch of " + rows);
        }
        return new Moved(rows, last);
    }

    /** Stops reading; a COPY still running on the source is cancelled so its connection can be reused. */
    @Override
    public void close() throws SQLException {
        abandoned.set(true);
        chunks.clear();
        try {
            reader.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The reader's failure was reported to the batch that met it, or nobody waits for more rows.
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    /** Reads rows into chunks, ending a chunk at every batch boundary; stops early, without blocking, when closed. */
    private void read(int batchSize) throws Exception {
        byte[] chunk = new byte[CHUNK];
        int used = 0;
        int rows = 0;
        int inBatch = 0;
        byte[] last = null;
        boolean first = true;
        try {
            byte[] message;
            while (!abandoned.get() && (message = out.readFromCopy()) != null) {
                byte[] row = format.row(message, first);
                first = false;
                if (row == null) {
                    continue;
                }
                if (used + row.length > chunk.length) {
                    offer(new Chunk(Arrays.copyOf(chunk, used), rows, last, false));
                    used = 0;
                    rows = 0;
                    if (row.length > chunk.length) {
                        chunk = new byte[row.length];
                    }
                }
                System.arraycopy(row, 0, chunk, used, row.length);
                used += row.length;
                rows++;
                last = row;
                if (++inBatch == batchSize) {
                    offer(new Chunk(Arrays.copyOf(chunk, used), rows, last, true));
                    used = 0;
                    rows = 0;
                    inBatch = 0;
                }
            }
            if (rows > 0) {
                offer(new Chunk(Arrays.copyOf(chunk, used), rows, last, true));
            }
        } finally {
            if (abandoned.get() && out.isActive()) {
                out.cancelCopy();
            }
            offer(END);
        }
    }

    private void offer(Chunk chunk) throws InterruptedException {
        while (!abandoned.get() && !chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
            // The writer is busy committing a batch; keep trying until it takes the chunk or gives up.
        }
    }
}
