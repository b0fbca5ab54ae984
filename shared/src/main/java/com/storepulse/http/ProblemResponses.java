package com.storepulse.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.storepulse.db.Database;
import com.storepulse.errors.AccessDeniedException;
import com.storepulse.errors.ConflictException;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DomainException;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotAuthenticatedException;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.SignatureInvalidException;
import com.storepulse.errors.SnapshotExpiredException;
import com.storepulse.errors.TimestampOutOfToleranceException;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import com.storepulse.observability.Correlation;
import com.storepulse.ratelimit.RateLimitedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any {@link Throwable} into a problem+json response, for every HTTP function
 * (customer-api, webhook-intake) alike.
 *
 * <ul>
 *   <li>{@link DomainException}: the domain's errors, mapped here and only here (see
 *       {@link #toApiException}): not found 404, validation 400, an expired snapshot 400
 *       CURSOR_EXPIRED, not authenticated 401, access denied 403, conflict 409, rate limited 429
 *       with Retry-After and RateLimit-*, a dependency unavailable 503 (the database: DATABASE_UNAVAILABLE with Retry-After).</li>
 *   <li>{@link ApiException}: the errors only HTTP has; its code, detail, field errors and headers.</li>
 *   <li>Jackson read errors: 400 {@code MALFORMED_REQUEST} with a fixed message, plus the JSON
 *       pointer of the offending field when Jackson knows it. Jackson's own message is never
 *       returned: it quotes the input.</li>
 *   <li>Anything else: 500 {@code INTERNAL_ERROR} with a generic detail. The stack trace is logged
 *       with the correlation id, never returned; the caller quotes the id to support.</li>
 * </ul>
 * Every response carries {@code Content-Type: application/problem+json} and {@code X-Correlation-Id}.
 */
public final class ProblemResponses {

    public static final String CONTENT_TYPE = "application/problem+json";
    static final String INTERNAL_DETAIL =
            "An unexpected error occurred. Quote the correlation id if you contact support.";
    static final String INVALID_JSON_DETAIL = "The request body is not valid JSON.";
    static final String WRONG_SHAPE_DETAIL = "The request body does not have the expected shape.";
    static final String RATE_LIMITED_DETAIL =
            "Rate limit exceeded for this API key; retry after the number of seconds in Retry-After.";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    private static final Pattern POINTER_SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ProblemResponses() {}

    /** Uses the request's path and the current correlation id (or the request's, outside a scope). */
    public static APIGatewayProxyResponseEvent toResponse(Throwable error, APIGatewayProxyRequestEvent request) {
        String correlationId = Correlation.current().orElseGet(() -> ApiGatewayExchange.correlationIdOf(request));
        return toResponse(error, request == null ? null : request.getPath(), correlationId);
    }

    /**
     * @param path          the request path; a query string is dropped
     * @param correlationId {@code null} means the current scope's id, or a new one
     */
    public static APIGatewayProxyResponseEvent toResponse(Throwable error, String path, String correlationId) {
        String id =
                correlationId != null ? correlationId : Correlation.current().orElseGet(Correlation::newId);
        Throwable known = databaseOutageAsDomainError(error);
        Throwable mapped = known instanceof DomainException domain ? toApiException(domain) : known;
        ProblemDetails problem = toProblem(mapped, path, id);
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(problem.status())
                .withHeaders(headers(mapped, id))
                .withBody(Json.write(problem));
    }

    /** The body alone, for callers that build another response type. Logs as {@link #toResponse} does. */
    public static ProblemDetails toProblem(Throwable failure, String path, String correlationId) {
        Throwable error = databaseOutageAsDomainError(failure);
        if (error instanceof DomainException domain) {
            return toProblem(toApiException(domain), path, correlationId);
        }
        if (error instanceof ApiException api) {
            logApiException(api, correlationId);
            return ProblemDetails.of(api.code(), api.getMessage(), path, correlationId, api.fieldErrors());
        }
        if (error instanceof JsonProcessingException json && !(error instanceof InvalidDefinitionException)) {
            // InvalidDefinitionException is our type being unmappable: a bug, not bad input.
            return malformedRequest(json, path, correlationId);
        }
        LOG.error("unhandled error (correlation id {}), answered 500", correlationId, error);
        return ProblemDetails.of(ErrorCode.INTERNAL_ERROR, INTERNAL_DETAIL, path, correlationId, List.of());
    }

    /** Problem headers: the exception's own first, then ours, which win. */
    public static Map<String, String> headers(Throwable failure, String correlationId) {
        Throwable error = databaseOutageAsDomainError(failure);
        Map<String, String> headers = new LinkedHashMap<>();
        if (error instanceof DomainException domain) {
            headers.putAll(toApiException(domain).headers());
        } else if (error instanceof ApiException api) {
            headers.putAll(api.headers());
        }
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put(Correlation.HEADER, correlationId);
        headers.put("Cache-Control", "no-store");
        return headers;
    }

    /**
     * A database outage that reached the edge without becoming a domain error on the way (a
     * connection that died while Jdbi opened a handle, say) is still a database outage, never a
     * 500: the db layer says which failures mean the database cannot be reached.
     */
    private static Throwable databaseOutageAsDomainError(Throwable error) {
        if (error instanceof DomainException || error instanceof ApiException || !Database.isUnreachable(error)) {
            return error;
        }
        return new DependencyUnavailableException(
                DependencyUnavailableException.Dependency.DATABASE, Database.UNAVAILABLE_DETAIL, error);
    }

    /**
     * The one mapping of domain errors to the API's codes. The detail is the error's message, except
     * where the API words it itself (rate limited, an expired cursor). A kind this does not know
     * (a new function's own) is a 500: map it here when it is added.
     */
    public static ApiException toApiException(DomainException error) {
        String detail = error.getMessage();
        return switch (error) {
            case ValidationException invalid ->
                new ApiException(ErrorCode.VALIDATION_FAILED, detail, invalid.fieldErrors(), Map.of());
            case SnapshotExpiredException expired ->
                new ApiException(
                        ErrorCode.CURSOR_EXPIRED,
                        "Expired cursor: " + detail,
                        List.of(new FieldError("cursor", detail)),
                        Map.of());
            case NotFoundException notFound -> new ApiException(ErrorCode.NOT_FOUND, detail);
            case SignatureInvalidException signature -> new ApiException(ErrorCode.SIGNATURE_INVALID, detail);
            case TimestampOutOfToleranceException stale ->
                new ApiException(ErrorCode.TIMESTAMP_OUT_OF_TOLERANCE, detail);
            case NotAuthenticatedException unauthenticated -> new ApiException(ErrorCode.UNAUTHENTICATED, detail);
            case AccessDeniedException denied -> new ApiException(ErrorCode.FORBIDDEN, detail);
            case ConflictException conflict -> new ApiException(ErrorCode.CONFLICT, detail);
            case RateLimitedException limited ->
                new ApiException(
                        ErrorCode.RATE_LIMITED,
                        RATE_LIMITED_DETAIL,
                        List.of(),
                        RateLimitHeaders.refusal(limited.decision()));
            case DependencyUnavailableException unavailable
            when unavailable.dependency() == DependencyUnavailableException.Dependency.DATABASE ->
                new ApiException(
                        ErrorCode.DATABASE_UNAVAILABLE,
                        detail,
                        List.of(),
                        Map.of("Retry-After", Long.toString(Database.BREAKER_COOLDOWN.toSeconds())));
            case DependencyUnavailableException unavailable ->
                new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, detail);
            default -> {
                LOG.error(
                        "no API mapping for the domain error {}, answered 500",
                        error.getClass().getName(),
                        error);
                yield new ApiException(ErrorCode.INTERNAL_ERROR, INTERNAL_DETAIL);
            }
        };
    }

    private static ProblemDetails malformedRequest(JsonProcessingException error, String path, String correlationId) {
        // Location and type only: Jackson's message quotes the body, which may hold a secret.
        LOG.info(
                "malformed request body (correlation id {}): {} at {}",
                correlationId,
                error.getClass().getSimpleName(),
                error.getLocation() == null ? "?" : error.getLocation().offsetDescription());
        if (error instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String pointer = pointerOf(mapping.getPath());
            return ProblemDetails.of(
                    ErrorCode.MALFORMED_REQUEST,
                    WRONG_SHAPE_DETAIL,
                    path,
                    correlationId,
                    List.of(new FieldError(pointer, "missing, of the wrong type or in the wrong format")));
        }
        return ProblemDetails.of(ErrorCode.MALFORMED_REQUEST, INVALID_JSON_DETAIL, path, correlationId, List.of());
    }

    /** A JSON pointer ({@code /items/0/price}); segments outside a safe alphabet are not echoed. */
    static String pointerOf(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            String segment =
                    reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex());
            pointer.append('/').append(POINTER_SEGMENT.matcher(segment).matches() ? segment : "?");
        }
        return pointer.toString();
    }

    private static void logApiException(ApiException api, String correlationId) {
        if (api.code().status() >= 500) {
            LOG.warn(
                    "answered {} {} (correlation id {}): {}",
                    api.code().status(),
                    api.code(),
                    correlationId,
                    api.getMessage());
        } else {
            LOG.info("answered {} {} (correlation id {})", api.code().status(), api.code(), correlationId);
        }
    }
}
