package com.storepulse.auth;

import static com.storepulse.auth.AccessFixtures.event;
import static com.storepulse.auth.AccessFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.errors.ValidationException;
import com.storepulse.http.ApiException;
import com.storepulse.http.ErrorCode;
import com.storepulse.http.ProblemDetails;
import com.storepulse.http.ProblemResponses;
import com.storepulse.http.RateLimitHeaders;
import com.storepulse.http.RequestHeaders;
import com.storepulse.ratelimit.RateLimitDecision;
import com.storepulse.testing.Refusals;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Authentication, scopes, store access and the rate-limit decision each admission returns, against the real database. */
class ApiKeyAdmissionTest {

    private static final String ROUTE = "GET /v1/stores";

    private final AccessFixtures fixtures = new AccessFixtures(TestDatabase.shared());
    private final AdmissionHarness harness = new AdmissionHarness(TestDatabase.shared(), AdmissionHarness.local());
    private final RequestAdmission admission = harness.admission;

    private static ApiException refused(ErrorCode code, Executable call) {
        ApiException e = Refusals.answerOf(call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private ApiException unauthenticated(List<String> apiKeyHeader) {
        return refused(ErrorCode.UNAUTHENTICATED, () -> admission.admit(apiKeyHeader, ROUTE, Scopes.STORES_READ));
    }

    @Test
    void aMissingKeyIs401AskingForTheHeader() {
        for (List<String> apiKeyHeader :
                List.of(request(null), request("  "), keys(new APIGatewayProxyRequestEvent()))) {
            assertEquals(AccessErrors.MISSING_KEY, unauthenticated(apiKeyHeader).getMessage());
        }
    }

    @Test
    void malformedUnknownWrongRevokedAndExpiredKeysAll401WithOneMessage() {
        long tenant = fixtures.tenant();
        AccessFixtures.Key good = fixtures.key(tenant, Scopes.STORES_READ);
        AccessFixtures.Key revoked = fixtures.key(tenant, Scopes.STORES_READ);
        fixtures.revokeInDatabase(revoked);
        AccessFixtures.Key expired = fixtures.key(
                tenant,
                List.of(Scopes.STORES_READ),
                null,
                600,
                100,
                harness.clock.instant().minusSeconds(1));
        List<String> presented = List.of(
                "not-a-key",
                good.secret() + "x",
                good.row().prefix() + "_" + "Z".repeat(32), // right prefix, wrong secret
                ApiKeys.generate().key(), // well-formed, unknown
                revoked.secret(),
                expired.secret(),
                "sp_live_abcdefgh_' OR '1'='1' --aaaaaaaaaaaaaa", // SQL meta-characters
                "sp_live_\u0000\uFFFD\uD800abc_" + "a".repeat(32), // NUL, replacement char, lone surrogate
                "x".repeat(200_000), // very long
                AdmissionHarness.ADMIN_KEY + "x"); // near-miss of the admin key
        for (String key : presented) {
            assertEquals(AccessErrors.INVALID_KEY, unauthenticated(request(key)).getMessage());
        }
        assertEquals(
                0, fixtures.usage(revoked.id(), ROUTE) + fixtures.usage(expired.id(), ROUTE), "a 401 is not billed");
    }

    @Test
    void theHeaderNameIsMatchedIgnoringCaseInEitherHeaderMap() {
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), Scopes.STORES_READ);
        for (String name : List.of("x-api-key", "X-API-Key", "X-Api-Key")) {
            assertEquals(
                    key.id(),
                    admission
                            .admit(keys(event(name, key.secret())), ROUTE, Scopes.STORES_READ)
                            .caller()
                            .apiKeyId());
        }
        APIGatewayProxyRequestEvent multiOnly =
                new APIGatewayProxyRequestEvent().withMultiValueHeaders(Map.of("X-API-KEY", List.of(key.secret())));
        assertEquals(
                key.id(),
                admission
                        .admit(keys(multiOnly), ROUTE, Scopes.STORES_READ)
                        .caller()
                        .apiKeyId());
    }

    @Test
    void twoDifferentKeysInOneRequestAre401() {
        long tenant = fixtures.tenant();
        AccessFixtures.Key a = fixtures.key(tenant, Scopes.STORES_READ);
        AccessFixtures.Key b = fixtures.key(tenant, Scopes.STORES_READ);
        APIGatewayProxyRequestEvent both = event("x-api-key", a.secret())
                .withMultiValueHeaders(Map.of("x-api-key", List.of(a.secret(), b.secret())));
        assertEquals(AccessErrors.INVALID_KEY, unauthenticated(keys(both)).getMessage());
    }

    @Test
    void aMissingScopeIs403AndNotBilled() {
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), Scopes.STORES_READ);
        ApiException e = refused(
                ErrorCode.FORBIDDEN, () -> admission.admit(request(key.secret()), ROUTE, Scopes.CUSTOMERS_READ));
        assertTrue(e.getMessage().contains(Scopes.CUSTOMERS_READ));
        assertEquals(0, fixtures.usage(key.id(), ROUTE));
    }

    @Test
    void theAdminKeyIs403OnTenantRoutesAndATenantKeyIs403OnAdminRoutes() {
        refused(
                ErrorCode.FORBIDDEN,
                () -> admission.admit(request(AdmissionHarness.ADMIN_KEY), ROUTE, Scopes.STORES_READ));
        assertSame(AdminKey.ADMIN, harness.authenticator.authenticateAdmin(request(AdmissionHarness.ADMIN_KEY)));

        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), Scopes.STORES_READ);
        refused(ErrorCode.FORBIDDEN, () -> harness.authenticator.authenticateAdmin(request(key.secret())));
        refused(ErrorCode.UNAUTHENTICATED, () -> harness.authenticator.authenticateAdmin(request("nope")));
    }

    private static final String STORE_ROUTE = "GET /v1/stores/{storeId}/summary";

    private RequestAdmission.AdmittedToStore toStore(String key, long storeId) {
        return admission.admitToStore(request(key), STORE_ROUTE, Scopes.STORES_READ, () -> storeId);
    }

    @Test
    void anotherTenantsStoreAndANonExistentStoreGiveIdenticalProblems() {
        long tenant = fixtures.tenant();
        long own = fixtures.store(tenant);
        long foreign = fixtures.store(fixtures.tenant());
        String key = fixtures.key(tenant, Scopes.STORES_READ).secret();

        assertEquals(own, toStore(key, own).storeId());
        ApiException otherTenant = refused(ErrorCode.NOT_FOUND, () -> toStore(key, foreign));
        ApiException missing = refused(ErrorCode.NOT_FOUND, () -> toStore(key, Long.MAX_VALUE));
        assertEquals(problem(otherTenant), problem(missing));
        assertEquals(
                ProblemResponses.toResponse(otherTenant, "/v1/stores/x", "id").getBody(),
                ProblemResponses.toResponse(missing, "/v1/stores/x", "id").getBody());
        assertEquals(otherTenant.headers(), missing.headers(), "no header tells them apart either");
    }

    @Test
    void allowedStoreIdsNarrowTheTenantsStores() {
        long tenant = fixtures.tenant();
        long allowed = fixtures.store(tenant);
        long other = fixtures.store(tenant);
        AccessFixtures.Key key =
                fixtures.key(tenant, List.of(Scopes.STORES_READ), new Long[] {allowed}, 600, 100, null);

        assertEquals(allowed, toStore(key.secret(), allowed).storeId());
        assertEquals(
                problem(refused(ErrorCode.NOT_FOUND, () -> toStore(key.secret(), other))),
                problem(refused(ErrorCode.NOT_FOUND, () -> toStore(key.secret(), -1))));
    }

    @Test
    void aStoreTheKeyMayNotReadIsNotBilledButTakesARateLimitToken() {
        long tenant = fixtures.tenant();
        long own = fixtures.store(tenant);
        long foreign = fixtures.store(fixtures.tenant());
        AccessFixtures.Key key = fixtures.key(tenant, List.of(Scopes.STORES_READ), null, 6, 3, null);

        refused(ErrorCode.NOT_FOUND, () -> toStore(key.secret(), foreign));
        refused(ErrorCode.NOT_FOUND, () -> toStore(key.secret(), Long.MAX_VALUE));
        assertEquals(0, fixtures.usage(key.id(), STORE_ROUTE), "a 404 for a store the key may not read is not billed");
        toStore(key.secret(), own);
        assertEquals(1, fixtures.usage(key.id(), STORE_ROUTE), "the readable store's request is billed once");
        ApiException limited = refused(ErrorCode.RATE_LIMITED, () -> toStore(key.secret(), foreign));
        assertEquals(
                "0", limited.headers().get("RateLimit-Remaining"), "the two probes took tokens: burst 3 is used up");
        refused(ErrorCode.RATE_LIMITED, () -> toStore(key.secret(), own));
        assertEquals(1, fixtures.usage(key.id(), STORE_ROUTE));
    }

    @Test
    void theStoreIdIsReadOnlyAfterTheKeyAndScopeChecksAndAMalformedOneIsNotBilled() {
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), Scopes.STORES_READ);
        java.util.function.LongSupplier malformed = () -> {
            throw ValidationException.of("storeId", "must be a positive integer");
        };
        refused(
                ErrorCode.UNAUTHENTICATED,
                () -> admission.admitToStore(request(null), STORE_ROUTE, Scopes.STORES_READ, malformed));
        refused(
                ErrorCode.FORBIDDEN,
                () -> admission.admitToStore(request(key.secret()), STORE_ROUTE, Scopes.CUSTOMERS_READ, malformed));
        ApiException badId = refused(
                ErrorCode.VALIDATION_FAILED,
                () -> admission.admitToStore(request(key.secret()), STORE_ROUTE, Scopes.STORES_READ, malformed));
        assertEquals("storeId", badId.fieldErrors().get(0).field());
        assertEquals(0, fixtures.usage(key.id(), STORE_ROUTE));
        RateLimitDecision decision = admission
                .admit(request(key.secret()), ROUTE, Scopes.STORES_READ)
                .rateLimit();
        assertEquals(
                98,
                decision.remaining(),
                "of a burst of 100, the malformed request took one token (the 401 and 403 none), this one the second");
    }

    @Test
    void aWarmLookUpNeedsNoQueryAndARevocationLandsWithinTheTtl() {
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), Scopes.STORES_READ);
        for (int i = 0; i < 5; i++) {
            admission.admit(request(key.secret()), ROUTE, Scopes.STORES_READ);
        }
        assertEquals(1, harness.keyLookups.get(), "one database look-up, then the in-process cache");

        fixtures.revokeInDatabase(key);
        harness.clock.advance(AdmissionHarness.TTL.minusSeconds(1));
        admission.admit(request(key.secret()), ROUTE, Scopes.STORES_READ); // still cached: accepted
        harness.clock.advance(Duration.ofSeconds(1));
        assertEquals(
                AccessErrors.INVALID_KEY, unauthenticated(request(key.secret())).getMessage());
        assertEquals(2, harness.keyLookups.get());
    }

    @Test
    void expiryIsExactEvenWhileTheRowIsCached() {
        AccessFixtures.Key key = fixtures.key(
                fixtures.tenant(),
                List.of(Scopes.STORES_READ),
                null,
                600,
                100,
                harness.clock.instant().plusSeconds(5));
        admission.admit(request(key.secret()), ROUTE, Scopes.STORES_READ);
        harness.clock.advance(Duration.ofSeconds(5));
        unauthenticated(request(key.secret()));
        assertEquals(1, harness.keyLookups.get());
    }

    @Test
    void unknownPrefixesAreNotCachedSoTheyCannotCrowdOutRealKeys() {
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            unknown.add(ApiKeys.generate().key());
        }
        unknown.forEach(k -> unauthenticated(request(k)));
        unknown.forEach(k -> unauthenticated(request(k)));
        assertEquals(6, harness.keyLookups.get());
    }

    @Test
    void eachAdmissionReturnsItsOwnRateLimitDecision() {
        AccessFixtures.Key key = fixtures.key(fixtures.tenant(), List.of(Scopes.STORES_READ), null, 60, 5, null);
        RequestAdmission.Admitted first = admission.admit(request(key.secret()), ROUTE, Scopes.STORES_READ);
        RequestAdmission.Admitted second = admission.admit(request(key.secret()), ROUTE, Scopes.STORES_READ);
        assertEquals(4, first.rateLimit().remaining(), "the first request's decision stays the first's");
        assertEquals(3, second.rateLimit().remaining());
        Map<String, String> headers = RateLimitHeaders.of(first.rateLimit());
        assertEquals("5", headers.get("RateLimit-Limit"));
        assertEquals("4", headers.get("RateLimit-Remaining"));
        assertEquals("1", headers.get("RateLimit-Reset"), "one token at 60/min refills in 1 s");
    }

    private static ProblemDetails problem(ApiException e) {
        return ProblemResponses.toProblem(e, "/v1/stores/x", "same-id");
    }

    /** The edge's reading of a request's x-api-key values (any spelling, either header map). */
    private static List<String> keys(APIGatewayProxyRequestEvent event) {
        return RequestHeaders.values(event, ApiKeyAuthenticator.HEADER);
    }
}
