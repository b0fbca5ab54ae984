package com.storepulse.auth;

import com.storepulse.cache.MutableClock;
import com.storepulse.cache.RecordingMetrics;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.ratelimit.RateLimiter;
import com.storepulse.usage.UsageMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A {@link DatabaseRequestGuard} built by hand the way {@link ApiAccessBeans} builds it, on the
 * real test database, with a hand-driven clock and a Jdbi that counts the API key look-ups it runs.
 */
public final class GuardHarness {

    public static final String ADMIN_KEY = "admin-" + "k".repeat(40);
    public static final Duration TTL = Duration.ofSeconds(30);

    public final MutableClock clock = new MutableClock();
    public final RecordingMetrics metrics = new RecordingMetrics();
    public final AtomicInteger keyLookups = new AtomicInteger();
    public final Jdbi jdbi;
    public final ApiKeyAuthenticator authenticator;
    public final DatabaseRequestGuard guard;
    public final UsageMeter usageMeter;

    public GuardHarness(Database database, Function<MutableClock, RateLimiter> rateLimiter) {
        jdbi = Jdbi.create(database.dataSource()).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                if (context.getRenderedSql().contains("FROM api_key\n")) {
                    keyLookups.incrementAndGet();
                }
            }
        });
        AdminKey adminKey = new AdminKey(Settings.of(Map.of(AdminKey.SETTING, ADMIN_KEY)));
        authenticator = new ApiKeyAuthenticator(jdbi, adminKey, TTL, clock);
        usageMeter = new UsageMeter(jdbi, clock);
        guard = new DatabaseRequestGuard(authenticator, new StoreAccess(jdbi, TTL, clock), rateLimiter.apply(clock), usageMeter, metrics, clock);
    }
}
