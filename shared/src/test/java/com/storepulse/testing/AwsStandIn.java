package com.storepulse.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.storepulse.devservers.SqsMessages;
import com.storepulse.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * SQS and SNS on one WireMock server, for the AWS SDK's real clients pointed at {@link #baseUrl()}:
 * SQS {@code SendMessage} (JSON protocol) is answered with a message id and the body's MD5, which
 * the SDK checks; SNS {@code Publish} (Query protocol) with a message id. What was sent is read back
 * from the requests WireMock recorded. {@link #failSqs()} makes every SQS call answer 500.
 */
public final class AwsStandIn implements AutoCloseable {

    private static final String SQS_TARGET = "X-Amz-Target";

    private final WireMockServer server =
            new WireMockServer(options().dynamicPort().extensions(new SqsAnswers()));

    public AwsStandIn() {
        server.start();
        server.stubFor(post(anyUrl())
                .withHeader(SQS_TARGET, containing("AmazonSQS.SendMessage"))
                .willReturn(aResponse().withTransformers(SqsAnswers.NAME)));
        server.stubFor(post(anyUrl())
                .withRequestBody(containing("Action=Publish"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                                + "<PublishResult><MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
                                + "<ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>"
                                + "</PublishResponse>")));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * The SDK client of {@code builder} pointed at a stand-in at {@code baseUrl}: test credentials,
     * eu-west-1, the URL-connection HTTP client the functions use, two attempts per call.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, String baseUrl) {
        return builder.endpointOverride(URI.create(baseUrl))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(2)))
                .build();
    }

    /** From now on every SQS call fails with 500 (the SDK retries, then gives up). */
    public void failSqs() {
        server.stubFor(any(anyUrl())
                .withHeader(SQS_TARGET, containing("AmazonSQS"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(500)));
    }

    /** The bodies of the SQS messages sent so far, in order, as JSON. */
    public List<JsonNode> sentMessages() {
        return server.getAllServeEvents().reversed().stream()
                .filter(e -> e.getRequest().containsHeader(SQS_TARGET)
                        && e.getRequest().getHeader(SQS_TARGET).endsWith("SendMessage")
                        && e.getResponse().getStatus() == 200)
                .map(e -> read(read(e.getRequest().getBodyAsString())
                        .path("MessageBody")
                        .asText()))
                .toList();
    }

    /** The SNS messages published so far (their {@code Message}), in order. */
    public List<JsonNode> publishedAlerts() {
        return server.getAllServeEvents().reversed().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains("Action=Publish"))
                .map(e -> read(form(e.getRequest().getBodyAsString()).get("Message")))
                .toList();
    }

    public void reset() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SNS (Query protocol) request body's form fields, decoded. */
    public static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** SendMessage's answer: a new message id and the MD5 of the body that was sent. */
    private static final class SqsAnswers implements ResponseDefinitionTransformerV2 {

        static final String NAME = "storepulse-sqs-send-message";

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            String body = read(serveEvent.getRequest().getBodyAsString())
                    .path("MessageBody")
                    .asText();
            String answer = Json.write(
                    Map.of("MessageId", UUID.randomUUID().toString(), "MD5OfMessageBody", SqsMessages.md5OfBody(body)));
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withBody(answer)
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
