package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.FieldError;
import com.storepulse.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema validator's pattern semantics: JSON Schema's (ECMA-262), not Java's find(). */
class EventSchemasTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void anAnchoredPatternMatchesTheWholeStringOnly() throws Exception {
        EventSchemas schemas =
                EventSchemas.of("t", json("{\"properties\":{\"n\":{\"type\":\"string\",\"pattern\":\"^[0-9]+$\"}}}"));
        assertEquals(List.of(), schemas.validate("t", json("{\"n\":\"10\"}")));
        assertEquals(
                List.of("/n"),
                schemas.validate("t", json("{\"n\":\"10\\n\"}")).stream()
                        .map(FieldError::field)
                        .toList());
    }

    @Test
    void anUnanchoredPatternDoesNotLoad() throws Exception {
        JsonNode schema = json("{\"properties\":{\"n\":{\"type\":\"string\",\"pattern\":\"[0-9]+\"}}}");
        assertThrows(IllegalStateException.class, () -> EventSchemas.of("t", schema));
    }
}
