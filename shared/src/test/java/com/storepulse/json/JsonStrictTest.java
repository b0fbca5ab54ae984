package com.storepulse.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one mapper reads one document; {@link Json#readStrict} also refuses what is not UTF-8 and Unicode text. */
class JsonStrictTest {

    @Test
    void theMapperRefusesAnythingAfterTheDocument() throws Exception {
        assertThrows(JsonProcessingException.class, () -> Json.mapper().readTree("{\"name\":\"a1\"}xyz"));
        assertThrows(JsonProcessingException.class, () -> Json.mapper().readTree("{\"name\":\"a2\"} {\"name\":\"b\"}"));
        assertThrows(JsonProcessingException.class, () -> Json.mapper().readValue("{\"a\":1} 2", Map.class));
        assertEquals(1, Json.mapper().readTree(" {\"a\":1} \n\t").path("a").asInt(), "whitespace may follow");
    }

    @Test
    void strictReadingRefusesWhatIsNotOneDocumentOfUnicodeText() {
        for (String text : new String[] {
            "{\"name\":\"a1\"}xyz",
            "{\"name\":\"a2\"} {\"name\":\"b\"}",
            "{\"a\":1,\"a\":2}",
            "{\"name\":\"x\\ud800\"}", // a lone high surrogate escape
            "{\"name\":\"x\\udc00y\"}", // a lone low surrogate escape
            "{\"\\ud800\":1}", // in a field name
            "[\"ok\",{\"deep\":[\"\\ud800\"]}]",
            "",
            "   "
        }) {
            assertThrows(JsonProcessingException.class, () -> Json.readStrict(text), text);
            assertThrows(
                    JsonProcessingException.class, () -> Json.readStrict(text.getBytes(StandardCharsets.UTF_8)), text);
        }
    }

    /** U+FFFD in text decoded before us is what invalid bytes became; in bytes it was sent as such. */
    @Test
    void aReplacementCharacterIsRefusedInDecodedTextAndKeptFromBytes() throws Exception {
        String body = "{\"name\":\"caf\uFFFD\"}";
        assertThrows(Json.NotStrictJsonException.class, () -> Json.readStrict(body));
        assertEquals(
                "caf\uFFFD",
                Json.readStrict(body.getBytes(StandardCharsets.UTF_8))
                        .path("name")
                        .textValue());
    }

    @Test
    void strictReadingRefusesBytesThatAreNotUtf8() {
        byte[][] notUtf8 = {
            {'"', (byte) 0xC3, (byte) 0x28, '"'}, // a lead byte without its continuation
            {'"', (byte) 0xC0, (byte) 0x80, '"'}, // an overlong NUL
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // U+D800 encoded (CESU-8)
            {'"', (byte) 0xFF, '"'},
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'} // beyond U+10FFFF
        };
        for (byte[] bytes : notUtf8) {
            Json.NotStrictJsonException refused =
                    assertThrows(Json.NotStrictJsonException.class, () -> Json.readStrict(bytes));
            assertEquals("the body is not valid UTF-8", refused.getOriginalMessage());
        }
    }

    @Test
    void strictReadingKeepsUnicodeTextAsSent() throws Exception {
        assertEquals(
                "smile \uD83D\uDE00 caf\u00e9",
                Json.readStrict("{\"name\":\"smile \\ud83d\\ude00 caf\u00e9\"}")
                        .path("name")
                        .textValue());
        assertEquals(
                "\uD83D\uDE00",
                Json.readStrict("[\"\uD83D\uDE00\"]".getBytes(StandardCharsets.UTF_8))
                        .get(0)
                        .textValue());
    }
}
