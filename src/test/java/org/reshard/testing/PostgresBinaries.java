package org.reshard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The installed PostgreSQL programs ({@code initdb}, {@code pg_ctl}), run as the postgres user when the tests run as root. */
public final class PostgresBinaries {

    /** Where the programs are; RESHARD_TEST_PG_BIN points elsewhere. */
    public static final Path BIN = Path.of(System.getenv().getOrDefault("RESHARD_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"));
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private PostgresBinaries() {
    }

    /** Gives a cluster's folder to the postgres user, which PostgreSQL refuses to run as root without. */
    public static void ownByPostgres(Path dir, Duration timeout) {
        if (ROOT) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), timeout);
        }
    }

    /** Runs a shell command as the postgres user (as is, when not root); fails with its output when it fails or overruns. */
    public static void asPostgres(String command, Duration timeout) {
        run(ROOT ? List.of("su", "postgres", "-s", "/bin/sh", "-c", command) : List.of("/bin/sh", "-c", command), timeout);
    }

    private static void run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Deletes a cluster's folder and everything in it, as far as it can: a test's clean-up must not fail on it. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** A TCP port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
