package com.storepulse.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one JSON mapper of StorePulse. Every module reads and writes JSON through it, so dates,
 * nulls, unknown fields and what may follow a document are treated the same everywhere: a
 * document is one JSON value, and anything but whitespace after it is an error
 * ({@code {"name":"a"}xyz}, {@code {"a":1} {"b":2}}), wherever it is read.
 *
 * <p>What a caller sends (a request body) is read with {@link #readStrict}, which refuses more.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final ObjectReader STRICT = MAPPER.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A request body as a JSON tree, strictly (RFC 8259 and Unicode): the bytes are UTF-8 (decoded
     * without replacing anything), one JSON value with nothing but whitespace after it, no object
     * with a field twice, and no string or field name holding an unpaired surrogate (such as the
     * escape of U+D800 on its own, which PostgreSQL would store as {@code ?}).
     *
     * @throws NotStrictJsonException for any of these; its message never quotes the input
     */
    public static JsonNode readStrict(byte[] utf8) throws JsonProcessingException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotStrictJsonException("the body is not valid UTF-8");
        }
        return read(text, false);
    }

    /**
     * {@link #readStrict(byte[])} for a body someone before us decoded (API Gateway hands text
     * bodies over as a string): it also refuses U+FFFD, which is what bytes that were not UTF-8
     * became in that decoding. (From bytes, U+FFFD is a character the caller sent, and is kept.)
     */
    public static JsonNode readStrict(String text) throws JsonProcessingException {
        return read(text, true);
    }

    private static JsonNode read(String text, boolean decodedBeforeUs) throws JsonProcessingException {
        JsonNode root = STRICT.readTree(text);
        if (root == null || root.isMissingNode()) {
            throw new NotStrictJsonException("the body holds no JSON value");
        }
        requireUnicode(root, decodedBeforeUs);
        return root;
    }

    /** A document {@link #readStrict} refuses for what it holds rather than for its syntax. */
    public static final class NotStrictJsonException extends JsonProcessingException {
        NotStrictJsonException(String message) {
            super(message);
        }
    }

    private static void requireUnicode(JsonNode node, boolean refuseReplacement) throws NotStrictJsonException {
        if (node.isTextual()) {
            requireUnicode(node.textValue(), refuseReplacement);
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                requireUnicode(field.getKey(), refuseReplacement);
                requireUnicode(field.getValue(), refuseReplacement);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                requireUnicode(item, refuseReplacement);
            }
        }
    }

    private static void requireUnicode(String text, boolean refuseReplacement) throws NotStrictJsonException {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\uFFFD' && refuseReplacement) {
                throw new NotStrictJsonException("a string holds U+FFFD: the body was not valid UTF-8");
            }
            if (Character.isHighSurrogate(ch)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw new NotStrictJsonException("a string holds an unpaired surrogate: it is not Unicode text");
            }
        }
    }

    /** {@link #write} as UTF-8 bytes. */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** Serializes a value; a failure here is a programming error, not bad input. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getName(), e);
        }
    }
}
