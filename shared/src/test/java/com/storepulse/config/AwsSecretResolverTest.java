package com.storepulse.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The real SDK v2 clients against WireMock standing in for Secrets Manager and SSM (AWS JSON 1.1). */
class AwsSecretResolverTest {

    private static final String DB_SECRET_JSON =
            "{\"username\":\"app\",\"password\":\"s3cr3t-pw\",\"port\":5432," + "\"options\":{\"ssl\":true}}";
    private static final String REDIS_URL = "rediss://:r3dis-pw@cache.internal:6379";
    private static final Duration TTL = Duration.ofMinutes(5);

    private final WireMockServer aws = new WireMockServer(options().dynamicPort());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private AwsSecretResolver resolver;

    @BeforeEach
    void start() {
        aws.start();
        stubSecret("storepulse/db", DB_SECRET_JSON);
        stubSecret("storepulse/plain-token", "tok-123-not-json");
        stubParameter("/storepulse/redis-url", REDIS_URL);
        aws.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo("storepulse/missing")))
                .willReturn(awsJson(
                        400,
                        "{\"__type\":\"ResourceNotFoundException\","
                                + "\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
        resolver = new AwsSecretResolver(
                () -> {
                    clientsBuilt.incrementAndGet();
                    return configure(SecretsManagerClient.builder())
                            .endpointOverride(URI.create(aws.baseUrl()))
                            .build();
                },
                () -> {
                    clientsBuilt.incrementAndGet();
                    return SsmClient.builder()
                            .region(Region.US_EAST_1)
                            .credentialsProvider(fakeCredentials())
                            .httpClientBuilder(UrlConnectionHttpClient.builder())
                            .endpointOverride(URI.create(aws.baseUrl()))
                            .build();
                },
                TTL,
                clock);
    }

    @AfterEach
    void stop() {
        resolver.close();
        aws.stop();
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
    void readsAnSsmSecureStringWithDecryption() {
        // The stub only matches WithDecryption=true; anything else would get WireMock's 404.
        assertEquals(Optional.of(REDIS_URL), resolver.resolve("ssm:/storepulse/redis-url"));
        aws.verify(1, getParameter("/storepulse/redis-url"));
    }

    @Test
    void cachesUntilTheTtlExpiresThenFetchesAgain() {
        resolver.resolve("secretsmanager:storepulse/db#password");
        resolver.resolve("secretsmanager:storepulse/db#username");
        resolver.resolve("ssm:/storepulse/redis-url");
        resolver.resolve("ssm:/storepulse/redis-url");
        aws.verify(1, getSecretValue("storepulse/db"));
        aws.verify(1, getParameter("/storepulse/redis-url"));

        clock.advance(TTL.minusSeconds(1));
        resolver.resolve("secretsmanager:storepulse/db#password");
        aws.verify(1, getSecretValue("storepulse/db"));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of("s3cr3t-pw"), resolver.resolve("secretsmanager:storepulse/db#password"));
        assertEquals(Optional.of(REDIS_URL), resolver.resolve("ssm:/storepulse/redis-url"));
        aws.verify(2, getSecretValue("storepulse/db"));
        aws.verify(2, getParameter("/storepulse/redis-url"));
    }

    @Test
    void clearCacheForcesTheNextReadToFetch() {
        resolver.resolve("secretsmanager:storepulse/db#password");
        resolver.clearCache();
        resolver.resolve("secretsmanager:storepulse/db#password");
        aws.verify(2, getSecretValue("storepulse/db"));
    }

    @Test
    void aMissingSecretIsAConfigurationErrorNamingTheReference() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> resolver.resolve("secretsmanager:storepulse/missing#password"));
        assertTrue(e.getMessage().contains("secretsmanager:storepulse/missing"), e.getMessage());
        assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
        // A 400 is not retried, and the failure is not cached as a value.
        aws.verify(1, getSecretValue("storepulse/missing"));
        assertThrows(ConfigurationException.class, () -> resolver.resolve("secretsmanager:storepulse/missing"));
        aws.verify(2, getSecretValue("storepulse/missing"));
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
        assertEquals(0, aws.getAllServeEvents().size());
        assertEquals(0, clientsBuilt.get(), "clients are built on first use only");

        assertEquals("s3cr3t-pw", settings.require("DB_PASSWORD"));
        assertEquals(REDIS_URL, settings.require("REDIS_URL"));
        assertEquals(2, clientsBuilt.get());
    }

    @Test
    void malformedReferencesAreRejected() {
        assertThrows(ConfigurationException.class, () -> resolver.resolve("secretsmanager:"));
        assertThrows(ConfigurationException.class, () -> resolver.resolve("ssm:/storepulse/x#"));
        assertThrows(ConfigurationException.class, () -> resolver.resolve("secretsmanager:#password"));
    }

    @Test
    void sdkHonoursTheServiceSpecificEndpointSetting() {
        // aws.endpointUrlSecretsManager is the system-property twin of AWS_ENDPOINT_URL_SECRETS_MANAGER;
        // both go through the same SDK code path (AwsClientEndpointProvider).
        String property = "aws.endpointUrlSecretsManager";
        System.setProperty(property, aws.baseUrl());
        try (AwsSecretResolver fromEnvironmentEndpoint = new AwsSecretResolver(
                () -> configure(SecretsManagerClient.builder()).build(),
                () -> {
                    throw new AssertionError("SSM is not used here");
                },
                TTL,
                clock)) {
            assertEquals(Optional.of("app"), fromEnvironmentEndpoint.resolve("secretsmanager:storepulse/db#username"));
            aws.verify(1, getSecretValue("storepulse/db"));
        } finally {
            System.clearProperty(property);
        }
    }

    private static SecretsManagerClientBuilder configure(SecretsManagerClientBuilder builder) {
        return builder.region(Region.US_EAST_1)
                .credentialsProvider(fakeCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    private static StaticCredentialsProvider fakeCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "fake-secret-key"));
    }

    private void stubSecret(String name, String secretString) {
        String body = com.storepulse.json.Json.write(Map.of(
                "ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf",
                "Name",
                name,
                "SecretString",
                secretString,
                "VersionId",
                "v1"));
        aws.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(name)))
                .willReturn(awsJson(200, body)));
    }

    private void stubParameter(String name, String value) {
        String body = com.storepulse.json.Json.write(
                Map.of("Parameter", Map.of("Name", name, "Type", "SecureString", "Value", value, "Version", 3)));
        aws.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .withRequestBody(matchingJsonPath("$.Name", equalTo(name)))
                .withRequestBody(matchingJsonPath("$.WithDecryption", equalTo("true")))
                .willReturn(awsJson(200, body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder awsJson(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body);
    }

    private static RequestPatternBuilder getSecretValue(String name) {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(name)));
    }

    private static RequestPatternBuilder getParameter(String name) {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .withRequestBody(matchingJsonPath("$.Name", equalTo(name)));
    }

    private static String describeWithCauses(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    /** A clock the test moves by hand, so TTL expiry needs no sleeping. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
