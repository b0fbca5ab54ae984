package com.storepulse.customerapi.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.http.ApiException;
import com.storepulse.http.ErrorCode;
import com.storepulse.json.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads an admin request body into a record, strictly: one JSON object, read by
 * {@link Json#readStrict} (nothing after it, no field twice, UTF-8 and Unicode text), whose fields are exactly
 * the record's components (an unknown field is an error: a typo such as {@code allowedStores}
 * must not silently give a key every store), each of the JSON type of its component (no
 * coercion of {@code "600"} to 600), duplicate fields refused. Every wrong field is named in one
 * 400. Absent fields are null; the record's own checks decide what is required.
 *
 * <p>Component types understood: String, Integer, Long, List&lt;String&gt;, List&lt;Long&gt;.
 */
final class StrictJson {

    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Pattern ECHOABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private StrictJson() {}

    static <R extends Record> R read(APIGatewayProxyRequestEvent event, Class<R> type) {
        FieldChecks checks = new FieldChecks();
        R value = read(event, type, checks);
        checks.throwIfAny();
        return value;
    }

    /**
     * As {@link #read(APIGatewayProxyRequestEvent, Class)}, but an unknown field or a field of the
     * wrong type is added to {@code checks} instead of refused at once, and the record is built
     * without it (that component null): the caller adds its own checks to the same {@code checks},
     * and one 400 names every bad field. A body that cannot be read as a JSON object is still
     * refused at once.
     */
    static <R extends Record> R read(APIGatewayProxyRequestEvent event, Class<R> type, FieldChecks checks) {
        JsonNode root = parse(event);
        if (!root.isObject()) {
            FieldChecks notAnObject = new FieldChecks();
            notAnObject.fail("/", "the body must be a JSON object");
            notAnObject.throwIfAny();
        }
        Map<String, RecordComponent> components = Arrays.stream(type.getRecordComponents())
                .collect(Collectors.toMap(RecordComponent::getName, c -> c, (a, b) -> a, LinkedHashMap::new));
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!components.containsKey(name)) {
                checks.fail(
                        ECHOABLE_NAME.matcher(name).matches() ? name : "(unnamed)",
                        "unknown field; allowed: "
                                + String.join(
                                        ", ",
                                        components.keySet().stream().sorted().toList()));
            }
        }
        ObjectNode wellTyped = Json.mapper().createObjectNode();
        components.forEach((name, component) -> {
            JsonNode value = root.get(name);
            FieldChecks own = new FieldChecks();
            checkType(name, value, component.getGenericType(), own);
            if (own.isEmpty()) {
                if (value != null) {
                    wellTyped.set(name, value);
                }
            } else {
                own.errors().forEach(e -> checks.fail(e.field(), e.message()));
            }
        });
        try {
            return Json.mapper().treeToValue(wellTyped, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The request body does not have the expected shape.");
        }
    }

    private static JsonNode parse(APIGatewayProxyRequestEvent event) {
        String contentType = header(event, "content-type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        String body = event.getBody();
        if (body == null || body.isBlank()) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "A JSON body is required.");
        }
        byte[] bytes;
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The request body is not valid base64.");
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE, "The body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
        try {
            // The bytes when we have them (strictly decoded), else the text API Gateway decoded.
            return Boolean.TRUE.equals(event.getIsBase64Encoded()) ? Json.readStrict(bytes) : Json.readStrict(body);
        } catch (Json.NotStrictJsonException e) {
            throw new ApiException(
                    ErrorCode.MALFORMED_REQUEST, "The request body is not valid JSON: " + e.getMessage() + ".");
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input: never returned.
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The request body is not valid JSON.");
        }
    }

    private static void checkType(String name, JsonNode value, Type type, FieldChecks checks) {
        if (value == null || value.isNull()) {
            return;
        }
        if (type == String.class) {
            if (!value.isTextual()) {
                checks.fail(name, "must be a string");
            }
        } else if (type == Integer.class) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                checks.fail(name, "must be an integer");
            }
        } else if (type == Long.class) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                checks.fail(name, "must be an integer");
            }
        } else if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            Type element = list.getActualTypeArguments()[0];
            if (!value.isArray()) {
                checks.fail(
                        name, element == String.class ? "must be an array of strings" : "must be an array of integers");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                boolean fits =
                        element == String.class ? item.isTextual() : item.isIntegralNumber() && item.canConvertToLong();
                if (!fits) {
                    checks.fail(
                            name + "[" + i + "]", element == String.class ? "must be a string" : "must be an integer");
                }
            }
        } else if (type instanceof ParameterizedType map
                && map.getRawType() == Map.class
                && map.getActualTypeArguments()[0] == String.class
                && map.getActualTypeArguments()[1] == String.class) {
            if (!value.isObject()) {
                checks.fail(name, "must be an object of strings");
                return;
            }
            value.properties().forEach(entry -> {
                if (!entry.getValue().isTextual()) {
                    checks.fail(
                            ECHOABLE_NAME.matcher(entry.getKey()).matches() ? name + "." + entry.getKey() : name,
                            "must be a string");
                }
            });
        } else {
            throw new IllegalStateException("StrictJson does not handle " + type + " (" + name + ")");
        }
    }

    private static String header(APIGatewayProxyRequestEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> h : event.getHeaders().entrySet()) {
            if (name.equalsIgnoreCase(h.getKey())) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Set of the names in {@code values}; for listing allowed values in messages. */
    static String oneOf(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
