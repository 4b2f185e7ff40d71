package org.reshard.common;

import java.nio.file.Path;

/**
 * Where reshard keeps its files: the system property {@code reshard.home}, else {@code $RESHARD_HOME},
 * else {@code ~/.reshard} (the log configuration follows the same order).
 */
public final class ReshardHome {

    private ReshardHome() {
    }

    public static Path dir() {
        String property = System.getProperty("reshard.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String home = System.getenv("RESHARD_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".reshard") : Path.of(home);
    }

    /** The default state file, {@code state.db}. */
    public static Path stateFile() {
        return dir().resolve("state.db");
    }

    /** The default demo workspace folder. */
    public static Path demoDir() {
        return dir().resolve("demo");
    }

    /** The rolling log files. */
    public static Path logsDir() {
        return dir().resolve("logs");
    }
}
