package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reshard.state.StoredError;
import org.reshard.state.Verification;
import org.reshard.state.Waiting;
import org.reshard.workflow.OperationProgress.StepView;

/** A step's row in the Run screen's table: its numbers as text and the state its row's style class names. */
class StepProgressRowTest {

    @Test
    void aStepIsPendingThenCopyingThenCopiedThenVerifiedOrMismatched() {
        assertThat(StepProgressRow.of(step(0, false, null)).state()).isEqualTo(StepProgressRow.State.PENDING);
        assertThat(StepProgressRow.of(step(250, false, null)).state()).isEqualTo(StepProgressRow.State.COPYING);
        assertThat(StepProgressRow.of(step(1_000, true, null)).state()).isEqualTo(StepProgressRow.State.COPIED);
        assertThat(StepProgressRow.of(step(1_000, true, new Verification(true, 1_000, 1_000, "a", "a", List.of()))).state())
                .isEqualTo(StepProgressRow.State.VERIFIED);
        assertThat(StepProgressRow.of(step(1_000, true, new Verification(false, 1_000, 999, "a", "b", List.of("id=7")))).state())
                .isEqualTo(StepProgressRow.State.MISMATCH);
    }

    @Test
    void theNumbersReadAsTheTableShowsThem() {
        StepProgressRow row = StepProgressRow.of(step(250_000, false, null));
        assertThat(row.route()).isEqualTo("shard-0 → shard-2");
        assertThat(row.copiedText()).isEqualTo("250,000 / 1,000,000");
        assertThat(row.replicated()).isEqualTo("1,024");
        assertThat(row.lag()).isEqualTo("12 ms");
        assertThat(row.verified()).isEqualTo("–");
        assertThat(row.reversed()).isEqualTo("2,048");
        assertThat(row.reverseLag()).isEqualTo("35 ms");
    }

    @Test
    void aStepWaitsWhenTheFaultIsOnItsSourceOrTargetAndSaysForWhat() {
        assertThat(StepProgressRow.of(step(250, false, null), waitingFor("shard-2")).waitingDetail())
                .isEqualTo("waiting for shard shard-2 (127.0.0.1:5433): connection refused");
        assertThat(StepProgressRow.of(step(250, false, null), waitingFor("shard-0")).waiting()).isTrue();
        assertThat(StepProgressRow.of(step(250, false, null), waitingFor("shard-1")).waiting()).isFalse();
        assertThat(StepProgressRow.of(step(250, false, null), waitingFor(null)).waiting()).isFalse();
        assertThat(StepProgressRow.of(step(250, false, null)).waitingDetail()).isEmpty();
        assertThat(StepProgressRow.of(step(250, false, null), waitingFor("shard-2")).state()).isEqualTo(StepProgressRow.State.COPYING);
    }

    /** A wait for the shard, or with a null shard one the engine could not name (the row cannot name it either). */
    private static Waiting waitingFor(String shard) {
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        return new Waiting(shard, "127.0.0.1:5433", "connection refused", new StoredError("reshard.shard.unreachable", "unreachable"),
                t, t.plusSeconds(8), 3, t.plusSeconds(600));
    }

    private static StepView step(long copied, boolean copyDone, Verification verification) {
        return new StepView(1, "orders", "shard-0", "shard-2", 1_000_000, copied,
                copyDone, 1_024, 12, verification, 2_048, 35);
    }
}
