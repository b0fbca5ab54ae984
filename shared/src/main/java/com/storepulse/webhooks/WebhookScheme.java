package com.storepulse.webhooks;

import java.util.Optional;

/** How a source signs its requests (docs/webhooks.md, "Schemes"). */
public enum WebhookScheme {
    /** Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} (v1 HMAC, v1a Ed25519). */
    STANDARD_WEBHOOKS("standard-webhooks"),
    /** Shopify: {@code X-Shopify-Hmac-Sha256}, base64 HMAC-SHA256 of the raw body; id in {@code X-Shopify-Webhook-Id}. */
    SHOPIFY("shopify"),
    /** Stripe: {@code Stripe-Signature: t=...,v1=...}, hex HMAC-SHA256 of {@code t.body}; id in the body's {@code id}. */
    STRIPE("stripe");

    private final String code;

    WebhookScheme(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<WebhookScheme> fromCode(String code) {
        for (WebhookScheme scheme : values()) {
            if (scheme.code.equals(code)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }
}
