package com.storepulse.local.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.json.Json;
import com.storepulse.local.lambda.FunctionIdentity;
import com.storepulse.local.lambda.FunctionRegistry;
import com.storepulse.local.lambda.InvocationResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * EventBridge schedules on a laptop: each {@link Schedule} sends a scheduled event (the JSON
 * EventBridge delivers) to its function at a fixed rate. A function that is not in this build
 * is skipped with one notice.
 */
public final class LocalSchedules implements AutoCloseable {

    /** A rate rule: every {@code interval}, invoke {@code function} with a scheduled event. */
    public record Schedule(String rule, String function, Duration interval) {}

    private final FunctionRegistry functions;
    private final String region;
    private final PrintStream log;
    private final List<Schedule> schedules = new ArrayList<>();
    private ScheduledExecutorService timer;

    public LocalSchedules(FunctionRegistry functions, String region, PrintStream log) {
        this.functions = functions;
        this.region = region;
        this.log = log;
    }

    public LocalSchedules add(Schedule schedule) {
        schedules.add(schedule);
        return this;
    }

    public List<Schedule> schedules() {
        return List.copyOf(schedules);
    }

    public void start() {
        if (schedules.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("local-schedules").daemon().factory());
        for (Schedule schedule : schedules) {
            if (functions.available(schedule.function()).isEmpty()) {
                log.println("schedule " + schedule.rule() + ": " + schedule.function()
                        + " is not available in this build; the timer does nothing");
                continue;
            }
            long millis = schedule.interval().toMillis();
            timer.scheduleAtFixedRate(() -> fire(schedule), millis, millis, TimeUnit.MILLISECONDS);
            log.println("schedule " + schedule.rule() + ": " + schedule.function() + " every " + schedule.interval());
        }
    }

    /** Sends one scheduled event now; returns what the function answered. */
    public InvocationResult fire(Schedule schedule) {
        byte[] event = Json.write(scheduledEvent(schedule.rule(), region)).getBytes(StandardCharsets.UTF_8);
        InvocationResult result = functions
                .available(schedule.function())
                .orElseThrow(() -> new IllegalStateException(schedule.function() + " is not available"))
                .invoke(event);
        if (result.failed()) {
            log.println(
                    "schedule " + schedule.rule() + ": " + schedule.function() + " failed: " + result.payloadText());
        }
        return result;
    }

    /** The event EventBridge sends for a scheduled rule. */
    static ObjectNode scheduledEvent(String rule, String region) {
        ObjectNode event = Json.mapper()
                .createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", FunctionIdentity.ACCOUNT)
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        event.putArray("resources").add("arn:aws:events:" + region + ":" + FunctionIdentity.ACCOUNT + ":rule/" + rule);
        event.putObject("detail");
        return event;
    }

    /**
     * Reads an interval: a plain number is minutes ({@code SYNC_INTERVAL=5}); otherwise an
     * ISO-8601 duration ({@code PT30S}).
     */
    public static Duration parseInterval(String key, String value) {
        try {
            Duration interval = value.chars().allMatch(Character::isDigit)
                    ? Duration.ofMinutes(Long.parseLong(value))
                    : Duration.parse(value);
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException();
            }
            return interval;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    key + " must be a number of minutes or an ISO-8601 duration such as PT30S, was '" + value + "'");
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
