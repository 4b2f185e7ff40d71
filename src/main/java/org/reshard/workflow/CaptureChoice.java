package org.reshard.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.reshard.cdc.CaptureDecision;
import org.reshard.cdc.CaptureMethod;
import org.reshard.cdc.CaptureProbe;
import org.reshard.cdc.WalSlots;
import org.reshard.state.ReshardingStateStore.Durability;
import org.reshard.state.SourceCaptureState;

/** Pre-flight's choice of change capture for each source, said out loud and recorded so every later run uses it. */
record CaptureChoice(String source, CaptureDecision decision) {

    /** Decides for every source; a source that cannot do a forced logical capture adds a problem. */
    static List<CaptureChoice> decide(OperationContext context, List<String> problems) throws SQLException {
        List<CaptureChoice> choices = new ArrayList<>();
        // Sources on one server share its free slots: each one that would go past them is told so.
        java.util.Map<String, Long> slotsLeft = new java.util.HashMap<>();
        for (String source : context.sources()) {
            CaptureDecision decision;
            try (Connection c = context.connect(source)) {
                decision = CaptureProbe.decide(c, context.pools.dialect(source), context.options.capture(), context.plan.tables());
                if (decision.method() == CaptureMethod.LOGICAL) {
                    String server = org.reshard.common.Redaction.address(context.pools.shard(source).url());
                    Long known = slotsLeft.get(server);
                    long left = (known != null ? known : CaptureProbe.freeSlots(c)) - 1;
                    slotsLeft.put(server, left);
                    if (left < 0) {
                        String why = "the server " + server + " has no replication slot left for this source after the operation's other sources"
                                + " on it took theirs (raise max_replication_slots)";
                        decision = context.options.capture() == org.reshard.cdc.CaptureSetting.LOGICAL
                                ? CaptureDecision.refused("--capture logical is not possible: " + why)
                                : CaptureDecision.of(CaptureMethod.TRIGGERS, why + ": using triggers");
                    }
                }
            }
            if (decision.refused()) {
                problems.add("shard " + source + ": " + decision.problem());
            }
            choices.add(new CaptureChoice(source, decision));
        }
        return choices;
    }

    /** Records each source's capture in the state (before anything is installed) and tells the operator. */
    static void record(OperationContext context, List<CaptureChoice> choices) {
        // A new decision would forget a capture already installed; a retried planning keeps what it recorded.
        boolean forget = false;
        for (CaptureChoice choice : choices) {
            if (context.state().capture(choice.source()).filter(SourceCaptureState::installed).isPresent()) {
                continue;
            }
            CaptureDecision d = choice.decision();
            String slot = d.method() == CaptureMethod.LOGICAL ? WalSlots.name(context.id(), choice.source()) : null;
            context.update(b -> b.capture(choice.source(), new SourceCaptureState(d.method().label(), d.reason(), slot, false, 0)),
                    Durability.CHECKPOINT);
            context.event("change capture on " + choice.source() + ": " + d.reason());
            forget = true;
        }
        if (forget) {
            context.forgetCaptures();
        }
    }
}
