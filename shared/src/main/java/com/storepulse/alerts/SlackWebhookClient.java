package com.storepulse.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts a message to a Slack incoming webhook with the JDK's HTTP client (no SDK: an incoming
 * webhook is one HTTPS POST). One client per fan-out instance, built lazily, never holding a
 * connection across a SnapStart snapshot (the JDK client opens connections per request and
 * pools them; {@link #close} drops the pool before a checkpoint).
 */
public final class SlackWebhookClient implements AutoCloseable {

    /** What Slack answered. {@code error} is Slack's short error word ({@code invalid_payload}, ...), never the URL. */
    public record Answer(int status, Optional<Duration> retryAfter, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private HttpClient client;

    public Answer post(String url, String payload, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "storepulse-alert-fanout")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
        Optional<Duration> retryAfter =
                response.headers().firstValue("Retry-After").flatMap(SlackWebhookClient::seconds);
        String body = response.body() == null ? "" : response.body().strip();
        String error = body.matches("[a-z_]{1,60}") ? body : "HTTP " + response.statusCode();
        return new Answer(response.statusCode(), retryAfter, error);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
