package io.shepherd.streams.it;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;

/**
 * Everything logged in this JVM at INFO and above while it is open, as production logs it: Kafka's client and Streams
 * configuration dumps, Shepherd's settings printout, every error with its causes. A test searches it for secrets.
 * While it is open it is the root logger's only appender, so the test's console output stays as quiet as usual.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level rootLevel = root.getLevel();
    private final List<Logger> quieter = new ArrayList<>();
    private final List<Level> quieterLevels = new ArrayList<>();
    private final List<Appender<ILoggingEvent>> others = new ArrayList<>();

    LogCapture() {
        root.getLoggerContext().getLoggerList().stream().filter(l -> l.getLevel() != null && l.getLevel().isGreaterOrEqual(Level.WARN))
                .forEach(l -> {
                    quieter.add(l);
                    quieterLevels.add(l.getLevel());
                    l.setLevel(Level.INFO);
                });
        root.setLevel(Level.INFO);
        setContext(root.getLoggerContext());
        start();
        root.iteratorForAppenders().forEachRemaining(others::add);
        others.forEach(root::detachAppender);
        root.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        lines.add(line.toString());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The captured lines that contain the text. */
    synchronized List<String> mentioning(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        others.forEach(root::addAppender);
        stop();
        root.setLevel(rootLevel);
        for (int i = 0; i < quieter.size(); i++) {
            quieter.get(i).setLevel(quieterLevels.get(i));
        }
    }
}
