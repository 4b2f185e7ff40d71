package org.reshard.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reshard.plan.PlanStep;

/**
 * Runs the batch loops of several steps at once on worker threads, one lane per target shard (steps into
 * one shard run one after another, so a SQLite target never has two writers). Workers only copy; they
 * hand every committed batch to the phase's thread, which saves the checkpoints in order, so the state
 * and the listeners are still touched by one thread. A worker may commit at most {@link #AHEAD} batches
 * before their checkpoints are saved — the "written, not checkpointed" case a resume already trims, kept
 * small so a crash or a pause redoes little and the progress shown is never far behind the copy.
 */
final class CopyLanes implements AutoCloseable {

    /** A step to copy: its copier and the cursor its last checkpoint saved. */
    record StepStart(PlanStep step, StepCopier copier, JsonNode cursor) {
    }

    /** What a worker reports to the phase's thread. */
    sealed interface Event permits Batch, Finished, Failed {
        PlanStep step();
    }

    /** A batch committed on the target, not yet checkpointed. */
    record Batch(PlanStep step, CopiedBatch batch) implements Event {
    }

    /** Every row of the step is copied. */
    record Finished(PlanStep step) implements Event {
    }

    record Failed(PlanStep step, Exception error) implements Event {
    }

    /** Committed batches a lane may have waiting for their checkpoints. */
    static final int AHEAD = 2;

    /** More lanes than this only add connections: the shards' own CPUs and disks are the limit. */
    private static final int MAX_WORKERS = 4;

    /** How long a lane waits for a checkpoint before it looks for a stop again. */
    private static final long STOP_CHECK_MILLIS = 100;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<StepStart> all = new ArrayList<>();
    private final ExecutorService workers;
    private final List<Future<?>> running = new ArrayList<>();
    private final Map<Integer, Semaphore> aheadByStep = new HashMap<>();

    CopyLanes(List<List<StepStart>> lanes, int batchSize) {
        lanes.forEach(all::addAll);
        workers = Executors.newFixedThreadPool(Math.max(1, Math.min(MAX_WORKERS, lanes.size())), r -> {
            Thread thread = new Thread(r, "copy-lane");
            thread.setDaemon(true);
            return thread;
        });
        for (List<StepStart> lane : lanes) {
            Semaphore ahead = new Semaphore(AHEAD);
            lane.forEach(start -> aheadByStep.put(start.step().index(), ahead));
            running.add(workers.submit(() -> copyLane(lane, ahead, batchSize)));
        }
    }

    /** The next report, or null when none came within the wait (so the caller can check for a stop request). */
    Event next(long waitMillis) throws InterruptedException {
        return events.poll(waitMillis, TimeUnit.MILLISECONDS);
    }

    /** Called once a batch's checkpoint is saved: its lane may commit another batch. */
    void checkpointed(PlanStep step) {
        aheadByStep.get(step.index()).release();
    }

    private void copyLane(List<StepStart> lane, Semaphore ahead, int batchSize) {
        for (StepStart start : lane) {
            try (StepCopier copier = start.copier()) {
                JsonNode cursor = start.cursor();
                while (!stopping.get()) {
                    if (!ahead.tryAcquire(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    CopiedBatch batch = copier.copyBatch(cursor);
                    if (batch.rows() > 0) {
                        events.add(new Batch(start.step(), batch));
                    } else {
                        ahead.release();
                    }
                    if (batch.rows() < batchSize) {
                        events.add(new Finished(start.step()));
                        break;
                    }
                    cursor = batch.lastKey();
                }
            } catch (Exception e) {
                events.add(new Failed(start.step(), e));
                return;
            }
            if (stopping.get()) {
                return;
            }
        }
    }

    /** Stops the workers after their current batch, waits for them, and releases every copier. */
    @Override
    public void close() throws SQLException {
        stopping.set(true);
        workers.shutdown();
        try {
            for (Future<?> lane : running) {
                lane.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // copyLane reports its failures as events and returns normally.
        } finally {
            for (StepStart start : all) {
                start.copier().close();
            }
        }
    }
}
