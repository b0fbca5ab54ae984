package com.storepulse.cache;

import com.storepulse.json.Json;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.PiggybackRead;
import com.storepulse.redis.RedisConnection;
import com.storepulse.redis.RedisScript;
import com.storepulse.redis.RedisSettings;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-through cache on Redis (Lettuce) that degrades to the database instead of failing.
 *
 * <h2>Bounded cost</h2>
 * The connection is a {@link RedisConnection}: every Redis command waits at most
 * {@code CACHE_TIMEOUT} and opening a connection at most {@code CACHE_CONNECT_TIMEOUT +
 * CACHE_TIMEOUT} (TCP plus handshake); both are tens of milliseconds. Any failure (refused, timed
 * out, reset, garbage) closes the connection and opens a short back-off window
 * ({@code CACHE_BACKOFF}) during which Redis is not tried at all: reads go straight to the
 * loader, so a dead Redis costs one timeout per window, not one per request.
 *
 * <h2>Staleness guarantee</h2>
 * Writers call {@link #customerChanged} / {@link #storeChanged} after they commit. Those deletes
 * are best effort: if Redis is down or slow the delete is skipped, counted as a
 * {@code CacheError} with {@code Operation=delete}, and swallowed. A cached value is therefore
 * never older than its TTL, and normally no older than the last committed write. Callers choose
 * TTLs with that bound in mind. A load that raced a write cannot extend that bound: the store's
 * epoch ({@link CacheKeys}) keeps a value loaded before an invalidation from being written after it.
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

    private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
    private static final RedisScript HASH_GET = RedisScript.load(RedisCache.class, "hash_get.lua");
    private static final RedisScript HASH_PUT = RedisScript.load(RedisCache.class, "hash_put.lua");
    private static final RedisScript PUT_IF_EPOCH = RedisScript.load(RedisCache.class, "put_if_epoch.lua");
    private static final RedisScript INVALIDATE = RedisScript.load(RedisCache.class, CacheKeys.INVALIDATE_SCRIPT);
    /** An epoch only has to outlive the longest load; a day is far beyond any. */
    private static final Duration EPOCH_TTL = CacheKeys.EPOCH_TTL;

    private final MetricsRecorder metrics;
    private final CacheKeys keys;
    private final RedisConnection redis;
    private volatile CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

    public RedisCache(RedisSettings settings, MetricsRecorder metrics) {
        this(settings, metrics, InstantSource.system());
    }

    public RedisCache(RedisSettings settings, MetricsRecorder metrics, InstantSource clock) {
        this.metrics = metrics;
        this.keys = new CacheKeys(settings.keyPrefix());
        this.redis = new RedisConnection(
                settings, CLIENT_NAME, clock, (operation, error) -> count(MetricNames.CACHE_ERROR, operation));
    }

    @Override
    public <T> T getOrLoad(String key, Class<T> type, Duration ttl, Supplier<T> loader) {
        Objects.requireNonNull(type, "type");
        return readThrough(key, ttl, loader, cached -> decode(cached, type), this::encode);
    }

    @Override
    public byte[] getOrLoadBytes(String key, Duration ttl, Supplier<byte[]> loader) {
        return readThrough(key, ttl, loader, cached -> cached, bytes -> bytes);
    }

    /**
     * The cached value (a null from {@code decode} counts as a miss) or the loader's, then written
     * back (unless null, or {@code encode} gives null) behind the response.
     */
    private <T> T readThrough(
            String key, Duration ttl, Supplier<T> loader, Function<byte[], T> decode, Function<T, byte[]> encode) {
        Objects.requireNonNull(key, "key");
        requirePositive(ttl);
        RedisCommands<String, byte[]> commands = commandsForRead();
        Read read = commands == null ? null : read(commands, key);
        if (read == null) {
            return loader.get();
        }
        if (read.cached() != null) {
            T value = decode.apply(read.cached());
            if (value != null) {
                count(MetricNames.CACHE_HIT, "get");
                return value;
            }
        }
        count(MetricNames.CACHE_MISS, "get");
        T loaded = loader.get();
        if (loaded != null) {
            byte[] bytes = encode.apply(loaded);
            if (bytes != null) {
                put(commands, key, read, bytes, ttl);
            }
        }
        return loaded;
    }

    /**
     * One MGET for every key and the epochs guarding them (a list of ten stores' counts: one round
     * trip, not ten), one call of the loader for the keys that missed, and their write-backs sent
     * behind the response (each guarded by the epoch this read saw, as a single key's is).
     */
    @Override
    public <T> Map<String, T> getOrLoadAll(
            Collection<String> keysToRead, Class<T> type, Duration ttl, Function<Set<String>, Map<String, T>> loader) {
        Objects.requireNonNull(type, "type");
        requirePositive(ttl);
        Set<String> wanted = new LinkedHashSet<>(keysToRead);
        if (wanted.isEmpty()) {
            return Map.of();
        }
        RedisCommands<String, byte[]> commands = commandsForRead();
        Map<String, Read> reads = commands == null ? null : readAll(commands, wanted);
        if (reads == null) {
            return loader.apply(wanted);
        }
        Map<String, T> values = new LinkedHashMap<>();
        Set<String> missed = new LinkedHashSet<>();
        for (String key : wanted) {
            byte[] cached = reads.get(key).cached();
            T value = cached == null ? null : decode(cached, type);
            if (value != null) {
                count(MetricNames.CACHE_HIT, "get");
                values.put(key, value);
            } else {
                count(MetricNames.CACHE_MISS, "get");
                missed.add(key);
            }
        }
        if (missed.isEmpty()) {
            return values;
        }
        Map<String, T> loaded = loader.apply(missed);
        for (String key : missed) {
            T value = loaded.get(key);
            if (value == null) {
                continue;
            }
            values.put(key, value);
            byte[] bytes = encode(value);
            if (bytes != null) {
                putBehind(commands, key, reads.get(key), bytes, ttl);
            }
        }
        return values;
    }

    /** Every key's bytes and epoch from one MGET (an epoch shared by keys is read once); null if Redis failed. */
    private Map<String, Read> readAll(RedisCommands<String, byte[]> commands, Set<String> wanted) {
        List<String> mget = new ArrayList<>(wanted);
        Map<String, Integer> epochAt = new LinkedHashMap<>();
        for (String key : wanted) {
            String epochKey = keys.epochFor(key);
            if (epochKey != null && !epochAt.containsKey(epochKey)) {
                epochAt.put(epochKey, mget.size());
                mget.add(epochKey);
            }
        }
        List<KeyValue<String, byte[]>> replies;
        try {
            replies = commands.mget(mget.toArray(String[]::new));
        } catch (RuntimeException e) {
            redis.failed("get", e);
            return null;
        }
        Map<String, Read> reads = new LinkedHashMap<>();
        int i = 0;
        for (String key : wanted) {
            String epochKey = keys.epochFor(key);
            byte[] epoch =
                    epochKey == null ? null : replies.get(epochAt.get(epochKey)).getValueOrElse(new byte[0]);
            reads.put(key, new Read(replies.get(i++).getValueOrElse(null), epochKey, epoch));
        }
        return reads;
    }

    /** A key's cached bytes (null: none) and, for a store's key, the store's epoch read with them. */
    private record Read(byte[] cached, String epochKey, byte[] epoch) {}

    /** The value and the store's epoch in one command (the epoch guards a miss's write); null if Redis failed. */
    private Read read(RedisCommands<String, byte[]> commands, String key) {
        String epochKey = keys.epochFor(key);
        try {
            if (epochKey == null) {
                return new Read(commands.get(key), null, null);
            }
            List<KeyValue<String, byte[]>> both = commands.mget(key, epochKey);
            return new Read(
                    both.get(0).getValueOrElse(null), epochKey, both.get(1).getValueOrElse(new byte[0]));
        } catch (RuntimeException e) {
            redis.failed("get", e);
            return null;
        }
    }

    @Override
    public PiggybackRead keyRead(String key) {
        String epochKey = keys.epochFor(key);
        return epochKey == null ? null : PiggybackRead.ofKey(key, epochKey);
    }

    /** A hit read along by another script costs no command here; a miss's write-back is guarded by the epoch it saw. */
    @Override
    public byte[] getOrLoadBytes(String key, Duration ttl, Supplier<byte[]> loader, PiggybackRead.Outcome alreadyRead) {
        if (alreadyRead == null || !alreadyRead.answers(key, null)) {
            return getOrLoadBytes(key, ttl, loader);
        }
        Objects.requireNonNull(key, "key");
        requirePositive(ttl);
        if (alreadyRead.hit()) {
            count(MetricNames.CACHE_HIT, "get");
            return alreadyRead.valueOrEpoch();
        }
        count(MetricNames.CACHE_MISS, "get");
        byte[] loaded = loader.get();
        RedisCommands<String, byte[]> commands = loaded == null ? null : redis.commands();
        if (commands != null) {
            // on this cache's connection, though the read rode on another (the admission's): the epoch guards it
            put(commands, key, new Read(null, alreadyRead.read().epochKey(), alreadyRead.valueOrEpoch()), loaded, ttl);
        }
        return loaded;
    }

    @Override
    public byte[] getOrLoadField(String hashKey, String field, Duration ttl, Supplier<byte[]> loader) {
        return getOrLoadField(hashKey, field, ttl, loader, null);
    }

    @Override
    public PiggybackRead fieldRead(String hashKey, String field) {
        String epochKey = keys.epochFor(hashKey);
        return epochKey == null ? null : new PiggybackRead(hashKey, epochKey, field);
    }

    @Override
    public byte[] getOrLoadField(
            String hashKey, String field, Duration ttl, Supplier<byte[]> loader, PiggybackRead.Outcome alreadyRead) {
        Objects.requireNonNull(hashKey, "hashKey");
        Objects.requireNonNull(field, "field");
        requirePositive(ttl);
        PiggybackRead.Outcome read = alreadyRead != null && alreadyRead.answers(hashKey, field) ? alreadyRead : null;
        if (read == null) {
            read = readField(hashKey, field);
            if (read == null) {
                return loader.get(); // Redis skipped or failed (counted)
            }
        }
        if (read.hit()) {
            count(MetricNames.CACHE_HIT, "get");
            return read.valueOrEpoch();
        }
        count(MetricNames.CACHE_MISS, "get");
        byte[] loaded = loader.get();
        if (loaded != null) {
            // The write goes out on this cache's connection even when the read rode on another
            // (the admission's): the epoch the read saw guards it either way.
            RedisCommands<String, byte[]> commands = redis.commands();
            if (commands != null) {
                writeBehind(HASH_PUT.runAsync(
                        commands.getStatefulConnection().async(),
                        ScriptOutputType.INTEGER,
                        new String[] {read.read().key(), read.read().epochKey()},
                        field.getBytes(StandardCharsets.UTF_8),
                        loaded,
                        ascii(ttl.toMillis()),
                        read.valueOrEpoch()));
            }
        }
        return loaded;
    }

    /** The field or, on a miss, the store's epoch, in one command; null when Redis is skipped or fails. */
    private PiggybackRead.Outcome readField(String hashKey, String field) {
        PiggybackRead fieldRead = fieldRead(hashKey, field);
        Objects.requireNonNull(fieldRead, "a detail hash is one of a store's keys");
        RedisCommands<String, byte[]> commands = commandsForRead();
        if (commands == null) {
            return null;
        }
        try {
            // One command, one reply, hit or miss. Measured against HGET and GET pipelined (two
            // replies), CustomerApiBench --detail 28 with the default JIT: hit p99 0.43-0.47 ms
            // against 0.97-1.22 ms (2026-11-26).
            List<Object> reply = HASH_GET.run(
                    commands,
                    ScriptOutputType.MULTI,
                    new String[] {hashKey, fieldRead.epochKey()},
                    field.getBytes(StandardCharsets.UTF_8));
            return new PiggybackRead.Outcome(
                    fieldRead, ((Number) reply.get(0)).longValue() == 1, (byte[]) reply.get(1));
        } catch (RuntimeException e) {
            redis.failed("get", e);
            return null;
        }
    }

    /**
     * A cache write nobody waits for: the response does not pay its round trip. A read that
     * follows at once on another connection (a detail read riding on the admission script) can
     * still miss and load once more; the write it then sends is guarded by the same epoch, so this
     * costs a load, never a stale entry. A failure is counted ({@code CacheError},
     * {@code Operation=set}) and costs only a later miss.
     * If the function is frozen before the write is sent, it is sent on thaw, and the epoch check
     * in the script drops it if the store changed meanwhile.
     */
    private void writeBehind(java.util.concurrent.CompletionStage<?> write) {
        CompletableFuture<?> pending = write.toCompletableFuture().whenComplete((ok, error) -> {
            if (error != null) {
                count(MetricNames.CACHE_ERROR, "set");
            }
        });
        lastWrite = pending;
    }

    /** Waits for the last write-behind to finish (tests, and before a snapshot). */
    void awaitWrites() {
        try {
            lastWrite.get(redis.settings().commandTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // counted by writeBehind; nothing more to do
        }
    }

    private static void requirePositive(Duration ttl) {
        if (ttl == null || ttl.toMillis() <= 0) {
            throw new IllegalArgumentException("ttl must be at least 1 ms");
        }
    }

    /**
     * The commands to read with, or null when Redis is to be skipped now (inside the back-off
     * window, counted as a bypass, or it could not connect, counted as a connect error).
     */
    private RedisCommands<String, byte[]> commandsForRead() {
        if (!redis.allowsAttempt()) {
            count(MetricNames.CACHE_MISS, "bypass");
            return null;
        }
        return redis.commands();
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

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] encode(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            count(MetricNames.CACHE_ERROR, "encode");
            LOG.warn("cannot cache a " + value.getClass().getName() + ": " + e.getMessage());
            return null;
        }
    }

    private void put(RedisCommands<String, byte[]> commands, String key, Read read, byte[] bytes, Duration ttl) {
        if (read.epochKey() != null) {
            writeBehind(PUT_IF_EPOCH.runAsync(
                    commands.getStatefulConnection().async(),
                    ScriptOutputType.INTEGER,
                    new String[] {key, read.epochKey()},
                    bytes,
                    ascii(ttl.toMillis()),
                    read.epoch()));
            return;
        }
        try {
            commands.set(key, bytes, SetArgs.Builder.px(ttl.toMillis()));
        } catch (RuntimeException e) {
            redis.failed("set", e);
        }
    }

    /** {@link #put}, with a key without an epoch also written behind (a batch does not wait on each). */
    private void putBehind(RedisCommands<String, byte[]> commands, String key, Read read, byte[] bytes, Duration ttl) {
        if (read.epochKey() != null) {
            put(commands, key, read, bytes, ttl);
            return;
        }
        writeBehind(commands.getStatefulConnection().async().set(key, bytes, SetArgs.Builder.px(ttl.toMillis())));
    }

    @Override
    public void invalidate(String... keysToRemove) {
        if (keysToRemove.length == 0) {
            return;
        }
        RedisCommands<String, byte[]> commands = redis.commands();
        if (commands == null) {
            // Skipped, not done: the entries live on until their TTL. Count it so it shows.
            count(MetricNames.CACHE_ERROR, "delete");
            return;
        }
        try {
            commands.del(keysToRemove);
        } catch (RuntimeException e) {
            redis.failed("delete", e);
        }
    }

    @Override
    public void customerChanged(long storeId, String externalCustomerId) {
        customerChangedConfirmed(storeId, externalCustomerId);
    }

    @Override
    public boolean customerChangedConfirmed(long storeId, String externalCustomerId) {
        RedisCommands<String, byte[]> commands = redis.commands();
        if (commands == null) {
            count(MetricNames.CACHE_ERROR, "delete");
            return false;
        }
        List<String> all = keys.customerInvalidation(storeId);
        try {
            INVALIDATE.run(
                    commands,
                    ScriptOutputType.INTEGER,
                    all.toArray(String[]::new),
                    ascii(EPOCH_TTL.toMillis()),
                    externalCustomerId.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (RuntimeException e) {
            redis.failed("delete", e);
            return false;
        }
    }

    @Override
    public void storeChanged(long storeId) {
        List<String> all = keys.storeInvalidation(storeId);
        RedisCommands<String, byte[]> commands = redis.commands();
        if (commands == null) {
            count(MetricNames.CACHE_ERROR, "delete");
            return;
        }
        try {
            // UNLINK (in the script): a large store's detail hash is freed in the background, not inside Redis' event
            // loop.
            INVALIDATE.run(commands, ScriptOutputType.INTEGER, all.toArray(String[]::new), ascii(EPOCH_TTL.toMillis()));
        } catch (RuntimeException e) {
            redis.failed("delete", e);
        }
    }

    /** UP if Redis answers a PING now; DOWN if it does not or we are inside the back-off window. */
    @Override
    public CacheStatus status() {
        RedisCommands<String, byte[]> commands = redis.commands();
        if (commands == null) {
            return CacheStatus.DOWN;
        }
        try {
            commands.ping();
            return CacheStatus.UP;
        } catch (RuntimeException e) {
            redis.failed("ping", e);
            return CacheStatus.DOWN;
        }
    }

    @Override
    public CacheKeys keys() {
        return keys;
    }

    /** True while a connection is open (for tests and the SnapStart hooks). */
    public boolean isConnected() {
        return redis.isConnected();
    }

    @Override
    public void suspend() {
        awaitWrites(); // a write-behind must not be cut off by the snapshot's closed connection
        redis.suspend();
    }

    @Override
    public void resume() {
        redis.resume();
    }

    @Override
    public void close() {
        awaitWrites();
        redis.close();
    }

    private void count(String metric, String operation) {
        metrics.count(metric, 1, Map.of(OPERATION, operation));
    }
}
