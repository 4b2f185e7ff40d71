package org.reshard.cdc;

/**
 * Which way a capture runs: forward on the sources (rows leaving them, until cutover), or reverse on the
 * targets (rows that arrived there, written after cutover, back to the old owners until cleanup). Each kind
 * names its changelog, triggers, functions and fence tables with its own prefix, so a shard that is both a
 * source and a target carries both without one replacing the other.
 */
public enum CaptureKind {
    FORWARD("reshard_"),
    REVERSE("reshard_rev_");

    private final String prefix;

    CaptureKind(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix of every object this kind creates. */
    public String prefix() {
        return prefix;
    }
}
