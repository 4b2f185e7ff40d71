package org.reshard.bench;

import java.time.Duration;
import org.reshard.state.ReshardingPhase;
import org.reshard.workflow.ReshardingListener;

/** Hears one phase start and end and keeps the machine CPU-seconds used in between (see {@link MachineCpu}). */
final class PhaseCpu implements ReshardingListener {

    private final ReshardingPhase phase;
    private MachineCpu.Reading started;
    private MachineCpu.Reading used;

    PhaseCpu(ReshardingPhase phase) {
        this.phase = phase;
    }

    @Override
    public void phaseStarted(String operationId, ReshardingPhase started) {
        if (started == phase) {
            this.started = MachineCpu.now();
        }
    }

    @Override
    public void phaseCompleted(String operationId, ReshardingPhase completed, Duration took) {
        if (completed == phase && started != null) {
            used = MachineCpu.now().since(started);
        }
    }

    /** Busy CPU-seconds of the whole machine during the phase. */
    double busySeconds() {
        if (used == null) {
            throw new IllegalStateException(phase + " did not run to its end");
        }
        return used.busy();
    }
}
