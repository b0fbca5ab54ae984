package com.storepulse.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.alerts.AppAlert.State;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AppAlertTest {

    private static final String EXAMPLE = """
            {"type": "storepulse.alert", "version": 1, "severity": "P1", "state": "firing",
             "title": "Azure SQL sync failing for source 12", "details": "3 runs in a row failed",
             "fingerprint": "sync-source-failing:12", "runbook": "sync-source-failing",
             "source": "azure-sync", "occurredAt": "2026-12-07T10:00:00Z"}
            """;

    @Test
    void theDocumentedExampleReadsAndWritesBackTheSameShape() throws Exception {
        AppAlert alert = AppAlert.parse(EXAMPLE);
        assertEquals(Severity.P1, alert.severity());
        assertEquals(State.FIRING, alert.state());
        assertEquals("sync-source-failing:12", alert.fingerprint());
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), alert.occurredAt());

        JsonNode written = Json.mapper().readTree(alert.toJson());
        assertEquals(Json.mapper().readTree(EXAMPLE), written, "the JSON form is the documented envelope");
        assertEquals(alert, AppAlert.parse(alert.toJson()));
        assertTrue(AppAlert.claims(written));
    }

    @Test
    void everyBrokenFieldIsNamedAndTheInputIsNeverQuoted() {
        ValidationException e = assertThrows(ValidationException.class, () -> AppAlert.parse("""
                {"type": "storepulse.alert", "version": 2, "severity": "P7", "state": "open",
                 "title": "", "fingerprint": "has spaces in it", "runbook": "Not An Anchor",
                 "source": "Azure Sync", "occurredAt": "yesterday"}
                """));
        Set<String> fields = e.fieldErrors().stream().map(FieldError::field).collect(Collectors.toSet());
        assertEquals(
                Set.of("version", "severity", "state", "title", "fingerprint", "runbook", "source", "occurredAt"),
                fields);
        String messages = e.getMessage()
                + e.fieldErrors().stream().map(FieldError::message).collect(Collectors.joining());
        for (String input : List.of("P7", "open", "has spaces", "Not An Anchor", "Azure Sync", "yesterday")) {
            assertFalse(messages.contains(input), "error messages must not quote the input: " + input);
        }
    }

    @Test
    void notJsonAndNotAnObjectAreRefused() {
        assertThrows(ValidationException.class, () -> AppAlert.parse("not json {"));
        assertThrows(ValidationException.class, () -> AppAlert.parse("[1, 2]"));
        assertFalse(AppAlert.claims(Json.mapper().createArrayNode()));
    }

    @Test
    void anEmailAddressInTheTitleOrDetailsIsRefused() {
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> AppAlert.firing(
                        Severity.P2,
                        "Webhook failing",
                        "last payload from jane.doe@example.com was refused",
                        "webhook-signature-failures:7",
                        "webhook-errors",
                        "webhook-intake"));
        assertEquals("details", e.fieldErrors().get(0).field());
    }

    @Test
    void tooLongTextIsRefused() {
        assertThrows(
                ValidationException.class,
                () -> AppAlert.firing(
                        Severity.P2, "x".repeat(AppAlert.MAX_TITLE + 1), null, "f", "sync-failed", "azure-sync"));
        AppAlert atTheLimit =
                AppAlert.resolved(Severity.P2, "x".repeat(AppAlert.MAX_TITLE), null, "f", "sync-failed", "azure-sync");
        assertEquals(State.RESOLVED, atTheLimit.state());
    }
}
