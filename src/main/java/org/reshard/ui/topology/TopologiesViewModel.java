package org.reshard.ui.topology;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import org.reshard.ui.ConsoleSession;

/** The topologies screen: the current and the target topology side by side. */
public final class TopologiesViewModel {

    private final TopologySlot current;
    private final TopologySlot target;
    private final BooleanBinding ready;

    public TopologiesViewModel(ConsoleSession session) {
        current = new TopologySlot("Current topology", session.currentTopologyProperty(), session.background());
        target = new TopologySlot("Target topology", session.targetTopologyProperty(), session.background());
        ready = Bindings.createBooleanBinding(() -> session.current().isPresent() && session.target().isPresent(),
                session.currentTopologyProperty(), session.targetTopologyProperty());
    }

    public TopologySlot current() {
        return current;
    }

    public TopologySlot target() {
        return target;
    }

    /** True when both topologies are loaded, so the diff and the plan can be shown. */
    public BooleanBinding readyProperty() {
        return ready;
    }

    public void refresh() {
        current.refresh();
        target.refresh();
    }
}
