package org.reshard.common;

/** Carries a {@link ReshardError} through code that cannot return a {@link Result}, such as callbacks. */
public final class ReshardException extends RuntimeException {

    private final ReshardError error;

    public ReshardException(ReshardError error) {
        super(error.describe());
        this.error = error;
    }

    public ReshardException(ReshardError error, Throwable cause) {
        super(error.describe(), cause);
        this.error = error;
    }

    public ReshardError error() {
        return error;
    }
}
