package org.reshard.ui.start;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.reshard.state.ReshardingPhase;
import org.reshard.state.ReshardingState;

/** The start screen tells an operation waiting out its retention from one that was interrupted. */
class OperationCardTest {

    private static final Instant NOW = Instant.parse("2026-12-06T23:22:30Z");

    /** A plan as the state file holds it, reduced to what the card reads: its steps. */
    private static com.fasterxml.jackson.databind.JsonNode plan() {
        var plan = JsonNodeFactory.instance.objectNode();
        var steps = plan.putArray("steps");
        for (int i = 1; i <= 2; i++) {
            steps.addObject().put("index", i).put("table", "orders").put("source", "shard-0").put("target", "shard-" + i)
                    .put("estimatedRows", 100);
        }
        return plan;
    }

    private static ReshardingState cleaningUp(Instant until) {
        Instant created = NOW.minus(Duration.ofMinutes(5));
        ReshardingState s = ReshardingState.start("op-1", plan(), JsonNodeFactory.instance.objectNode(), 2, created);
        for (ReshardingPhase phase : java.util.List.of(ReshardingPhase.COPYING, ReshardingPhase.REPLICATING, ReshardingPhase.VERIFYING,
                ReshardingPhase.CUTTING_OVER, ReshardingPhase.CLEANING_UP)) {
            s = s.edit().advanceTo(phase, created).build();
        }
        return s.edit().publishedVersion(2L).cleanupNotBefore(until).build();
    }

    @Test
    void anOperationWaitingOutItsRetentionIsWaitingNotInterrupted() {
        OperationCard card = StartViewModel.card(cleaningUp(NOW.plus(Duration.ofHours(24))), NOW, ZoneOffset.UTC);
        assertThat(card.waiting()).isTrue();
        assertThat(card.subtitle()).startsWith("Waiting for cleanup: moved rows kept until tomorrow 23:22, in 1 d")
                .doesNotContain("% done");
        assertThat(card.canRollBack()).isFalse();
        assertThat(card.resumeTip()).startsWith("Wait for the end of the retention");
        assertThat(card.rollBackTip()).isEqualTo("Not available after the new topology was published");
    }

    @Test
    void anOperationWhoseRetentionIsOverOrThatStoppedEarlierIsInterrupted() {
        assertThat(StartViewModel.card(cleaningUp(NOW.minus(Duration.ofMinutes(1))), NOW, ZoneOffset.UTC).waiting()).isFalse();
        ReshardingState copying = ReshardingState.start("op-2", plan(), JsonNodeFactory.instance.objectNode(), 2, NOW)
                .edit().advanceTo(ReshardingPhase.COPYING, NOW).build();
        OperationCard card = StartViewModel.card(copying, NOW, ZoneOffset.UTC);
        assertThat(card.waiting()).isFalse();
        assertThat(card.subtitle()).startsWith("started today 23:22, ").endsWith("% done");
        assertThat(card.resumeTip()).isEqualTo("Continue from the last checkpoint");
        assertThat(card.rollBackTip()).isEqualTo("Remove what it copied and restore the starting state");
    }
}
