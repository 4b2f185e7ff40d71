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

    /**
     * Where a JDBC URL points, for people and without any parameter: {@code 127.0.0.1:5433} for a server
     * ({@code host:port}, or the host alone), the file's path for SQLite.
     */
    public static String address(String url) {
        if (url == null) {
            return null;
        }
        String rest = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        int options = rest.indexOf('?');
        rest = options >= 0 ? rest.substring(0, options) : rest;
        if (rest.startsWith("sqlite:")) {
            String path = rest.substring("sqlite:".length());
            return path.startsWith("file:") ? path.substring("file:".length()) : path;
        }
        int slashes = rest.indexOf("//");
        if (slashes < 0) {
            return rest;
        }
        String authority = rest.substring(slashes + 2);
        int path = authority.indexOf('/');
        authority = path >= 0 ? authority.substring(0, path) : authority;
        // user:password@host never reaches a message.
        return authority.substring(authority.lastIndexOf('@') + 1);
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
