package org.reshard.ui.query;

/** Where one shard's part of a query is. */
public enum ShardState {
    WAITING("Waiting"), RUNNING("Running"), DONE("Done"), FAILED("Failed"), SKIPPED("Not asked");

    private final String label;

    ShardState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
