package com.storepulse.azuresync;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import com.storepulse.sync.SyncMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One unit of sync work: run {@code sourceId} in {@code mode}. It is the body of a sync queue
 * message ({@code {"sourceId": 12, "mode": "incremental", "reason": "schedule"}}) and, with
 * {@code reason} left out, the manual invoke ({@code {"mode": "full", "sourceId": 12}}).
 */
public record SyncRequest(long sourceId, SyncMode mode, Reason reason) implements QueuedWork {

    /** Why the work was asked for (logs and metrics only; every reason runs the same way). */
    public enum Reason {
        /** A schedule's fan-out: one message per active source, or per store due for rescoring. */
        SCHEDULE,
        /** A run stopped for time queued the rest of its work. */
        CONTINUATION,
        /** An operator's invoke (runbook, "manual-full-resync"). */
        MANUAL;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The reason {@link #json} names, or null. */
        static Reason fromJson(String json) {
            for (Reason r : values()) {
                if (r.json().equals(json)) {
                    return r;
                }
            }
            return null;
        }
    }

    @Override
    public String toJson() {
        return com.storepulse.json.Json.write(new Body(sourceId, mode.name().toLowerCase(Locale.ROOT), reason));
    }

    private record Body(long sourceId, String mode, Reason reason) {}

    @Override
    public String describe() {
        return mode.name().toLowerCase(Locale.ROOT) + " sync of source " + sourceId + " (" + reason.json() + ")";
    }

    /**
     * Reads a message body or a manual invoke: {@code sourceId} a positive integer, {@code mode}
     * {@code incremental} or {@code full} (default incremental), {@code reason} as written by
     * {@link #toJson} (default {@code fallback}). Errors name the field, never quote the input.
     */
    public static SyncRequest parse(JsonNode node, Reason fallback) {
        if (node == null || !node.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode id = node.get("sourceId");
        long sourceId = 0;
        if (id != null && id.canConvertToLong() && id.isIntegralNumber() && id.asLong() > 0) {
            sourceId = id.asLong();
        } else if (id != null && id.isTextual() && id.asText().matches("[1-9][0-9]{0,17}")) {
            sourceId = Long.parseLong(id.asText());
        } else {
            errors.add(new FieldError("sourceId", "must be a positive integer"));
        }
        SyncMode mode = SyncMode.INCREMENTAL;
        JsonNode modeNode = node.get("mode");
        if (modeNode != null && !modeNode.isNull()) {
            switch (modeNode.asText("").toLowerCase(Locale.ROOT)) {
                case "incremental" -> mode = SyncMode.INCREMENTAL;
                case "full" -> mode = SyncMode.FULL;
                default -> errors.add(new FieldError("mode", "must be incremental or full"));
            }
        }
        Reason reason = fallback;
        JsonNode reasonNode = node.get("reason");
        if (reasonNode != null && !reasonNode.isNull()) {
            reason = Reason.fromJson(reasonNode.asText(""));
            if (reason == null) {
                errors.add(new FieldError("reason", "must be schedule, continuation or manual"));
            }
        }
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        return new SyncRequest(sourceId, mode, reason);
    }

    /**
     * The request that goes on where this one's run stopped for time: always incremental, from the
     * cursors the stopped run committed (a full run starts its cursors again in its first batch, so
     * its continuation reads the rest; a full continuation would start over every time and never
     * finish a source larger than one invocation).
     */
    public SyncRequest continuation() {
        return new SyncRequest(sourceId, SyncMode.INCREMENTAL, Reason.CONTINUATION);
    }
}
