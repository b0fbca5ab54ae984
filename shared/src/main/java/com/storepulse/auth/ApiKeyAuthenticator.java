package com.storepulse.auth;

import com.storepulse.cache.InProcessCache;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns the {@code x-api-key} header into a {@link Caller}. It gets the header's values, not a
 * request: the HTTP edge gathers them (API Gateway passes header names as the client sent them,
 * in {@code headers} and {@code multiValueHeaders}), so this knows no request type.
 *
 * <p>Tenant keys are looked up by their public prefix (one indexed query) and the SHA-256 of the
 * presented key is compared with the stored hash in constant time. Rows are cached in-process
 * for {@code ttl} (default {@value #DEFAULT_TTL_SECONDS} s, at most {@value #MAX_CACHED_KEYS}
 * keys), so a warm function authenticates without a database round trip; the price is that a
 * revocation reaches other function instances only when their entry expires (within
 * {@code ttl}). Expiry ({@code expires_at}) is checked on every request, so it is exact.
 * Unknown prefixes are not cached: a flood of made-up keys must not push real ones out.
 */
public final class ApiKeyAuthenticator {

    /** The header that carries the key; the edge matches its name ignoring case. */
    public static final String HEADER = "x-api-key";

    public static final long DEFAULT_TTL_SECONDS = 30;
    static final int MAX_CACHED_KEYS = 10_000;
    /** Admin keys may be longer than tenant keys, but a header longer than this is refused unread. */
    static final int MAX_PRESENTED_LENGTH = 1024;

    private final Jdbi jdbi;
    private final AdminKey adminKey;
    private final InstantSource clock;
    private final InProcessCache<String, ApiKeyRecord> keysByPrefix;

    public ApiKeyAuthenticator(Jdbi jdbi, AdminKey adminKey, Duration ttl, InstantSource clock) {
        this.jdbi = jdbi;
        this.adminKey = adminKey;
        this.clock = clock;
        this.keysByPrefix = new InProcessCache<>(ttl, MAX_CACHED_KEYS, clock);
    }

    /**
     * A tenant caller, or {@link AdminKey#ADMIN} for the admin key; otherwise not authenticated.
     *
     * @param apiKeyHeader every value the request sent in {@value #HEADER} (none: the key is missing)
     */
    public Caller authenticate(List<String> apiKeyHeader) {
        String presented = switch (PresentedKey.read(apiKeyHeader)) {
            case PresentedKey.Missing missing -> throw AccessErrors.missingKey();
            case PresentedKey.Ambiguous ambiguous -> throw AccessErrors.invalidKey();
            case PresentedKey.Value value -> value.key();
        };
        if (presented.length() > MAX_PRESENTED_LENGTH) {
            throw AccessErrors.invalidKey();
        }
        if (adminKey.matches(presented)) {
            return AdminKey.ADMIN;
        }
        if (!ApiKeys.isWellFormed(presented)) {
            throw AccessErrors.invalidKey();
        }
        ApiKeyRecord key = keysByPrefix.get(ApiKeys.prefixOf(presented), this::load);
        if (key == null || !ApiKeys.matches(presented, key.keyHash()) || !key.isActive(clock.instant())) {
            throw AccessErrors.invalidKey();
        }
        return key.toCaller();
    }

    /** For the admin routes: the admin key only; a valid tenant key is denied, anything else not authenticated. */
    public Caller authenticateAdmin(List<String> apiKeyHeader) {
        Caller caller = authenticate(apiKeyHeader);
        if (!caller.admin()) {
            throw AccessErrors.forbidden(
                    "This route needs the admin key; tenant API keys cannot manage tenants or keys.");
        }
        return caller;
    }

    /** Drops this instance's cached row (after a revoke here); other instances catch up within the TTL. */
    public void forget(String prefix) {
        keysByPrefix.remove(prefix);
    }

    private ApiKeyRecord load(String prefix) {
        try {
            return jdbi.withExtension(ApiKeyRepository.class, keys -> keys.findByPrefix(prefix))
                    .orElse(null);
        } catch (JdbiException e) {
            throw AccessErrors.databaseUnavailable("API key look-up", e);
        }
    }
}
