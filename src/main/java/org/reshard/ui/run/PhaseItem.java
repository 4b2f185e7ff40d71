package org.reshard.ui.run;

/** One phase in the run's timeline: its name, where it stands, and how long it took (or has taken so far). */
public record PhaseItem(String label, State state, String duration) {

    /** Where a phase stands. */
    public enum State { PENDING, RUNNING, DONE, FAILED, STOPPED }
}
