package com.storepulse.ratelimit;

import com.storepulse.cache.CacheSettings;
import com.storepulse.cache.RedisConnection;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * Per-key token buckets in Redis, shared by every function instance: one atomic Lua script
 * ({@code token_bucket.lua}, sent with EVALSHA, EVAL on NOSCRIPT) per request.
 *
 * <p>Redis is reached through a {@link RedisConnection} with the cache's settings
 * ({@code REDIS_URL}, {@code CACHE_TIMEOUT}, {@code CACHE_BACKOFF}): tens of milliseconds at most,
 * and after a failure Redis is skipped for the back-off window. Whenever Redis cannot answer,
 * the {@link LocalRateLimiter} decides instead (counted as {@code RateLimitFallback}), so a
 * Redis outage loosens the limit to per instance but never fails a request.
 *
 * <p>It is an org.crac {@link Resource}: registered, it closes its socket before a SnapStart
 * checkpoint and forgets pre-snapshot failures after a restore.
 *
 * <p>"Now" is this instance's clock, passed to the script; the script never moves a bucket's
 * time backwards, so small clock differences between instances only delay a refill slightly.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable, Resource {

    /** CLIENT SETNAME of the limiter's connection (the cache's is {@code storepulse}). */
    public static final String CLIENT_NAME = "storepulse-ratelimit";

    private static final String SCRIPT = readScript();
    private static final String SCRIPT_SHA = sha1Hex(SCRIPT);

    private final RedisConnection redis;
    private final LocalRateLimiter fallback;
    private final InstantSource clock;
    private final MetricsRecorder metrics;
    private final String keyPrefix;

    public RedisRateLimiter(CacheSettings settings, MetricsRecorder metrics, InstantSource clock) {
        this.redis = new RedisConnection(settings, CLIENT_NAME, clock,
                (operation, error) -> metrics.count(MetricNames.CACHE_ERROR, 1, Map.of("Operation", "ratelimit-" + operation)));
        this.fallback = new LocalRateLimiter(clock);
        this.clock = clock;
        this.metrics = metrics;
        this.keyPrefix = settings.keyPrefix() + "ratelimit:";
    }

    @Override
    public RateLimitDecision acquire(long apiKeyId, RateLimitPolicy policy) {
        RedisCommands<String, byte[]> commands = redis.commands();
        if (commands != null) {
            try {
                return decision(policy, run(commands, keyPrefix + apiKeyId, policy));
            } catch (RuntimeException e) {
                redis.failed("eval", e);
            }
        }
        metrics.count(MetricNames.RATE_LIMIT_FALLBACK);
        return fallback.acquire(apiKeyId, policy);
    }

    private List<Object> run(RedisCommands<String, byte[]> commands, String key, RateLimitPolicy policy) {
        byte[][] args = {
                ascii(policy.burst()), ascii(policy.perMinute()), ascii(clock.millis())
        };
        String[] keys = {key};
        try {
            return commands.evalsha(SCRIPT_SHA, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(SCRIPT, ScriptOutputType.MULTI, keys, args);
        }
    }

    private static RateLimitDecision decision(RateLimitPolicy policy, List<Object> reply) {
        if (reply == null || reply.size() != 4) {
            throw new IllegalStateException("unexpected rate-limit script reply");
        }
        return new RateLimitDecision(number(reply.get(0)) == 1, policy.burst(), (int) number(reply.get(1)),
                number(reply.get(2)), number(reply.get(3)), false);
    }

    private static long number(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("unexpected rate-limit script reply element");
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    public boolean isConnected() {
        return redis.isConnected();
    }

    /** SnapStart: close the socket before a checkpoint; it reopens on first use. */
    public void suspend() {
        redis.suspend();
    }

    public void resume() {
        redis.resume();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        suspend();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        resume();
    }

    @Override
    public void close() {
        redis.close();
    }

    private static String readScript() {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream("token_bucket.lua")) {
            if (in == null) {
                throw new IllegalStateException("token_bucket.lua missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
