package com.storepulse.local;

import com.storepulse.auth.ApiKeys;
import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import com.storepulse.demodata.DemoWebhookSource;
import com.storepulse.local.schedule.LocalSchedules;
import com.storepulse.webhooks.WebhookKeys;
import com.storepulse.webhooks.WebhookScheme;
import java.time.Duration;
import java.util.Optional;

/**
 * The local stack's settings, read through {@link Settings} (environment variables, else system
 * properties of the same name). See docs/local-stack.md for each one.
 */
public record LocalStackConfig(
        int port,
        String bindAddress,
        Optional<String> databaseUrl,
        Optional<String> functionsDatabaseUrl,
        Optional<String> redisUrl,
        boolean embeddedRedis,
        boolean demoData,
        Optional<String> demoApiKey,
        Optional<String> demoWebhookSecret,
        Optional<Duration> syncInterval,
        Duration usageFlushInterval,
        Duration functionTimeout,
        Duration queueRetryDelay,
        int functionMemoryMb,
        String region) {

    public static final int DEFAULT_PORT = 3000;
    /** As template.yaml's UsageFlushSchedule default. */
    public static final String DEFAULT_USAGE_FLUSH_SCHEDULE = "5";

    public static LocalStackConfig from(Settings settings) {
        int port = settings.getInt("PORT", DEFAULT_PORT);
        if (port < 0 || port > 65_535) {
            throw new ConfigurationException("PORT must be between 0 and 65535 (0 picks a free port)");
        }
        Optional<String> apiKey = settings.get("STOREPULSE_DEMO_API_KEY");
        apiKey.ifPresent(key -> {
            if (!ApiKeys.isWellFormed(key)) {
                throw new ConfigurationException("STOREPULSE_DEMO_API_KEY is not a StorePulse API key: expected"
                        + " sp_live_ + 8 lowercase letters/digits + _ + 32 letters/digits");
            }
        });
        Optional<String> webhookSecret = settings.get(DemoWebhookSource.SECRET_SETTING);
        webhookSecret.ifPresent(secret -> {
            if (!WebhookKeys.isValidSecret(WebhookScheme.STANDARD_WEBHOOKS, secret)) {
                throw new ConfigurationException(DemoWebhookSource.SECRET_SETTING
                        + " is not a Standard Webhooks secret: expected whsec_ + base64 of at least 16 bytes");
            }
        });
        Optional<Duration> syncInterval;
        Duration usageFlushInterval;
        try {
            syncInterval = settings.get("SYNC_INTERVAL").map(v -> LocalSchedules.parseInterval("SYNC_INTERVAL", v));
            usageFlushInterval = LocalSchedules.parseInterval(
                    "USAGE_FLUSH_SCHEDULE", settings.get("USAGE_FLUSH_SCHEDULE", DEFAULT_USAGE_FLUSH_SCHEDULE));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        return new LocalStackConfig(
                port,
                settings.get("BIND_ADDRESS", "127.0.0.1"),
                settings.get("DATABASE_URL"),
                settings.get("FUNCTIONS_DATABASE_URL"),
                settings.get("REDIS_URL"),
                settings.getBoolean("EMBEDDED_REDIS", true),
                settings.getBoolean("DEMO_DATA", true),
                apiKey,
                webhookSecret,
                syncInterval,
                usageFlushInterval,
                settings.getDuration("FUNCTION_TIMEOUT", Duration.ofSeconds(30)),
                settings.getDuration("LOCAL_QUEUE_RETRY_DELAY", Duration.ofSeconds(10)),
                settings.getInt("FUNCTION_MEMORY_MB", 1024),
                settings.get("AWS_REGION", "us-east-1"));
    }
}
