package com.storepulse.ratelimit;

import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.PiggybackRead;
import com.storepulse.redis.RedisConnection;
import com.storepulse.redis.RedisScript;
import com.storepulse.redis.RedisSettings;
import com.storepulse.usage.UsageEntry;
import com.storepulse.usage.UsageKeys;
import com.storepulse.usage.UsageRecording;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * Per-key token buckets in Redis, shared by every function instance: one atomic Lua script
 * ({@code token_bucket.lua}, a {@link RedisScript}) per request, which also counts the request
 * for billing when asked ({@link #acquireAndCount}).
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

    private static final RedisScript SCRIPT = RedisScript.load(RedisRateLimiter.class, "token_bucket.lua");

    private final RedisConnection redis;
    private final LocalRateLimiter fallback;
    private final InstantSource clock;
    private final MetricsRecorder metrics;
    private final String keyPrefix;
    private final UsageKeys usageKeys;

    public RedisRateLimiter(RedisSettings settings, MetricsRecorder metrics, InstantSource clock) {
        this.redis = new RedisConnection(
                settings,
                CLIENT_NAME,
                clock,
                (operation, error) ->
                        metrics.count(MetricNames.CACHE_ERROR, 1, Map.of("Operation", "ratelimit-" + operation)));
        this.fallback = new LocalRateLimiter(clock);
        this.clock = clock;
        this.metrics = metrics;
        this.keyPrefix = settings.keyPrefix() + "ratelimit:";
        this.usageKeys = new UsageKeys(settings.keyPrefix());
    }

    @Override
    public RateLimitDecision acquire(long apiKeyId, RateLimitPolicy policy) {
        return admit(apiKeyId, policy, null, null).decision();
    }

    /**
     * One script call takes the token and counts the request in the pending usage hash. The
     * count's fate is known in two of three cases: the script ran (counted in Redis), or Redis
     * was not tried at all (not counted: the caller writes it to PostgreSQL). A command that was
     * sent and then failed or timed out may or may not have run; that request is reported
     * {@link UsageRecording#UNCERTAIN} and left uncounted, because counting it elsewhere could
     * bill it twice.
     */
    @Override
    public Acquisition acquireAndCount(long apiKeyId, RateLimitPolicy policy, UsageEntry usage) {
        return admit(apiKeyId, policy, usage, null);
    }

    /**
     * The same script also reads {@code readAlong} when the request is admitted: a cached customer
     * detail that hits costs the request this one round trip and nothing more.
     */
    @Override
    public Acquisition acquireAndCount(
            long apiKeyId, RateLimitPolicy policy, UsageEntry usage, PiggybackRead readAlong) {
        return admit(apiKeyId, policy, usage, readAlong);
    }

    private Acquisition admit(long apiKeyId, RateLimitPolicy policy, UsageEntry usage, PiggybackRead readAlong) {
        RedisCommands<String, byte[]> commands = redis.commands();
        UsageRecording recording = UsageRecording.NOT_COUNTED;
        if (commands != null) {
            try {
                List<Object> reply = run(commands, keyPrefix + apiKeyId, policy, usage, readAlong);
                RateLimitDecision decision = decision(policy, reply);
                return new Acquisition(
                        decision,
                        number(reply.get(4)) == 1 ? UsageRecording.COUNTED : UsageRecording.NOT_COUNTED,
                        readAlong(readAlong, reply));
            } catch (RuntimeException e) {
                redis.failed("eval", e);
                recording = usage == null || certainlyNotRun(e) ? UsageRecording.NOT_COUNTED : UsageRecording.UNCERTAIN;
            }
        }
        metrics.count(MetricNames.RATE_LIMIT_FALLBACK);
        return new Acquisition(fallback.acquire(apiKeyId, policy), recording);
    }

    /**
     * Failures after which the script certainly did not count: Redis answered with an error (OOM,
     * script error; the count is the script's last write, and the read along after it cannot fail
     * the script), or Lettuce refused to send the command on a connection that was not up
     * ("Currently not connected. Commands are rejected.", seen on a cold start's first request).
     */
    private static boolean certainlyNotRun(RuntimeException e) {
        return e instanceof RedisCommandExecutionException
                || (e.getMessage() != null && e.getMessage().contains("Commands are rejected"));
    }

    /**
     * The script's KEYS and ARGV grow by position: the bucket, then the usage count, then the read,
     * which needs the count's position and is left out without it (the reply then has 5 elements).
     */
    private List<Object> run(
            RedisCommands<String, byte[]> commands,
            String key,
            RateLimitPolicy policy,
            UsageEntry usage,
            PiggybackRead read) {
        List<String> keys = new ArrayList<>(4);
        List<byte[]> args = new ArrayList<>(5);
        keys.add(key);
        args.addAll(List.of(ascii(policy.burst()), ascii(policy.perMinute()), ascii(clock.millis())));
        if (usage != null) {
            keys.add(usageKeys.pending());
            args.add(usage.field().getBytes(StandardCharsets.UTF_8));
            if (read != null) {
                keys.addAll(List.of(read.key(), read.epochKey()));
                if (read.field() != null) {
                    args.add(read.field().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return SCRIPT.run(commands, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(byte[][]::new));
    }

    /** The read-along's outcome: elements 6 and 7 of an admitted request's reply, else null. */
    private static PiggybackRead.Outcome readAlong(PiggybackRead read, List<Object> reply) {
        if (read == null || reply.size() != 7) {
            return null;
        }
        if (!(reply.get(6) instanceof byte[] valueOrEpoch)) {
            throw new IllegalStateException("unexpected rate-limit script reply element");
        }
        return new PiggybackRead.Outcome(read, number(reply.get(5)) == 1, valueOrEpoch);
    }

    private static RateLimitDecision decision(RateLimitPolicy policy, List<Object> reply) {
        if (reply == null || (reply.size() != 5 && reply.size() != 7)) {
            throw new IllegalStateException("unexpected rate-limit script reply");
        }
        return new RateLimitDecision(
                number(reply.get(0)) == 1,
                policy.burst(),
                (int) number(reply.get(1)),
                number(reply.get(2)),
                number(reply.get(3)),
                false);
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
}
