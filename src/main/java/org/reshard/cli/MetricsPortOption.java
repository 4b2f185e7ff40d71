package org.reshard.cli;

import java.util.OptionalInt;
import org.reshard.observe.Telemetry;
import picocli.CommandLine.Option;

/** {@code --metrics-port N}: serve the metrics as Prometheus text while the command runs. */
final class MetricsPortOption {

    @Option(names = "--metrics-port", paramLabel = "N", description = "Serve Prometheus metrics on http://localhost:N/metrics while running.")
    private Integer port;

    /** Configures the process's telemetry before any work; OTLP export follows the OTEL_* variables either way. */
    void configure() {
        Telemetry.configureGlobal(port == null ? OptionalInt.empty() : OptionalInt.of(port));
    }
}
