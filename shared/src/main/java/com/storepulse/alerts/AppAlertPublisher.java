package com.storepulse.alerts;

import com.storepulse.config.Settings;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DependencyUnavailableException.Dependency;
import com.storepulse.lifecycle.LazyClient;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes {@link AppAlert}s to the alert topic ({@value #TOPIC_SETTING}), which the alert
 * fan-out sends to Slack. The message body is the alert's JSON; the subject (what an e-mail
 * subscriber sees) is {@code [P1] firing: <title>}; a {@code severity} message attribute lets a
 * subscription filter on it.
 *
 * <p>Without a topic (the local stack, tests) the alert is logged as one line whose message is the
 * alert's JSON, at WARN, and nothing else happens.
 *
 * <p>The AWS SDK's SNS client (URL-connection HTTP client, the default credentials chain and
 * region) is built on the first publish, never during init, so no socket is in a SnapStart
 * snapshot. shared declares the SNS client {@code optional}: a function that publishes adds
 * {@code software.amazon.awssdk:sns} and {@code url-connection-client} to its own pom, so the jars
 * of the others carry no AWS SDK. {@code AWS_ENDPOINT_URL_SNS} (the SDK's own setting) points it at
 * a stand-in.
 *
 * <p>A publish that fails (after the SDK's own retries) throws
 * {@link DependencyUnavailableException} ({@link Dependency#ALERT_TOPIC}); the caller decides
 * whether its work fails with it.
 */
public final class AppAlertPublisher implements AutoCloseable {

    public static final String TOPIC_SETTING = "ALERT_TOPIC_ARN";

    private static final Logger LOG = LoggerFactory.getLogger(AppAlertPublisher.class);
    private static final int MAX_SUBJECT = 100;

    private final Optional<String> topicArn;
    private final LazyClient<SnsClient> client;

    public AppAlertPublisher(Optional<String> topicArn, Supplier<SnsClient> clients) {
        this.topicArn = topicArn;
        this.client = new LazyClient<>(clients);
    }

    /** The topic from {@value #TOPIC_SETTING} (none: log only), the SDK's defaults for the rest. */
    public static AppAlertPublisher from(Settings settings) {
        return new AppAlertPublisher(settings.get(TOPIC_SETTING), AppAlertPublisher::defaultClient);
    }

    private static SnsClient defaultClient() {
        return SnsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Whether alerts go to a topic (else they are only logged). */
    public boolean publishesToTopic() {
        return topicArn.isPresent();
    }

    /** Publishes {@code alert}, or logs it where no topic is configured; returns the SNS message id, if any. */
    public Optional<String> publish(AppAlert alert) {
        String json = alert.toJson();
        if (topicArn.isEmpty()) {
            LOG.warn(json);
            return Optional.empty();
        }
        try {
            String messageId = client.get()
                    .publish(PublishRequest.builder()
                            .topicArn(topicArn.get())
                            .subject(subject(alert))
                            .message(json)
                            .messageAttributes(Map.of(
                                    "severity",
                                    MessageAttributeValue.builder()
                                            .dataType("String")
                                            .stringValue(alert.severity().name())
                                            .build()))
                            .build())
                    .messageId();
            LOG.info(
                    "app alert {} ({} {}) published as SNS message {}",
                    alert.fingerprint(),
                    alert.severity(),
                    alert.state().json(),
                    messageId);
            return Optional.of(messageId);
        } catch (SdkException e) {
            LOG.error(
                    "app alert {} could not be published: {}",
                    alert.fingerprint(),
                    e.getClass().getSimpleName());
            throw new DependencyUnavailableException(
                    Dependency.ALERT_TOPIC, "The app alert could not be published to the alert topic.", e);
        }
    }

    /** SNS subjects are ASCII, without line breaks, at most 100 characters. */
    static String subject(AppAlert alert) {
        String raw = "[" + alert.severity() + "] " + alert.state().json() + ": " + alert.title();
        StringBuilder ascii = new StringBuilder();
        for (char c : raw.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        String subject = ascii.toString().strip();
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 3) + "...";
    }

    @Override
    public void close() {
        client.close();
    }
}
