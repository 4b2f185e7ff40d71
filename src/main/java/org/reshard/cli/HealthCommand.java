package org.reshard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.reshard.common.Result;
import org.reshard.observe.HealthReport;
import org.reshard.observe.ReshardingHealthCheck;
import org.reshard.state.SqliteStateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard health}: for monitoring, exit 0 healthy, 1 degraded, 2 unhealthy. */
@Command(name = "health", mixinStandardHelpOptions = true,
        header = "Check resharding health: exit 0 healthy, 1 degraded, 2 unhealthy.",
        description = {"Healthy (nothing active, exit 0), Degraded (operations in progress, exit 1),",
                "Unhealthy (a failed operation not rolled back, one running too long, the state file unreadable, or a reshard_*",
                "replication slot on a PostgreSQL shard of the state file's operations that no active operation owns, exit 2)."})
final class HealthCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Mixin
    private StateFileOption state;

    @Option(names = "--max-duration", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2h",
            description = "An operation running longer than this is unhealthy (default: ${DEFAULT-VALUE}).")
    private Duration maxDuration;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "A check taking longer than this is unhealthy (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--json", description = "Print {status, description, data} as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HealthReport report = switch (SqliteStateStore.openReadOnly(state.file())) {
            case Result.Ok<SqliteStateStore> ok -> {
                try (SqliteStateStore store = ok.value()) {
                    yield new ReshardingHealthCheck(store, maxDuration, timeout, Clock.systemUTC()).check();
                }
            }
            case Result.Failure<SqliteStateStore> failure -> noStateFile(failure.error().message());
        };
        if (json) {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("status", report.status().label());
            node.put("description", report.description());
            node.set("data", MAPPER.valueToTree(report.data()));
            out.println(node.toPrettyString());
        } else {
            out.println(report.status().label() + ": " + report.description());
        }
        out.flush();
        return report.status().exitCode();
    }

    /** A state file that was never created means no operation ever ran here: healthy, not an error. */
    private HealthReport noStateFile(String message) {
        return java.nio.file.Files.exists(state.file()) ? ReshardingHealthCheck.unreadableStateFile(message)
                : ReshardingHealthCheck.noStateFile(state.file().toString());
    }
}
