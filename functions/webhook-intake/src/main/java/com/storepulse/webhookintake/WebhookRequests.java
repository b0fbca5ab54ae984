package com.storepulse.webhookintake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.http.ApiException;
import com.storepulse.http.ErrorCode;
import com.storepulse.webhooks.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * An API Gateway request as the signed bytes it carries: the body decoded from base64 when API
 * Gateway encoded it, else the body string's UTF-8 bytes (the bytes the sender sent); never
 * parsed and re-serialised. Refuses a body over {@value #MAX_BODY_BYTES} bytes (413) and a content
 * type that is not JSON (415).
 */
final class WebhookRequests {

    static final int MAX_BODY_BYTES = 256 * 1024;

    private WebhookRequests() {}

    static SignedRequest signed(APIGatewayProxyRequestEvent event) {
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        String contentType = headers.entrySet().stream()
                .filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        String body = event.getBody() == null ? "" : event.getBody();
        // A cheap bound before decoding: base64 is 4/3 of the bytes, UTF-8 at most 3 bytes a char.
        if (body.length() > MAX_BODY_BYTES * 4 / 3 + 4) {
            throw tooLarge();
        }
        byte[] bytes =
                Boolean.TRUE.equals(event.getIsBase64Encoded()) ? decode(body) : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (!isJson(contentType)) {
            throw new ApiException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json (got " + (contentType == null ? "none" : contentType) + ")");
        }
        return new SignedRequest(headers, bytes);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static byte[] decode(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The base64-encoded body is not valid base64");
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(
                ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than " + MAX_BODY_BYTES + " bytes (256 KB)");
    }
}
