package org.reshard.cdc;

import java.util.HashMap;
import java.util.Map;

/** What apply batches did: changelog entries consumed, and rows written or deleted per route. */
public record AppliedChanges(int changes, Map<ChangeRoute, Integer> rowsByRoute) {

    public static final AppliedChanges NONE = new AppliedChanges(0, Map.of());

    public AppliedChanges {
        rowsByRoute = Map.copyOf(rowsByRoute);
    }

    public int rows() {
        return rowsByRoute.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int rowsFor(ChangeRoute route) {
        return rowsByRoute.getOrDefault(route, 0);
    }

    public AppliedChanges plus(AppliedChanges other) {
        Map<ChangeRoute, Integer> merged = new HashMap<>(rowsByRoute);
        other.rowsByRoute.forEach((route, rows) -> merged.merge(route, rows, Integer::sum));
        return new AppliedChanges(changes + other.changes, merged);
    }
}
