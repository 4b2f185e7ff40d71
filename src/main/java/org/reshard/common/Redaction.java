package org.reshard.common;

import java.util.regex.Pattern;

/** Keeps passwords written into JDBC URLs ({@code ?password=…}) out of messages, files and exports. */
public final class Redaction {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)([^&;]*)");
    private static final Pattern URL_PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]password=[^&;]*");

    private Redaction() {
    }

    /** The URL with its password shown as {@code ****}, for messages and logs. */
    public static String maskUrl(String url) {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceAll("$1****");
    }

    /** The URL without its password parameter, for files reshard writes (state, registry, exports). */
    public static String stripUrlPassword(String url) {
        if (url == null) {
            return null;
        }
        String stripped = URL_PASSWORD_PARAMETER.matcher(url).replaceAll("");
        // Removing the first parameter leaves "&user=…" where "?user=…" belongs.
        return stripped.contains("?") || !stripped.contains("&") ? stripped : stripped.replaceFirst("&", "?");
    }

    /** True when the URL carries a literal password (not an {@code ${env:…}} reference). */
    public static boolean hasLiteralPassword(String url) {
        var m = URL_PASSWORD.matcher(url);
        while (m.find()) {
            if (!m.group(2).isEmpty() && !m.group(2).startsWith("${env:")) {
                return true;
            }
        }
        return false;
    }
}
