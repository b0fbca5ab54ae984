package com.storepulse.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.FieldError;
import com.storepulse.ingest.ChangeValidation;
import com.storepulse.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON Schemas of the webhook event types, read from the files of docs/webhooks/ (packaged into
 * the jar, so the documentation and the validator are one file each), and a validator of the
 * keywords those files use: {@code type} (one or several), {@code required}, {@code properties},
 * {@code additionalProperties} (a boolean), {@code minLength}, {@code maxLength}, {@code pattern},
 * {@code enum}, {@code const} and {@code format: date-time} (RFC 3339, an offset required), plus the
 * annotations {@code $schema}, {@code $id}, {@code title} and {@code description}. A schema that uses
 * any other keyword fails to load, so a file can never say more than is enforced.
 *
 * <p>A {@code pattern} must be anchored ({@code ^...$}) and is matched against the WHOLE string
 * ({@link java.util.regex.Matcher#matches()}). JSON Schema's ECMA-262 {@code $} matches only at the end
 * of the string, Java's {@code $} also before a final line terminator, so a {@code find()} would let
 * {@code "10.00\n"} through; a whole-string match gives the ECMA-262 answer for anchored patterns.
 *
 * <p>Beyond the keywords, no string the schema declares may contain a control character (U+0000 to
 * U+001F, and DEL): none is meaningful in an id, a name or a code, and PostgreSQL refuses NUL.
 *
 * <p>Errors are JSON pointers into the event ({@code /data/totalAmount}), every one reported.
 */
public final class EventSchemas {

    public static final List<String> TYPES = List.of(
            "customer.created",
            "customer.updated",
            "customer.deleted",
            "order.created",
            "order.updated",
            "order.refunded");

    static final Set<String> KEYWORDS = Set.of(
            "$schema",
            "$id",
            "title",
            "description",
            "type",
            "required",
            "properties",
            "additionalProperties",
            "minLength",
            "maxLength",
            "pattern",
            "enum",
            "const",
            "format");

    private final Map<String, JsonNode> schemas = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    private EventSchemas() {}

    /** The packaged schemas of {@link #TYPES}. */
    public static EventSchemas load() {
        EventSchemas loaded = new EventSchemas();
        for (String type : TYPES) {
            String resource = "schemas/" + type + ".schema.json";
            try (InputStream in = EventSchemas.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " missing beside " + EventSchemas.class.getName());
                }
                JsonNode schema = Json.mapper().readTree(in);
                loaded.check(schema, type);
                loaded.schemas.put(type, schema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** Builds a validator from one schema (tests). */
    static EventSchemas of(String type, JsonNode schema) {
        EventSchemas one = new EventSchemas();
        one.check(schema, type);
        one.schemas.put(type, schema);
        return one;
    }

    public boolean knows(String type) {
        return schemas.containsKey(type);
    }

    /** Every way {@code event} breaks the schema of {@code type}; empty when it conforms (or the type is unknown). */
    public List<FieldError> validate(String type, JsonNode event) {
        List<FieldError> errors = new ArrayList<>();
        Optional.ofNullable(schemas.get(type)).ifPresent(schema -> validate(schema, event, "", errors));
        return errors;
    }

    private void validate(JsonNode schema, JsonNode value, String pointer, List<FieldError> errors) {
        String where = pointer.isEmpty() ? "/" : pointer;
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(new FieldError(where, "must be " + schema.get("const")));
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                errors.add(new FieldError(where, "must be one of " + schema.get("enum")));
                return;
            }
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(new FieldError(where, "must be of type " + typeNames(schema.get("type"))));
            return;
        }
        if (value.isTextual()) {
            String text = value.textValue();
            int length = text.codePointCount(0, text.length());
            if (schema.has("minLength") && length < schema.get("minLength").intValue()) {
                errors.add(new FieldError(where, "must be at least " + schema.get("minLength") + " characters"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").intValue()) {
                errors.add(new FieldError(where, "must be at most " + schema.get("maxLength") + " characters"));
            }
            if (ChangeValidation.hasControlCharacters(text)) {
                errors.add(new FieldError(where, "must not contain control characters"));
            } else if (schema.has("pattern")
                    && !patterns.get(schema.get("pattern").textValue())
                            .matcher(text)
                            .matches()) {
                errors.add(new FieldError(
                        where, "must match " + schema.get("pattern").textValue()));
            }
            if (schema.has("format") && "date-time".equals(schema.get("format").textValue()) && !isDateTime(text)) {
                errors.add(new FieldError(
                        where, "must be an RFC 3339 date-time with an offset, e.g. 2026-05-01T12:00:00Z"));
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.textValue())) {
                    errors.add(new FieldError(pointer + "/" + escape(required.textValue()), "is required"));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = pointer + "/" + escape(field.getKey());
                if (properties.has(field.getKey())) {
                    validate(properties.get(field.getKey()), field.getValue(), child, errors);
                } else if (schema.has("additionalProperties")
                        && !schema.get("additionalProperties").booleanValue()) {
                    errors.add(new FieldError(child, "is not a known field"));
                }
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.textValue()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown JSON Schema type " + type);
        };
    }

    private static String typeNames(JsonNode type) {
        if (!type.isArray()) {
            return type.textValue();
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add(t.textValue()));
        return String.join(" or ", names);
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Refuses keywords the validator does not enforce; compiles patterns once. */
    private void check(JsonNode schema, String where) {
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!KEYWORDS.contains(keyword)) {
                throw new IllegalStateException(
                        "schema " + where + " uses the keyword " + keyword + ", which EventSchemas does not enforce");
            }
        }
        if (schema.has("additionalProperties")
                && !schema.get("additionalProperties").isBoolean()) {
            throw new IllegalStateException("schema " + where + ": additionalProperties must be a boolean");
        }
        if (schema.has("format") && !"date-time".equals(schema.get("format").textValue())) {
            throw new IllegalStateException("schema " + where + ": only format date-time is enforced");
        }
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").textValue();
            if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) {
                throw new IllegalStateException(
                        "schema " + where + ": a pattern must be anchored ^...$ (matched as a whole string)");
            }
            patterns.put(pattern, Pattern.compile(pattern));
        }
        if (schema.has("type")) {
            typeMatches(schema.get("type"), Json.mapper().nullNode());
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties =
                        schema.path("properties").fields();
                properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            check(property.getValue(), where + "/" + property.getKey());
        }
    }
}
