package com.storepulse.alertfanout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.alerts.AlertFanout;
import com.storepulse.alerts.AlertNotice;
import com.storepulse.alerts.AlertParser;
import com.storepulse.json.Json;
import com.storepulse.observability.Correlation;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.snapstart.SnapStartResources;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import jakarta.inject.Inject;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the alert fan-out: SNS events from the alert topic (CloudWatch alarms and
 * app alerts), CloudWatch alarm events delivered directly, and the sweep schedule's ticks. A
 * stream handler, so no payload is refused before the fan-out has seen it: whatever arrives is
 * either handled or reported as unrecognised ({@link AlertParser}).
 *
 * <p>Thin on purpose: the work is {@link AlertFanout}'s. An undeliverable message throws out of
 * {@link #handleRequest}, so the invocation fails: Lambda retries it twice, then the on-failure
 * destination (the alert DLQ, alarmed) keeps the event.
 */
public class AlertFanoutHandler implements RequestStreamHandler, ApplicationContextProvider, Closeable {

    /** Kept back from the invocation's remaining time, so a failure is reported rather than timed out. */
    static final Duration MARGIN = Duration.ofSeconds(4);
    /** Without a Lambda context (the local stack, tests). */
    static final Duration LOCAL_BUDGET = Duration.ofSeconds(55);

    private static final Logger LOG = LoggerFactory.getLogger(AlertFanoutHandler.class);

    private final ApplicationContext applicationContext;

    @Inject
    InvocationScope scope;

    @Inject
    AlertFanout fanout;

    @Inject
    AlertParser parser;

    @Inject
    MetricsRecorder metrics;

    // Injected so it registers its CRaC hooks during init, before a snapshot can be taken.
    @Inject
    SnapStartResources snapStart;

    public AlertFanoutHandler() {
        this.applicationContext = LambdaContexts.startAndInject(this);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Instant deadline = context == null
                ? Instant.now().plus(LOCAL_BUDGET)
                : Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
        String correlationId = Correlation.idOrNew(context == null ? null : context.getAwsRequestId());
        AlertFanout.Report report = scope.withInvocation(context, correlationId, () -> handle(event, deadline));
        output.write(Json.writeBytes(report));
    }

    private AlertFanout.Report handle(byte[] event, Instant deadline) {
        if (isSchedule(event)) {
            AlertFanout.Report report = fanout.sweep(deadline);
            LOG.info("alert sweep posted {} messages", report.messagesSent());
            metrics.count(AlertMetrics.MESSAGES_SENT, report.messagesSent(), Map.of());
            return report;
        }
        List<AlertNotice> notices = parser.parse(event);
        long unrecognised = notices.stream()
                .filter(n -> n.kind() == AlertNotice.Kind.UNRECOGNISED)
                .count();
        if (unrecognised > 0) {
            metrics.count(AlertMetrics.UNRECOGNISED, unrecognised, Map.of());
        }
        try {
            AlertFanout.Report report = fanout.handle(notices, deadline);
            metrics.count(AlertMetrics.MESSAGES_SENT, report.messagesSent(), Map.of());
            LOG.info(
                    "{} notices: {} to post, {} muted or duplicate; {} messages posted",
                    report.notices(),
                    report.queued(),
                    report.muted(),
                    report.messagesSent());
            return report;
        } catch (RuntimeException e) {
            metrics.count(AlertMetrics.DELIVERY_FAILED, 1, Map.of());
            throw e;
        }
    }

    private static boolean isSchedule(byte[] event) {
        try {
            JsonNode node = Json.mapper().readTree(event);
            return AlertParser.isSchedule(node);
        } catch (IOException e) {
            return false;
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
