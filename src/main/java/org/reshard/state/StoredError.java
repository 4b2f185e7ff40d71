package org.reshard.state;

import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;

/**
 * The error that stopped an operation, as kept in the state file: the stable code, the message and the
 * underlying cause (code and message, e.g. {@code reshard.shard.unreachable} naming the shard), if any.
 */
public record StoredError(String code, String message, StoredError cause) {

    public StoredError(String code, String message) {
        this(code, message, null);
    }

    public static StoredError of(ReshardError error) {
        String message = error.details().isEmpty() ? error.message()
                : error.message() + System.lineSeparator() + String.join(System.lineSeparator(), error.details().stream().map(d -> "  - " + d).toList());
        return new StoredError(error.code().code(), message, error.cause() == null ? null : of(error.cause()));
    }

    public boolean is(ErrorCode errorCode) {
        return errorCode.code().equals(code);
    }
}
