package org.reshard.ui.common;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** Feeds reshard's log events to the console's log pane, with the operation and phase they belong to. */
public final class ConsoleLog extends AppenderBase<ILoggingEvent> {

    /** One log line as the pane shows it. */
    public record Entry(Instant time, String level, String operation, String phase, String message) {
    }

    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    /** Attaches an appender to reshard's logger; the returned log delivers its events to listeners. */
    public static ConsoleLog attach() {
        ConsoleLog log = new ConsoleLog();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            log.setContext(context);
            log.setName("console-log-pane");
            log.start();
            Logger reshard = context.getLogger("org.reshard");
            reshard.addAppender(log);
        }
        return log;
    }

    public void listen(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    public void detach() {
        if (getContext() instanceof LoggerContext context) {
            context.getLogger("org.reshard").detachAppender(this);
        }
        stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        Entry entry = new Entry(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(),
                event.getMDCPropertyMap().getOrDefault("operation", ""), event.getMDCPropertyMap().getOrDefault("phase", ""),
                org.reshard.common.ErrorText.clean(event.getFormattedMessage()));
        listeners.forEach(l -> l.accept(entry));
    }
}
