package com.storepulse.customerapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.AccessFixtures;
import com.storepulse.auth.Scopes;
import com.storepulse.customerapi.admin.AccessRoutesHarness;
import com.storepulse.customerapi.admin.AccessRoutesHarness.Response;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageRoutesTest {

    private final AccessRoutesHarness api = new AccessRoutesHarness();
    private final AccessFixtures fixtures = new AccessFixtures(TestDatabase.shared());

    @Test
    void theCallerSeesItsOwnUsagePerDayAndRouteIncludingTheseCalls() {
        long tenant = fixtures.tenant();
        String key = fixtures.key(tenant, Scopes.USAGE_READ).secret();
        String otherKey = fixtures.key(tenant, Scopes.USAGE_READ).secret();
        LocalDate day1 = api.access.usageMeter.today();
        api.call("GET", "/v1/usage", key, null);
        api.call("GET", "/v1/usage", otherKey, null);
        api.access.clock.advance(Duration.ofDays(1));
        api.call("GET", "/v1/usage", key, null);

        Response report = api.call("GET", "/v1/usage", key, null);
        assertEquals(200, report.status(), report.rawBody());
        JsonNode body = report.body();
        assertEquals(day1.plusDays(1).toString(), body.path("to").asText());
        assertEquals(day1.minusDays(28).toString(), body.path("from").asText(), "30 days by default");
        assertEquals(
                List.of(day1 + " GET /v1/usage 1", day1.plusDays(1) + " GET /v1/usage 2"),
                body.path("items")
                        .valueStream()
                        .map(i ->
                                i.path("date").asText() + " " + i.path("route").asText() + " "
                                        + i.path("requests").asLong())
                        .toList(),
                "its own key only, this call included");
        assertEquals(3, body.path("totalRequests").asLong());
        assertEquals("100", report.headers().get("RateLimit-Limit"));
        assertEquals("98", report.headers().get("RateLimit-Remaining"), "refilled over the day, then 2 taken");
        assertNotNull(report.headers().get("RateLimit-Reset"));

        Response oneDay = api.call("GET", "/v1/usage?from=" + day1 + "&to=" + day1, key, null);
        assertEquals(1, oneDay.body().path("totalRequests").asLong());
    }

    @Test
    void badParametersAre400NamingTheField() {
        String key = fixtures.key(fixtures.tenant(), Scopes.USAGE_READ).secret();
        assertEquals(
                List.of("from"),
                api.call("GET", "/v1/usage?from=2025-13-01", key, null).fields());
        assertEquals(
                List.of("to"),
                api.call("GET", "/v1/usage?to=20250101", key, null).fields());
        assertEquals(
                List.of("from"),
                api.call("GET", "/v1/usage?from=2025-02-01&to=2025-01-01", key, null)
                        .fields());
        assertEquals(
                List.of("from"),
                api.call("GET", "/v1/usage?from=2024-01-01&to=2025-01-01", key, null)
                        .fields(),
                "367 days");
        assertEquals(
                200,
                api.call("GET", "/v1/usage?from=2024-01-02&to=2025-01-01", key, null)
                        .status(),
                "366 days");
        assertEquals(
                List.of("form"),
                api.call("GET", "/v1/usage?form=2025-01-01", key, null).fields());
        assertEquals(
                List.of("from"),
                api.call("GET", "/v1/usage?from='%20OR%201=1--", key, null).fields());
        assertEquals(
                "VALIDATION_FAILED",
                api.call("GET", "/v1/usage?from=" + "9".repeat(5000), key, null).code());
    }

    @Test
    void authComesFirst() {
        String storesOnly = fixtures.key(fixtures.tenant(), Scopes.STORES_READ).secret();
        assertEquals(401, api.call("GET", "/v1/usage?from=bad", null, null).status());
        assertEquals(403, api.call("GET", "/v1/usage", storesOnly, null).status());
    }
}
