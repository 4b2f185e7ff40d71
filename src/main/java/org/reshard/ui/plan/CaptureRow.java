package org.reshard.ui.plan;

import org.reshard.cdc.CaptureDecision;

/**
 * A source shard's change capture as the Plan screen shows it: the method pre-flight would pick and why, or
 * {@code problem} when the source cannot use the capture asked for.
 */
public record CaptureRow(String source, String method, String reason, boolean problem) {

    static CaptureRow of(String source, CaptureDecision decision) {
        return new CaptureRow(source, decision.refused() ? "not possible" : decision.method().label(), decision.reason(), decision.refused());
    }
}
