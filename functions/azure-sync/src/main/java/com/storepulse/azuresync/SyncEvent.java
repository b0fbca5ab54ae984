package com.storepulse.azuresync;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The three events the function takes: the schedule's tick (an EventBridge Scheduler or rule
 * "Scheduled Event"), an SQS event of the sync queue (each record's body a {@link SyncRequest}),
 * and a manual invoke ({@code {"mode": "full", "sourceId": 12}}).
 */
public sealed interface SyncEvent {

    /** The schedule's tick: fan out. */
    record Tick() implements SyncEvent {}

    /** Messages of the sync queue (one with the event source's batch size of 1). */
    record Messages(List<Message> messages) implements SyncEvent {
        public Messages {
            messages = List.copyOf(messages);
        }
    }

    /** One SQS record: its id, how often SQS has handed it out, and the work. */
    record Message(String messageId, int receiveCount, SyncRequest request) {}

    /** An operator's invoke of one source. */
    record Manual(SyncRequest request) implements SyncEvent {}

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
            return new Tick();
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
                        SyncRequest.parse(body, SyncRequest.Reason.SCHEDULE)));
            }
            return new Messages(messages);
        }
        if (node.has("sourceId")) {
            return new Manual(SyncRequest.parse(node, SyncRequest.Reason.MANUAL));
        }
        throw ValidationException.of(
                "event", "must be a scheduled event, an SQS event or {\"mode\": \"full\", \"sourceId\": N}");
    }
}
