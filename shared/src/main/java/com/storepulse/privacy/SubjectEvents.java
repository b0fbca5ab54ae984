package com.storepulse.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The raw webhook events a store keeps ({@code webhook_event}) that name one customer: by the
 * retailer's id as {@code data.customerId} (orders, refunds), {@code data.id} of a
 * {@code customer.*} event, or {@code data.customer.id}; or by one of the customer's e-mails as
 * {@code data.email} or {@code data.customer.email}. PostgreSQL picks the candidates (the body holds
 * the id or an e-mail as written, or an escape that could spell them otherwise); each is then read
 * as JSON here, so an id that merely appears inside another value ({@code "1"} in an amount) does
 * not count.
 */
final class SubjectEvents {

    /** One stored event, as export shows it. */
    record StoredEvent(
            long id,
            String source,
            String eventId,
            String type,
            Instant receivedAt,
            Instant sentAt,
            String status,
            JsonNode headers,
            JsonNode body) {}

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    private SubjectEvents() {}

    static List<StoredEvent> naming(Handle handle, long storeId, String externalId, Collection<String> emails) {
        Set<String> lowerEmails = emails.stream()
                .filter(e -> e != null && !e.isBlank())
                .map(e -> e.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<StoredEvent> found = new ArrayList<>();
        handle.createQuery(SQL.locate(SubjectEvents.class, "candidates"))
                .bind("storeId", storeId)
                .bind("externalId", externalId)
                .bindArray("emails", String.class, lowerEmails)
                .map((rs, ctx) -> {
                    JsonNode body = parse(rs.getString("body"));
                    if (body == null || !names(body, externalId, lowerEmails)) {
                        return null;
                    }
                    return new StoredEvent(
                            rs.getLong("webhook_event_id"),
                            rs.getString("source"),
                            rs.getString("external_event_id"),
                            rs.getString("event_type"),
                            instant(rs.getObject("received_at", OffsetDateTime.class)),
                            instant(rs.getObject("sent_at", OffsetDateTime.class)),
                            rs.getString("status"),
                            parse(rs.getString("headers")),
                            body);
                })
                .forEach(event -> {
                    if (event != null) {
                        found.add(event);
                    }
                });
        return found;
    }

    static boolean names(JsonNode event, String externalId, Set<String> lowerEmails) {
        JsonNode data = event.path("data");
        JsonNode customer = data.path("customer");
        if (isText(data.get("customerId"), externalId) || isText(customer.get("id"), externalId)) {
            return true;
        }
        if (event.path("type").asText("").startsWith("customer.") && isText(data.get("id"), externalId)) {
            return true;
        }
        for (JsonNode email : List.of(data.path("email"), customer.path("email"))) {
            if (email.isTextual() && lowerEmails.contains(email.textValue().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(JsonNode node, String value) {
        return node != null && node.isTextual() && node.textValue().equals(value);
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            return null; // stored bodies passed the intake's parse; a row that does not is nobody's
        }
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
