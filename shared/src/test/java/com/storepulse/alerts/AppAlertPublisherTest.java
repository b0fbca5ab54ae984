package com.storepulse.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.storepulse.alerts.AppAlert.Severity;
import com.storepulse.config.Settings;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.testing.AwsStandIn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/** WireMock stands in for SNS (its Query protocol), reached through the real AWS SDK client. */
class AppAlertPublisherTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:storepulse-test-alerts";

    private final WireMockServer sns = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        sns.start();
    }

    @AfterEach
    void stop() {
        sns.stop();
    }

    private AppAlertPublisher publisher() {
        return new AppAlertPublisher(Optional.of(TOPIC), () -> AwsStandIn.client(SnsClient.builder(), sns.baseUrl()));
    }

    private static AppAlert alert() {
        return AppAlert.firing(
                Severity.P1,
                "Azure SQL sync failing for source 12 \u2014 3 runs",
                "timeout after 900 s",
                "sync-source-failing:12",
                "sync-failed",
                "azure-sync");
    }

    @Test
    void anAlertIsPublishedToTheTopicAsItsJsonWithASubjectAndASeverityAttribute() {
        sns.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                                + "<PublishResult><MessageId>msg-1</MessageId></PublishResult>"
                                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                                + "</PublishResponse>")));
        AppAlert alert = alert();
        try (AppAlertPublisher publisher = publisher()) {
            assertEquals(Optional.of("msg-1"), publisher.publish(alert));
        }
        List<LoggedRequest> requests = sns.findAll(postRequestedFor(urlEqualTo("/")));
        assertEquals(1, requests.size());
        Map<String, String> form = AwsStandIn.form(requests.get(0).getBodyAsString());
        assertEquals("Publish", form.get("Action"));
        assertEquals(TOPIC, form.get("TopicArn"));
        assertEquals(alert, AppAlert.parse(form.get("Message")), "the body is the alert's JSON");
        assertEquals("[P1] firing: Azure SQL sync failing for source 12   3 runs", form.get("Subject"));
        assertEquals("severity", form.get("MessageAttributes.entry.1.Name"));
        assertEquals("P1", form.get("MessageAttributes.entry.1.Value.StringValue"));
    }

    @Test
    void aTopicThatDoesNotAnswerIsADependencyFailureNamingNoSecret() {
        sns.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));
        try (AppAlertPublisher publisher = publisher()) {
            DependencyUnavailableException e =
                    assertThrows(DependencyUnavailableException.class, () -> publisher.publish(alert()));
            assertEquals(DependencyUnavailableException.Dependency.ALERT_TOPIC, e.dependency());
        }
        assertEquals(2, sns.findAll(postRequestedFor(urlEqualTo("/"))).size(), "the SDK's own retry, then fail");
    }

    @Test
    void withoutATopicTheAlertIsLoggedAsOneJsonLine() {
        AppAlertPublisher publisher = AppAlertPublisher.from(Settings.of(Map.of()));
        assertFalse(publisher.publishesToTopic());
        AppAlert alert = alert();
        try (CapturedLogs logs = new CapturedLogs()) {
            assertEquals(Optional.empty(), publisher.publish(alert));
            List<JsonNode> lines = logs.lines().stream()
                    .filter(l -> l.path("message").asText().contains("sync-source-failing:12"))
                    .toList();
            assertEquals(1, lines.size(), "one line: " + logs.raw());
            assertEquals(alert, AppAlert.parse(lines.get(0).path("message").asText()), "its message is the alert");
        }
    }

    @Test
    void subjectsAreAsciiAndAtMostAHundredCharacters() {
        AppAlert long_ = AppAlert.firing(Severity.P0, "\u00e9".repeat(150), null, "f", "api-errors", "customer-api");
        String subject = AppAlertPublisher.subject(long_);
        assertTrue(subject.length() <= 100, subject);
        assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f), subject);
    }
}
