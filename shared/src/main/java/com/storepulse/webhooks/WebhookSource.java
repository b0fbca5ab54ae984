package com.storepulse.webhooks;

import java.time.Instant;

/** A registered sender: one tenant's store, one signing scheme. {@code revokedAt} null: active. */
public record WebhookSource(
        String sourceId,
        long tenantId,
        long storeId,
        WebhookScheme scheme,
        String name,
        Instant createdAt,
        Instant revokedAt) {}
