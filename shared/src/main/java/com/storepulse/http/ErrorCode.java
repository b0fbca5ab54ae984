package com.storepulse.http;

/**
 * Stable, documented error codes. Callers switch on {@code code}, never on the message, so a
 * code is never renamed or reused. docs/ lists them all.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Validation failed"),
    MALFORMED_REQUEST(400, "Malformed request"),
    /** A list cursor older than its walk's lifetime (the snapshot it reads is no longer kept). */
    CURSOR_EXPIRED(400, "Cursor expired"),
    UNAUTHENTICATED(401, "Authentication required"),
    /** A webhook whose signature is missing, malformed or made with no key of its source. */
    SIGNATURE_INVALID(401, "Signature invalid"),
    /** A correctly signed webhook whose signed timestamp is outside the receiver's tolerance. */
    TIMESTAMP_OUT_OF_TOLERANCE(401, "Timestamp out of tolerance"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    ROUTE_NOT_FOUND(404, "No such route"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RATE_LIMITED(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal error"),
    DEPENDENCY_UNAVAILABLE(503, "Service unavailable"),
    /** The database cannot be reached; retry after the Retry-After seconds. */
    DATABASE_UNAVAILABLE(503, "Database unavailable");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
