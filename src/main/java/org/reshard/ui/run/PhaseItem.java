package org.reshard.ui.run;

/**
 * One phase in the run's timeline: its name, where it stands, how long it took (or has taken so far), and while it
 * waits out a shard's fault, what it waits for ("waiting for shard s2 (127.0.0.1:5433): connection refused"; else "").
 */
public record PhaseItem(String label, State state, String duration, String waitingFor) {

    /** Where a phase stands; WAITING is a running phase riding out a transient fault before its next attempt. */
    public enum State { PENDING, RUNNING, WAITING, DONE, FAILED, STOPPED }

    /** A phase that waits for nothing. */
    public PhaseItem(String label, State state, String duration) {
        this(label, state, duration, "");
    }
}
