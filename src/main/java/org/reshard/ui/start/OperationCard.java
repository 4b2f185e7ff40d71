package org.reshard.ui.start;

/**
 * An operation that is neither completed nor rolled back, as the start screen lists it.
 *
 * @param waitingFor null for an interrupted operation; for one that is waiting out its retention after the cutover,
 *                   when the moved rows go ("tomorrow 23:22, in 23 h 59 min")
 */
public record OperationCard(String id, String phase, String startedAt, double percent, String failure, boolean canRollBack,
                            String waitingFor) {

    public OperationCard(String id, String phase, String startedAt, double percent, String failure, boolean canRollBack) {
        this(id, phase, startedAt, percent, failure, canRollBack, null);
    }

    /** Waiting for its cleanup, not interrupted: the new topology serves and the old shards keep the moved rows. */
    public boolean waiting() {
        return waitingFor != null;
    }

    public String title() {
        return id + " — " + phase + (failure == null ? "" : " (" + failure + ")");
    }

    public String subtitle() {
        if (waiting()) {
            return "Waiting for cleanup: moved rows kept until " + waitingFor + " (started " + startedAt + ")";
        }
        return String.format(java.util.Locale.ROOT, "started %s, %.0f%% done", startedAt, percent);
    }

    /** What Resume does for this operation. */
    public String resumeTip() {
        return waiting() ? "Wait for the end of the retention in this window; the cleanup follows" : "Continue from the last checkpoint";
    }

    /** What Roll back does, or why it cannot. */
    public String rollBackTip() {
        return canRollBack ? "Remove what it copied and restore the starting state" : "Not available after the new topology was published";
    }
}
