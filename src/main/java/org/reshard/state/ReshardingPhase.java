package org.reshard.state;

import java.util.List;

/** Where an operation stands. The six working phases run in order; the last three are outcomes. */
public enum ReshardingPhase {
    PLANNING("Planning"),
    COPYING("Copying"),
    REPLICATING("Replicating"),
    VERIFYING("Verifying"),
    CUTTING_OVER("CuttingOver"),
    CLEANING_UP("CleaningUp"),
    COMPLETED("Completed"),
    /** Stopped by an error; what it left behind is undone by a rollback. */
    FAILED("Failed"),
    ROLLED_BACK("RolledBack");

    /** The six phases a successful operation passes through, in order. */
    public static final List<ReshardingPhase> WORKING = List.of(PLANNING, COPYING, REPLICATING, VERIFYING, CUTTING_OVER, CLEANING_UP);

    private final String label;

    ReshardingPhase(String label) {
        this.label = label;
    }

    /** The name users see and scripts match, e.g. {@code CuttingOver}. */
    public String label() {
        return label;
    }

    /** True for the six phases in which the orchestrator does work. */
    public boolean isWorking() {
        return WORKING.contains(this);
    }

    /** The working phase after this one, or COMPLETED after CleaningUp. */
    public ReshardingPhase next() {
        if (!isWorking()) {
            throw new IllegalStateException(label + " has no next phase");
        }
        int at = WORKING.indexOf(this);
        return at == WORKING.size() - 1 ? COMPLETED : WORKING.get(at + 1);
    }

    public static ReshardingPhase fromLabel(String label) {
        for (ReshardingPhase phase : values()) {
            if (phase.label.equalsIgnoreCase(label) || phase.name().equalsIgnoreCase(label)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown phase " + label);
    }
}
