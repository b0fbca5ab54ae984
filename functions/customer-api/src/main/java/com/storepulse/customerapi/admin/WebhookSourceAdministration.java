package com.storepulse.customerapi.admin;

import com.storepulse.webhooks.SecretInfo;
import com.storepulse.webhooks.WebhookSource;
import com.storepulse.webhooks.WebhookSources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The admin routes' view of {@link WebhookSources}: what each answer shows. An HMAC secret appears
 * once, in the answer that created it ({@code secret}); listings show keys' ids, kinds, public keys
 * and dates only.
 */
final class WebhookSourceAdministration {

    private final WebhookSources sources;

    WebhookSourceAdministration(WebhookSources sources) {
        this.sources = sources;
    }

    record SourceView(
            String sourceId,
            long storeId,
            String scheme,
            String name,
            String url,
            Instant createdAt,
            Instant revokedAt,
            List<SecretInfo> secrets) {

        static SourceView of(WebhookSource source, List<SecretInfo> secrets) {
            return new SourceView(
                    source.sourceId(),
                    source.storeId(),
                    source.scheme().code(),
                    source.name(),
                    "/v1/webhooks/" + source.sourceId(),
                    source.createdAt(),
                    source.revokedAt(),
                    secrets);
        }
    }

    /** {@code secret}: the HMAC secret, shown this once (null for an Ed25519 source). */
    record Created(SourceView source, String secret) {}

    record Sources(List<SourceView> sources) {}

    /** {@code secret}: the new HMAC secret, shown this once (null for an Ed25519 key). */
    record AddedSecret(SecretInfo added, String secret) {}

    /** {@code checks}: what reading the body found wrong already (StrictJson); the body's own rules are added. */
    Created register(long tenantId, AdminRequests.NewWebhookSource request, FieldChecks checks) {
        request.check(checks);
        checks.throwIfAny();
        WebhookSources.Registered registered = sources.register(
                tenantId, request.storeId(), request.scheme(), request.name(), request.publicKey(), request.secret());
        return new Created(SourceView.of(registered.source(), registered.secrets()), registered.secret());
    }

    Sources list(long tenantId) {
        return new Sources(sources.list(tenantId).stream()
                .map(view -> SourceView.of(view.source(), view.secrets()))
                .toList());
    }

    AddedSecret addSecret(long tenantId, String sourceId, AdminRequests.NewWebhookSecret request) {
        WebhookSources.Rotated rotated = sources.addSecret(
                tenantId,
                sourceId,
                request.expireCurrentAfterSeconds() == null
                        ? null
                        : Duration.ofSeconds(request.expireCurrentAfterSeconds()),
                request.publicKey(),
                request.secret());
        return new AddedSecret(rotated.added(), rotated.secret());
    }

    void revokeSecret(long tenantId, String sourceId, long secretId) {
        sources.revokeSecret(tenantId, sourceId, secretId);
    }
}
