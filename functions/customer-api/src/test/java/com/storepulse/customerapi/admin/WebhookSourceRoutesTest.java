package com.storepulse.customerapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.auth.AdmissionHarness;
import com.storepulse.customerapi.admin.AccessRoutesHarness.Response;
import com.storepulse.observability.CapturedLogs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook-source admin routes (docs/webhooks.md, "Registering a source") on the real router and database. */
class WebhookSourceRoutesTest {

    private static final String ADMIN = AdmissionHarness.ADMIN_KEY;

    private final AccessRoutesHarness api = new AccessRoutesHarness();

    private long[] tenantAndStore() {
        return api.tenantAndStore("wh", ADMIN);
    }

    @Test
    void aSourceIsRegisteredListedRotatedAndRevokedAndItsSecretShownOnce() {
        long[] ids = tenantAndStore();
        String base = "/v1/admin/tenants/" + ids[0] + "/webhook-sources";
        Response created;
        try (CapturedLogs logs = new CapturedLogs()) {
            created = api.call(
                    "POST",
                    base,
                    ADMIN,
                    "{\"storeId\":" + ids[1] + ",\"scheme\":\"standard-webhooks\",\"name\":\"Shop\"}");
            assertEquals(201, created.status(), created.rawBody());
            String secret = created.body().path("secret").asText();
            assertTrue(secret.startsWith("whsec_"), created.rawBody());
            assertFalse(logs.lines().toString().contains(secret.substring(6)), "the secret is never logged");
        }
        String sourceId = created.body().at("/source/sourceId").asText();
        assertEquals(
                "/v1/webhooks/" + sourceId, created.body().at("/source/url").asText());

        Response listed = api.call("GET", base, ADMIN, null);
        assertEquals(200, listed.status(), listed.rawBody());
        assertEquals(sourceId, listed.body().at("/sources/0/sourceId").asText());
        assertFalse(listed.rawBody().contains(created.body().path("secret").asText()), "a listing shows no secret");

        Response rotated =
                api.call("POST", base + "/" + sourceId + "/secrets", ADMIN, "{\"expireCurrentAfterSeconds\":60}");
        assertEquals(201, rotated.status(), rotated.rawBody());
        assertTrue(rotated.body().path("secret").asText().startsWith("whsec_"));
        long oldSecretId = created.body().at("/source/secrets/0/secretId").asLong();
        Response afterRotation = api.call("GET", base, ADMIN, null);
        assertFalse(afterRotation.body().at("/sources/0/secrets/0/expiresAt").isMissingNode());

        Response revoked = api.call("DELETE", base + "/" + sourceId + "/secrets/" + oldSecretId, ADMIN, null);
        assertEquals(204, revoked.status(), revoked.rawBody());
        Response again = api.call("DELETE", base + "/" + sourceId + "/secrets/" + oldSecretId, ADMIN, null);
        assertEquals(404, again.status(), again.rawBody());
    }

    /**
     * One 400 names every bad field of a registration at once (docs/api.md, "Errors"): an unknown
     * field, a field of the wrong type, the body's own rules and the source rules of WebhookSources,
     * each field once.
     */
    @Test
    void aRegistrationReportsEveryBadFieldAtOnce() {
        long[] ids = tenantAndStore();
        String base = "/v1/admin/tenants/" + ids[0] + "/webhook-sources";

        Response refused = api.call(
                "POST",
                base,
                ADMIN,
                "{\"storeId\":\"" + ids[1] + "\",\"scheme\":\"paypal\",\"name\":\"\",\"publicKey\":\"whpk_nope\","
                        + "\"secret\":\"whsec_c2hvcnQ=\",\"colour\":\"red\"}");
        assertEquals(400, refused.status(), refused.rawBody());
        assertEquals("VALIDATION_FAILED", refused.code(), refused.rawBody());
        assertEquals(
                List.of("colour", "storeId", "name", "scheme", "publicKey", "secret"),
                refused.fields(),
                refused.rawBody());
        assertEquals(
                "The request has 6 invalid field(s)",
                refused.body().path("detail").asText());
        assertFalse(refused.body().path("correlationId").asText().isEmpty(), refused.rawBody());
        assertFalse(refused.rawBody().contains("c2hvcnQ"), "a refused secret is not echoed: " + refused.rawBody());

        assertEquals(
                List.of("publicKey", "secret"),
                refusedFields(
                        base,
                        "{\"storeId\":" + ids[1] + ",\"scheme\":\"shopify\",\"name\":\"x\",\"publicKey\":\"whpk_"
                                + "A".repeat(43) + "=\",\"secret\":\"tiny\"}"));
        assertEquals(
                List.of("name", "secret"),
                refusedFields(
                        base,
                        "{\"storeId\":" + ids[1] + ",\"scheme\":\"standard-webhooks\",\"name\":\"\\u0007\","
                                + "\"secret\":\"not-a-whsec-secret-at-all\"}"));

        Response otherTenantsStore = api.call(
                "POST",
                "/v1/admin/tenants/" + tenantAndStore()[0] + "/webhook-sources",
                ADMIN,
                "{\"storeId\":" + ids[1] + ",\"scheme\":\"shopify\",\"name\":\"x\"}");
        assertEquals(404, otherTenantsStore.status(), otherTenantsStore.rawBody());
    }

    /** The fields a 400 to POST {@code path} with {@code body} names. */
    private List<String> refusedFields(String path, String body) {
        Response refused = api.call("POST", path, ADMIN, body);
        assertEquals(400, refused.status(), refused.rawBody());
        return refused.fields();
    }

    /** A rotation's key rules, which need the source's scheme, are reported together too. */
    @Test
    void aRotationReportsEveryBadFieldAtOnce() {
        long[] ids = tenantAndStore();
        String base = "/v1/admin/tenants/" + ids[0] + "/webhook-sources";
        Response created =
                api.call("POST", base, ADMIN, "{\"storeId\":" + ids[1] + ",\"scheme\":\"stripe\",\"name\":\"Stripe\"}");
        assertEquals(201, created.status(), created.rawBody());
        String sourceId = created.body().at("/source/sourceId").asText();

        Response refused = api.call(
                "POST",
                base + "/" + sourceId + "/secrets",
                ADMIN,
                "{\"expireCurrentAfterSeconds\":-1,\"publicKey\":\"whpk_x\",\"secret\":\"whsec_abcdefghijklmnop\"}");
        assertEquals(400, refused.status(), refused.rawBody());
        assertEquals(List.of("expireCurrentAfterSeconds", "publicKey", "secret"), refused.fields(), refused.rawBody());
    }

    @Test
    void onlyTheAdminKeyMayCallThem() {
        Response anonymous = api.call("GET", "/v1/admin/tenants/1/webhook-sources", null, null);
        assertEquals(401, anonymous.status());
    }
}
