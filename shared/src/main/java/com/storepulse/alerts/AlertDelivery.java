package com.storepulse.alerts;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one message to one webhook, within a deadline (the invocation's remaining time less a
 * margin), at Slack's pace:
 *
 * <ul>
 *   <li>each post holds its webhook's turn ({@link AlertStore#inTurn}: a row lock in PostgreSQL,
 *       so across every instance) and starts at least a second after the previous post to that
 *       webhook ended: a webhook gets at most one message a second;</li>
 *   <li>429: the next post to that webhook, from any instance, waits {@code Retry-After} (1 s
 *       without one); this one then posts again;</li>
 *   <li>5xx, a timeout or a connection failure: backs off (0.5 s doubling to 8 s, with jitter) and
 *       posts again;</li>
 *   <li>another 4xx ({@code invalid_token}, {@code channel_is_archived}, ...) will not get better:
 *       fails at once;</li>
 *   <li>whatever fails, or would end past the deadline, throws {@link SlackDeliveryException}.</li>
 * </ul>
 *
 * A webhook without a URL is printed to {@code console} where that is allowed (the local stack),
 * else it is a configuration error (the message is kept for a retry after the fix).
 */
public final class AlertDelivery {

    static final Duration SPACING = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    private static final Duration MAX_POST = Duration.ofSeconds(10);
    private static final Duration MIN_POST = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

    /** Sleeps; a seam only so tests of the loop need not wait (the fan-out tests use the real one). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> {
            if (d.isPositive()) {
                Thread.sleep(d);
            }
        };
    }

    private final AlertStore store;
    private final AlertRouting routing;
    private final Settings settings;
    private final SlackWebhookClient client;
    private final Optional<Consumer<String>> console;
    private final InstantSource clock;
    private final Sleeper sleeper;

    public AlertDelivery(
            AlertStore store,
            AlertRouting routing,
            Settings settings,
            SlackWebhookClient client,
            Optional<Consumer<String>> console,
            InstantSource clock,
            Sleeper sleeper) {
        this.store = store;
        this.routing = routing;
        this.settings = settings;
        this.client = client;
        this.console = console;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Posts {@code payload} to {@code webhook}, or throws. */
    public void deliver(String webhook, String payload, Instant deadline) {
        Optional<String> reference = routing.webhookReference(webhook);
        if (reference.isEmpty()) {
            if (console.isPresent()) {
                console.get().accept(ConsoleAlerts.format(webhook, payload));
                return;
            }
            throw new SlackDeliveryException(
                    "webhook '" + webhook + "' has no URL (set " + AlertRouting.DEFAULT_WEBHOOK_SETTING + " or "
                            + AlertRouting.ROUTING_SETTING + ")",
                    null);
        }
        String url;
        try {
            url = settings.resolve(reference.get());
        } catch (ConfigurationException | com.storepulse.errors.DependencyUnavailableException e) {
            throw new SlackDeliveryException("the URL of webhook '" + webhook + "' could not be read", e);
        }
        Duration backoff = FIRST_BACKOFF;
        String last = "no attempt";
        try {
            while (true) {
                Duration maxWait = Duration.between(clock.instant(), deadline).minus(MIN_POST);
                if (!maxWait.isPositive()) {
                    throw new SlackDeliveryException(
                            "out of time for webhook '" + webhook + "' (last: " + last + ")", null);
                }
                Attempt attempt;
                try {
                    attempt = store.inTurn(webhook, maxWait, waitMs -> post(url, payload, waitMs, deadline));
                } catch (JdbiException e) {
                    if (lockTimedOut(e)) {
                        throw new SlackDeliveryException(
                                "out of time waiting for webhook '" + webhook + "' (last: " + last + ")", null);
                    }
                    throw e;
                }
                last = attempt.detail();
                switch (attempt.kind()) {
                    case SENT -> {
                        return;
                    }
                    case OUT_OF_TIME ->
                        throw new SlackDeliveryException(
                                "out of time for webhook '" + webhook + "' (last: " + last + ")", null);
                    case REFUSED ->
                        throw new SlackDeliveryException(
                                "webhook '" + webhook + "' refused the message: " + last, null);
                    case RATE_LIMITED ->
                        LOG.warn("Slack webhook '{}' answered {}; posting again after its Retry-After", webhook, last);
                    case TRANSIENT -> {
                        LOG.warn(
                                "Slack webhook '{}' failed ({}); backing off {} ms", webhook, last, backoff.toMillis());
                        backoff = pause(backoff, deadline, webhook, last);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackDeliveryException("interrupted while posting to webhook '" + webhook + "'", e);
        }
    }

    /** What one post came to. */
    private record Attempt(Kind kind, String detail) {
        enum Kind {
            SENT,
            RATE_LIMITED,
            TRANSIENT,
            REFUSED,
            OUT_OF_TIME
        }
    }

    /** One post, inside the webhook's turn: waits for its slot, posts, and says when the next may start. */
    private AlertStore.Turn<Attempt> post(String url, String payload, long waitMs, Instant deadline)
            throws InterruptedException {
        Duration wait = Duration.ofMillis(waitMs);
        if (clock.instant().plus(wait).plus(MIN_POST).isAfter(deadline)) {
            // the slot stays where it was: leave it to a later attempt with more time
            return new AlertStore.Turn<>(
                    new Attempt(Attempt.Kind.OUT_OF_TIME, "the webhook's next slot is too late"), wait);
        }
        sleeper.sleep(wait);
        Duration left = Duration.between(clock.instant(), deadline);
        Duration timeout = left.compareTo(MAX_POST) < 0 ? left : MAX_POST;
        SlackWebhookClient.Answer answer;
        try {
            answer = client.post(url, payload, timeout);
        } catch (IOException e) {
            return new AlertStore.Turn<>(
                    new Attempt(Attempt.Kind.TRANSIENT, e.getClass().getSimpleName()), SPACING);
        }
        String detail = answer.status() + " " + answer.error();
        if (answer.ok()) {
            return new AlertStore.Turn<>(new Attempt(Attempt.Kind.SENT, detail), SPACING);
        }
        if (answer.status() == 429) {
            Duration retryAfter = answer.retryAfter().orElse(SPACING);
            return new AlertStore.Turn<>(new Attempt(Attempt.Kind.RATE_LIMITED, detail), retryAfter);
        }
        return new AlertStore.Turn<>(
                new Attempt(answer.status() >= 500 ? Attempt.Kind.TRANSIENT : Attempt.Kind.REFUSED, detail), SPACING);
    }

    /** PostgreSQL's lock_not_available: the webhook's turn did not come within the time left. */
    private static boolean lockTimedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private Duration pause(Duration backoff, Instant deadline, String webhook, String last)
            throws InterruptedException {
        long jitter = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 4 + 1);
        Duration pause = backoff.plusMillis(jitter);
        if (clock.instant().plus(pause).plus(MIN_POST).isAfter(deadline)) {
            throw new SlackDeliveryException("out of time for webhook '" + webhook + "' (last: " + last + ")", null);
        }
        sleeper.sleep(pause);
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }
}
