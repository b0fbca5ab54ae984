package com.storepulse.customerapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.storepulse.config.Settings;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import com.storepulse.observability.Correlation;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.privacy.RetentionSweep;
import com.storepulse.redis.RedisSettings;
import com.storepulse.snapstart.SnapStartResources;
import com.storepulse.usage.UsageFlushIncompleteException;
import com.storepulse.usage.UsageMeter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import jakarta.inject.Inject;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the usage flush (template.yaml's {@code UsageFlushFunction}, built from
 * the customer-api jar): an EventBridge Scheduler schedule, every 5 minutes by default, moves the
 * usage counts that wait in Redis to PostgreSQL, so that after the last request of a quiet period
 * they wait at most one schedule interval ({@link UsageMeter#flushAll()}).
 *
 * <p>Any scheduled event flushes (detail-type {@code Scheduled Event} from {@code aws.scheduler},
 * as template.yaml's schedule fills it in, or {@code aws.events}, as the local stack's rule sends
 * it): only the schedule, or someone allowed to {@code lambda:InvokeFunction} this function, can
 * send one (no API Gateway event reaches it), and a flush is harmless to repeat (every sealed batch
 * is added once). Anything else is refused before it touches Redis or PostgreSQL
 * ({@link ValidationException} naming the fields): a mistaken invocation writes nothing. The
 * event's id, when it has a safe one, is the correlation id. A flush that did not complete is
 * tried again after the Redis back-off ({@code CACHE_BACKOFF}: a connection that failed, say on a
 * cold start, is skipped for that long), up to
 * {@value #ATTEMPTS} times in one invocation; then it throws, so the invocation fails: Lambda's own
 * retries and the function's Errors alarm see it (the meter has counted {@code UsageFlushError}
 * for each failed attempt).
 *
 * <p>Each invocation then runs the retention sweep ({@link RetentionSweep}, docs/privacy.md
 * "Retention"): what StorePulse keeps only for a while is deleted on this schedule, whatever the
 * traffic. A sweep that fails is logged and counted and tried again at the next tick; it never
 * fails the flush.
 */
public class UsageFlushHandler
        implements RequestHandler<ScheduledEvent, UsageFlushHandler.Report>, ApplicationContextProvider, Closeable {

    /** What one run did. */
    public record Report(long requestsFlushed) {}

    static final int ATTEMPTS = 3;

    private static final String SCHEDULED = "Scheduled Event";
    private static final List<String> SOURCES = List.of("aws.scheduler", "aws.events");

    private static final Logger LOG = LoggerFactory.getLogger(UsageFlushHandler.class);

    private final ApplicationContext applicationContext;

    @Inject
    InvocationScope scope;

    @Inject
    UsageMeter usageMeter;

    @Inject
    PowertoolsMetricsRecorder metrics;

    @Inject
    Settings settings;

    @Inject
    RetentionSweep retention;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    public UsageFlushHandler() {
        this.applicationContext = LambdaContexts.startAndInject(this);
    }

    @Override
    public Report handleRequest(ScheduledEvent event, Context context) {
        String correlationId = Correlation.idOrNew(event == null ? null : event.getId());
        return scope.withInvocation(context, correlationId, () -> {
            requireScheduled(event);
            Duration pause = RedisSettings.from(settings).backoff().plusMillis(100);
            long moved = 0;
            for (int attempt = 1; ; attempt++) {
                UsageMeter.FlushResult result = usageMeter.flushAll();
                moved += result.requestsAdded();
                if (result.complete()) {
                    LOG.info("scheduled usage flush moved {} requests to PostgreSQL", moved);
                    sweepQuietly();
                    return new Report(moved);
                }
                if (attempt == ATTEMPTS) {
                    throw new UsageFlushIncompleteException(moved);
                }
                sleep(pause);
            }
        });
    }

    /** Refuses what is not a schedule's tick (the runtime has already refused what is not JSON). */
    static void requireScheduled(ScheduledEvent event) {
        List<FieldError> errors = new ArrayList<>();
        if (event == null || !SCHEDULED.equals(event.getDetailType())) {
            errors.add(new FieldError("detail-type", "must be \"" + SCHEDULED + "\""));
        }
        if (event == null || !SOURCES.contains(String.valueOf(event.getSource()))) {
            errors.add(new FieldError("source", "must be one of " + SOURCES));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException("not a scheduled event: the usage flush runs on its schedule", errors);
        }
    }

    private void sweepQuietly() {
        try {
            retention.sweep();
        } catch (RuntimeException e) {
            metrics.count(MetricNames.RETENTION_SWEEP_FAILED);
            LOG.warn("retention sweep failed (tried again at the next tick): {}", e.toString());
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between usage flush attempts", e);
        }
    }

    @Override
    public ApplicationContext getApplicationContext() {
        return applicationContext;
    }

    @Override
    public void close() {
        applicationContext.close();
    }
}
