package com.storepulse.webhooks;

import java.time.Instant;

/**
 * A request whose signature checked out.
 *
 * @param eventId the sender's event id from a header (Standard Webhooks, Shopify); null for Stripe,
 *     whose id is the body's {@code id}
 * @param sentAt the signed timestamp; null for Shopify, which signs none
 * @param secretId which of the source's keys verified it
 */
public record Verification(String eventId, Instant sentAt, long secretId) {}
