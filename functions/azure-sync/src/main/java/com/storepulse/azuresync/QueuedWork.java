package com.storepulse.azuresync;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of a sync queue message, and what a manual invoke asks for: a source to sync
 * ({@link SyncRequest}) or a store to rescore ({@link RescoreRequest}).
 */
public sealed interface QueuedWork permits SyncRequest, RescoreRequest {

    /** The JSON of a queue message body. */
    String toJson();

    /** The work in a few words, for logs. */
    String describe();

    /** Reads a body: a {@code job} field makes it a {@link RescoreRequest}, else a {@link SyncRequest}. */
    static QueuedWork parse(JsonNode node, SyncRequest.Reason fallback) {
        if (node != null && node.isObject() && node.has(RescoreRequest.JOB_FIELD)) {
            return RescoreRequest.parse(node, fallback);
        }
        return SyncRequest.parse(node, fallback);
    }
}
