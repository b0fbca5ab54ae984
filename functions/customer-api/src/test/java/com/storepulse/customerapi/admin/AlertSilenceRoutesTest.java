package com.storepulse.customerapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.auth.AdmissionHarness;
import com.storepulse.customerapi.admin.AccessRoutesHarness.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The alert silences' admin routes: create, list, end; admin key only; field errors named. */
class AlertSilenceRoutesTest {

    private static final String ADMIN = AdmissionHarness.ADMIN_KEY;

    private final AccessRoutesHarness api = new AccessRoutesHarness();

    @Test
    void anAdminSilencesAPatternListsItAndEndsIt() {
        String pattern = "storepulse-test-" + UUID.randomUUID().toString().substring(0, 8) + "-*";
        String endsAt = Instant.now()
                .plus(2, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        Response created = api.call(
                "POST",
                "/v1/admin/alert-silences",
                ADMIN,
                "{\"namePattern\":\"" + pattern + "\",\"endsAt\":\"" + endsAt
                        + "\",\"comment\":\"maintenance, ask ops\"}");
        assertEquals(201, created.status(), created.rawBody());
        long id = created.body().path("silenceId").asLong();
        assertTrue(id > 0);
        assertEquals(pattern, created.body().path("namePattern").asText());
        assertEquals(endsAt, created.body().path("endsAt").asText());
        assertEquals("api", created.body().path("source").asText());

        Response listed = api.call("GET", "/v1/admin/alert-silences", ADMIN, null);
        assertEquals(200, listed.status());
        assertTrue(listed.body()
                .path("silences")
                .valueStream()
                .anyMatch(s -> s.path("silenceId").asLong() == id));

        Response ended = api.call("DELETE", "/v1/admin/alert-silences/" + id, ADMIN, null);
        assertEquals(200, ended.status(), ended.rawBody());
        assertFalse(Instant.parse(ended.body().path("endsAt").asText()).isAfter(Instant.now()));
        Response after = api.call("GET", "/v1/admin/alert-silences", ADMIN, null);
        assertTrue(after.body()
                .path("silences")
                .valueStream()
                .noneMatch(s -> s.path("silenceId").asLong() == id));

        assertEquals(
                404,
                api.call("DELETE", "/v1/admin/alert-silences/999999999", ADMIN, null)
                        .status());
    }

    @Test
    void badSilencesAreRefusedNamingTheFields() {
        Response both = api.call(
                "POST",
                "/v1/admin/alert-silences",
                ADMIN,
                "{\"fingerprint\":\"alarm:x\",\"namePattern\":\"x*\",\"endsAt\":\"2020-01-01T00:00:00Z\",\"comment\":\"\"}");
        assertEquals(400, both.status(), both.rawBody());
        assertTrue(
                both.fields().containsAll(java.util.List.of("fingerprint", "endsAt", "comment")),
                both.fields().toString());
        Response badTime = api.call(
                "POST",
                "/v1/admin/alert-silences",
                ADMIN,
                "{\"fingerprint\":\"alarm:x\",\"endsAt\":\"tomorrow\",\"comment\":\"c\"}");
        assertEquals(400, badTime.status());
        assertEquals(java.util.List.of("endsAt"), badTime.fields());
    }

    /** PostgreSQL refuses NUL in text: such a comment was a 500 (found by CustomerApiFuzzTest). */
    @Test
    void aCommentWithAControlCharacterIsRefusedNotA500() {
        String tomorrow = java.time.Instant.now()
                .plus(java.time.Duration.ofDays(1))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        for (String comment : new String[] {"\\u0000", "a\\u0000b", "bell\\u0007"}) {
            Response refused = api.call(
                    "POST",
                    "/v1/admin/alert-silences",
                    ADMIN,
                    "{\"namePattern\":\"nul-*\",\"endsAt\":\"" + tomorrow + "\",\"comment\":\"" + comment + "\"}");
            assertEquals(400, refused.status(), refused.rawBody());
            assertEquals(java.util.List.of("comment"), refused.fields());
        }
        Response multiLine = api.call(
                "POST",
                "/v1/admin/alert-silences",
                ADMIN,
                "{\"namePattern\":\"nul-*\",\"endsAt\":\"" + tomorrow + "\",\"comment\":\"why\\nwho\\tto ask\"}");
        assertEquals(201, multiLine.status(), multiLine.rawBody());
    }

    @Test
    void onlyTheAdminKeyMaySilence() {
        assertEquals(
                401, api.call("GET", "/v1/admin/alert-silences", null, null).status());
        assertEquals(
                401,
                api.call("GET", "/v1/admin/alert-silences", "sp_live_nope", null)
                        .status());
    }
}
