package org.reshard.common;

import java.util.Locale;

/** Byte counts for people, the same in the console and the command line: 9.5 MiB, and sizes typed as 512MB. */
public final class Bytes {

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?");

    private Bytes() {
    }

    /**
     * A size as typed — {@code 512MB}, {@code 2GB}, {@code 64m}, {@code 100000} (bytes); units are powers of 1024, as
     * the command line's {@code --memory} reads them.
     *
     * @throws IllegalArgumentException saying how to write a size
     */
    public static long parse(String text) {
        java.util.regex.Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a size: write it like 512MB, 2GB or 64m");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long value = Long.parseLong(m.group(1));
        if (value < 1 || Long.numberOfLeadingZeros(value) <= shift) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a size between 1 byte and 8 EiB");
        }
        return value << shift;
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
