package org.reshard.workflow;

/** The operator's answer at the cutover gate. */
public sealed interface GateDecision {

    /** Go ahead: fence, drain, publish. */
    record Approve(String by) implements GateDecision {
    }

    /** Do not cut over: the operation fails with {@code reshard.cutover_aborted}. */
    record Refuse(String reason) implements GateDecision {
    }

    /** Nobody can decide now (no terminal, no --approve-cutover): stop at the gate; resume asks again. */
    record Defer(String reason) implements GateDecision {
    }
}
