package org.reshard.query;

import java.util.Locale;

/** How a name written in a query matches a name from a topology file: quoted exactly, unquoted without regard to case. */
final class SqlNames {

    private SqlNames() {
    }

    /** True when the identifier as written in SQL ({@code orders}, {@code "Orders"}, {@code `orders`}) names {@code declared}. */
    static boolean matches(String written, String declared) {
        if (written == null) {
            return false;
        }
        if (isQuoted(written)) {
            return unquote(written).equals(declared);
        }
        return written.toLowerCase(Locale.ROOT).equals(declared.toLowerCase(Locale.ROOT));
    }

    /** The identifier without its quotes, doubled quotes undone. */
    static String unquote(String written) {
        if (!isQuoted(written)) {
            return written;
        }
        char quote = written.charAt(0);
        String inner = written.substring(1, written.length() - 1);
        return quote == '[' ? inner : inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
    }

    private static boolean isQuoted(String written) {
        if (written.length() < 2) {
            return false;
        }
        char first = written.charAt(0);
        char last = written.charAt(written.length() - 1);
        return first == '"' && last == '"' || first == '`' && last == '`' || first == '[' && last == ']';
    }
}
