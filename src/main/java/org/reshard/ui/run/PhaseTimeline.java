package org.reshard.ui.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.reshard.common.Durations;
import org.reshard.state.PhaseTiming;
import org.reshard.state.ReshardingPhase;
import org.reshard.workflow.OperationProgress;

/**
 * The run's six phases as the timeline shows them: each one's state and how long it took, from the phase history; the
 * current phase shows WAITING while the operation rides out a shard's fault.
 */
final class PhaseTimeline {

    private final ObservableList<PhaseItem> items = FXCollections.observableArrayList();

    PhaseTimeline() {
        reset();
    }

    ObservableList<PhaseItem> items() {
        return items;
    }

    /** Every phase pending, as before an operation shows. */
    void reset() {
        items.setAll(ReshardingPhase.WORKING.stream().map(ph -> new PhaseItem(ph.label(), PhaseItem.State.PENDING, "")).toList());
    }

    void show(OperationProgress progress, Instant now) {
        ObservableLists.update(items, of(progress, now));
    }

    /** The six phases with their state and duration at {@code now}. */
    static List<PhaseItem> of(OperationProgress p, Instant now) {
        List<PhaseItem> shown = new ArrayList<>();
        for (ReshardingPhase phase : ReshardingPhase.WORKING) {
            PhaseTiming last = null;
            Duration total = Duration.ZERO;
            for (PhaseTiming t : p.history()) {
                if (t.phase() == phase) {
                    last = t;
                    total = total.plus(t.duration(now));
                }
            }
            PhaseItem.State state = last == null ? PhaseItem.State.PENDING : state(p, phase);
            boolean waiting = state == PhaseItem.State.RUNNING && p.waiting() != null;
            shown.add(new PhaseItem(phase.label(), waiting ? PhaseItem.State.WAITING : state, last == null ? "" : Durations.human(total),
                    waiting ? WaitingText.brief(p.waiting()) : "", waiting ? WaitingText.detail(p.waiting()) : ""));
        }
        return shown;
    }

    /** Where a phase that has started stands: the current one runs, the one a failure interrupted failed. */
    private static PhaseItem.State state(OperationProgress p, ReshardingPhase phase) {
        ReshardingPhase lastCompleted = p.lastCompletedPhase();
        if (p.phase() == phase) {
            return PhaseItem.State.RUNNING;
        }
        if (p.phase() == ReshardingPhase.FAILED
                && (lastCompleted != null ? lastCompleted.next() == phase : phase == ReshardingPhase.PLANNING)) {
            return PhaseItem.State.FAILED;
        }
        // A working operation's later phases run again, though they completed once: a switch back returned to Replicating.
        if (p.phase().isWorking() && phase.ordinal() > p.phase().ordinal()) {
            return PhaseItem.State.PENDING;
        }
        if (lastCompleted != null && phase.ordinal() <= lastCompleted.ordinal()) {
            return PhaseItem.State.DONE;
        }
        return PhaseItem.State.STOPPED;
    }
}
