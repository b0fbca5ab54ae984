package com.storepulse.customerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log through the real handler: every admin action that changed something, and every
 * erasure and export, is one record naming who (the admin key or the tenant key's id and prefix, and
 * the source IP), what (the route or the action), which ids, the outcome and the request's
 * correlation id; refused requests and reads are not recorded; no record holds a key, a secret or a
 * customer's id.
 */
class AuditTrailTest {

    private static final Jdbi JDBI = TestDatabase.shared().jdbi();
    private static RealApi api;

    @BeforeAll
    static void start() {
        // webhook sources seal their secrets under the data key
        api = new RealApi(Map.of("DATA_ENCRYPTION_KEY", com.storepulse.crypto.SecretBox.newKey()));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static List<Map<String, Object>> recordsOf(RealApi.Reply reply) {
        return JDBI.withHandle(h -> h.createQuery(
                        "SELECT actor_kind, actor_key_id, actor_key_prefix, source_ip, tenant_id, store_id, action,"
                                + " target::text AS target, outcome FROM audit_log WHERE correlation_id = :c")
                .bind("c", reply.requestId())
                .mapToMap()
                .list());
    }

    private static Map<String, Object> onlyRecordOf(RealApi.Reply reply) {
        List<Map<String, Object>> records = recordsOf(reply);
        assertEquals(1, records.size(), "one record for " + reply.requestId() + ": " + records);
        return records.get(0);
    }

    @Test
    void adminActionsAreRecordedWithWhoWhatWhichIdsAndNoSecret() {
        String slug = "au-" + UUID.randomUUID().toString().substring(0, 8);
        RealApi.Reply tenant = api.send(
                "POST", "/v1/admin/tenants", RealApi.ADMIN_KEY, "{\"slug\":\"" + slug + "\",\"name\":\"Audited\"}");
        assertEquals(201, tenant.status(), String.valueOf(tenant.body()));
        long tenantId = tenant.body().path("tenantId").asLong();
        Map<String, Object> created = onlyRecordOf(tenant);
        assertEquals("admin", created.get("actor_kind"));
        assertEquals("192.0.2.10", created.get("source_ip"));
        assertEquals("POST /v1/admin/tenants", created.get("action"));
        assertEquals("201", created.get("outcome"));
        assertEquals(tenantId, ((Number) created.get("tenant_id")).longValue());

        RealApi.Reply store =
                api.send("POST", "/v1/admin/tenants/" + tenantId + "/stores", RealApi.ADMIN_KEY, "{\"name\":\"Shop\"}");
        long storeId = store.body().path("storeId").asLong();
        assertEquals(storeId, ((Number) onlyRecordOf(store).get("store_id")).longValue());

        RealApi.Reply key = api.send(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/api-keys",
                RealApi.ADMIN_KEY,
                "{\"name\":\"k\",\"scopes\":[\"customers:read\"]}");
        assertEquals(201, key.status());
        Map<String, Object> issued = onlyRecordOf(key);
        assertEquals("POST /v1/admin/tenants/{tenantId}/api-keys", issued.get("action"));
        String target = (String) issued.get("target");
        assertTrue(
                target.contains("\"apiKeyId\": \""
                        + key.body().path("apiKey").path("apiKeyId").asText() + "\""),
                target);
        assertTrue(target.contains("\"tenantId\": \"" + tenantId + "\""), target);
        assertFalse(target.contains(key.body().path("key").asText()), "never the key");

        RealApi.Reply source = api.send(
                "POST",
                "/v1/admin/tenants/" + tenantId + "/webhook-sources",
                RealApi.ADMIN_KEY,
                "{\"storeId\":" + storeId + ",\"scheme\":\"standard-webhooks\",\"name\":\"shop\"}");
        assertEquals(201, source.status(), String.valueOf(source.body()));
        String sourceTarget = (String) onlyRecordOf(source).get("target");
        assertTrue(
                sourceTarget.contains(
                        source.body().path("source").path("sourceId").asText()),
                sourceTarget);
        assertFalse(sourceTarget.contains(source.body().path("secret").asText()), "never the secret");

        RealApi.Reply revoked = api.send(
                "DELETE",
                "/v1/admin/api-keys/"
                        + key.body().path("apiKey").path("apiKeyId").asText(),
                RealApi.ADMIN_KEY,
                null);
        assertEquals(
                "DELETE /v1/admin/api-keys/{apiKeyId}", onlyRecordOf(revoked).get("action"));

        assertEquals(
                List.of(),
                recordsOf(api.get("/v1/admin/tenants/" + tenantId + "/api-keys", RealApi.ADMIN_KEY)),
                "a read");
        RealApi.Reply invalid = api.send("POST", "/v1/admin/tenants/" + tenantId + "/stores", RealApi.ADMIN_KEY, "{}");
        assertEquals(400, invalid.status());
        assertEquals(List.of(), recordsOf(invalid), "a refused action changed nothing");
        RealApi.Reply notAdmin =
                api.send("POST", "/v1/admin/tenants", "admin-wrong", "{\"slug\":\"x-" + slug + "\",\"name\":\"x\"}");
        assertEquals(List.of(), recordsOf(notAdmin));
    }

    @Test
    void erasuresAndExportsAreRecordedWithTheKeyThatAskedAndWithoutTheCustomersId() {
        long tenant = JDBI.withHandle(h -> h.createQuery(
                        "INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                .bind("s", "ae-" + UUID.randomUUID().toString().substring(0, 8))
                .mapTo(Long.class)
                .one());
        long store = JDBI.withHandle(
                h -> h.createQuery("INSERT INTO store (tenant_id, name) VALUES (:t, 'S') RETURNING store_id")
                        .bind("t", tenant)
                        .mapTo(Long.class)
                        .one());
        String customer = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        JDBI.useHandle(h -> h.createUpdate(
                        "INSERT INTO dim_customer (store_id, external_id, email) VALUES (:s, :id, 'a@example.com')")
                .bind("s", store)
                .bind("id", customer)
                .execute());
        String key = api.issueKey(tenant, "[\"customers:erase\",\"customers:export\"]", null, 600, 100);

        RealApi.Reply export = api.get("/v1/stores/" + store + "/customers/" + customer + "/export", key);
        assertEquals(200, export.status());
        Map<String, Object> exported = onlyRecordOf(export);
        assertEquals("customer.export", exported.get("action"));
        assertEquals("api_key", exported.get("actor_kind"));
        assertEquals(key.substring(0, "sp_live_".length() + 8), exported.get("actor_key_prefix"));
        assertEquals(tenant, ((Number) exported.get("tenant_id")).longValue());
        assertEquals(store, ((Number) exported.get("store_id")).longValue());
        assertEquals("exported", exported.get("outcome"));

        RealApi.Reply erased = api.send("DELETE", "/v1/stores/" + store + "/customers/" + customer, key, null);
        Map<String, Object> erasure = onlyRecordOf(erased);
        assertEquals("customer.erase", erasure.get("action"));
        assertEquals("erased", erasure.get("outcome"));
        assertTrue(((String) erasure.get("target"))
                .contains(erased.body().path("erasureId").asText()));
        assertEquals(
                "erased before",
                onlyRecordOf(api.send("DELETE", "/v1/stores/" + store + "/customers/" + customer, key, null))
                        .get("outcome"));
        assertEquals(
                "not held",
                onlyRecordOf(api.get("/v1/stores/" + store + "/customers/" + customer + "/export", key))
                        .get("outcome"));

        long naming =
                JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE strpos(target::text, :c) > 0")
                        .bind("c", customer)
                        .mapTo(Long.class)
                        .one());
        assertEquals(0, naming, "the customer is named by their keyed hash only");
    }
}
