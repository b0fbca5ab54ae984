package com.storepulse.customerapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.storepulse.auth.AdmissionHarness;
import com.storepulse.customerapi.admin.AccessRoutesHarness.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an outside probe sent the admin routes (issue 15): path ids with a leading zero. Each is a
 * 400 problem+json and writes nothing.
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

    private static void assertProblem(Response response, int status, String code, String what) {
        assertEquals(status, response.status(), what + ": " + response.rawBody());
        assertEquals("application/problem+json", response.headers().get("Content-Type"), what);
        assertEquals(code, response.code(), what);
        assertFalse(response.body().path("correlationId").asText().isEmpty(), what);
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
}
