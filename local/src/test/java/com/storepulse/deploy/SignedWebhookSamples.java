package com.storepulse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.db.Database;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import com.storepulse.webhooks.TestSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook-intake samples of events/ as {@link DeployedJarsStartTest} sends them, and what it
 * checks afterwards.
 *
 * <p>A sample carries a fixed {@code webhook-timestamp} (a sample must not change every day), and
 * the jar runs with the template's tolerance (5 minutes), so sent as it is the sample would be
 * refused as a replay. The test does not widen the tolerance (the jar would then run a setting
 * that is never deployed); it checks that the sample's own signature verifies with the seeded
 * source's secret, then stamps the current time and signs again with that secret, as the sender
 * would on a fresh delivery. The body's bytes, base64 or not, are sent as the sample holds them.
 */
final class SignedWebhookSamples {

    private static final String SIGNATURE = "webhook-signature";
    private static final String TIMESTAMP = "webhook-timestamp";
    private static final String ID = "webhook-id";

    private SignedWebhookSamples() {}

    /** Whether an event is a Standard Webhooks delivery (and so must be applied: 2xx). */
    static boolean isSigned(byte[] event) {
        return header(read(event), SIGNATURE).isPresent();
    }

    /**
     * The sample as delivered at {@code now}: its signature must match {@code secret} as it stands
     * (else the sample and the seeded source disagree), then its timestamp and signature are renewed.
     */
    static byte[] signedAt(byte[] sample, String secret, Instant now) {
        ObjectNode event = read(sample);
        String id = header(event, ID).orElseThrow(() -> new AssertionError("a signed sample without " + ID));
        long timestamp =
                Long.parseLong(header(event, TIMESTAMP).orElseThrow(() -> new AssertionError("no " + TIMESTAMP)));
        String body = body(event);
        String signed = TestSigner.standardV1(secret, id, timestamp, body);
        assertTrue(
                Arrays.asList(header(event, SIGNATURE).orElseThrow().split(" ")).contains(signed),
                "sample " + id
                        + " is not signed with the jar-start source's secret (JarStartData.SAMPLE_WEBHOOK_SECRET)");
        long fresh = now.getEpochSecond();
        setHeader(event, TIMESTAMP, Long.toString(fresh));
        setHeader(event, SIGNATURE, TestSigner.standardV1(secret, id, fresh, body));
        return Json.writeBytes(event);
    }

    /**
     * The delivery was applied, not only answered: the answer says {@code applied} (no duplicate),
     * the event is recorded as applied for its source, and the customer or order the body names is
     * in the source's store with the body's values.
     */
    static void assertApplied(String jdbcUrl, byte[] sample, JsonNode response) throws IOException {
        ObjectNode event = read(sample);
        String id = header(event, ID).orElseThrow();
        String sourceId = event.path("pathParameters").path("sourceId").asText();
        JsonNode answer = Json.mapper().readTree(response.path("body").asText());
        assertEquals("applied", answer.path("status").asText(), "the answer to sample " + id + ": " + answer);
        assertEquals("false", header(response, "Webhook-Duplicate").orElse(null), "sample " + id + " a duplicate");
        JsonNode delivery = Json.mapper().readTree(body(event));
        String type = delivery.path("type").asText();
        JsonNode data = delivery.path("data");
        try (Database database = TestDatabase.open(jdbcUrl, 1)) {
            database.jdbi().useHandle(h -> {
                long storeId = h.createQuery("SELECT store_id FROM webhook_source WHERE source_id = :s")
                        .bind("s", sourceId)
                        .mapTo(Long.class)
                        .one();
                assertEquals(
                        "applied",
                        h.createQuery("SELECT status FROM webhook_event WHERE store_id = :store AND source = :s"
                                        + " AND external_event_id = :id")
                                .bind("store", storeId)
                                .bind("s", sourceId)
                                .bind("id", id)
                                .mapTo(String.class)
                                .one(),
                        "webhook_event of sample " + id);
                if (type.startsWith("customer.")) {
                    Map<String, Object> customer = h.createQuery(
                                    "SELECT email, first_name, deleted_at FROM dim_customer"
                                            + " WHERE store_id = :store AND external_id = :id")
                            .bind("store", storeId)
                            .bind("id", data.path("id").asText())
                            .mapToMap()
                            .one();
                    assertEquals(data.path("email").asText(), customer.get("email"), "customer of sample " + id);
                    assertEquals(data.path("firstName").asText(), customer.get("first_name"));
                } else if (type.startsWith("order.")) {
                    Map<String, Object> order = h.createQuery(
                                    "SELECT o.amount, o.currency, c.external_id AS customer FROM fact_order o"
                                            + " JOIN dim_customer c ON c.customer_id = o.customer_id"
                                            + " WHERE o.store_id = :store AND o.external_id = :id")
                            .bind("store", storeId)
                            .bind("id", data.path("id").asText())
                            .mapToMap()
                            .one();
                    assertEquals(
                            0,
                            new BigDecimal(data.path("totalAmount").asText())
                                    .compareTo((BigDecimal) order.get("amount")),
                            "amount of sample " + id + ": " + order);
                    assertEquals(data.path("currency").asText(), order.get("currency"));
                    assertEquals(data.path("customerId").asText(), order.get("customer"));
                } else {
                    throw new AssertionError("teach SignedWebhookSamples.assertApplied the sample type " + type);
                }
            });
        }
    }

    private static String body(JsonNode event) {
        String body = event.path("body").asText();
        return event.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
                : body;
    }

    private static Optional<String> header(JsonNode event, String name) {
        for (Map.Entry<String, JsonNode> header : event.path("headers").properties()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return Optional.of(header.getValue().asText());
            }
        }
        return Optional.empty();
    }

    /** In {@code headers} and {@code multiValueHeaders}, whichever spelling the sample uses. */
    private static void setHeader(ObjectNode event, String name, String value) {
        for (String field : new String[] {"headers", "multiValueHeaders"}) {
            if (event.get(field) instanceof ObjectNode headers) {
                List<String> names =
                        headers.properties().stream().map(Map.Entry::getKey).toList();
                for (String key : names) {
                    if (key.equalsIgnoreCase(name)) {
                        if (field.equals("headers")) {
                            headers.put(key, value);
                        } else {
                            ArrayNode values = headers.putArray(key);
                            values.add(value);
                        }
                    }
                }
            }
        }
    }

    private static ObjectNode read(byte[] event) {
        try {
            return (ObjectNode) Json.mapper().readTree(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
