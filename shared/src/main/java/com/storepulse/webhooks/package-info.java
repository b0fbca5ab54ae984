/**
 * Webhook intake (docs/webhooks.md): sources and their keys ({@link
 * com.storepulse.webhooks.WebhookSources}), signature verification for Standard Webhooks (v1 HMAC,
 * v1a Ed25519), Shopify and Stripe ({@link com.storepulse.webhooks.SignatureVerifier}), the event
 * schemas of docs/webhooks/ ({@link com.storepulse.webhooks.EventSchemas}) and the intake itself
 * ({@link com.storepulse.webhooks.WebhookIntake}), which applies each event exactly once through
 * {@code com.storepulse.ingest}. Nothing here knows HTTP: the webhook-intake function's edge maps
 * these errors to problem+json, and customer-api's admin routes call the registry.
 */
package com.storepulse.webhooks;
