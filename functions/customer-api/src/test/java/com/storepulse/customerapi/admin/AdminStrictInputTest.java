package com.storepulse.customerapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.storepulse.auth.AdmissionHarness;
import com.storepulse.customerapi.admin.AccessRoutesHarness.Response;
import com.storepulse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an outside probe sent the admin routes (issue 15): timestamps beyond RFC 3339's four-digit
 * years, bodies that are not strictly one JSON document of Unicode text, path ids with a leading
 * zero. Each is a 400 problem+json and writes nothing.
 */
class AdminStrictInputTest {

    private static final String ADMIN = AdmissionHarness.ADMIN_KEY;

    private final AccessRoutesHarness api = new AccessRoutesHarness();

    private static String slug() {
        return "strict-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long tenant() {
        Response created =
                api.call("POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"" + slug() + "\",\"name\":\"Shop\"}");
        assertEquals(201, created.status(), created.rawBody());
        return created.body().path("tenantId").asLong();
    }

    private static int keysOf(long tenantId) {
        return TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM api_key WHERE tenant_id = :t")
                        .bind("t", tenantId)
                        .mapTo(Integer.class)
                        .one());
    }

    private static int silencesOf(String namePattern) {
        return TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM alert_silence WHERE name_pattern = :p")
                        .bind("p", namePattern)
                        .mapTo(Integer.class)
                        .one());
    }

    private static boolean tenantExists(String slug) {
        return TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM tenant WHERE slug = :s")
                                .bind("s", slug)
                                .mapTo(Integer.class)
                                .one()
                        > 0);
    }

    private static void assertProblem(Response response, int status, String code, String what) {
        assertEquals(status, response.status(), what + ": " + response.rawBody());
        assertEquals("application/problem+json", response.headers().get("Content-Type"), what);
        assertEquals(code, response.code(), what);
        assertFalse(response.body().path("correlationId").asText().isEmpty(), what);
    }

    @Test
    void anExpiryBeyondTheYear9999OrNotRfc3339Is400AndCreatesNoKey() {
        long tenantId = tenant();
        for (String expiresAt : List.of(
                "+999999999-12-31T23:59:59Z", // was a 500: long overflow
                "+294277-01-01T00:00:00Z", // was a 500 from PostgreSQL
                "+100000-01-01T00:00:00Z", // was stored and echoed as a six-digit year
                "+10000-01-01T00:00:00Z",
                "9999-12-31T23:59:59-01:00", // the year 10000 in UTC
                "9999-12-31T23:59:59.9999999Z", // stored (microseconds) as the year 10000
                "2030-01-31", // a date, not a date-time
                "2030-01-31T00:00Z")) { // RFC 3339 has seconds
            Response refused = api.call(
                    "POST",
                    "/v1/admin/tenants/" + tenantId + "/api-keys",
                    ADMIN,
                    "{\"name\":\"k\",\"scopes\":[\"stores:read\"],\"expiresAt\":\"" + expiresAt + "\"}");
            assertProblem(refused, 400, "VALIDATION_FAILED", expiresAt);
            assertEquals(List.of("expiresAt"), refused.fields(), expiresAt);
        }
        assertEquals(0, keysOf(tenantId), "nothing was written");

        Response latest = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/api-keys",
                ADMIN,
                "{\"name\":\"k\",\"scopes\":[\"stores:read\"],\"expiresAt\":\"9999-12-31T23:59:59Z\"}");
        assertEquals(201, latest.status(), latest.rawBody());
        assertEquals(
                "9999-12-31T23:59:59Z",
                latest.body().path("apiKey").path("expiresAt").asText());
    }

    /**
     * A silence may end within 30 days, so most out-of-range years were refused already; what got
     * through was a date-time in range spelled beyond RFC 3339: a signed six-digit year.
     */
    @Test
    void aSilenceEndNotInRfc3339Is400AndSilencesNothing() {
        String pattern = "strict-" + UUID.randomUUID() + "-*";
        String tomorrow = Instant.now()
                .plus(Duration.ofDays(1))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        for (String endsAt :
                List.of("+00" + tomorrow, "+999999999-12-31T23:59:59Z", "+100000-01-01T00:00:00Z", "tomorrow")) {
            Response refused = api.call(
                    "POST",
                    "/v1/admin/alert-silences",
                    ADMIN,
                    "{\"namePattern\":\"" + pattern + "\",\"endsAt\":\"" + endsAt + "\",\"comment\":\"probe\"}");
            assertProblem(refused, 400, "VALIDATION_FAILED", endsAt);
            assertEquals(List.of("endsAt"), refused.fields(), endsAt);
        }
        assertEquals(0, silencesOf(pattern), "nothing was written");
        Response accepted = api.call(
                "POST",
                "/v1/admin/alert-silences",
                ADMIN,
                "{\"namePattern\":\"" + pattern + "\",\"endsAt\":\"" + tomorrow + "\",\"comment\":\"probe\"}");
        assertEquals(201, accepted.status(), accepted.rawBody());
    }

    @Test
    void aBodyIsOneJsonDocumentOfUnicodeTextOrA400() {
        String a = slug();
        String b = slug();
        record Probe(String what, Response response, String slug) {}
        List<Probe> probes = List.of(
                new Probe(
                        "trailing garbage",
                        api.call("POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"" + a + "\",\"name\":\"a1\"}xyz"),
                        a),
                new Probe(
                        "two documents",
                        api.call(
                                "POST",
                                "/v1/admin/tenants",
                                ADMIN,
                                "{\"slug\":\"" + a + "\",\"name\":\"a2\"} {\"slug\":\"" + b + "\",\"name\":\"b\"}"),
                        a),
                new Probe(
                        "invalid UTF-8, as decoded before us (U+FFFD)",
                        api.call("POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"" + a + "\",\"name\":\"caf\uFFFD\"}"),
                        a),
                new Probe(
                        "invalid UTF-8 bytes (base64-encoded by API Gateway)",
                        api.callWithBytes(
                                "POST",
                                "/v1/admin/tenants",
                                ADMIN,
                                concat(
                                        "{\"slug\":\"" + a + "\",\"name\":\"caf",
                                        new byte[] {(byte) 0xC3, (byte) 0x28},
                                        "\"}")),
                        a),
                new Probe(
                        "a lone surrogate escape",
                        api.call("POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"" + a + "\",\"name\":\"x\\ud800\"}"),
                        a),
                new Probe(
                        "a lone low surrogate escape in a field name",
                        api.call(
                                "POST",
                                "/v1/admin/tenants",
                                ADMIN,
                                "{\"slug\":\"" + a + "\",\"name\":\"x\",\"\\udc00\":1}"),
                        a));
        for (Probe probe : probes) {
            assertProblem(probe.response(), 400, "MALFORMED_REQUEST", probe.what());
            assertFalse(tenantExists(probe.slug()), probe.what() + ": nothing was written");
        }
        assertFalse(tenantExists(b));

        long tenantId = tenant();
        Response webhookSource = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/webhook-sources",
                ADMIN,
                "{\"storeId\":1,\"scheme\":\"shopify\",\"name\":\"shop\"} {}");
        assertProblem(webhookSource, 400, "MALFORMED_REQUEST", "a webhook source registration with two documents");

        Response pair = api.call(
                "POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"" + b + "\",\"name\":\"smile \\ud83d\\ude00\"}");
        assertEquals(201, pair.status(), "a surrogate pair is Unicode: " + pair.rawBody());
        assertEquals("smile \uD83D\uDE00", pair.body().path("name").asText());
    }

    @Test
    void anAdminPathIdWithALeadingZeroIsRefusedLikeADataRoutesStoreId() {
        long tenantId = tenant();
        Response created = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/api-keys",
                ADMIN,
                "{\"name\":\"k\",\"scopes\":[\"usage:read\"]}");
        assertEquals(201, created.status(), created.rawBody());
        long apiKeyId = created.body().path("apiKey").path("apiKeyId").asLong();
        String key = created.body().path("key").asText();

        for (String spelling : List.of("0" + apiKeyId, "00" + apiKeyId, "+" + apiKeyId, "0")) {
            Response refused = api.call("DELETE", "/v1/admin/api-keys/" + spelling, ADMIN, null);
            assertProblem(refused, 400, "VALIDATION_FAILED", spelling);
            assertEquals(List.of("apiKeyId"), refused.fields(), spelling);
        }
        assertEquals(200, api.call("GET", "/v1/usage", key, null).status(), "the key was not revoked");

        Response listed = api.call("GET", "/v1/admin/tenants/0" + tenantId + "/api-keys", ADMIN, null);
        assertProblem(listed, 400, "VALIDATION_FAILED", "a tenant id with a leading zero");
        assertEquals(List.of("tenantId"), listed.fields());
        Response silence = api.call("DELETE", "/v1/admin/alert-silences/01", ADMIN, null);
        assertProblem(silence, 400, "VALIDATION_FAILED", "a silence id with a leading zero");
    }

    /**
     * A webhook source id is opaque text in the path, so it can hold what no id has: a NUL, which
     * PostgreSQL refuses in a text parameter (the fuzz suite's first finding: a 500). It is a
     * source that does not exist.
     */
    @Test
    void aWebhookSourceIdNoSourceCanHaveIsA404() {
        long tenantId = tenant();
        for (String sourceId : List.of("src_\u0000", "\u0000", "src_\u202e", "a".repeat(65))) {
            Response revoke = api.call(
                    "DELETE",
                    "/v1/admin/tenants/" + tenantId + "/webhook-sources/" + sourceId + "/secrets/1",
                    ADMIN,
                    null);
            assertProblem(revoke, 404, "NOT_FOUND", "revoke under " + sourceId.length() + " characters");
            Response rotate = api.call(
                    "POST", "/v1/admin/tenants/" + tenantId + "/webhook-sources/" + sourceId + "/secrets", ADMIN, "{}");
            assertProblem(rotate, 404, "NOT_FOUND", "rotate under " + sourceId.length() + " characters");
        }
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(middle, 0, out, h.length, middle.length);
        System.arraycopy(t, 0, out, h.length + middle.length, t.length);
        return out;
    }
}
