package com.storepulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.AccessDeniedException;
import com.storepulse.errors.ConflictException;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DependencyUnavailableException.Dependency;
import com.storepulse.errors.DomainException;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotAuthenticatedException;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.SnapshotExpiredException;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.observability.Correlation;
import com.storepulse.ratelimit.RateLimitDecision;
import com.storepulse.ratelimit.RateLimitedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProblemResponsesTest {

    private static final String PATH = "/v1/stores/7/customers";

    @AfterEach
    void clearCorrelation() {
        Correlation.clear();
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeBecomesItsProblem(ErrorCode code) {
        APIGatewayProxyResponseEvent response = ProblemResponses.toResponse(
                new ApiException(code, "detail for " + code), PATH + "?api_key=sp_live_123&q=x", "corr-" + code);

        assertEquals(code.status(), response.getStatusCode());
        assertEquals(ProblemResponses.CONTENT_TYPE, response.getHeaders().get("Content-Type"));
        assertEquals("corr-" + code, response.getHeaders().get("X-Correlation-Id"));
        JsonNode body = body(response);
        assertEquals(
                "https://docs.storepulse.dev/errors/"
                        + code.name().toLowerCase().replace('_', '-'),
                body.path("type").asText());
        assertEquals(code.title(), body.path("title").asText());
        assertEquals(code.status(), body.path("status").asInt());
        assertEquals("detail for " + code, body.path("detail").asText());
        assertEquals(PATH, body.path("instance").asText());
        assertEquals(code.name(), body.path("code").asText());
        assertEquals("corr-" + code, body.path("correlationId").asText());
        assertFalse(body.has("errors"), "no errors member without field errors");
        assertFalse(response.getBody().contains("sp_live_123"), "the query string is never echoed");
    }

    @Test
    void validationErrorsListEveryField() {
        ValidationException invalid = ValidationException.of(List.of(
                new FieldError("limit", "must be between 1 and 200"),
                new FieldError("/email", "must be an e-mail address")));

        JsonNode body = body(ProblemResponses.toResponse(invalid, PATH, "corr-v"));

        assertEquals(400, body.path("status").asInt());
        assertEquals("VALIDATION_FAILED", body.path("code").asText());
        assertEquals(2, body.path("errors").size());
        assertEquals("limit", body.at("/errors/0/field").asText());
        assertEquals("must be between 1 and 200", body.at("/errors/0/message").asText());
        assertEquals("/email", body.at("/errors/1/field").asText());
    }

    /** The domain's errors, as the API answers them: the one mapping (ProblemResponses.toApiException). */
    @Test
    void eachKindOfDomainErrorHasItsCode() {
        RateLimitDecision refused = new RateLimitDecision(false, 5, 0, 1_500, 12_000, false);
        Map<DomainException, ErrorCode> kinds = new LinkedHashMap<>();
        kinds.put(new UnknownStoreException(7, "No such store"), ErrorCode.NOT_FOUND);
        kinds.put(new NotFoundException("No such customer"), ErrorCode.NOT_FOUND);
        kinds.put(ValidationException.of("limit", "too big"), ErrorCode.VALIDATION_FAILED);
        kinds.put(new SnapshotExpiredException("gone"), ErrorCode.CURSOR_EXPIRED);
        kinds.put(new NotAuthenticatedException("Who?"), ErrorCode.UNAUTHENTICATED);
        kinds.put(new AccessDeniedException("No."), ErrorCode.FORBIDDEN);
        kinds.put(new ConflictException("Taken."), ErrorCode.CONFLICT);
        kinds.put(new RateLimitedException(refused), ErrorCode.RATE_LIMITED);
        kinds.put(
                new DependencyUnavailableException(Dependency.DATABASE, "Try again shortly.", null),
                ErrorCode.DATABASE_UNAVAILABLE);
        kinds.put(
                new DependencyUnavailableException(Dependency.SECRETS, "Try again shortly.", null),
                ErrorCode.DEPENDENCY_UNAVAILABLE);
        kinds.forEach((error, code) -> {
            APIGatewayProxyResponseEvent response = ProblemResponses.toResponse(error, PATH, "corr-d");
            JsonNode body = body(response);
            assertEquals(code.status(), response.getStatusCode(), error.toString());
            assertEquals(code.name(), body.path("code").asText(), error.toString());
            if (code != ErrorCode.RATE_LIMITED && code != ErrorCode.CURSOR_EXPIRED) {
                assertEquals(error.getMessage(), body.path("detail").asText());
            }
        });

        APIGatewayProxyResponseEvent database = ProblemResponses.toResponse(
                new DependencyUnavailableException(Dependency.DATABASE, "Try again shortly.", null), PATH, "x");
        assertEquals("1", database.getHeaders().get("Retry-After"), "the database breaker probes once a second");

        APIGatewayProxyResponseEvent limited =
                ProblemResponses.toResponse(new RateLimitedException(refused), PATH, "x");
        assertEquals("2", limited.getHeaders().get("Retry-After"));
        assertEquals("5", limited.getHeaders().get("RateLimit-Limit"));
        assertEquals("0", limited.getHeaders().get("RateLimit-Remaining"));
        assertEquals("12", limited.getHeaders().get("RateLimit-Reset"));
        assertEquals(
                "Rate limit exceeded for this API key; retry after the number of seconds in Retry-After.",
                body(limited).path("detail").asText());

        JsonNode expired = body(ProblemResponses.toResponse(new SnapshotExpiredException("gone"), PATH, "x"));
        assertEquals("Expired cursor: gone", expired.path("detail").asText());
        assertEquals("cursor", expired.at("/errors/0/field").asText());
        assertEquals("gone", expired.at("/errors/0/message").asText());
    }

    @Test
    void aDomainErrorNobodyMappedIsA500() {
        DomainException unmapped = new DomainException("a new function's own error") {};
        try (CapturedLogs logs = new CapturedLogs()) {
            JsonNode body = body(ProblemResponses.toResponse(unmapped, PATH, "corr-u"));
            assertEquals(500, body.path("status").asInt());
            assertEquals(ProblemResponses.INTERNAL_DETAIL, body.path("detail").asText());
            assertTrue(logs.raw().contains("no API mapping"), logs.raw());
        }
    }

    @Test
    void exceptionHeadersArePreservedButCannotReplaceOurs() {
        ApiException limited = new ApiException(
                ErrorCode.RATE_LIMITED,
                "Slow down",
                List.of(),
                Map.of("Retry-After", "30", "Content-Type", "text/html"));

        APIGatewayProxyResponseEvent response = ProblemResponses.toResponse(limited, PATH, "corr-h");

        assertEquals(429, response.getStatusCode());
        assertEquals("30", response.getHeaders().get("Retry-After"));
        assertEquals(ProblemResponses.CONTENT_TYPE, response.getHeaders().get("Content-Type"));
    }

    /** A lost connection that reached the edge as a raw exception is still a database outage. */
    @Test
    void aConnectionLostOutsideTheDomainIsA503DatabaseUnavailableAndABadStatementStaysA500() {
        RuntimeException lost = new IllegalStateException(
                "opening a handle",
                new java.sql.SQLException("terminating connection due to administrator command", "57P01"));
        APIGatewayProxyResponseEvent outage = ProblemResponses.toResponse(lost, PATH, "corr-lost");
        assertEquals(503, outage.getStatusCode());
        assertEquals("DATABASE_UNAVAILABLE", body(outage).path("code").asText());
        assertEquals("1", outage.getHeaders().get("Retry-After"));

        RuntimeException duplicate = new IllegalStateException(
                "insert", new java.sql.SQLException("duplicate key value violates unique constraint", "23505"));
        APIGatewayProxyResponseEvent bug = ProblemResponses.toResponse(duplicate, PATH, "corr-dup");
        assertEquals(500, bug.getStatusCode());
        assertEquals("INTERNAL_ERROR", body(bug).path("code").asText());
    }

    @Test
    void unknownExceptionsBecomeAGeneric500AndOnlyTheLogSeesTheStack() {
        RuntimeException leak = new IllegalStateException(
                "SELECT secret FROM vault WHERE vault_id = 7",
                new java.sql.SQLException("connection to db.internal:5432 refused"));
        try (CapturedLogs logs = new CapturedLogs()) {
            APIGatewayProxyResponseEvent response = ProblemResponses.toResponse(leak, PATH, "corr-500");

            assertEquals(500, response.getStatusCode());
            JsonNode body = body(response);
            assertEquals("INTERNAL_ERROR", body.path("code").asText());
            assertEquals(ProblemResponses.INTERNAL_DETAIL, body.path("detail").asText());
            assertEquals("corr-500", body.path("correlationId").asText());
            for (String leaked : List.of(
                    "vault",
                    "SELECT",
                    "IllegalStateException",
                    "SQLException",
                    "db.internal",
                    "java.",
                    "\tat ",
                    "ProblemResponsesTest")) {
                assertFalse(response.getBody().contains(leaked), leaked + " leaked: " + response.getBody());
            }
            assertEquals(
                    Map.of(
                            "Content-Type",
                            ProblemResponses.CONTENT_TYPE,
                            "X-Correlation-Id",
                            "corr-500",
                            "Cache-Control",
                            "no-store"),
                    response.getHeaders());

            JsonNode logged = logs.lines().stream()
                    .filter(l -> "ERROR".equals(l.path("level").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no ERROR line in " + logs.raw()));
            assertTrue(logged.path("message").asText().contains("corr-500"), logged.toString());
            assertTrue(logged.at("/error/stack").asText().contains("ProblemResponsesTest"), logged.toString());
        }
    }

    @Test
    void unparseableJsonIsAMalformedRequestThatDoesNotQuoteTheBody() {
        JsonProcessingException parse = assertThrows(
                JsonProcessingException.class, () -> Json.mapper().readTree("{\"password\": \"hunter2\", oops}"));

        APIGatewayProxyResponseEvent response = ProblemResponses.toResponse(parse, PATH, "corr-json");

        assertEquals(400, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals("MALFORMED_REQUEST", body.path("code").asText());
        assertEquals(ProblemResponses.INVALID_JSON_DETAIL, body.path("detail").asText());
        assertFalse(response.getBody().contains("hunter2"), response.getBody());
        assertFalse(response.getBody().contains("oops"), response.getBody());
    }

    record Item(String sku, int quantity) {}

    record Order(List<Item> items) {}

    @Test
    void aWronglyTypedFieldIsAMalformedRequestNamingTheField() {
        JsonProcessingException mismatch = assertThrows(
                JsonProcessingException.class,
                () -> Json.mapper().readValue("{\"items\":[{\"sku\":\"a\",\"quantity\":\"lots\"}]}", Order.class));

        JsonNode body = body(ProblemResponses.toResponse(mismatch, PATH, "corr-shape"));

        assertEquals(400, body.path("status").asInt());
        assertEquals("MALFORMED_REQUEST", body.path("code").asText());
        assertEquals(ProblemResponses.WRONG_SHAPE_DETAIL, body.path("detail").asText());
        assertEquals("/items/0/quantity", body.at("/errors/0/field").asText());
        assertFalse(body.toString().contains("lots"), body.toString());
    }

    /** An interface without type information: Jackson cannot pick a class. Our bug, not the caller's. */
    interface Unmappable {}

    @Test
    void anUnmappableTargetTypeIsOurBugSoA500() {
        JsonProcessingException definition = assertThrows(
                com.fasterxml.jackson.databind.exc.InvalidDefinitionException.class,
                () -> Json.mapper().readValue("{}", Unmappable.class));

        assertEquals(
                500, ProblemResponses.toResponse(definition, PATH, "corr-def").getStatusCode());
    }

    @Test
    void theCorrelationIdComesFromTheScopeOrTheRequestWhenNotGiven() {
        Correlation.set("corr-scope");
        assertEquals(
                "corr-scope",
                ProblemResponses.toResponse(new NotFoundException("No such customer"), PATH, null)
                        .getHeaders()
                        .get("X-Correlation-Id"));
        Correlation.clear();

        APIGatewayProxyRequestEvent request = new APIGatewayProxyRequestEvent()
                .withPath("/v1/stores/7/customers/99")
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("apigw-req-9"));
        APIGatewayProxyResponseEvent response =
                ProblemResponses.toResponse(new NotFoundException("No such customer"), request);
        assertEquals("apigw-req-9", response.getHeaders().get("X-Correlation-Id"));
        JsonNode body = body(response);
        assertEquals("/v1/stores/7/customers/99", body.path("instance").asText());
        assertEquals("apigw-req-9", body.path("correlationId").asText());

        String fresh = ProblemResponses.toResponse(new RuntimeException("x"), PATH, null)
                .getHeaders()
                .get("X-Correlation-Id");
        assertTrue(Correlation.isSafe(fresh), fresh);
    }

    @Test
    void instanceDropsQueryAndFragment() {
        assertEquals("/v1/a", ProblemDetails.instanceOf("/v1/a?b=c#d"));
        assertEquals("/v1/a", ProblemDetails.instanceOf("/v1/a#d?b"));
        assertEquals(null, ProblemDetails.instanceOf(null));
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) {
        try {
            return Json.mapper().readTree(response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("body is not JSON: " + response.getBody(), e);
        }
    }
}
