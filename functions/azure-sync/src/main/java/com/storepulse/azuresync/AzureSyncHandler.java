package com.storepulse.azuresync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.storepulse.json.Json;
import com.storepulse.observability.Correlation;
import com.storepulse.sync.SyncDeadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda entry point of the Azure SQL sync and the daily rescoring, for their events
 * ({@link SyncEvent}): a schedule's tick fans out, a queue message or a manual invoke runs one
 * source or rescores one store. Thin: the work is
 * {@link SyncCoordinator}'s. A failed run throws out of {@link #handleRequest}, so the invocation
 * fails and SQS retries the message (then dead-letters it); a mistyped manual invoke fails with the
 * fields it got wrong.
 *
 * <p>A run gets Lambda's remaining time minus a margin: room to commit the last batch, rescore,
 * and queue the continuation. The margin is {@value #MARGIN_SETTING} (default {@link
 * #DEFAULT_MARGIN}), but never more than a quarter of the time the invocation started with, so a
 * function given a short timeout (the local stack's, a test's) still makes progress instead of
 * stopping before its first batch and queueing continuations forever.
 */
public class AzureSyncHandler implements RequestStreamHandler {

    public static final String MARGIN_SETTING = "SYNC_TIME_MARGIN";
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(90);
    /** Without a Lambda context (a direct call in a test): as long as the function's timeout. */
    static final Duration NO_CONTEXT_BUDGET = Duration.ofMinutes(15);

    private final AzureSyncWiring wiring;

    public AzureSyncHandler() {
        this(AzureSyncWiring.create());
    }

    AzureSyncHandler(AzureSyncWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        SyncDeadline deadline = deadline(context, wiring.margin());
        String correlationId = Correlation.idOrNew(context == null ? null : context.getAwsRequestId());
        Object result =
                wiring.scope().withInvocation(context, correlationId, () -> handle(SyncEvent.parse(event), deadline));
        output.write(Json.writeBytes(result));
    }

    private Object handle(SyncEvent event, SyncDeadline deadline) {
        SyncCoordinator coordinator = wiring.coordinator();
        return switch (event) {
            case SyncEvent.Tick tick ->
                switch (tick.job()) {
                    case SYNC -> coordinator.fanOut();
                    case RESCORE_STORES -> coordinator.fanOutRescoring();
                };
            case SyncEvent.Manual manual -> run(coordinator, manual.work(), deadline);
            case SyncEvent.Messages messages -> {
                List<Object> reports = new ArrayList<>();
                for (SyncEvent.Message message : messages.messages()) {
                    reports.add(run(coordinator, message.work(), deadline));
                }
                yield reports;
            }
        };
    }

    private static Object run(SyncCoordinator coordinator, QueuedWork work, SyncDeadline deadline) {
        return switch (work) {
            case SyncRequest sync -> RunReport.of(sync, coordinator.run(sync, deadline));
            case RescoreRequest rescore -> coordinator.rescore(rescore);
        };
    }

    static SyncDeadline deadline(Context context, Duration margin) {
        if (context == null) {
            long end = System.nanoTime() + NO_CONTEXT_BUDGET.minus(margin).toNanos();
            return () -> (end - System.nanoTime()) / 1_000_000;
        }
        long marginMillis = Math.min(margin.toMillis(), context.getRemainingTimeInMillis() / 4);
        return () -> context.getRemainingTimeInMillis() - marginMillis;
    }
}
