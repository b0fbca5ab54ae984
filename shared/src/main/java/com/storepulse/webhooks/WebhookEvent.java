package com.storepulse.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.FieldError;
import com.storepulse.ingest.CustomerChange;
import com.storepulse.ingest.OrderChange;
import com.storepulse.ingest.OrderKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A schema-valid event's {@code data} as a canonical change, and the field names the data
 * validation layer reports, as JSON pointers into the event.
 */
final class WebhookEvent {

    private WebhookEvent() {}

    static CustomerChange customer(String type, JsonNode data) {
        if (type.equals("customer.deleted")) {
            return CustomerChange.deletion(text(data, "id"), instant(data, "deletedAt"));
        }
        return CustomerChange.upsert(
                text(data, "id"),
                text(data, "email"),
                text(data, "firstName"),
                text(data, "lastName"),
                instant(data, "createdAt"),
                instant(data, "updatedAt"));
    }

    /**
     * The order change; an amount that does not parse as a decimal (the schema's pattern should
     * have refused it) is added to {@code errors} under its path and left out, never thrown.
     */
    static OrderChange order(String type, JsonNode data, List<FieldError> errors) {
        if (type.equals("order.refunded")) {
            Instant refundedAt = instant(data, "refundedAt");
            return new OrderChange(
                    text(data, "id"),
                    text(data, "customerId"),
                    refundedAt,
                    Optional.ofNullable(decimal(data, "amount", errors))
                            .map(BigDecimal::abs)
                            .orElse(null),
                    text(data, "currency"),
                    OrderKind.RETURN,
                    refundedAt);
        }
        return new OrderChange(
                text(data, "id"),
                text(data, "customerId"),
                instant(data, "orderedAt"),
                decimal(data, "totalAmount", errors),
                text(data, "currency"),
                OrderKind.fromCode(text(data, "kind")).orElse(null),
                instant(data, "updatedAt"));
    }

    /** Canonical field name to the event's JSON pointer. */
    static UnaryOperator<String> paths(String type) {
        boolean refund = type.equals("order.refunded");
        return field -> "/data/"
                + switch (field) {
                    case "amount" -> refund ? "amount" : "totalAmount";
                    case "orderedAt", "updatedAt" -> refund ? "refundedAt" : field;
                    default -> field;
                };
    }

    static boolean isCustomer(String type) {
        return type.startsWith("customer.");
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }

    private static BigDecimal decimal(JsonNode data, String field, List<FieldError> errors) {
        String value = text(data, field);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            errors.add(new FieldError("/data/" + field, "must be a decimal string such as \"129.90\""));
            return null;
        }
    }

    private static Instant instant(JsonNode data, String field) {
        String value = text(data, field);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }
}
