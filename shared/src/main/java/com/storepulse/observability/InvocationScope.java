package com.storepulse.observability;

import com.amazonaws.services.lambda.runtime.Context;
import com.storepulse.db.TenantScope;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * What every handler wraps its work in (the functional replacement for Powertools'
 * {@code @Logging} + {@code @FlushMetrics}, which cannot wrap Micronaut's final
 * {@code handleRequest}):
 *
 * <pre>{@code
 * return scope.withInvocation(context, ApiGatewayExchange.correlationIdOf(event), () -> route(event));
 * }</pre>
 *
 * <p>During the work every log line carries {@code correlation_id} and the Lambda context fields
 * (function name, request id, cold start, X-Ray trace id). Afterwards, in {@code finally}, the
 * metrics recorded during the invocation are flushed and the logging context is cleared, so the
 * next invocation on this warm instance starts clean.
 */
public final class InvocationScope {

    private final PowertoolsMetricsRecorder metrics;

    public InvocationScope(PowertoolsMetricsRecorder metrics) {
        this.metrics = metrics;
    }

    /** @param context the Lambda context; {@code null} when a local caller has none */
    public <T> T withInvocation(Context context, String correlationId, Supplier<T> work) {
        Supplier<T> scoped = () -> {
            Correlation.set(correlationId);
            TenantScope.clear(); // every invocation starts with no tenant (row-level security)
            try {
                return work.get();
            } finally {
                TenantScope.clear();
                // Inside the logging scope, so a flush warning still carries the correlation id.
                metrics.flush();
                Correlation.clear();
            }
        };
        if (context == null) {
            return scoped.get();
        }
        // Before logging initialises: that marks the (process-wide) cold start as done.
        metrics.captureColdStart(context);
        // PowertoolsLogging.withLogging would also clear Powertools' log buffer afterwards, which
        // looks Log4j's context up by walking the caller's stack on every invocation; no appender
        // buffers here, so the context fields are cleared directly.
        PowertoolsLogging.initializeLogging(context);
        try {
            return scoped.get();
        } finally {
            MDC.clear();
        }
    }

    public void withInvocation(Context context, String correlationId, Runnable work) {
        withInvocation(context, correlationId, () -> {
            work.run();
            return null;
        });
    }
}
