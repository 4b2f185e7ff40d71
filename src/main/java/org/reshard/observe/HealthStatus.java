package org.reshard.observe;

/** Health of the resharding subsystem, with the exit code {@code reshard health} uses. */
public enum HealthStatus {
    HEALTHY("Healthy", 0),
    DEGRADED("Degraded", 1),
    UNHEALTHY("Unhealthy", 2);

    private final String label;
    private final int exitCode;

    HealthStatus(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public String label() {
        return label;
    }

    public int exitCode() {
        return exitCode;
    }
}
