package com.storepulse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Resolves {@code secretsmanager:NAME[#jsonKey]} and {@code ssm:/param/path[#jsonKey]} references
 * through the AWS Parameters and Secrets Lambda Extension ({@link SecretsExtension}); any other
 * value is not a reference and is left to the caller untouched.
 *
 * <ul>
 *   <li>The extension client is created on first use, never in static initialisation, so no
 *       secret is baked into a SnapStart snapshot unless something resolves one during init;
 *       call {@link #clearCache()} after a restore so values are fetched again.</li>
 *   <li>Whole secrets are cached per location for {@code SECRETS_CACHE_TTL} (default 5 minutes),
 *       so several JSON keys of one secret cost one call. The extension's own cache is off
 *       (template.yaml), so this is the only cache and a cleared one really fetches again.</li>
 *   <li>Values never appear in messages, exceptions or {@code toString}; errors name the reference.</li>
 * </ul>
 */
public final class AwsSecretResolver implements SecretResolver, AutoCloseable {

    public static final String CACHE_TTL_SETTING = "SECRETS_CACHE_TTL";
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    private final LazyClient extension;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<String, CachedSecret> cache = new ConcurrentHashMap<>();

    AwsSecretResolver(Supplier<SecretsExtension> extension, Duration ttl, Clock clock) {
        this.extension = new LazyClient(extension);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The extension of this Lambda environment, TTL from {@code SECRETS_CACHE_TTL}. */
    public static AwsSecretResolver fromEnvironment() {
        // Plain settings: the TTL itself is never a secret reference, and resolving it through
        // this resolver would recurse.
        Settings plain = Settings.fromEnvironment(SecretResolver.NONE);
        Duration ttl = plain.getDuration(CACHE_TTL_SETTING, DEFAULT_CACHE_TTL);
        return new AwsSecretResolver(
                () -> SecretsExtension.fromEnvironment(name -> plain.get(name).orElse(null)), ttl, Clock.systemUTC());
    }

    @Override
    public Optional<String> resolve(String reference) {
        return SecretReference.parse(reference).map(this::fetch);
    }

    /** Forgets every cached value; the next resolve fetches again. Call after a SnapStart restore. */
    public void clearCache() {
        cache.clear();
    }

    /** Clears the cache and forgets the extension client; a later resolve creates a new one. */
    @Override
    public void close() {
        clearCache();
        extension.close();
    }

    private String fetch(SecretReference ref) {
        String whole = wholeSecret(ref);
        return ref.jsonKey() == null ? whole : jsonField(ref, whole);
    }

    private String wholeSecret(SecretReference ref) {
        Instant now = clock.instant();
        CachedSecret cached = cache.get(ref.location());
        if (cached != null && now.isBefore(cached.expiresAt)) {
            return cached.value;
        }
        // No lock around the network call: two threads may both fetch once, which is harmless.
        String value = load(ref);
        cache.put(ref.location(), new CachedSecret(value, now.plus(ttl)));
        return value;
    }

    private String load(SecretReference ref) {
        String value = switch (ref.store()) {
            case SECRETS_MANAGER -> extension.get().secret(ref.name());
            case SSM -> extension.get().parameter(ref.name());
        };
        if (value == null) {
            throw new ConfigurationException("secret " + ref.location() + " has no value");
        }
        return value;
    }

    private static String jsonField(SecretReference ref, String whole) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(whole);
        } catch (JsonProcessingException e) {
            root = null; // no cause attached: Jackson's message quotes the text it failed on
        }
        if (root == null || !root.isObject()) {
            throw new ConfigurationException("secret " + ref.location() + " is not a JSON object, so key '"
                    + ref.jsonKey() + "' cannot be read");
        }
        JsonNode field = root.get(ref.jsonKey());
        if (field == null || field.isNull()) {
            throw new ConfigurationException("secret " + ref.location() + " has no key '" + ref.jsonKey() + "'");
        }
        return field.isValueNode() ? field.asText() : field.toString();
    }

    @Override
    public String toString() {
        return "AwsSecretResolver[ttl=" + ttl + ", cached=" + cache.size() + "]";
    }

    /** A value and when it stops being trusted. Not a record: a record's toString would print the value. */
    private static final class CachedSecret {
        private final String value;
        private final Instant expiresAt;

        private CachedSecret(String value, Instant expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }
    }

    /** The extension client, built on first use (it reads the environment) and again after {@link #close()}. */
    private static final class LazyClient {
        private final Supplier<SecretsExtension> factory;
        private SecretsExtension client;

        private LazyClient(Supplier<SecretsExtension> factory) {
            this.factory = factory;
        }

        synchronized SecretsExtension get() {
            if (client == null) {
                client = factory.get();
            }
            return client;
        }

        synchronized void close() {
            client = null;
        }
    }
}
