package com.storepulse.http;

import com.storepulse.errors.FieldError;
import java.util.List;
import java.util.Map;

/**
 * An error that only HTTP has: no such route, a method the route does not take, a body that is not
 * JSON, an unsupported media type. It maps to an RFC 9457 problem+json response with its
 * {@link ErrorCode}; the message must be safe to show a caller (no SQL, no stack, no secret).
 * Thrown only at the HTTP edge (this package and the HTTP functions' routes); everything below
 * throws a {@link com.storepulse.errors.DomainException}, which {@link ProblemResponses} maps.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldError> fieldErrors;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of(), Map.of());
    }

    public ApiException(ErrorCode code, String detail, List<FieldError> fieldErrors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** Extra response headers, e.g. Retry-After on 429. */
    public Map<String, String> headers() {
        return headers;
    }
}
