package com.storepulse.usage;

import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.RedisConnection;
import com.storepulse.redis.RedisScript;
import com.storepulse.redis.RedisSettings;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * The Redis side of usage metering: the pending counts the rate-limit script adds to
 * ({@link UsageKeys#pending()}), sealed into batches that {@link UsageMeter#flush()} moves to
 * PostgreSQL. Every method throws when Redis cannot answer; callers decide what that means.
 */
public final class RedisUsageLedger implements AutoCloseable, Resource {

    public static final String CLIENT_NAME = "storepulse-usage";

    private static final RedisScript SEAL = RedisScript.load(RedisUsageLedger.class, "usage_seal.lua");
    private static final RedisScript VIEW = RedisScript.load(RedisUsageLedger.class, "usage_view.lua");

    /** A count not yet in PostgreSQL: pending ({@code batchId} empty) or in a sealed batch. */
    public record Unflushed(String batchId, UsageEntry entry, long requests) {}

    private final RedisConnection redis;
    private final UsageKeys keys;

    public RedisUsageLedger(RedisSettings settings, MetricsRecorder metrics, InstantSource clock) {
        this.redis = new RedisConnection(
                settings,
                CLIENT_NAME,
                clock,
                (operation, error) ->
                        metrics.count(MetricNames.CACHE_ERROR, 1, Map.of("Operation", "usage-" + operation)));
        this.keys = new UsageKeys(settings.keyPrefix());
    }

    /** True for the one caller per {@code interval} (across all instances) that should flush now. */
    public boolean claimFlush(Duration interval) {
        return call(
                "gate",
                c -> "OK"
                        .equals(c.set(
                                keys.flushGate(),
                                new byte[] {'1'},
                                SetArgs.Builder.nx().px(interval.toMillis()))));
    }

    /** Renames the pending counts to a new batch {@code batchId}; false when nothing was pending. */
    public boolean seal(String batchId) {
        Long sealed = call(
                "seal",
                c -> SEAL.run(
                        c,
                        ScriptOutputType.INTEGER,
                        new String[] {keys.pending(), keys.batch(batchId), keys.batches()},
                        bytes(batchId)));
        return sealed != null && sealed == 1;
    }

    public List<String> sealedBatches() {
        return call(
                "batches",
                c -> c.smembers(keys.batches()).stream()
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .toList());
    }

    public Map<UsageEntry, Long> batch(String batchId) {
        return call("read", c -> {
            Map<UsageEntry, Long> counts = new LinkedHashMap<>();
            c.hgetall(keys.batch(batchId))
                    .forEach((field, value) -> counts.merge(
                            UsageEntry.parse(field),
                            Long.parseLong(new String(value, StandardCharsets.US_ASCII)),
                            Long::sum));
            return counts;
        });
    }

    /** After the batch is in PostgreSQL: drop it from Redis. */
    public void forget(String batchId) {
        call("forget", c -> {
            c.del(keys.batch(batchId));
            return c.srem(keys.batches(), bytes(batchId));
        });
    }

    /** One key's counts still in Redis, read atomically (see usage_view.lua). */
    public List<Unflushed> unflushed(long apiKeyId) {
        List<Object> flat = call(
                "view",
                c -> VIEW.run(
                        c,
                        ScriptOutputType.MULTI,
                        new String[] {keys.pending(), keys.batches()},
                        bytes(keys.batchPrefix()),
                        bytes(UsageEntry.fieldPrefix(apiKeyId))));
        List<Unflushed> rows = new ArrayList<>();
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            rows.add(new Unflushed(
                    text(flat.get(i)), UsageEntry.parse(text(flat.get(i + 1))), Long.parseLong(text(flat.get(i + 2)))));
        }
        return rows;
    }

    public UsageKeys keys() {
        return keys;
    }

    private interface RedisCall<T> {
        T apply(RedisCommands<String, byte[]> commands);
    }

    private <T> T call(String operation, RedisCall<T> call) {
        RedisCommands<String, byte[]> commands = redis.commands();
        if (commands == null) {
            throw new IllegalStateException("Redis is unavailable for usage " + operation);
        }
        try {
            return call.apply(commands);
        } catch (RuntimeException e) {
            redis.failed(operation, e);
            throw e;
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        redis.suspend();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        redis.resume();
    }

    @Override
    public void close() {
        redis.close();
    }
}
