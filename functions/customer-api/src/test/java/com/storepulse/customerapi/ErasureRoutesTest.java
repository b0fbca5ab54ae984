package com.storepulse.customerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.testing.TestDatabase;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /v1/stores/{storeId}/customers/{customerId}} and {@code GET
 * /v1/stores/{storeId}/erasures/{erasureId}} through the real handler, admission, PostgreSQL and
 * Redis: the scope, the 202 with its Location, the request that reads back completed, the cached
 * detail gone, idempotence, and the errors of the route.
 */
class ErasureRoutesTest {

    private static final Jdbi JDBI = TestDatabase.shared().jdbi();

    private static RealApi api;
    private static long tenant;
    private static long store;

    @BeforeAll
    static void start() {
        api = new RealApi();
        tenant = JDBI.withHandle(h -> h.createQuery(
                        "INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                .bind("s", "er-" + UUID.randomUUID().toString().substring(0, 8))
                .mapTo(Long.class)
                .one());
        store = JDBI.withHandle(
                h -> h.createQuery("INSERT INTO store (tenant_id, name) VALUES (:t, 'Erasures') RETURNING store_id")
                        .bind("t", tenant)
                        .mapTo(Long.class)
                        .one());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static String customer(String name) {
        String id = "B2B/" + name + "/" + UUID.randomUUID().toString().substring(0, 6);
        JDBI.useHandle(h -> h.createUpdate("""
                        INSERT INTO dim_customer (store_id, external_id, email, first_name, last_name)
                        VALUES (:s, :id, :email, :name, 'Tester')""")
                .bind("s", store)
                .bind("id", id)
                .bind("email", name + "@example.com")
                .bind("name", name)
                .execute());
        return id;
    }

    @Test
    void anErasureIsAcceptedReadBackCompleteAndRepeatable() {
        String eraser = api.issueKey(tenant, "[\"customers:erase\",\"customers:read\"]", null, 600, 100);
        String ada = customer("ada");
        String detail = "/v1/stores/" + store + "/customers/" + ada;
        assertEquals(200, api.get(detail, eraser).status(), "read (and cached) before");

        RealApi.Reply accepted = api.send("DELETE", detail, eraser, null);

        assertEquals(202, accepted.status(), String.valueOf(accepted.body()));
        String erasureId = accepted.body().path("erasureId").asText();
        assertEquals(
                "/v1/stores/" + store + "/erasures/" + erasureId,
                accepted.headers().get("Location"));
        assertEquals("completed", accepted.body().path("status").asText(), "Redis confirmed the cached copy is gone");
        assertTrue(accepted.body().path("customerFound").asBoolean());
        assertNotNull(accepted.headers().get("RateLimit-Remaining"));
        assertFalse(accepted.body().toString().contains(ada), "the answer does not repeat the id");

        RealApi.Reply read = api.get(accepted.headers().get("Location"), eraser);
        assertEquals(200, read.status(), String.valueOf(read.body()));
        assertEquals(erasureId, read.body().path("erasureId").asText());
        assertEquals("completed", read.body().path("status").asText());
        assertFalse(read.body().path("completedAt").asText().isEmpty());
        assertTrue(read.body().path("completesBy").isMissingNode());

        assertEquals(404, api.get(detail, eraser).status(), "the cached detail went with it");
        RealApi.Reply again = api.send("DELETE", detail, eraser, null);
        assertEquals(202, again.status());
        assertEquals(erasureId, again.body().path("erasureId").asText(), "asking again answers the same request");
    }

    @Test
    void theRouteNeedsItsScopeAndSaysWhatIsWrong() {
        String reader = api.issueKey(tenant, "[\"customers:read\"]", null, 600, 100);
        String eraser = api.issueKey(tenant, "[\"customers:erase\"]", null, 600, 100);
        String bob = customer("bob");
        RealApi.Reply forbidden = api.send("DELETE", "/v1/stores/" + store + "/customers/" + bob, reader, null);
        assertEquals(403, forbidden.status());
        assertEquals("FORBIDDEN", forbidden.body().path("code").asText());
        long stillThere = JDBI.withHandle(
                h -> h.createQuery("SELECT count(*) FROM dim_customer WHERE store_id = :s AND external_id = :id")
                        .bind("s", store)
                        .bind("id", bob)
                        .mapTo(Long.class)
                        .one());
        assertEquals(1, stillThere, "a refused erasure erases nothing");

        RealApi.Reply unknown = api.send("DELETE", "/v1/stores/" + store + "/customers/never-seen", eraser, null);
        assertEquals(202, unknown.status(), "an id not held yet is suppressed all the same");
        assertFalse(unknown.body().path("customerFound").asBoolean());

        assertEquals(
                404,
                api.get("/v1/stores/" + store + "/erasures/" + UUID.randomUUID(), eraser)
                        .status());
        RealApi.Reply malformed = api.get("/v1/stores/" + store + "/erasures/not-a-uuid", eraser);
        assertEquals(400, malformed.status());
        assertEquals(
                "erasureId",
                malformed.body().path("errors").path(0).path("field").asText());
    }

    @Test
    void theExportIsEverythingHeldAboutTheCustomerAndTheDetailRouteStillServesItsIds() {
        String exporter = api.issueKey(tenant, "[\"customers:export\",\"customers:read\"]", null, 600, 100);
        String reader = api.issueKey(tenant, "[\"customers:read\"]", null, 600, 100);
        String cleo = "cleo-" + UUID.randomUUID().toString().substring(0, 6);
        JDBI.useHandle(
                h -> h.createUpdate("""
                        INSERT INTO dim_customer (store_id, external_id, email, first_name, last_name)
                        VALUES (:s, :id, 'cleo@example.com', 'Cleo', 'Tester')""").bind("s", store).bind("id", cleo).execute());
        String path = "/v1/stores/" + store + "/customers/" + cleo + "/export";

        RealApi.Reply export = api.get(path, exporter);

        assertEquals(200, export.status(), String.valueOf(export.body()));
        assertEquals(cleo, export.body().path("customerId").asText());
        assertEquals(
                "cleo@example.com", export.body().path("profile").path("email").asText());
        assertTrue(export.body().path("orders").isArray());
        assertTrue(export.body().path("scores").isNull(), "not scored yet");
        assertTrue(export.body().path("webhookEvents").isArray());
        assertEquals("no-store", export.headers().get("Cache-Control"));
        assertEquals(403, api.get(path, reader).status(), "customers:read is not enough");
        assertEquals(
                404,
                api.get("/v1/stores/" + store + "/customers/nobody/export", exporter)
                        .status());

        // the detail's greedy id still reaches ids with '/' and the export route did not take them
        String slashed = customer("dora");
        assertEquals(
                200,
                api.get("/v1/stores/" + store + "/customers/" + slashed, reader).status());
        assertEquals(
                cleo,
                api.get("/v1/stores/" + store + "/customers/" + cleo, reader)
                        .body()
                        .path("customerId")
                        .asText());
    }
}
