package org.reshard.ui;

import java.nio.file.Path;
import org.reshard.common.Bytes;
import org.reshard.common.ReshardHome;
import org.reshard.demo.DemoWorkspaceBuilder;
import org.reshard.ui.query.QueryOptions;

/**
 * Where the console keeps its files, how big a new demo workspace is and the query editor's first memory budget for
 * federated queries; the app reads them from its parameters ({@code --home=DIR}, {@code --demo-rows=N},
 * {@code --query-memory=SIZE}) so tests can use a temporary folder.
 */
public record ConsoleSettings(Path home, long demoRows, String queryMemory) {

    public ConsoleSettings {
        // Fails at start-up, naming the parameter, rather than in the editor later.
        try {
            Bytes.parse(queryMemory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--query-memory: " + e.getMessage(), e);
        }
    }

    /** Settings with the editor's default memory budget (512MB, as the command line's {@code --memory}). */
    public ConsoleSettings(Path home, long demoRows) {
        this(home, demoRows, QueryOptions.DEFAULT_MEMORY);
    }

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
        return new ConsoleSettings(home, rows, named.getOrDefault("query-memory", defaults.queryMemory()));
    }
}
