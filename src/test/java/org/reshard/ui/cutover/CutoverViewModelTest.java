package org.reshard.ui.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.reshard.plan.EstimateMethod;
import org.reshard.plan.PlanStep;
import org.reshard.state.Verification;
import org.reshard.topology.HashRange;
import org.reshard.workflow.CutoverSummary;
import org.reshard.workflow.GateDecision;

/** The cutover dialog's view-model: what it shows, when Approve is on, and the answer each button gives. */
class CutoverViewModelTest {

    private static final Instant DEADLINE = Instant.now().plusSeconds(30);
    private static final Verification EQUAL = new Verification(true, 67_251, 67_251, "a", "a", List.of());

    private final CompletableFuture<GateDecision> answer = new CompletableFuture<>();

    @Test
    void itShowsTheLagThePauseAndEachStepsVerification() {
        CutoverViewModel model = dialog(EQUAL);
        assertThat(model.title()).isEqualTo("Approve the cutover of rs-1");
        assertThat(model.lag()).isEqualTo("0 ms, 0 changes not yet applied");
        assertThat(model.expectedPause()).isEqualTo("about 100 ms");
        assertThat(model.checks()).singleElement().satisfies(row -> {
            assertThat(row.step()).isEqualTo("1. orders  shard-0 → shard-1");
            assertThat(row.ranges()).isEqualTo("[-3074457345618258603, -1]");
            assertThat(row.verification()).isEqualTo("✓ 67,251 rows, checksums equal");
            assertThat(row.verified()).isTrue();
        });
    }

    @Test
    void approveNeedsTheAcknowledgementAndAnswersApprove() {
        CutoverViewModel model = dialog(EQUAL);
        assertThat(model.canApproveProperty().get()).isFalse();
        model.acknowledgedProperty().set(true);
        assertThat(model.canApproveProperty().get()).isTrue();
        model.approve();
        assertThat(answer.join()).isInstanceOf(GateDecision.Approve.class);
        assertThat(model.canApproveProperty().get()).isFalse();
    }

    @Test
    void aStepThatWasNotVerifiedKeepsApproveOff() {
        CutoverViewModel model = dialog(null);
        model.acknowledgedProperty().set(true);
        assertThat(model.canApproveProperty().get()).isFalse();
        assertThat(model.checks().getFirst().verification()).isEqualTo("not verified");
    }

    @Test
    void afterTheDeadlineApproveIsOffAndTheCountdownSaysWhy() {
        CutoverViewModel model = dialog(EQUAL);
        model.acknowledgedProperty().set(true);
        model.tick(DEADLINE.minusSeconds(12));
        assertThat(model.countdownProperty().get()).isEqualTo("12 s left to decide before the cutover timeout");
        model.tick(DEADLINE);
        assertThat(model.countdownProperty().get()).contains("reshard.cutover_timeout");
        assertThat(model.canApproveProperty().get()).isFalse();
    }

    @Test
    void itSaysUntilWhenTheWayBackStaysOpen() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        CutoverViewModel model = new CutoverViewModel(new CutoverRequest(summary(EQUAL), answer, Duration.ofHours(1)), ZoneId.of("UTC"));
        model.tick(now);
        assertThat(model.wayBackProperty().get()).isEqualTo("you can switch back until cleanup starts at today 11:00, in 1 h");
        assertThat(model.acknowledgement()).isEqualTo("I understand that writes to the moving ranges pause for about 100 ms"
                + " and that the way back closes when cleanup starts.").doesNotContain("cannot be rolled back");
        CutoverViewModel none = new CutoverViewModel(new CutoverRequest(summary(EQUAL), answer, Duration.ZERO), ZoneId.of("UTC"));
        none.tick(now);
        assertThat(none.wayBackProperty().get()).startsWith("none: with a retention of 0 s");
        assertThat(none.acknowledgement()).endsWith("so there is no switching back.");
    }

    @Test
    void abortRefusesAndLaterDefers() {
        dialog(EQUAL).abort();
        assertThat(answer.join()).isInstanceOf(GateDecision.Refuse.class);
        CompletableFuture<GateDecision> second = new CompletableFuture<>();
        new CutoverViewModel(new CutoverRequest(summary(EQUAL), second, Duration.ofDays(1))).later();
        assertThat(second.join()).isInstanceOf(GateDecision.Defer.class);
    }

    private CutoverViewModel dialog(Verification verification) {
        return new CutoverViewModel(new CutoverRequest(summary(verification), answer, Duration.ofDays(1)));
    }

    private static CutoverSummary summary(Verification verification) {
        PlanStep step = new PlanStep(1, "orders", "shard-0", "shard-1", List.of(new HashRange(-3074457345618258603L, -1)),
                67_251, 6_000_000, EstimateMethod.COUNT);
        return new CutoverSummary("rs-1", 0, 0, List.of(new CutoverSummary.StepCheck(step, verification)), Duration.ofMillis(100), DEADLINE);
    }
}
