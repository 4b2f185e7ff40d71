package org.reshard.common;

import java.util.regex.Pattern;

/**
 * Operator-facing text of an exception: the message that says what happened, without Java class names
 * (a wrapped exception's {@code toString()} reads {@code java.sql.SQLException: …}) and on one line.
 */
public final class ErrorText {

    /** A qualified class name, optionally followed by {@code ": "}, as {@code Throwable.toString()} writes it. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error|Throwable)(?::\\s*)?");
    private static final Pattern SIMPLE_EXCEPTION = Pattern.compile("\\b[A-Z][A-Za-z0-9_]*Exception:\\s*");

    private ErrorText() {
    }

    /** The text without class names, its lines joined. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        String cleaned = SIMPLE_EXCEPTION.matcher(CLASS_NAME.matcher(text).replaceAll("")).replaceAll("");
        return cleaned.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /**
     * What went wrong, for an operator: the innermost message in the chain (the outer ones usually repeat
     * it or only name the class), cleaned; "no details" when no exception in the chain says anything.
     */
    public static String of(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReshardException r) {
                return r.error().message();
            }
            String message = clean(t.getMessage());
            if (!message.isEmpty()) {
                best = message;
            }
        }
        return best == null ? "no details" : best;
    }
}
