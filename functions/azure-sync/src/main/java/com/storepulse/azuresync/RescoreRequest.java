package com.storepulse.azuresync;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Rescore every customer of one store as of now, refitting when the refit rule says so or when
 * {@code refit} asks: the body of a queue message of the daily scoring schedule
 * ({@code {"storeId": 7, "job": "rescore", "reason": "schedule"}}) and an operator's invoke
 * ({@code {"storeId": 7, "job": "rescore", "refit": true}}).
 */
public record RescoreRequest(long storeId, boolean refit, SyncRequest.Reason reason) implements QueuedWork {

    static final String JOB_FIELD = "job";
    static final String JOB = "rescore";

    @Override
    public String toJson() {
        return Json.write(new Body(storeId, JOB, refit, reason));
    }

    private record Body(long storeId, String job, boolean refit, SyncRequest.Reason reason) {}

    @Override
    public String describe() {
        return "rescoring of store " + storeId + (refit ? " with a refit" : "") + " (" + reason.json() + ")";
    }

    /**
     * Reads a body or an invoke: {@code storeId} a positive integer, {@code job} {@code rescore},
     * {@code refit} a boolean (default false), {@code reason} as {@link SyncRequest} writes it.
     * Errors name the field, never quote the input.
     */
    static RescoreRequest parse(JsonNode node, SyncRequest.Reason fallback) {
        List<FieldError> errors = new ArrayList<>();
        if (!JOB.equals(node.path(JOB_FIELD).asText(null))) {
            errors.add(new FieldError(JOB_FIELD, "must be rescore"));
        }
        JsonNode id = node.get("storeId");
        long storeId = 0;
        if (id != null && id.isIntegralNumber() && id.canConvertToLong() && id.asLong() > 0) {
            storeId = id.asLong();
        } else {
            errors.add(new FieldError("storeId", "must be a positive integer"));
        }
        JsonNode refitNode = node.get("refit");
        boolean refit = false;
        if (refitNode != null && !refitNode.isNull()) {
            if (refitNode.isBoolean()) {
                refit = refitNode.booleanValue();
            } else {
                errors.add(new FieldError("refit", "must be true or false"));
            }
        }
        SyncRequest.Reason reason = fallback;
        JsonNode reasonNode = node.get("reason");
        if (reasonNode != null && !reasonNode.isNull()) {
            reason = SyncRequest.Reason.fromJson(reasonNode.asText(""));
            if (reason == null) {
                errors.add(new FieldError("reason", "must be schedule, continuation or manual"));
            }
        }
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        return new RescoreRequest(storeId, refit, reason);
    }
}
