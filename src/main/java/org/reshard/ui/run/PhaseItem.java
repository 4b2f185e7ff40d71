package org.reshard.ui.run;

/**
 * One phase in the run's timeline: its name, where it stands, how long it took (or has taken so far), and while it
 * waits out a shard's fault, what for: in short for the chip ("waiting for s2") and whole for its tooltip ("waiting for
 * shard s2 (127.0.0.1:5433): connection refused"); both empty otherwise.
 */
public record PhaseItem(String label, State state, String duration, String waitingFor, String waitingDetail) {

    /** Where a phase stands; WAITING is a running phase riding out a transient fault before its next attempt. */
    public enum State { PENDING, RUNNING, WAITING, DONE, FAILED, STOPPED }

    /** A phase that waits for nothing. */
    public PhaseItem(String label, State state, String duration) {
        this(label, state, duration, "", "");
    }
}
