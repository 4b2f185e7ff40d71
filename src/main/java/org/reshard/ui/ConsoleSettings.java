package org.reshard.ui;

import java.nio.file.Path;
import org.reshard.common.ReshardHome;
import org.reshard.demo.DemoWorkspaceBuilder;

/**
 * Where the console keeps its files and how big a new demo workspace is; the app reads them from its
 * parameters ({@code --home=DIR}, {@code --demo-rows=N}) so tests can use a temporary folder.
 */
public record ConsoleSettings(Path home, long demoRows) {

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(ReshardHome.dir(), DemoWorkspaceBuilder.DEFAULT_ROWS);
    }

    public Path stateFile() {
        return home.resolve("state.db");
    }

    public Path demoDir() {
        return home.resolve("demo");
    }

    public Path preferencesFile() {
        return home.resolve("console.json");
    }

    /** The editor's query history (SQL and outcome only, never rows). */
    public Path queryHistoryFile() {
        return home.resolve("query-history.json");
    }

    public static ConsoleSettings fromParameters(java.util.Map<String, String> named) {
        ConsoleSettings defaults = defaults();
        Path home = named.containsKey("home") ? Path.of(named.get("home")) : defaults.home();
        long rows = named.containsKey("demo-rows") ? Long.parseLong(named.get("demo-rows")) : defaults.demoRows();
        return new ConsoleSettings(home, rows);
    }
}
