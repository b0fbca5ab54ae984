package com.storepulse.auth;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.lifecycle.GracefulShutdown;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.ratelimit.LocalRateLimiter;
import com.storepulse.ratelimit.RateLimiter;
import com.storepulse.ratelimit.RedisRateLimiter;
import com.storepulse.redis.RedisSettings;
import com.storepulse.usage.RedisUsageLedger;
import com.storepulse.usage.UsageMeter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import org.crac.Core;

/**
 * Micronaut wiring of the access side (auth, rate limits, metering) on top of
 * {@link com.storepulse.runtime.SharedBeans}. Settings:
 * <ul>
 *   <li>{@code STOREPULSE_ADMIN_API_KEY}: the admin key (a secret reference in production);</li>
 *   <li>{@code API_KEY_CACHE_TTL}: how long key rows and each tenant's own stores stay cached in-process
 *       (default 30 s, at most 60 s): also the longest a revocation takes to reach every instance;</li>
 *   <li>{@code REDIS_URL} and the {@code CACHE_*} timeouts: the rate limiter's and usage meter's Redis
 *       (none: per-instance buckets, and one PostgreSQL upsert per request for usage);</li>
 *   <li>{@code USAGE_FLUSH_INTERVAL}: how often usage counted in Redis is moved to PostgreSQL
 *       (default 10 s, 1 s to 15 min).</li>
 * </ul>
 */
@Factory
public class ApiAccessBeans {

    static final String API_KEY_CACHE_TTL = "API_KEY_CACHE_TTL";
    static final String USAGE_FLUSH_INTERVAL = "USAGE_FLUSH_INTERVAL";
    static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(ApiKeyAuthenticator.DEFAULT_TTL_SECONDS);
    static final Duration MAX_CACHE_TTL = Duration.ofSeconds(60);

    @Singleton
    AdminKey adminKey(Settings settings) {
        return new AdminKey(settings);
    }

    @Singleton
    ApiKeyAuthenticator apiKeyAuthenticator(Database database, AdminKey adminKey, Settings settings) {
        return new ApiKeyAuthenticator(database.jdbi(), adminKey, cacheTtl(settings), InstantSource.system());
    }

    @Singleton
    StoreAccess storeAccess(Database database, Settings settings) {
        return new StoreAccess(database.jdbi(), cacheTtl(settings), InstantSource.system());
    }

    @Singleton
    UsageMeter usageMeter(Database database, Settings settings, PowertoolsMetricsRecorder metrics) {
        RedisSettings cache = RedisSettings.from(settings);
        if (cache.redisUrl().isEmpty()) {
            return new UsageMeter(database.jdbi(), InstantSource.system());
        }
        RedisUsageLedger ledger = new RedisUsageLedger(cache, metrics, InstantSource.system());
        Core.getGlobalContext().register(ledger); // weakly held there; the meter keeps it alive
        UsageMeter meter =
                new UsageMeter(database.jdbi(), InstantSource.system(), ledger, usageFlushInterval(settings), metrics);
        // Flushes what is still pending when the instance stops; registered after the database,
        // so it runs before the pool closes (GracefulShutdown closes in reverse order).
        GracefulShutdown.jvm().register("usage-meter", meter);
        return meter;
    }

    @Singleton
    RateLimiter rateLimiter(Settings settings, PowertoolsMetricsRecorder metrics) {
        RedisSettings cache = RedisSettings.from(settings);
        if (cache.redisUrl().isEmpty()) {
            return new LocalRateLimiter(InstantSource.system());
        }
        RedisRateLimiter limiter = new RedisRateLimiter(cache, metrics, InstantSource.system());
        Core.getGlobalContext().register(limiter); // weakly held there; this singleton keeps it alive
        GracefulShutdown.jvm().register("rate-limiter", limiter);
        return limiter;
    }

    @Singleton
    RequestAdmission requestAdmission(
            ApiKeyAuthenticator authenticator,
            StoreAccess storeAccess,
            RateLimiter rateLimiter,
            UsageMeter usageMeter,
            PowertoolsMetricsRecorder metrics) {
        return new ApiKeyAdmission(authenticator, storeAccess, rateLimiter, usageMeter, metrics);
    }

    static Duration usageFlushInterval(Settings settings) {
        Duration interval = settings.getDuration(USAGE_FLUSH_INTERVAL, UsageMeter.DEFAULT_FLUSH_INTERVAL);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new ConfigurationException("setting " + USAGE_FLUSH_INTERVAL + " must be between 1 s and 15 min");
        }
        return interval;
    }

    static Duration cacheTtl(Settings settings) {
        Duration ttl = settings.getDuration(API_KEY_CACHE_TTL, DEFAULT_CACHE_TTL);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new ConfigurationException(
                    "setting " + API_KEY_CACHE_TTL + " must be a duration above 0 and at most " + MAX_CACHE_TTL);
        }
        return ttl;
    }
}
