package com.storepulse.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.storepulse.json.Json;
import com.storepulse.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WireMock stands in for the AWS Parameters and Secrets Lambda Extension's local endpoint: it answers
 * GetSecretValue and GetParameter results (and Secrets Manager's own error body, which the extension
 * passes on) only to requests that carry the SSRF token.
 */
class AwsSecretResolverTest {

    private static final String DB_SECRET_JSON =
            "{\"username\":\"app\",\"password\":\"s3cr3t-pw\",\"port\":5432," + "\"options\":{\"ssl\":true}}";
    private static final String REDIS_URL = "rediss://:r3dis-pw@cache.internal:6379";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String SESSION_TOKEN = "session-token-of-this-environment";

    private final WireMockServer extension = new WireMockServer(options().dynamicPort());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private AwsSecretResolver resolver;

    @BeforeEach
    void start() {
        extension.start();
        stubSecret("storepulse/db", DB_SECRET_JSON);
        stubSecret("storepulse/plain-token", "tok-123-not-json");
        stubParameter("/storepulse/redis-url", REDIS_URL);
        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get"))
                .withQueryParam("secretId", equalTo("storepulse/missing"))
                .withHeader(SecretsExtension.TOKEN_HEADER, equalTo(SESSION_TOKEN))
                .willReturn(json(
                        400,
                        "{\"__type\":\"ResourceNotFoundException\","
                                + "\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
        resolver = new AwsSecretResolver(
                () -> {
                    clientsBuilt.incrementAndGet();
                    return new SecretsExtension(URI.create(extension.baseUrl()), SESSION_TOKEN);
                },
                TTL,
                clock);
    }

    @AfterEach
    void stop() {
        resolver.close();
        extension.stop();
    }

    @Test
    void readsAWholeSecretAndSingleJsonKeysOfIt() {
        assertEquals(Optional.of(DB_SECRET_JSON), resolver.resolve("secretsmanager:storepulse/db"));
        assertEquals(Optional.of("s3cr3t-pw"), resolver.resolve("secretsmanager:storepulse/db#password"));
        assertEquals(Optional.of("app"), resolver.resolve("secretsmanager:storepulse/db#username"));
        assertEquals(Optional.of("5432"), resolver.resolve("secretsmanager:storepulse/db#port"));
        assertEquals(Optional.of("{\"ssl\":true}"), resolver.resolve("secretsmanager:storepulse/db#options"));
    }

    @Test
    void readsABinarySecretAsUtf8() {
        String body = Json.write(Map.of(
                "Name",
                "storepulse/binary",
                "SecretBinary",
                Base64.getEncoder().encodeToString("bin-ä-value".getBytes(StandardCharsets.UTF_8))));
        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get"))
                .withQueryParam("secretId", equalTo("storepulse/binary"))
                .withHeader(SecretsExtension.TOKEN_HEADER, equalTo(SESSION_TOKEN))
                .willReturn(json(200, body)));
        assertEquals(Optional.of("bin-ä-value"), resolver.resolve("secretsmanager:storepulse/binary"));
    }

    @Test
    void readsAnSsmSecureStringWithDecryption() {
        // The stub only matches withDecryption=true; anything else would get WireMock's 404.
        assertEquals(Optional.of(REDIS_URL), resolver.resolve("ssm:/storepulse/redis-url"));
        extension.verify(1, getParameter("/storepulse/redis-url"));
    }

    @Test
    void cachesUntilTheTtlExpiresThenFetchesAgain() {
        resolver.resolve("secretsmanager:storepulse/db#password");
        resolver.resolve("secretsmanager:storepulse/db#username");
        resolver.resolve("ssm:/storepulse/redis-url");
        resolver.resolve("ssm:/storepulse/redis-url");
        extension.verify(1, getSecretValue("storepulse/db"));
        extension.verify(1, getParameter("/storepulse/redis-url"));

        clock.advance(TTL.minusSeconds(1));
        resolver.resolve("secretsmanager:storepulse/db#password");
        extension.verify(1, getSecretValue("storepulse/db"));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of("s3cr3t-pw"), resolver.resolve("secretsmanager:storepulse/db#password"));
        assertEquals(Optional.of(REDIS_URL), resolver.resolve("ssm:/storepulse/redis-url"));
        extension.verify(2, getSecretValue("storepulse/db"));
        extension.verify(2, getParameter("/storepulse/redis-url"));
    }

    @Test
    void clearCacheForcesTheNextReadToFetch() {
        resolver.resolve("secretsmanager:storepulse/db#password");
        resolver.clearCache();
        resolver.resolve("secretsmanager:storepulse/db#password");
        extension.verify(2, getSecretValue("storepulse/db"));
    }

    @Test
    void aMissingSecretIsAConfigurationErrorNamingTheReference() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> resolver.resolve("secretsmanager:storepulse/missing#password"));
        assertTrue(e.getMessage().contains("secretsmanager:storepulse/missing"), e.getMessage());
        assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
        // Not retried, and the failure is not cached as a value.
        extension.verify(1, getSecretValue("storepulse/missing"));
        assertThrows(ConfigurationException.class, () -> resolver.resolve("secretsmanager:storepulse/missing"));
        extension.verify(2, getSecretValue("storepulse/missing"));
    }

    @Test
    void anUnreachableExtensionIsAConfigurationErrorNamingTheReference() {
        URI gone = URI.create(extension.baseUrl());
        extension.stop();
        try (AwsSecretResolver noExtension =
                new AwsSecretResolver(() -> new SecretsExtension(gone, SESSION_TOKEN), TTL, clock)) {
            ConfigurationException e =
                    assertThrows(ConfigurationException.class, () -> noExtension.resolve("ssm:/storepulse/redis-url"));
            assertTrue(e.getMessage().contains("ssm:/storepulse/redis-url"), e.getMessage());
            assertTrue(e.getMessage().contains("extension"), e.getMessage());
        }
    }

    @Test
    void errorsAboutTheContentNeverQuoteTheSecret() {
        ConfigurationException noKey =
                assertThrows(ConfigurationException.class, () -> resolver.resolve("secretsmanager:storepulse/db#nope"));
        assertTrue(noKey.getMessage().contains("'nope'"), noKey.getMessage());
        ConfigurationException notJson = assertThrows(
                ConfigurationException.class, () -> resolver.resolve("secretsmanager:storepulse/plain-token#key"));
        assertTrue(notJson.getMessage().contains("not a JSON object"), notJson.getMessage());

        for (ConfigurationException e : new ConfigurationException[] {noKey, notJson}) {
            String everything = describeWithCauses(e);
            assertFalse(everything.contains("s3cr3t-pw"), everything);
            assertFalse(everything.contains("tok-123"), everything);
        }
        assertFalse(resolver.toString().contains("s3cr3t-pw"), resolver.toString());
    }

    @Test
    void plainValuesAreNotReferencesAndNeverReachAws() {
        assertEquals(Optional.empty(), resolver.resolve("postgres://localhost:5432/storepulse"));
        assertEquals(Optional.empty(), resolver.resolve("secretsmanager-is-not-a-prefix"));
        Settings settings = new Settings(
                Map.of(
                        "DATABASE_URL", "postgres://localhost:5432/storepulse",
                        "DB_PASSWORD", "secretsmanager:storepulse/db#password",
                        "REDIS_URL", "  ssm:/storepulse/redis-url ")::get,
                resolver);
        assertEquals("postgres://localhost:5432/storepulse", settings.require("DATABASE_URL"));
        assertEquals(0, extension.getAllServeEvents().size());
        assertEquals(0, clientsBuilt.get(), "the extension client is built on first use only");

        assertEquals("s3cr3t-pw", settings.require("DB_PASSWORD"));
        assertEquals(REDIS_URL, settings.require("REDIS_URL"));
        assertEquals(1, clientsBuilt.get());
    }

    @Test
    void malformedReferencesAreRejected() {
        assertThrows(ConfigurationException.class, () -> resolver.resolve("secretsmanager:"));
        assertThrows(ConfigurationException.class, () -> resolver.resolve("ssm:/storepulse/x#"));
        assertThrows(ConfigurationException.class, () -> resolver.resolve("secretsmanager:#password"));
    }

    @Test
    void fromTheEnvironmentTheSessionTokenGoesToTheConfiguredPort() {
        Map<String, String> lambda = Map.of(
                "AWS_SESSION_TOKEN",
                SESSION_TOKEN,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "not-this-one",
                SecretsExtension.PORT_SETTING,
                Integer.toString(extension.port()));
        try (AwsSecretResolver fromEnvironment =
                new AwsSecretResolver(() -> SecretsExtension.fromEnvironment(lambda::get), TTL, clock)) {
            assertEquals(Optional.of("app"), fromEnvironment.resolve("secretsmanager:storepulse/db#username"));
            extension.verify(1, getSecretValue("storepulse/db"));
        }
    }

    /** A SnapStart version has container credentials instead of a session token in its environment. */
    @Test
    void aSnapStartEnvironmentSendsTheContainerAuthorizationToken() {
        String containerToken = "container-authorization-token";
        extension.stubFor(get(urlPathEqualTo("/systemsmanager/parameters/get"))
                .withQueryParam("name", equalTo("/storepulse/redis-url"))
                .withQueryParam("withDecryption", equalTo("true"))
                .withHeader(SecretsExtension.TOKEN_HEADER, equalTo(containerToken))
                .willReturn(json(200, parameterBody("/storepulse/redis-url", "from-snapstart"))));
        Map<String, String> snapStart = Map.of(
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                containerToken,
                SecretsExtension.PORT_SETTING,
                Integer.toString(extension.port()));
        try (AwsSecretResolver fromEnvironment =
                new AwsSecretResolver(() -> SecretsExtension.fromEnvironment(snapStart::get), TTL, clock)) {
            assertEquals(Optional.of("from-snapstart"), fromEnvironment.resolve("ssm:/storepulse/redis-url"));
        }
    }

    @Test
    void outsideLambdaAReferenceIsAConfigurationErrorNotAFetch() {
        Map<String, String> laptop = Map.of(SecretsExtension.PORT_SETTING, Integer.toString(extension.port()));
        try (AwsSecretResolver fromEnvironment =
                new AwsSecretResolver(() -> SecretsExtension.fromEnvironment(laptop::get), TTL, clock)) {
            ConfigurationException e = assertThrows(
                    ConfigurationException.class, () -> fromEnvironment.resolve("secretsmanager:storepulse/db"));
            assertTrue(e.getMessage().contains("AWS_SESSION_TOKEN"), e.getMessage());
            assertEquals(0, extension.getAllServeEvents().size());
        }
    }

    private void stubSecret(String name, String secretString) {
        String body = Json.write(Map.of(
                "ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf",
                "Name",
                name,
                "SecretString",
                secretString,
                "VersionId",
                "v1"));
        extension.stubFor(get(urlPathEqualTo("/secretsmanager/get"))
                .withQueryParam("secretId", equalTo(name))
                .withHeader(SecretsExtension.TOKEN_HEADER, equalTo(SESSION_TOKEN))
                .willReturn(json(200, body)));
    }

    private void stubParameter(String name, String value) {
        extension.stubFor(get(urlPathEqualTo("/systemsmanager/parameters/get"))
                .withQueryParam("name", equalTo(name))
                .withQueryParam("withDecryption", equalTo("true"))
                .withHeader(SecretsExtension.TOKEN_HEADER, equalTo(SESSION_TOKEN))
                .willReturn(json(200, parameterBody(name, value))));
    }

    private static String parameterBody(String name, String value) {
        return Json.write(
                Map.of("Parameter", Map.of("Name", name, "Type", "SecureString", "Value", value, "Version", 3)));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static RequestPatternBuilder getSecretValue(String name) {
        return getRequestedFor(urlPathEqualTo("/secretsmanager/get")).withQueryParam("secretId", equalTo(name));
    }

    private static RequestPatternBuilder getParameter(String name) {
        return getRequestedFor(urlPathEqualTo("/systemsmanager/parameters/get")).withQueryParam("name", equalTo(name));
    }

    private static String describeWithCauses(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
