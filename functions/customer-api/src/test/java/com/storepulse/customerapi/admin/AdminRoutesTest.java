package com.storepulse.customerapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.AccessFixtures;
import com.storepulse.auth.AdmissionHarness;
import com.storepulse.auth.ApiKeys;
import com.storepulse.auth.Scopes;
import com.storepulse.customerapi.admin.AccessRoutesHarness.Response;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {

    private static final String ADMIN = AdmissionHarness.ADMIN_KEY;

    private final AccessRoutesHarness api = new AccessRoutesHarness();

    private static String slug() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long tenant() {
        Response created =
                api.call("POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"" + slug() + "\",\"name\":\"Shop\"}");
        assertEquals(201, created.status(), created.rawBody());
        return created.body().path("tenantId").asLong();
    }

    private long store(long tenantId) {
        Response created = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/stores",
                ADMIN,
                "{\"name\":\"Main street\",\"currency\":\"EUR\",\"timezone\":\"Europe/Paris\"}");
        assertEquals(201, created.status(), created.rawBody());
        return created.body().path("storeId").asLong();
    }

    @Test
    void onboardingCreatesAKeyThatWorksOnceShownAndStopsWorkingWhenRevoked() {
        long tenantId = tenant();
        long storeId = store(tenantId);
        Response created;
        try (CapturedLogs logs = new CapturedLogs()) {
            created = api.call(
                    "POST",
                    "/v1/admin/tenants/" + tenantId + "/api-keys",
                    ADMIN,
                    "{\"name\":\"warehouse sync\",\"scopes\":[\"usage:read\",\"stores:read\"],\"allowedStoreIds\":["
                            + storeId + "]," + "\"rateLimitPerMinute\":120,\"rateLimitBurst\":20}");
            assertEquals(201, created.status(), created.rawBody());
            String key = created.body().path("key").asText();
            assertTrue(ApiKeys.isWellFormed(key));
            assertFalse(logs.lines().toString().contains(key.substring(17)), "the secret is never logged");
        }
        String key = created.body().path("key").asText();
        JsonNode apiKey = created.body().path("apiKey");
        assertEquals(ApiKeys.prefixOf(key), apiKey.path("prefix").asText());
        assertEquals(
                List.of("stores:read", "usage:read"),
                apiKey.path("scopes").valueStream().map(JsonNode::asText).toList());
        assertEquals(storeId, apiKey.path("allowedStoreIds").get(0).asLong());
        assertEquals(120, apiKey.path("rateLimitPerMinute").asInt());
        assertEquals("active", apiKey.path("status").asText());
        assertEquals("no-store", created.headers().get("Cache-Control"));

        assertEquals(200, api.call("GET", "/v1/usage", key, null).status(), "the new key works at once");

        Response listed = api.call("GET", "/v1/admin/tenants/" + tenantId + "/api-keys", ADMIN, null);
        assertEquals(200, listed.status());
        assertEquals(1, listed.body().path("items").size());
        assertFalse(listed.rawBody().contains(key.substring(17)), "listings never show the secret");
        assertFalse(listed.rawBody().contains("keyHash") || listed.rawBody().contains("\"key\""), listed.rawBody());

        long apiKeyId = apiKey.path("apiKeyId").asLong();
        assertEquals(
                204,
                api.call("DELETE", "/v1/admin/api-keys/" + apiKeyId, ADMIN, null)
                        .status());
        assertEquals(
                401, api.call("GET", "/v1/usage", key, null).status(), "revoked here: this instance forgets at once");
        assertEquals(
                204,
                api.call("DELETE", "/v1/admin/api-keys/" + apiKeyId, ADMIN, null)
                        .status(),
                "idempotent");
        assertEquals(
                "revoked",
                api.call("GET", "/v1/admin/tenants/" + tenantId + "/api-keys", ADMIN, null)
                        .body()
                        .path("items")
                        .get(0)
                        .path("status")
                        .asText());
        assertEquals(
                404,
                api.call("DELETE", "/v1/admin/api-keys/999999999", ADMIN, null).status());
    }

    @Test
    void onlyTheAdminKeyMayUseAdminRoutes() {
        AccessFixtures fixtures = new AccessFixtures(TestDatabase.shared());
        String tenantKey = fixtures.key(fixtures.tenant(), Scopes.STORES_READ, Scopes.USAGE_READ)
                .secret();
        String body = "{\"slug\":\"" + slug() + "\",\"name\":\"x\"}";
        assertEquals(401, api.call("POST", "/v1/admin/tenants", null, body).status());
        assertEquals(
                401, api.call("POST", "/v1/admin/tenants", ADMIN + "x", body).status());
        assertEquals(403, api.call("POST", "/v1/admin/tenants", tenantKey, body).status());
        assertEquals(
                401,
                api.call("GET", "/v1/admin/tenants/1/api-keys", "' OR 1=1 --", null)
                        .status());
        assertEquals(403, api.call("GET", "/v1/usage", ADMIN, null).status(), "the admin key reads no tenant data");
    }

    @Test
    void aDuplicateSlugIs409() {
        String slug = slug();
        String body = "{\"slug\":\"" + slug + "\",\"name\":\"Shop\"}";
        assertEquals(201, api.call("POST", "/v1/admin/tenants", ADMIN, body).status());
        Response again = api.call("POST", "/v1/admin/tenants", ADMIN, body);
        assertEquals(409, again.status());
        assertEquals("CONFLICT", again.code());
    }

    @Test
    void everyWrongFieldIsNamedInOne400() {
        Response wrongTypes =
                api.call("POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"Bad Slug!\",\"name\":5,\"nmae\":\"typo\"}");
        assertEquals(400, wrongTypes.status());
        assertEquals("VALIDATION_FAILED", wrongTypes.code());
        assertEquals(
                List.of("nmae", "name"), wrongTypes.fields(), "unknown field and wrong type; type errors first stop");

        Response badSlug = api.call("POST", "/v1/admin/tenants", ADMIN, "{\"slug\":\"-x\"}");
        assertEquals(List.of("slug", "name"), badSlug.fields());

        long tenantId = tenant();
        long foreignStore = store(tenant());
        Response badKey = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/api-keys",
                ADMIN,
                "{\"name\":\"k\",\"scopes\":[\"stores:read\",\"admin:all\"],\"rateLimitPerMinute\":0,\"rateLimitBurst\":99999,"
                        + "\"expiresAt\":\"yesterday\"}");
        assertEquals(List.of("scopes[1]", "rateLimitPerMinute", "rateLimitBurst", "expiresAt"), badKey.fields());

        Response coerced = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/api-keys",
                ADMIN,
                "{\"name\":\"k\",\"scopes\":\"stores:read\",\"rateLimitPerMinute\":\"600\",\"allowedStoreIds\":[\"1\"]}");
        assertEquals(
                List.of("allowedStoreIds[0]", "rateLimitPerMinute", "scopes"),
                coerced.fields().stream().sorted().toList(),
                "no coercion of strings to numbers or of a string to a list");

        Response foreign = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/api-keys",
                ADMIN,
                "{\"name\":\"k\",\"scopes\":[\"stores:read\"],\"allowedStoreIds\":[" + foreignStore + "]}");
        assertEquals(400, foreign.status());
        assertEquals(List.of("allowedStoreIds"), foreign.fields());

        Response missing = api.call("POST", "/v1/admin/tenants/" + tenantId + "/api-keys", ADMIN, "{}");
        assertEquals(List.of("name", "scopes"), missing.fields());

        Response badStore = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/stores",
                ADMIN,
                "{\"name\":\"s\",\"currency\":\"euro\",\"timezone\":\"Mars/Olympus\"}");
        assertEquals(List.of("currency", "timezone"), badStore.fields());
    }

    @Test
    void malformedRequestsAreClear4xxNever500() {
        String path = "/v1/admin/tenants";
        Map<String, Response> answers = Map.of(
                "not json", api.call("POST", path, ADMIN, "{\"slug\":"),
                "an array", api.call("POST", path, ADMIN, "[1,2]"),
                "duplicate field",
                        api.call("POST", path, ADMIN, "{\"slug\":\"aa-1\",\"slug\":\"bb-2\",\"name\":\"x\"}"),
                "no body", api.call("POST", path, ADMIN, null),
                "too big", api.call("POST", path, ADMIN, "{\"name\":\"" + "x".repeat(20_000) + "\"}"),
                "wrong media type",
                        api.call(
                                "POST",
                                path,
                                ADMIN,
                                "slug=x",
                                Map.of("Content-Type", "application/x-www-form-urlencoded")),
                "non-numeric tenant", api.call("POST", path + "/12abc/stores", ADMIN, "{\"name\":\"s\"}"),
                "unknown tenant", api.call("POST", path + "/999999999/stores", ADMIN, "{\"name\":\"s\"}"));
        Map<String, Integer> expected = Map.of(
                "not json",
                400,
                "an array",
                400,
                "duplicate field",
                400,
                "no body",
                400,
                "too big",
                413,
                "wrong media type",
                415,
                "non-numeric tenant",
                400,
                "unknown tenant",
                404);
        expected.forEach((what, status) -> {
            Response r = answers.get(what);
            assertEquals(status, r.status(), what + ": " + r.rawBody());
            assertEquals("application/problem+json", r.headers().get("Content-Type"), what);
            assertFalse(r.rawBody().contains("Exception"), what);
        });
        assertEquals(List.of("tenantId"), answers.get("non-numeric tenant").fields());
    }

    @Test
    void sqlMetaCharactersAreStoredAsPlainText() {
        long tenantId = tenant();
        String name = "Robert'); DROP TABLE store; -- \\\" ünïcödé";
        Response created = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/stores",
                ADMIN,
                "{\"name\":\"Robert'); DROP TABLE store; -- \\\\\\\" ünïcödé\"}");
        assertEquals(201, created.status(), created.rawBody());
        assertEquals(name, created.body().path("name").asText());
        assertEquals("USD", created.body().path("currency").asText());
        assertEquals("UTC", created.body().path("timezone").asText());
        assertNotNull(created.body().path("createdAt").asText());
    }
}
