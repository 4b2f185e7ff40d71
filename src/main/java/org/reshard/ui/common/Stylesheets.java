package org.reshard.ui.common;

import java.util.List;
import java.util.Objects;

/**
 * The window's stylesheets, one per screen (see css/console.css), as URLs for a scene. The Diff and Designer
 * screens add css/diff.css themselves, for the hash ring they share.
 */
public final class Stylesheets {

    private static final List<String> SHEETS = List.of("console", "start", "topologies", "plan", "run", "query", "cutover");

    private Stylesheets() {
    }

    public static List<String> all() {
        return SHEETS.stream()
                .map(name -> Objects.requireNonNull(Stylesheets.class.getResource("/css/" + name + ".css"), name + ".css").toExternalForm())
                .toList();
    }
}
