package org.reshard.plan.design;

import java.util.Arrays;
import java.util.Optional;

/** How the designer places the data that must move when it adds shards or rebalances. */
public enum DesignStrategy {
    /** Move the fewest rows (or hash share) that reach the target shares; a shard may end up with several ranges. */
    LEAST_DATA("least-data"),
    /** One contiguous range per shard at equal shares (the even split), in the shard order that moves the least. */
    FEWEST_RANGES("fewest-ranges");

    private final String label;

    DesignStrategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<DesignStrategy> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.label.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
