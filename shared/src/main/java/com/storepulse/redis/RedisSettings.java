package com.storepulse.redis;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Redis and how long to wait for it.
 *
 * <p>The cache must never cost a request more than a few tens of milliseconds: a Redis round
 * trip is ~0.1 ms and a PostgreSQL point look-up ~0.1 ms, so waiting longer than that for Redis
 * is always worse than just asking the database. Timeouts are therefore capped at one second,
 * and a longer value is rejected as a configuration mistake.
 *
 * @param redisUrl       {@code REDIS_URL} ({@code redis://} or {@code rediss://}); empty disables the cache
 * @param commandTimeout {@code CACHE_TIMEOUT}: bound on every Redis command (default 50 ms)
 * @param connectTimeout {@code CACHE_CONNECT_TIMEOUT}: bound on each step of opening a connection,
 *                       the TCP connect and the handshake (default 500 ms)
 * @param backoff        {@code CACHE_BACKOFF}: after a failure, how long Redis is skipped (default 2 s)
 * @param keyPrefix      {@code CACHE_KEY_PREFIX}: put in front of every key (default {@code sp:})
 */
public record RedisSettings(
        Optional<String> redisUrl,
        Duration commandTimeout,
        Duration connectTimeout,
        Duration backoff,
        String keyPrefix) {

    public static final String REDIS_URL = "REDIS_URL";
    public static final String CACHE_TIMEOUT = "CACHE_TIMEOUT";
    public static final String CACHE_CONNECT_TIMEOUT = "CACHE_CONNECT_TIMEOUT";
    public static final String CACHE_BACKOFF = "CACHE_BACKOFF";
    public static final String CACHE_KEY_PREFIX = "CACHE_KEY_PREFIX";

    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);

    /**
     * Opening a connection may take longer than a command: a cold JVM loads Netty and Lettuce on
     * the first connect; its handshake took 120-340 ms here on a fresh JVM (two busy loops on the
     * two cores included). A dead Redis costs this once per back-off window, not once per request.
     */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);

    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(2);
    static final String DEFAULT_PREFIX = "sp:";
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(1);

    public RedisSettings {
        requireBetween(CACHE_TIMEOUT, commandTimeout, MAX_TIMEOUT);
        requireBetween(CACHE_CONNECT_TIMEOUT, connectTimeout, MAX_TIMEOUT);
        requireBetween(CACHE_BACKOFF, backoff, Duration.ofMinutes(5));
        if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigurationException(
                    "setting " + CACHE_KEY_PREFIX + " must be a non-empty string without spaces");
        }
    }

    public static RedisSettings from(Settings settings) {
        return new RedisSettings(
                settings.get(REDIS_URL),
                settings.getDuration(CACHE_TIMEOUT, DEFAULT_TIMEOUT),
                settings.getDuration(CACHE_CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
                settings.getDuration(CACHE_BACKOFF, DEFAULT_BACKOFF),
                settings.get(CACHE_KEY_PREFIX, DEFAULT_PREFIX));
    }

    /** Settings for a Redis at {@code url} with the defaults for everything else. */
    public static RedisSettings forUrl(String url) {
        return new RedisSettings(
                Optional.of(url), DEFAULT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_BACKOFF, DEFAULT_PREFIX);
    }

    public RedisSettings withTimeouts(Duration command, Duration connect) {
        return new RedisSettings(redisUrl, command, connect, backoff, keyPrefix);
    }

    public RedisSettings withBackoff(Duration newBackoff) {
        return new RedisSettings(redisUrl, commandTimeout, connectTimeout, newBackoff, keyPrefix);
    }

    public RedisSettings withKeyPrefix(String newPrefix) {
        return new RedisSettings(redisUrl, commandTimeout, connectTimeout, backoff, newPrefix);
    }

    private static void requireBetween(String key, Duration value, Duration max) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new ConfigurationException("setting " + key + " must be a duration above 0 and at most " + max);
        }
    }

    @Override
    public String toString() {
        // REDIS_URL may carry a password (redis://:secret@host): print only that one is set.
        return "RedisSettings[redis=" + (redisUrl.isPresent() ? "configured" : "none")
                + ", commandTimeout=" + commandTimeout + ", connectTimeout=" + connectTimeout
                + ", backoff=" + backoff + ", keyPrefix=" + keyPrefix + "]";
    }
}
