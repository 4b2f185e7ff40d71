package org.reshard.cli;

import java.time.Duration;
import org.reshard.common.Durations;
import picocli.CommandLine;

/** Reads durations as operators write them: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 24h}, {@code 0}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
