package com.storepulse.azuresync;

import com.storepulse.config.Settings;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.lifecycle.LazyClient;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The sync queue ({@value #QUEUE_URL_SETTING}): the sync schedule's fan-out puts one
 * {@link SyncRequest} per active source on it, a run stopped for time puts its continuation, the
 * scoring schedule's fan-out one {@link RescoreRequest} per store due, and
 * the same function consumes it one message per invocation (template.yaml, {@code SyncQueue}).
 *
 * <p>The AWS SDK's SQS client (URL-connection HTTP client, the default credentials chain and region)
 * is built on the first send, never during init, so no socket is in a SnapStart snapshot.
 * {@value #ENDPOINT_SETTING} points it at a stand-in: the local stack's in-process queue, WireMock
 * in the tests.
 */
public final class SyncQueue implements AutoCloseable {

    public static final String QUEUE_URL_SETTING = "SYNC_QUEUE_URL";

    /**
     * The SQS endpoint where it is not AWS's (the SDK's own variable name), given to the client
     * explicitly: the local stack runs the function in its own JVM and sets it as a system property,
     * which {@link Settings} reads and the SDK's environment look-up does not.
     */
    public static final String ENDPOINT_SETTING = "AWS_ENDPOINT_URL_SQS";

    private static final Logger LOG = LoggerFactory.getLogger(SyncQueue.class);

    private final String queueUrl;
    private final LazyClient<SqsClient> client;

    public SyncQueue(String queueUrl, Supplier<SqsClient> clients) {
        this.queueUrl = queueUrl;
        this.client = new LazyClient<>(clients);
    }

    /**
     * The queue of {@value #QUEUE_URL_SETTING} (required) at the endpoint of
     * {@value #ENDPOINT_SETTING} (if set), the SDK's defaults for the rest.
     */
    public static SyncQueue from(Settings settings) {
        Optional<String> endpoint = settings.get(ENDPOINT_SETTING);
        return new SyncQueue(settings.require(QUEUE_URL_SETTING), () -> defaultClient(endpoint));
    }

    private static SqsClient defaultClient(Optional<String> endpoint) {
        var builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        endpoint.ifPresent(url -> builder.endpointOverride(URI.create(url)));
        return builder.build();
    }

    /**
     * Queues {@code work}; returns the SQS message id. A send that fails (after the SDK's own
     * retries) throws {@link DependencyUnavailableException}: the invocation fails and is retried.
     */
    public String send(QueuedWork work) {
        try {
            String id = client.get()
                    .sendMessage(SendMessageRequest.builder()
                            .queueUrl(queueUrl)
                            .messageBody(work.toJson())
                            .build())
                    .messageId();
            LOG.info("queued the {} as message {}", work.describe(), id);
            return id;
        } catch (SdkException e) {
            LOG.error(
                    "could not queue the {}: {}", work.describe(), e.getClass().getSimpleName());
            throw new DependencyUnavailableException(
                    DependencyUnavailableException.Dependency.SYNC_QUEUE,
                    "The sync queue did not take the message.",
                    e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
