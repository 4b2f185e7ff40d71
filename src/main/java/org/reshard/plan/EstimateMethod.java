package org.reshard.plan;

/** Where a step's row estimate came from. */
public enum EstimateMethod {
    /** An exact count of the rows in the step's ranges, run on the source shard. */
    COUNT,
    /** The database's planner statistics scaled by the step's share of the source's hash space. */
    STATISTICS;

    public String label() {
        return name().toLowerCase();
    }
}
