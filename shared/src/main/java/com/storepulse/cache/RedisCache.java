package com.storepulse.cache;

import com.storepulse.json.Json;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Read-through cache on Redis (Lettuce) that degrades to the database instead of failing.
 *
 * <h2>Bounded cost</h2>
 * Every Redis command waits at most {@code CACHE_TIMEOUT} and opening a connection at most
 * {@code CACHE_CONNECT_TIMEOUT + CACHE_TIMEOUT} (TCP plus handshake); both are tens of
 * milliseconds. Any failure (refused, timed out, reset, garbage) closes the connection and opens
 * a short back-off window ({@code CACHE_BACKOFF}) during which Redis is not tried at all: reads
 * go straight to the loader, so a dead Redis costs one timeout per window, not one per request.
 * The first call after the window reconnects; Lettuce's own auto-reconnect is off because it
 * would queue commands behind a reconnect loop we cannot bound.
 *
 * <h2>Staleness guarantee</h2>
 * Writers call {@link #customerChanged} / {@link #storeChanged} after they commit. Those deletes
 * are best effort: if Redis is down or slow the delete is skipped, counted as a
 * {@code CacheError} with {@code Operation=delete}, and swallowed. A cached value is therefore
 * never older than its TTL, and normally no older than the last committed write. Callers choose
 * TTLs with that bound in mind.
 *
 * <h2>Metrics</h2>
 * {@code CacheHit}/{@code CacheMiss} with {@code Operation=get}; {@code CacheMiss} with
 * {@code Operation=bypass} when the back-off window skipped Redis; {@code CacheError} with
 * {@code Operation} = get, set, delete, ping, connect, encode or decode.
 *
 * <h2>SnapStart</h2>
 * {@link #suspend()} closes the connection and {@link #resume()} forgets pre-snapshot failures;
 * the connection reopens on the next call. Values are JSON ({@link Json#mapper()}).
 */
public final class RedisCache implements ManagedCache {

    /** CLIENT SETNAME of our connections, so {@code CLIENT LIST} shows who is connected. */
    public static final String CLIENT_NAME = "storepulse";
    static final String OPERATION = "Operation";

    private static final System.Logger LOG = System.getLogger(RedisCache.class.getName());
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final CacheSettings settings;
    private final RedisURI uri;
    private final MetricsRecorder metrics;
    private final CacheKeys keys;
    private final Backoff backoff;

    // Guarded by this. The client (netty event loops) is created on first use, not at start-up.
    private RedisClient client;
    private CompletableFuture<StatefulRedisConnection<String, byte[]>> connecting;
    private volatile StatefulRedisConnection<String, byte[]> connection;

    public RedisCache(CacheSettings settings, MetricsRecorder metrics) {
        this(settings, metrics, InstantSource.system());
    }

    public RedisCache(CacheSettings settings, MetricsRecorder metrics, InstantSource clock) {
        this.settings = settings;
        this.metrics = metrics;
        this.keys = new CacheKeys(settings.keyPrefix());
        this.backoff = new Backoff(clock, settings.backoff());
        String url = settings.redisUrl().orElseThrow(() -> new IllegalArgumentException("RedisCache needs a REDIS_URL"));
        this.uri = RedisURI.create(url);
        uri.setTimeout(settings.commandTimeout());
        uri.setClientName(CLIENT_NAME);
    }

    @Override
    public <T> T getOrLoad(String key, Class<T> type, Duration ttl, Supplier<T> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        if (ttl == null || ttl.toMillis() <= 0) {
            throw new IllegalArgumentException("ttl must be at least 1 ms");
        }
        if (!backoff.allowsAttempt()) {
            count(MetricNames.CACHE_MISS, "bypass");
            return loader.get();
        }
        RedisCommands<String, byte[]> redis = commands();
        if (redis == null) {
            return loader.get(); // could not connect: counted as a connect error
        }
        byte[] cached;
        try {
            cached = redis.get(key);
        } catch (RuntimeException e) {
            failed("get", e);
            return loader.get();
        }
        if (cached != null) {
            T value = decode(cached, type);
            if (value != null) {
                count(MetricNames.CACHE_HIT, "get");
                return value;
            }
        }
        count(MetricNames.CACHE_MISS, "get");
        T loaded = loader.get();
        if (loaded != null) {
            put(redis, key, loaded, ttl);
        }
        return loaded;
    }

    private <T> T decode(byte[] cached, Class<T> type) {
        try {
            return Json.mapper().readValue(cached, type);
        } catch (IOException e) {
            // An entry written by an older version of the class: treat it as a miss and overwrite it.
            count(MetricNames.CACHE_ERROR, "decode");
            return null;
        }
    }

    private void put(RedisCommands<String, byte[]> redis, String key, Object value, Duration ttl) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            count(MetricNames.CACHE_ERROR, "encode");
            LOG.log(System.Logger.Level.WARNING, "cannot cache a " + value.getClass().getName() + ": " + e.getMessage());
            return;
        }
        try {
            redis.set(key, bytes, SetArgs.Builder.px(ttl.toMillis()));
        } catch (RuntimeException e) {
            failed("set", e);
        }
    }

    @Override
    public void invalidate(String... keysToRemove) {
        if (keysToRemove.length == 0) {
            return;
        }
        RedisCommands<String, byte[]> redis = commands();
        if (redis == null) {
            // Skipped, not done: the entries live on until their TTL. Count it so it shows.
            count(MetricNames.CACHE_ERROR, "delete");
            return;
        }
        try {
            redis.del(keysToRemove);
        } catch (RuntimeException e) {
            failed("delete", e);
        }
    }

    @Override
    public void customerChanged(long storeId, long customerId) {
        invalidate(toArray(keys.customerAndStoreAggregates(storeId, customerId)));
    }

    @Override
    public void storeChanged(long storeId) {
        invalidate(toArray(keys.storeAggregates(storeId)));
    }

    private static String[] toArray(List<String> list) {
        return list.toArray(String[]::new);
    }

    /** UP if Redis answers a PING now; DOWN if it does not or we are inside the back-off window. */
    @Override
    public CacheStatus status() {
        RedisCommands<String, byte[]> redis = commands();
        if (redis == null) {
            return CacheStatus.DOWN;
        }
        try {
            redis.ping();
            return CacheStatus.UP;
        } catch (RuntimeException e) {
            failed("ping", e);
            return CacheStatus.DOWN;
        }
    }

    @Override
    public CacheKeys keys() {
        return keys;
    }

    /** True while a connection is open (for tests and the SnapStart hooks). */
    public boolean isConnected() {
        StatefulRedisConnection<String, byte[]> c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public synchronized void suspend() {
        dropConnection();
        abandonAttempt();
    }

    @Override
    public void resume() {
        // The wall clock jumps across a snapshot; a window opened before it means nothing now.
        backoff.reset();
    }

    @Override
    public synchronized void close() {
        dropConnection();
        abandonAttempt();
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
        }
    }

    /**
     * Sync commands on an open connection, connecting if needed; null when Redis is to be skipped
     * (inside the back-off window, or the connection could not be opened in time, which is
     * counted as a {@code connect} error).
     */
    private RedisCommands<String, byte[]> commands() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null && open.isOpen() && backoff.allowsAttempt()) {
            return open.sync();
        }
        return connect();
    }

    private synchronized RedisCommands<String, byte[]> connect() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (!backoff.allowsAttempt()) {
            return null;
        }
        if (open != null) {
            if (open.isOpen()) {
                return open.sync();
            }
            dropConnection();
        }
        if (connecting == null || (connecting.isDone() && !stillUsable(connecting))) {
            abandonAttempt();
            connecting = client().connectAsync(CODEC, uri).toCompletableFuture();
        }
        try {
            StatefulRedisConnection<String, byte[]> opened =
                    connecting.get(settings.connectTimeout().plus(settings.commandTimeout()).toNanos(), TimeUnit.NANOSECONDS);
            connecting = null;
            opened.setTimeout(settings.commandTimeout());
            connection = opened;
            return opened.sync();
        } catch (TimeoutException e) {
            // Keep the attempt: Lettuce ends it with its own timeouts, and if it was merely slow
            // (a cold JVM's first connect loads netty) the next attempt adopts the connection.
            failed("connect", e);
            return null;
        } catch (ExecutionException e) {
            connecting = null;
            failed("connect", e.getCause());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A finished attempt is worth adopting only if it succeeded and its socket is still open. */
    private static boolean stillUsable(CompletableFuture<StatefulRedisConnection<String, byte[]>> attempt) {
        return !attempt.isCompletedExceptionally() && !attempt.isCancelled() && attempt.join().isOpen();
    }

    private RedisClient client() {
        if (client == null) {
            client = RedisClient.create();
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .build());
        }
        return client;
    }

    private void failed(String operation, Throwable error) {
        count(MetricNames.CACHE_ERROR, operation);
        LOG.log(System.Logger.Level.WARNING, "Redis " + operation + " failed, using the database for "
                + settings.backoff() + ": " + error);
        backoff.recordFailure();
        synchronized (this) {
            dropConnection();
        }
    }

    private void dropConnection() {
        StatefulRedisConnection<String, byte[]> open = connection;
        connection = null;
        if (open != null) {
            open.closeAsync();
        }
    }

    /** Gives up an attempt in flight; if it still succeeds, its connection is closed at once. */
    private void abandonAttempt() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> pending = connecting;
        connecting = null;
        if (pending != null) {
            pending.thenAccept(StatefulRedisConnection::closeAsync);
        }
    }

    private void count(String metric, String operation) {
        metrics.count(metric, 1, Map.of(OPERATION, operation));
    }
}
