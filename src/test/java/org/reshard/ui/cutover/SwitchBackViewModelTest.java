package org.reshard.ui.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reshard.ui.common.Confirmations;

/** The switch-back dialog's text, and that Confirm runs the switch back once and Cancel never. */
class SwitchBackViewModelTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final SwitchBackSummary SUMMARY = new SwitchBackSummary("rs-1", "orders-v1", "orders-v2", 12, 1_024, 2,
            Duration.ofSeconds(30), NOW.plus(Duration.ofHours(1)));

    private final AtomicInteger switched = new AtomicInteger();

    @Test
    void itShowsTheReverseLagTheExpectedPauseAndWhatHappens() {
        SwitchBackViewModel model = model(SUMMARY);
        assertThat(model.title()).isEqualTo("Switch rs-1 back to orders-v1");
        assertThat(model.lag()).isEqualTo("12 ms, 1,024 rows applied back to the old owners so far");
        assertThat(model.expectedPause()).isEqualTo("about 112 ms, at most 30 s (the cutover timeout; past it the fences go and orders-v2 stays active)");
        assertThat(model.whatHappens()).isEqualTo("Pauses writes to the moved ranges on the new owners, applies the last changes to the old"
                + " owners, publishes orders-v1 again. Afterwards Resume switches forward through the cutover gate, Roll back undoes the operation.");
        assertThat(model.openUntil()).isEqualTo("until cleanup starts at today 11:00, in 1 h");
    }

    @Test
    void theExpectedPauseNeverExceedsTheCutoverTimeout() {
        SwitchBackViewModel model = model(new SwitchBackSummary("rs-1", "orders-v1", "orders-v2", 90_000, 0, 2, Duration.ofSeconds(30), null));
        assertThat(model.expectedPause()).startsWith("about 30000 ms, at most 30 s");
        assertThat(model.openUntil()).isEqualTo("unknown");
    }

    @Test
    void confirmSwitchesBackOnceAndCancelNever() {
        SwitchBackViewModel cancelled = model(SUMMARY);
        cancelled.cancel();
        cancelled.confirm();
        assertThat(switched).hasValue(0);
        assertThat(cancelled.answeredProperty().get()).isTrue();
        SwitchBackViewModel confirmed = model(SUMMARY);
        confirmed.confirm();
        confirmed.confirm();
        assertThat(switched).hasValue(1);
    }

    @Test
    void completeAsksWithWhatItDeletesAndThatTheWayBackCloses() {
        assertThat(Confirmations.completeText("today 11:00, in 1 h")).isEqualTo("Cleanup deletes the old owners' copies of the moved rows now"
                + " instead of today 11:00, in 1 h, and the operation completes. Switching back is no longer possible.");
    }

    private SwitchBackViewModel model(SwitchBackSummary summary) {
        return new SwitchBackViewModel(summary, switched::incrementAndGet, NOW, ZoneId.of("UTC"));
    }
}
