package com.storepulse.fuzz;

import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * What the root logger wrote since the last {@link #take}, in the layout Lambda ships to
 * CloudWatch (log4j2.xml's JsonAppender), so a fuzz case reads the log lines it caused. The lines
 * still go to the console as well, where the build's log scan (LogScanIT) reads them again.
 */
public final class LogWindow implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final StringWriter out = new StringWriter();
    private final String name = "fuzz-log-window-" + SEQUENCE.incrementAndGet();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    public LogWindow() {
        Configuration config = context.getConfiguration();
        Appender json = config.getAppender("JsonAppender");
        if (json == null) {
            throw new IllegalStateException("log4j2.xml has no JsonAppender; is shared's log4j2.xml on the classpath?");
        }
        appender = WriterAppender.newBuilder()
                .setName(name)
                .setTarget(out)
                .setLayout(json.getLayout())
                .build();
        appender.start();
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    /** The lines written since the last call, and forgets them. */
    public String take() {
        StringBuffer buffer = out.getBuffer();
        synchronized (buffer) {
            String lines = buffer.toString();
            buffer.setLength(0);
            return lines;
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(name);
        context.updateLoggers();
        appender.stop();
    }
}
