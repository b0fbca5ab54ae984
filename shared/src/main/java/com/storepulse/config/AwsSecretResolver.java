package com.storepulse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Resolves {@code secretsmanager:NAME[#jsonKey]} and {@code ssm:/param/path[#jsonKey]} references
 * with the AWS SDK v2; any other value is not a reference and is left to the caller untouched.
 *
 * <ul>
 *   <li>Clients are created on first use, never in static initialisation, so neither a client
 *       nor a secret is baked into a SnapStart snapshot unless something resolves one during
 *       init; call {@link #clearCache()} after a restore so values are fetched again.</li>
 *   <li>Endpoints: SDK 2.57 itself honours {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}
 *       and {@code AWS_ENDPOINT_URL_SSM} (and the system properties {@code aws.endpointUrl*}); see
 *       AwsSecretResolverTest#sdkHonoursTheServiceSpecificEndpointSetting. No override code here.</li>
 *   <li>Whole secrets are cached per location for {@code SECRETS_CACHE_TTL} (default 5 minutes),
 *       so several JSON keys of one secret cost one call.</li>
 *   <li>Values never appear in messages, exceptions or {@code toString}; errors name the reference.</li>
 * </ul>
 */
public final class AwsSecretResolver implements SecretResolver, AutoCloseable {

    public static final String CACHE_TTL_SETTING = "SECRETS_CACHE_TTL";
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    private final LazyClient<SecretsManagerClient> secretsManager;
    private final LazyClient<SsmClient> ssm;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<String, CachedSecret> cache = new ConcurrentHashMap<>();

    public AwsSecretResolver(
            Supplier<SecretsManagerClient> secretsManager, Supplier<SsmClient> ssm, Duration ttl, Clock clock) {
        this.secretsManager = new LazyClient<>("Secrets Manager", secretsManager);
        this.ssm = new LazyClient<>("SSM", ssm);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Default clients (region and credentials from the Lambda environment), TTL from {@code SECRETS_CACHE_TTL}. */
    public static AwsSecretResolver fromEnvironment() {
        // Plain settings: the TTL itself is never a secret reference, and resolving it through
        // this resolver would recurse.
        Duration ttl = Settings.fromEnvironment(SecretResolver.NONE).getDuration(CACHE_TTL_SETTING, DEFAULT_CACHE_TTL);
        return new AwsSecretResolver(
                () -> SecretsManagerClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build(),
                () -> SsmClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build(),
                ttl,
                Clock.systemUTC());
    }

    @Override
    public Optional<String> resolve(String reference) {
        return SecretReference.parse(reference).map(this::fetch);
    }

    /** Forgets every cached value; the next resolve fetches again. Call after a SnapStart restore. */
    public void clearCache() {
        cache.clear();
    }

    /** Clears the cache and closes the clients; a later resolve creates new ones. */
    @Override
    public void close() {
        clearCache();
        secretsManager.close();
        ssm.close();
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
        try {
            String value = switch (ref.store()) {
                case SECRETS_MANAGER -> secretString(secretsManager.get().getSecretValue(r -> r.secretId(ref.name())));
                case SSM ->
                    ssm.get()
                            .getParameter(r -> r.name(ref.name()).withDecryption(true))
                            .parameter()
                            .value();
            };
            if (value == null) {
                throw new ConfigurationException("secret " + ref.location() + " has no value");
            }
            return value;
        } catch (SdkException e) {
            // The SDK's messages describe the request (not found, access denied), never the value.
            throw new ConfigurationException("cannot fetch secret " + ref.location() + ": " + describe(e), e);
        }
    }

    private static String secretString(GetSecretValueResponse response) {
        if (response.secretString() != null) {
            return response.secretString();
        }
        return response.secretBinary() == null ? null : response.secretBinary().asString(StandardCharsets.UTF_8);
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

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
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

    /** A client built on first use and rebuilt after {@link #close()}. */
    private static final class LazyClient<C extends AutoCloseable> {
        private final String service;
        private final Supplier<C> factory;
        private C client;

        private LazyClient(String service, Supplier<C> factory) {
            this.service = service;
            this.factory = factory;
        }

        synchronized C get() {
            if (client == null) {
                try {
                    client = factory.get();
                } catch (SdkException e) {
                    // Typically no region: AWS_REGION is set on Lambda but maybe not on a laptop.
                    throw new ConfigurationException("cannot create the " + service + " client: " + e.getMessage(), e);
                }
            }
            return client;
        }

        synchronized void close() {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    // Closing only releases HTTP connections; nothing to recover.
                } finally {
                    client = null;
                }
            }
        }
    }
}
