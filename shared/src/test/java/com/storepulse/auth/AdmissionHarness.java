package com.storepulse.auth;

import com.storepulse.cache.RecordingMetrics;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.ratelimit.LocalRateLimiter;
import com.storepulse.ratelimit.RateLimiter;
import com.storepulse.ratelimit.RedisRateLimiter;
import com.storepulse.redis.RedisSettings;
import com.storepulse.redis.TestRedisSettings;
import com.storepulse.testing.MutableClock;
import com.storepulse.usage.RedisUsageLedger;
import com.storepulse.usage.UsageMeter;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A {@link ApiKeyAdmission} built by hand the way {@link ApiAccessBeans} builds it, on the
 * real test database, with a hand-driven clock and a Jdbi that counts the API key look-ups it runs.
 */
public final class AdmissionHarness {

    public static final String ADMIN_KEY = "admin-" + "k".repeat(40);
    public static final Duration TTL = Duration.ofSeconds(30);

    public final MutableClock clock = new MutableClock();
    public final RecordingMetrics metrics = new RecordingMetrics();
    public final AtomicInteger keyLookups = new AtomicInteger();
    public final Jdbi jdbi;
    public final ApiKeyAuthenticator authenticator;
    public final ApiKeyAdmission admission;
    public final UsageMeter usageMeter;
    /** The Redis side of usage metering; null for {@link #local()}. */
    public final RedisUsageLedger ledger;

    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(10);

    /** Where the rate limit and the usage counts live: Redis settings, or none for per-instance buckets and direct writes. */
    public record Limiter(RedisSettings redis) {}

    /** Per-instance buckets; usage written straight to PostgreSQL. */
    public static Limiter local() {
        return new Limiter(null);
    }

    /** Buckets and pending usage counts in the Redis at {@code url}, under a key prefix of this harness's own. */
    public static Limiter redis(String url) {
        return new Limiter(TestRedisSettings.healthy(url)
                .withKeyPrefix("admission-" + UUID.randomUUID().toString().substring(0, 8) + ":"));
    }

    public AdmissionHarness(Database database, Limiter rateLimiter) {
        jdbi = Jdbi.create(database.dataSource())
                .installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin());
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                // authentication's look-up (V20's function: the tenant is not known yet)
                if (context.getRenderedSql().contains("storepulse_api_key_by_prefix(")) {
                    keyLookups.incrementAndGet();
                }
            }
        });
        AdminKey adminKey = new AdminKey(Settings.of(Map.of(AdminKey.SETTING, ADMIN_KEY)));
        authenticator = new ApiKeyAuthenticator(jdbi, adminKey, TTL, clock);
        RateLimiter limiter;
        if (rateLimiter.redis() == null) {
            limiter = new LocalRateLimiter(clock);
            ledger = null;
            usageMeter = new UsageMeter(jdbi, clock);
        } else {
            limiter = new RedisRateLimiter(rateLimiter.redis(), metrics, clock);
            ledger = new RedisUsageLedger(rateLimiter.redis(), metrics, clock);
            usageMeter = new UsageMeter(jdbi, clock, ledger, FLUSH_INTERVAL, metrics);
        }
        admission = new ApiKeyAdmission(authenticator, new StoreAccess(jdbi, TTL, clock), limiter, usageMeter, metrics);
    }
}
