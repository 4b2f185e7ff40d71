package org.reshard.common;

import java.util.Objects;
import java.util.function.Function;

/** Either a value or a {@link ReshardError}; errors cross layer boundaries as values, not exceptions. */
public sealed interface Result<T> permits Result.Ok, Result.Failure {

    /** A successful result. */
    record Ok<T>(T value) implements Result<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A failed result. */
    record Failure<T>(ReshardError error) implements Result<T> {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> failure(ReshardError error) {
        return new Failure<>(error);
    }

    static <T> Result<T> failure(ErrorCode code, String message) {
        return new Failure<>(ReshardError.of(code, message));
    }

    default boolean isOk() {
        return this instanceof Ok<T>;
    }

    default <U> Result<U> map(Function<? super T, ? extends U> mapper) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(mapper.apply(ok.value()));
            case Failure<T> failure -> new Failure<>(failure.error());
        };
    }

    default <U> Result<U> flatMap(Function<? super T, Result<U>> mapper) {
        return switch (this) {
            case Ok<T> ok -> mapper.apply(ok.value());
            case Failure<T> failure -> new Failure<>(failure.error());
        };
    }

    /** The value, or a {@link ReshardException} carrying the error. */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Failure<T> failure -> throw new ReshardException(failure.error());
        };
    }
}
