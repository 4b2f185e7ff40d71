package org.reshard.ui.common;

import java.util.function.Consumer;
import org.reshard.common.ErrorText;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** Background failures that no screen shows by itself go to the console log, never nowhere. */
public final class Failures {

    private Failures() {
    }

    /**
     * Logs the failure as a warning saying what failed; {@code operation} (may be empty) puts the line in that
     * operation's log pane on the Run screen, which shows only its own operation's lines.
     */
    public static Consumer<Throwable> log(Logger log, String operation, String what) {
        return e -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("operation", operation)) {
                log.warn("{}: {}", what, ErrorText.of(e));
            }
        };
    }
}
