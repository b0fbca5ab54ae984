package com.storepulse.azuresync;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The events the function takes: a schedule's tick (an EventBridge Scheduler or rule "Scheduled
 * Event"; its {@code detail.job} {@code rescore-stores} makes it the daily scoring's, else it is the
 * sync's), an SQS event of the sync queue (each record's body a {@link QueuedWork}), and a manual
 * invoke ({@code {"mode": "full", "sourceId": 12}} or {@code {"storeId": 7, "job": "rescore"}}).
 */
public sealed interface SyncEvent {

    /** A schedule's tick: fan out the sources to sync, or the stores to rescore. */
    record Tick(Job job) implements SyncEvent {}

    /** What a tick fans out. */
    enum Job {
        SYNC,
        RESCORE_STORES
    }

    /** The {@code detail.job} of the scoring schedule's tick (template.yaml, DailyScoring). */
    String RESCORE_STORES_JOB = "rescore-stores";

    /** Messages of the sync queue (one with the event source's batch size of 1). */
    record Messages(List<Message> messages) implements SyncEvent {
        public Messages {
            messages = List.copyOf(messages);
        }
    }

    /** One SQS record: its id, how often SQS has handed it out, and the work. */
    record Message(String messageId, int receiveCount, QueuedWork work) {}

    /** An operator's invoke: one source to sync, or one store to rescore. */
    record Manual(QueuedWork work) implements SyncEvent {}

    /**
     * Reads an event. Anything else is a {@link ValidationException} naming what is wrong, so a
     * mistyped manual invoke fails with a reason instead of doing something else.
     */
    static SyncEvent parse(byte[] event) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(event);
        } catch (IOException e) {
            throw ValidationException.of("event", "is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw ValidationException.of("event", "must be a JSON object");
        }
        if ("Scheduled Event".equals(node.path("detail-type").asText(null))) {
            JsonNode job = node.path("detail").path("job");
            if (job.isMissingNode() || job.isNull()) {
                return new Tick(Job.SYNC);
            }
            if (RESCORE_STORES_JOB.equals(job.asText(null))) {
                return new Tick(Job.RESCORE_STORES);
            }
            throw ValidationException.of("detail.job", "must be " + RESCORE_STORES_JOB + " or absent");
        }
        JsonNode records = node.get("Records");
        if (records != null && records.isArray()) {
            List<Message> messages = new ArrayList<>();
            for (JsonNode record : records) {
                if (!"aws:sqs".equals(record.path("eventSource").asText(null))) {
                    throw ValidationException.of("Records", "must be SQS records (eventSource aws:sqs)");
                }
                JsonNode body;
                try {
                    body = Json.mapper().readTree(record.path("body").asText(""));
                } catch (IOException e) {
                    throw ValidationException.of("body", "is not JSON");
                }
                messages.add(new Message(
                        record.path("messageId").asText(""),
                        record.path("attributes")
                                .path("ApproximateReceiveCount")
                                .asInt(1),
                        QueuedWork.parse(body, SyncRequest.Reason.SCHEDULE)));
            }
            return new Messages(messages);
        }
        if (node.has("sourceId") || node.has(RescoreRequest.JOB_FIELD)) {
            return new Manual(QueuedWork.parse(node, SyncRequest.Reason.MANUAL));
        }
        throw ValidationException.of(
                "event",
                "must be a scheduled event, an SQS event, {\"mode\": \"full\", \"sourceId\": N}"
                        + " or {\"storeId\": N, \"job\": \"rescore\"}");
    }
}
