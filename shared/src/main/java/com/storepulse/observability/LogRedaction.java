package com.storepulse.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.lambda.powertools.logging.argument.StructuredArgument;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * Masks secrets before anything reaches a log line. Every place that logs a map, headers or a JSON
 * body goes through here ({@link #fields(Map)} for a structured log argument).
 *
 * <p>A key is sensitive when, lower-cased and stripped of separators, it contains one of
 * {@link #SENSITIVE_KEY_PARTS} (so {@code X-Api-Key}, {@code api_key}, {@code dbPassword},
 * {@code Proxy-Authorization} and {@code X-Shopify-Hmac-Sha256} are all caught). Masking too much
 * is the safe error. Independently of keys, a password inside a URL's user-info
 * ({@code postgres://app:pw@host}) is masked in every string value.
 */
public final class LogRedaction {

    public static final String MASK = "[REDACTED]";
    public static final List<String> SENSITIVE_KEY_PARTS = List.of(
            "password",
            "passwd",
            "secret",
            "apikey",
            "authorization",
            "token",
            "cookie",
            "signature",
            "hmac",
            "credential",
            "privatekey",
            "sessionid");

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*):[^@/\\s]*@");

    private LogRedaction() {}

    public static boolean isSensitiveKey(String key) {
        if (key == null) {
            return false;
        }
        String normalized =
                NOT_ALPHANUMERIC.matcher(key.toLowerCase(Locale.ROOT)).replaceAll("");
        for (String part : SENSITIVE_KEY_PARTS) {
            if (normalized.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** A copy safe to log: sensitive keys masked at any depth (maps, lists, JSON nodes). */
    public static Map<String, Object> redact(Map<?, ?> values) {
        Map<String, Object> safe = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((key, value) ->
                    safe.put(String.valueOf(key), isSensitiveKey(String.valueOf(key)) ? MASK : redactValue(value)));
        }
        return safe;
    }

    /** Request or response headers (single- or multi-value maps alike). */
    public static Map<String, Object> redactHeaders(Map<String, ?> headers) {
        return redact(headers);
    }

    /** A deep copy of a JSON body with sensitive fields masked. */
    public static JsonNode redact(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(
                        field.getKey(),
                        isSensitiveKey(field.getKey()) ? TextNode.valueOf(MASK) : redact(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(redact(element)));
            return copy;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(redact(node.asText()));
        }
        return node;
    }

    /** Masks the password of any URL with user-info in {@code text}. */
    public static String redact(String text) {
        return text == null ? null : URL_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
    }

    /** The map as Powertools structured log fields, redacted: {@code log.info("headers", fields(headers))}. */
    public static StructuredArgument fields(Map<?, ?> values) {
        return StructuredArguments.entries(redact(values));
    }

    private static Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return redact(map);
        }
        if (value instanceof JsonNode json) {
            return redact(json);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> safe = new ArrayList<>(collection.size());
            collection.forEach(element -> safe.add(redactValue(element)));
            return safe;
        }
        if (value instanceof CharSequence text) {
            return redact(text.toString());
        }
        return value;
    }
}
