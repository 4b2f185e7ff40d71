package org.reshard.cli;

import org.reshard.common.Bytes;
import picocli.CommandLine;

/** Reads sizes such as {@code 512MB}, {@code 2GB}, {@code 64m}, {@code 100000} (bytes) into bytes, as {@link Bytes#parse} does. */
final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return Bytes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
