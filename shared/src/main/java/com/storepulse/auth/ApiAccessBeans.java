package com.storepulse.auth;

import com.storepulse.cache.CacheSettings;
import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.lifecycle.GracefulShutdown;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.ratelimit.LocalRateLimiter;
import com.storepulse.ratelimit.RateLimiter;
import com.storepulse.ratelimit.RedisRateLimiter;
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
 *   <li>{@code API_KEY_CACHE_TTL}: how long key rows and store owners stay cached in-process
 *       (default 30 s, at most 60 s): also the longest a revocation takes to reach every instance;</li>
 *   <li>{@code REDIS_URL} and the {@code CACHE_*} timeouts: the rate limiter's Redis (none: per-instance buckets).</li>
 * </ul>
 */
@Factory
public class ApiAccessBeans {

    static final String API_KEY_CACHE_TTL = "API_KEY_CACHE_TTL";
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
    UsageMeter usageMeter(Database database) {
        return new UsageMeter(database.jdbi(), InstantSource.system());
    }

    @Singleton
    RateLimiter rateLimiter(Settings settings, PowertoolsMetricsRecorder metrics) {
        CacheSettings cache = CacheSettings.from(settings);
        if (cache.redisUrl().isEmpty()) {
            return new LocalRateLimiter(InstantSource.system());
        }
        RedisRateLimiter limiter = new RedisRateLimiter(cache, metrics, InstantSource.system());
        Core.getGlobalContext().register(limiter); // weakly held there; this singleton keeps it alive
        GracefulShutdown.jvm().register("rate-limiter", limiter);
        return limiter;
    }

    @Singleton
    RequestGuard requestGuard(ApiKeyAuthenticator authenticator, StoreAccess storeAccess, RateLimiter rateLimiter,
                              UsageMeter usageMeter, PowertoolsMetricsRecorder metrics) {
        return new DatabaseRequestGuard(authenticator, storeAccess, rateLimiter, usageMeter, metrics, InstantSource.system());
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
