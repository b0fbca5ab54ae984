package com.storepulse.customerapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.auth.AdmissionHarness;
import com.storepulse.customerapi.admin.AccessRoutesHarness.Response;
import com.storepulse.observability.CapturedLogs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sync-source admin routes (docs/sync.md, "Registering a source") on the real router and database. */
class SyncSourceRoutesTest {

    private static final String ADMIN = AdmissionHarness.ADMIN_KEY;
    private static final String PASSWORD = "Pa55-never-shown";

    private final AccessRoutesHarness api = new AccessRoutesHarness();

    private long[] tenantAndStore() {
        return api.tenantAndStore("sy", ADMIN);
    }

    @Test
    void aSourceIsRegisteredListedPausedResumedAndDeletedWithoutItsPasswordEverShown() {
        long[] ids = tenantAndStore();
        String base = "/v1/admin/tenants/" + ids[0] + "/sync-sources";
        Response created;
        try (CapturedLogs logs = new CapturedLogs()) {
            created = api.call(
                    "POST",
                    base,
                    ADMIN,
                    "{\"storeId\":" + ids[1] + ",\"jdbcUrl\":\"jdbc:sqlserver://erp.database.windows.net:1433;"
                            + "databaseName=shop\",\"username\":\"sync\",\"password\":\"" + PASSWORD + "\","
                            + "\"mapping\":{\"Orders\":\"sales.Invoices\"}}");
            assertEquals(201, created.status(), created.rawBody());
            assertFalse(created.rawBody().contains(PASSWORD), "the answer never shows the password");
            assertFalse(logs.lines().toString().contains(PASSWORD), "the password is never logged");
        }
        assertEquals("sealed", created.body().path("password").asText());
        assertEquals("rowversion", created.body().path("cursor").asText());
        assertEquals("sales.Invoices", created.body().at("/mapping/Orders").asText());
        long sourceId = created.body().path("sourceId").asLong();

        Response listed = api.call("GET", base, ADMIN, null);
        assertEquals(200, listed.status(), listed.rawBody());
        assertEquals(sourceId, listed.body().at("/sources/0/sourceId").asLong());
        assertFalse(listed.rawBody().contains(PASSWORD));

        Response paused = api.call("POST", base + "/" + sourceId + "/pause", ADMIN, null);
        assertEquals(200, paused.status(), paused.rawBody());
        assertTrue(paused.body().path("paused").asBoolean());
        Response resumed = api.call("POST", base + "/" + sourceId + "/resume", ADMIN, null);
        assertFalse(resumed.body().path("paused").asBoolean());

        assertEquals(204, api.call("DELETE", base + "/" + sourceId, ADMIN, null).status());
        assertEquals(404, api.call("DELETE", base + "/" + sourceId, ADMIN, null).status());
        assertEquals(
                0, api.call("GET", base, ADMIN, null).body().path("sources").size());
    }

    @Test
    void invalidRegistrationsNameEachField() {
        long[] ids = tenantAndStore();
        String base = "/v1/admin/tenants/" + ids[0] + "/sync-sources";
        Response refused = api.call(
                "POST",
                base,
                ADMIN,
                "{\"storeId\":" + ids[1] + ",\"jdbcUrl\":\"jdbc:mariadb://db/erp?password=" + PASSWORD + "\","
                        + "\"cursor\":\"lsn\",\"mapping\":{\"Orders.Kind\":\"Kind]; DROP TABLE x --\"}}");
        assertEquals(400, refused.status(), refused.rawBody());
        assertEquals(
                List.of("cursor", "jdbcUrl", "mapping.Orders.Kind"),
                refused.fields().stream().sorted().toList());
        assertFalse(refused.rawBody().contains(PASSWORD), "a refusal does not echo the URL's password");

        Response otherStore = api.call("POST", base, ADMIN, "{\"storeId\":999999999,\"jdbcUrl\":\"jdbc:h2:mem:x\"}");
        assertEquals(404, otherStore.status(), otherStore.rawBody());
    }
}
