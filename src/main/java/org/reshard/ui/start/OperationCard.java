package org.reshard.ui.start;

/** An operation that is neither completed nor rolled back, as the start screen lists it. */
public record OperationCard(String id, String phase, String startedAt, double percent, String failure, boolean canRollBack) {

    public String title() {
        return id + " — " + phase + (failure == null ? "" : " (" + failure + ")");
    }

    public String subtitle() {
        return String.format(java.util.Locale.ROOT, "started %s, %.0f%% done", startedAt, percent);
    }
}
