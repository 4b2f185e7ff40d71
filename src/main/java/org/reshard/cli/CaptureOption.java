package org.reshard.cli;

import org.reshard.cdc.CaptureSetting;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --capture auto|triggers|logical}, shared by {@code plan} (which says what each source would use) and {@code run}. */
final class CaptureOption {

    @Option(names = "--capture", paramLabel = "MODE", converter = Converter.class, defaultValue = "auto",
            description = "Change capture: auto (logical decoding where a PostgreSQL source allows it, triggers otherwise),"
                    + " triggers, or logical (refused at pre-flight where a source cannot do it) (default: ${DEFAULT-VALUE}).")
    private CaptureSetting setting;

    CaptureSetting setting() {
        return setting;
    }

    /** Reads the labels operators type, with the message the console's choice would give for anything else. */
    static final class Converter implements ITypeConverter<CaptureSetting> {
        @Override
        public CaptureSetting convert(String value) {
            try {
                return CaptureSetting.fromLabel(value.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
