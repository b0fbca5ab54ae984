package com.storepulse.problem;

import java.util.List;
import java.util.Map;

/**
 * The one error type HTTP-facing code throws. It maps to an RFC 9457 problem+json response with
 * its {@link ErrorCode}; the message must be safe to show a caller (no SQL, no stack, no secret).
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

    public static ApiException validation(String field, String message) {
        return new ApiException(
                ErrorCode.VALIDATION_FAILED,
                "Invalid " + field + ": " + message,
                List.of(new FieldError(field, message)),
                Map.of());
    }

    public static ApiException validation(List<FieldError> errors) {
        return new ApiException(
                ErrorCode.VALIDATION_FAILED,
                "The request has " + errors.size() + " invalid field(s)",
                errors,
                Map.of());
    }

    /** 400 CURSOR_EXPIRED on field {@code cursor}: the walk must start again from its first page. */
    public static ApiException cursorExpired(String message) {
        return new ApiException(
                ErrorCode.CURSOR_EXPIRED,
                "Expired cursor: " + message,
                List.of(new FieldError("cursor", message)),
                Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(ErrorCode.NOT_FOUND, detail);
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
