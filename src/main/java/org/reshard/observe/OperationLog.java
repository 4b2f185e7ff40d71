package org.reshard.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.reshard.common.ReshardHome;
import org.slf4j.LoggerFactory;

/**
 * The log file of one operation, {@code <reshard home>/logs/<id>.log}: while a run, resume or rollback of
 * the operation is under way, every event of reshard and of the libraries (HikariCP's pool warnings, the
 * driver's) goes there with its stack trace, so operators see one line per event and the details stay findable.
 */
public final class OperationLog implements AutoCloseable {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} phase=%X{phase:--} - %msg%n%ex";

    private final FileAppender<ILoggingEvent> appender;
    private final Logger[] loggers;

    private OperationLog(FileAppender<ILoggingEvent> appender, Logger... loggers) {
        this.appender = appender;
        this.loggers = loggers;
    }

    /** The file an operation's events go to. */
    public static Path file(String operationId) {
        return ReshardHome.logsDir().resolve(operationId + ".log");
    }

    /** The file as a message shows it: {@code ~/.reshard/logs/rs-….log} under the home folder, else the full path. */
    public static String display(String operationId) {
        Path file = file(operationId).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        return file.startsWith(home) ? "~/" + home.relativize(file).toString().replace('\\', '/') : file.toString();
    }

    /** Starts writing the process's log events to the operation's file (appending to what earlier runs wrote). */
    public static OperationLog open(String operationId) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new OperationLog(null);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("operation-" + operationId);
        appender.setFile(file(operationId).toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        // Loggers that do not add to the root's appenders (org.reshard, the libraries kept off the terminal)
        // get their own reference.
        java.util.List<Logger> loggers = new java.util.ArrayList<>();
        loggers.add(context.getLogger(Logger.ROOT_LOGGER_NAME));
        context.getLoggerList().stream().filter(l -> !l.isAdditive()).forEach(loggers::add);
        loggers.forEach(l -> l.addAppender(appender));
        return new OperationLog(appender, loggers.toArray(Logger[]::new));
    }

    @Override
    public void close() {
        if (appender == null) {
            return;
        }
        for (Logger logger : loggers) {
            logger.detachAppender(appender);
        }
        appender.stop();
    }
}
