package org.reshard.cdc;

/**
 * Which capture a source uses and why, said out loud at pre-flight; {@code problem} is set instead when the
 * operator forced logical decoding and the source cannot do it.
 */
public record CaptureDecision(CaptureMethod method, String reason, String problem) {

    public static CaptureDecision of(CaptureMethod method, String reason) {
        return new CaptureDecision(method, reason, null);
    }

    public static CaptureDecision refused(String problem) {
        return new CaptureDecision(CaptureMethod.TRIGGERS, problem, problem);
    }

    public boolean refused() {
        return problem != null;
    }
}
