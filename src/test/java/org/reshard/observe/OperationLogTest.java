package org.reshard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The terminal gets one line per warning and no stack trace; the operation's own log file gets everything. */
class OperationLogTest {

    @Test
    void warningsReachTheTerminalAsOneLineAndTheOperationFileWithTheirStackTrace() throws Exception {
        String id = "rs-test-" + System.nanoTime();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        try (OperationLog log = OperationLog.open(id)) {
            SQLException failure = new SQLException("An I/O error occurred while sending to the backend.", "08006");
            LoggerFactory.getLogger("com.zaxxer.hikari.pool.PoolBase").warn("shard-s2 - Failed to validate connection", failure);
            LoggerFactory.getLogger("some.library.Thing").warn("first line\nsecond line", failure);
            LoggerFactory.getLogger("org.reshard.workflow").warn("phase Copying failed", failure);
        } finally {
            System.setErr(realErr);
        }
        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertThat(shown).doesNotContain("\tat ", "Failed to validate", "phase Copying failed", "SQLException");
        assertThat(shown.lines().filter(l -> l.contains("first line"))).singleElement().asString().contains("first line second line");

        String file = Files.readString(OperationLog.file(id));
        assertThat(file).contains("Failed to validate connection", "first line", "phase Copying failed", "\tat ");
        assertThat(OperationLog.display(id)).endsWith("logs/" + id + ".log");
    }
}
