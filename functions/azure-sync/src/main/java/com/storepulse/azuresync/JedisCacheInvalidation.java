package com.storepulse.azuresync;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.cache.CacheKeys;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.RedisSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * The sync's cache invalidation, with the Jedis client instead of the cache's Lettuce: Lettuce
 * brings Reactor and Netty, about 4.7 MB this jar cannot hold (docs/architecture.md, "Jar sizes").
 * It is the same invalidation as {@link com.storepulse.cache.RedisCache}'s: the keys of
 * {@link CacheKeys}, the shared {@value CacheKeys#INVALIDATE_SCRIPT} (epoch bump and deletes in one
 * step), the same best-effort contract (a failure is counted as {@code CacheError} with
 * {@code Operation=delete} and swallowed: the entries then expire by their TTL).
 *
 * <p>One short connection per call: the sync invalidates once per store per batch, so there is no
 * pool to keep and nothing open in a SnapStart snapshot.
 */
final class JedisCacheInvalidation implements CacheInvalidation {

    private static final Logger LOG = LoggerFactory.getLogger(JedisCacheInvalidation.class);
    private static final String SCRIPT = script();

    private final URI redis;
    private final JedisClientConfig config;
    private final CacheKeys keys;
    private final MetricsRecorder metrics;

    JedisCacheInvalidation(RedisSettings settings, MetricsRecorder metrics) {
        // User, password, database and TLS (rediss://) come from the URL, as Lettuce reads them.
        this.redis = URI.create(settings.redisUrl().orElseThrow());
        this.config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                .socketTimeoutMillis((int) settings.commandTimeout().toMillis())
                .build();
        this.keys = new CacheKeys(settings.keyPrefix());
        this.metrics = metrics;
    }

    /** Jedis where {@code REDIS_URL} is set, else nothing to invalidate. */
    static CacheInvalidation from(RedisSettings settings, MetricsRecorder metrics) {
        return settings.redisUrl().isPresent() ? new JedisCacheInvalidation(settings, metrics) : CacheInvalidation.NONE;
    }

    @Override
    public void customerChanged(long storeId, String externalCustomerId) {
        run(
                keys.customerInvalidation(storeId),
                List.of(Long.toString(CacheKeys.EPOCH_TTL.toMillis()), externalCustomerId));
    }

    @Override
    public void storeChanged(long storeId) {
        run(keys.storeInvalidation(storeId), List.of(Long.toString(CacheKeys.EPOCH_TTL.toMillis())));
    }

    private void run(List<String> keysToTouch, List<String> args) {
        try (Jedis jedis = new Jedis(redis, config)) {
            jedis.eval(SCRIPT, keysToTouch, args);
        } catch (RuntimeException e) {
            LOG.warn("cache invalidation skipped: {}", e.getClass().getSimpleName());
            metrics.count(MetricNames.CACHE_ERROR, 1, Map.of("Operation", "delete"));
        }
    }

    private static String script() {
        try (InputStream in = CacheKeys.class.getResourceAsStream(CacheKeys.INVALIDATE_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(CacheKeys.INVALIDATE_SCRIPT + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
