package org.reshard.common;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure with a stable code, a message that names what failed, the details (one line each, for
 * errors reported together) and an optional cause.
 */
public record ReshardError(ErrorCode code, String message, List<String> details, ReshardError cause) {

    public ReshardError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        details = List.copyOf(details);
    }

    public static ReshardError of(ErrorCode code, String message) {
        return new ReshardError(code, message, List.of(), null);
    }

    public static ReshardError of(ErrorCode code, String message, List<String> details) {
        return new ReshardError(code, message, details, null);
    }

    public ReshardError causedBy(ReshardError newCause) {
        return new ReshardError(code, message, details, newCause);
    }

    public Optional<ReshardError> optionalCause() {
        return Optional.ofNullable(cause);
    }

    /** Code, message and causes on one line, for logs, events and the console's log view. */
    public String oneLine() {
        StringBuilder text = new StringBuilder(code.code()).append(": ").append(message);
        if (!details.isEmpty()) {
            text.append(" (").append(String.join("; ", details)).append(')');
        }
        if (cause != null) {
            text.append(" — caused by ").append(cause.oneLine());
        }
        return text.toString();
    }

    /** Message, details and causes as the multi-line text the CLI prints. */
    public String describe() {
        StringBuilder text = new StringBuilder(code.code()).append(": ").append(message);
        details.forEach(d -> text.append(System.lineSeparator()).append("  - ").append(d));
        if (cause != null) {
            text.append(System.lineSeparator()).append("caused by ").append(cause.describe());
        }
        return text.toString();
    }
}
