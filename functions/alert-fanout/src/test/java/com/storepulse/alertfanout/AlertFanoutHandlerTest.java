package com.storepulse.alertfanout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.storepulse.alerts.SlackDeliveryException;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real handler (its own Micronaut context, the jar's beans) on the test PostgreSQL, with
 * WireMock as the Slack webhook: the repository's sample events (events/alert-fanout-*.json) end
 * to end, and an undeliverable message failing the invocation.
 */
class AlertFanoutHandlerTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final String HOOK = "/services/T000/B000/handler-test";
    private static final WireMockServer SLACK = new WireMockServer(options().dynamicPort());
    private static final Map<String, String> PREVIOUS = new LinkedHashMap<>();
    private static AlertFanoutHandler handler;

    @BeforeAll
    static void start() {
        SLACK.start();
        set("DATABASE_URL", TestDatabase.sharedApplicationJdbcUrl()); // as deployed: the application role
        set("SLACK_WEBHOOK_URL", SLACK.baseUrl() + HOOK);
        set("ALERT_GROUP_INTERVAL", "PT1S");
        set("RUNBOOK_URL", "https://github.example/storepulse/blob/main/docs/operations/runbook.md");
        handler = new AlertFanoutHandler();
    }

    @AfterAll
    static void stop() {
        if (handler != null) {
            handler.close();
        }
        SLACK.stop();
        PREVIOUS.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private static void set(String key, String value) {
        PREVIOUS.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    private static JsonNode invoke(byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    private static List<LoggedRequest> posts() {
        return SLACK.findAll(postRequestedFor(urlEqualTo(HOOK)));
    }

    @Test
    void theSampleEventsReachSlackAsTheyShould() throws IOException {
        SLACK.resetAll();
        SLACK.stubFor(
                post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        JsonNode app = invoke(Files.readAllBytes(REPO.resolve("events/alert-fanout-app-alert.json")));
        assertEquals(1, app.path("messagesSent").asInt());
        JsonNode alarm = invoke(Files.readAllBytes(REPO.resolve("events/alert-fanout-cloudwatch-alarm.json")));
        assertEquals(1, alarm.path("messagesSent").asInt());
        JsonNode resolved = invoke(Files.readAllBytes(REPO.resolve("events/alert-fanout-cloudwatch-resolved.json")));
        assertEquals(1, resolved.path("messagesSent").asInt(), "waited out the group interval, then posted");
        JsonNode sweep = invoke(Files.readAllBytes(REPO.resolve("events/alert-fanout-sweep.json")));
        assertEquals(0, sweep.path("messagesSent").asInt(), "nothing left behind");

        List<LoggedRequest> posts = posts();
        assertEquals(3, posts.size());
        String app0 = posts.get(0).getBodyAsString();
        assertTrue(app0.contains("Azure SQL sync failing for source 12") && app0.contains("#ECB22E"), app0);
        String fired = posts.get(1).getBodyAsString();
        assertTrue(fired.contains("storepulse-prod-customer-api-errors"), fired);
        assertTrue(fired.contains("runbook.md#api-errors|Runbook: api-errors"), fired);
        assertTrue(
                fired.contains(
                        "eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/storepulse-prod-customer-api-errors"),
                fired);
        assertTrue(
                fired.contains("AWS/Lambda Errors sum (FunctionName=storepulse-prod-customer-api) ≥ 5 for 5 × 60 s"),
                fired);
        assertTrue(
                posts.get(2).getBodyAsString().contains("*RESOLVED*"),
                posts.get(2).getBodyAsString());

        // SNS retries a delivery now and then: the same message again posts nothing
        JsonNode again = invoke(Files.readAllBytes(REPO.resolve("events/alert-fanout-cloudwatch-alarm.json")));
        assertEquals(0, again.path("messagesSent").asInt());
        assertEquals(3, posts().size());
    }

    @Test
    void anUndeliverableMessageFailsTheInvocation() throws IOException {
        SLACK.resetAll();
        SLACK.stubFor(
                post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(403).withBody("invalid_token")));
        String event = new String(Files.readAllBytes(REPO.resolve("events/alert-fanout-app-alert.json")))
                .replace("a3d7c2e1-4b5f-5a60-8e91-2c4d6f8a0b13", "handler-test-undeliverable")
                .replace("sync-source-failing:12", "sync-source-failing:handler-test");
        SlackDeliveryException failure = assertThrows(SlackDeliveryException.class, () -> invoke(event.getBytes()));
        assertTrue(failure.getMessage().contains("invalid_token"), failure.getMessage());
    }

    @Test
    void anythingElseIsAnsweredAndReported() throws IOException {
        SLACK.resetAll();
        SLACK.stubFor(
                post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        JsonNode report = invoke("{\"surprise\": true}".getBytes());
        assertEquals(1, report.path("notices").asInt());
        assertTrue(posts().getFirst().getBodyAsString().contains("UNRECOGNISED"));
    }
}
