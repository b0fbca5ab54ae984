package com.storepulse.customerapi.admin;

import com.storepulse.auth.Scopes;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Rfc3339;
import com.storepulse.webhooks.WebhookSources;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/** The admin routes' request bodies, each with its own field checks. */
final class AdminRequests {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}"); // as the tenant table's CHECK
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final int MAX_NAME = 200;
    static final int MAX_STORES_PER_KEY = 1000;
    static final int MAX_PER_MINUTE = 100_000;
    static final int MAX_BURST = 10_000;
    static final int DEFAULT_PER_MINUTE = 600;
    static final int DEFAULT_BURST = 100;

    private AdminRequests() {}

    /**
     * POST /v1/admin/alert-silences: exactly one of {@code fingerprint} and {@code namePattern};
     * {@code endsAt} an RFC 3339 date-time within 30 days; {@code comment} says why and who to ask.
     * The fan-out's own rules (AlertSilences) validate the rest.
     */
    record NewAlertSilence(String fingerprint, String namePattern, String endsAt, String comment) {

        /** {@code endsAt} as an instant (null when absent: AlertSilences requires it). */
        Instant endsAtInstant() {
            if (endsAt == null) {
                return null;
            }
            return Rfc3339.parse(endsAt)
                    .orElseThrow(() -> ValidationException.of("endsAt", "must be " + Rfc3339.DESCRIPTION));
        }
    }

    /** POST /v1/admin/tenants. */
    record NewTenant(String slug, String name) {
        void check() {
            FieldChecks checks = new FieldChecks();
            if (slug == null || !SLUG.matcher(slug).matches()) {
                checks.fail(
                        "slug",
                        "is required: 2-63 characters, lowercase letters, digits and '-', starting with a letter or digit");
            }
            checks.requireText("name", name, MAX_NAME);
            checks.throwIfAny();
        }
    }

    /** POST /v1/admin/tenants/{tenantId}/stores; currency defaults to USD, timezone to UTC. */
    record NewStore(String name, String currency, String timezone) {
        void check() {
            FieldChecks checks = new FieldChecks();
            checks.requireText("name", name, MAX_NAME);
            if (currency != null && !CURRENCY.matcher(currency).matches()) {
                checks.fail("currency", "must be an ISO 4217 code such as EUR");
            }
            if (timezone != null && !isRegionZone(timezone)) {
                checks.fail("timezone", "must be an IANA time zone such as Europe/Paris");
            }
            checks.throwIfAny();
        }

        String currencyOrDefault() {
            return currency == null ? "USD" : currency;
        }

        String timezoneOrDefault() {
            return timezone == null ? "UTC" : timezone;
        }

        private static boolean isRegionZone(String zone) {
            if (zone.length() > 64) {
                return false;
            }
            try {
                return ZoneId.of(zone).getId().equals(zone);
            } catch (DateTimeException e) {
                return false;
            }
        }
    }

    /**
     * POST /v1/admin/tenants/{tenantId}/api-keys. {@code allowedStoreIds} absent: every store of
     * the tenant, now and later. {@code expiresAt}: optional RFC 3339 date-time in the future, year
     * 9999 at the latest ({@link Rfc3339}).
     */
    record NewApiKey(
            String name,
            List<String> scopes,
            List<Long> allowedStoreIds,
            Integer rateLimitPerMinute,
            Integer rateLimitBurst,
            String expiresAt) {

        /** Checks everything but store ownership (that needs the database); returns the parsed expiry. */
        Instant check(Instant now) {
            FieldChecks checks = new FieldChecks();
            checks.requireText("name", name, MAX_NAME);
            if (scopes == null || scopes.isEmpty()) {
                checks.fail("scopes", "is required: one or more of " + StrictJson.oneOf(Scopes.ALL));
            } else {
                for (int i = 0; i < scopes.size(); i++) {
                    if (!Scopes.ALL.contains(scopes.get(i))) {
                        checks.fail("scopes[" + i + "]", "unknown scope; one of " + StrictJson.oneOf(Scopes.ALL));
                    }
                }
            }
            if (allowedStoreIds != null) {
                if (allowedStoreIds.isEmpty() || allowedStoreIds.size() > MAX_STORES_PER_KEY) {
                    checks.fail(
                            "allowedStoreIds",
                            "must list 1 to " + MAX_STORES_PER_KEY + " stores; omit it for every store of the tenant");
                }
                for (int i = 0; i < allowedStoreIds.size(); i++) {
                    if (allowedStoreIds.get(i) < 1) {
                        checks.fail("allowedStoreIds[" + i + "]", "must be a positive store id");
                    }
                }
            }
            checks.optionalRange("rateLimitPerMinute", rateLimitPerMinute, 1, MAX_PER_MINUTE);
            checks.optionalRange("rateLimitBurst", rateLimitBurst, 1, MAX_BURST);
            Instant expiry = null;
            if (expiresAt != null) {
                expiry = Rfc3339.parse(expiresAt).orElse(null);
                if (expiry == null) {
                    checks.fail("expiresAt", "must be " + Rfc3339.DESCRIPTION);
                } else if (!expiry.isAfter(now)) {
                    checks.fail("expiresAt", "must be in the future");
                }
            }
            checks.throwIfAny();
            return expiry;
        }

        int perMinuteOrDefault() {
            return rateLimitPerMinute == null ? DEFAULT_PER_MINUTE : rateLimitPerMinute;
        }

        int burstOrDefault() {
            return rateLimitBurst == null ? DEFAULT_BURST : rateLimitBurst;
        }

        List<String> distinctScopes() {
            return scopes.stream().distinct().sorted().toList();
        }
    }

    /**
     * POST /v1/admin/tenants/{tenantId}/webhook-sources (docs/webhooks.md, "Registering a source"):
     * {@code check} adds what is wrong with it to {@code checks}, the source rules of
     * {@link WebhookSources#registrationErrors} included, so one 400 names every bad field.
     */
    record NewWebhookSource(Long storeId, String scheme, String name, String publicKey, String secret) {
        void check(FieldChecks checks) {
            if (storeId == null || storeId <= 0) {
                checks.fail("storeId", "is required: a store id of the tenant");
            }
            if (scheme == null) {
                checks.fail("scheme", "is required: standard-webhooks, shopify or stripe");
            }
            checks.requireText("name", name, MAX_NAME);
            WebhookSources.registrationErrors(scheme, name, publicKey, secret)
                    .forEach(error -> checks.fail(error.field(), error.message()));
        }

        /** Never the secret: records print their fields, and requests may be logged. */
        @Override
        public String toString() {
            return "NewWebhookSource[storeId=" + storeId + ", scheme=" + scheme + ", name=" + name + ", publicKey="
                    + publicKey + "]";
        }
    }

    /**
     * POST /v1/admin/tenants/{tenantId}/webhook-sources/{sourceId}/secrets: a new key; the current
     * ones of the same kind stay valid {@code expireCurrentAfterSeconds} (default 24 h). Its rules
     * need the source's scheme: {@link WebhookSources#addSecret} checks them all at once.
     */
    record NewWebhookSecret(Integer expireCurrentAfterSeconds, String publicKey, String secret) {
        /** Never the secret: records print their fields, and requests may be logged. */
        @Override
        public String toString() {
            return "NewWebhookSecret[expireCurrentAfterSeconds=" + expireCurrentAfterSeconds + ", publicKey="
                    + publicKey + "]";
        }
    }

    /** POST /v1/admin/tenants/{tenantId}/sync-sources (docs/sync.md, "Registering a source"). */
    record NewSyncSource(
            Long storeId,
            String jdbcUrl,
            String username,
            String password,
            java.util.Map<String, String> mapping,
            String cursor) {
        void check() {
            FieldChecks checks = new FieldChecks();
            if (storeId == null || storeId <= 0) {
                checks.fail("storeId", "is required: a store id of the tenant");
            }
            if (jdbcUrl == null) {
                checks.fail(
                        "jdbcUrl",
                        "is required: jdbc:sqlserver://..., jdbc:mariadb://..., jdbc:mysql://... or jdbc:h2:...");
            }
            checks.throwIfAny();
        }

        /** Never the password: records print their fields, and requests may be logged. */
        @Override
        public String toString() {
            return "NewSyncSource[storeId=" + storeId + ", jdbcUrl=" + jdbcUrl + ", cursor=" + cursor + "]";
        }
    }
}
