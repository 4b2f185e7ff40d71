package org.reshard.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reshard.state.ReshardingPhase;

/** The Rows per second chart after the copy: the gauge keeps its last value, the chart must not. */
class CopyRateTest {

    @Test
    void theChartShowsTheGaugeWhileCopyingAndZeroOnceNothingMoves() {
        assertThat(MetricSampler.copyRate(ReshardingPhase.COPYING, 160_000, false)).isEqualTo(160_000);
        assertThat(MetricSampler.copyRate(ReshardingPhase.CLEANING_UP, 160_000, false)).isZero();
        assertThat(MetricSampler.copyRate(ReshardingPhase.VERIFYING, 160_000, false)).isZero();
        assertThat(MetricSampler.copyRate(ReshardingPhase.REPLICATING, 1_200, true)).isEqualTo(1_200);
        assertThat(MetricSampler.copyRate(null, 160_000, false)).isZero();
    }
}
