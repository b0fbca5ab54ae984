package com.storepulse.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.storepulse.errors.FieldError;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 9457 {@code application/problem+json} body. Besides the standard members it carries
 * {@code code} (the stable {@link ErrorCode} callers switch on), {@code correlationId} (also sent as
 * the {@code X-Correlation-Id} header) and {@code errors} (one entry per invalid field, omitted when
 * there are none).
 *
 * @param type     {@code https://docs.storepulse.dev/errors/<code-in-kebab-case>}, the page documenting the code
 * @param instance the request path, never its query string (which may hold keys or personal data)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetails(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String correlationId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    public static final String TYPE_BASE = "https://docs.storepulse.dev/errors/";

    public ProblemDetails {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemDetails of(
            ErrorCode code, String detail, String path, String correlationId, List<FieldError> errors) {
        return new ProblemDetails(
                typeOf(code),
                code.title(),
                code.status(),
                detail,
                instanceOf(path),
                code.name(),
                correlationId,
                errors);
    }

    public static String typeOf(ErrorCode code) {
        return TYPE_BASE + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The path without query string or fragment; {@code null} stays {@code null}. */
    static String instanceOf(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        int cut = path.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = path.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return path.substring(0, Math.min(cut, 2048));
    }
}
