package org.reshard.state;

import org.reshard.common.ErrorCode;
import org.reshard.common.ReshardError;

/** The error that stopped an operation, as kept in the state file: the stable code and the message. */
public record StoredError(String code, String message) {

    public static StoredError of(ReshardError error) {
        return new StoredError(error.code().code(), error.describe());
    }

    public boolean is(ErrorCode errorCode) {
        return errorCode.code().equals(code);
    }
}
