package com.storepulse.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Transports;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lazily opened Lettuce connection with bounded waits and a back-off window: what every
 * user of raw Redis commands (the cache, the rate limiter, the usage ledger) needs, so none of them re-implements it.
 *
 * <p>Every command waits at most {@code CACHE_TIMEOUT}; opening a connection at most
 * {@code CACHE_CONNECT_TIMEOUT} for the TCP connect plus {@code CACHE_CONNECT_TIMEOUT} for the
 * handshake (HELLO, CLIENT SETNAME) and one PING. The PING is part of opening: a connection is
 * handed out only once a command went through it, with the open's bound, not the command's. The
 * process's first connection gets {@link #FIRST_HANDSHAKE} for its handshake and PING: the JVM
 * loads Netty's and Lettuce's classes meanwhile, which is CPU work, not a slow Redis. Both used to
 * be bounded by the 50 ms command timeout, so the first Redis use after every start failed
 * ("Connection initialization timed out after 50 millisecond(s)", or the first command timing out)
 * and Redis was skipped for {@code CACHE_BACKOFF}. With SnapStart that first connection is
 * priming's, before the snapshot. A Redis that is down refuses the TCP connect or lets it time out
 * after {@code CACHE_CONNECT_TIMEOUT} either way; only one that accepts connections and never
 * answers costs a fresh instance's first request the longer wait, once. Any failure reported through {@link #failed}
 * closes the connection and opens a back-off window ({@code CACHE_BACKOFF}) during which
 * {@link #commands()} answers null at once, so a dead Redis costs one timeout per window. The
 * first call after the window reconnects; Lettuce's own auto-reconnect is off because it would
 * queue commands behind a reconnect loop we cannot bound.
 */
public final class RedisConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    /** The handshake bound of the first connection of this JVM (see the class comment). */
    static final Duration FIRST_HANDSHAKE = Duration.ofSeconds(3);

    /** Whether any connection of this JVM has completed its handshake (Lettuce's classes are loaded). */
    private static final AtomicBoolean HANDSHAKE_LOADED = new AtomicBoolean();

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisSettings settings;
    private final RedisURI uri;
    private final Backoff backoff;
    private final BiConsumer<String, Throwable> onFailure;

    // Guarded by this. The client (netty event loops) is created on first use, not at start-up.
    private RedisClient client;
    private CompletableFuture<StatefulRedisConnection<String, byte[]>> connecting;
    private Duration connectingWait;
    private volatile StatefulRedisConnection<String, byte[]> connection;

    /**
     * @param clientName CLIENT SETNAME, so {@code CLIENT LIST} shows who is connected
     * @param onFailure  told of every failure (operation, cause), e.g. to count it as a metric
     */
    public RedisConnection(
            RedisSettings settings, String clientName, InstantSource clock, BiConsumer<String, Throwable> onFailure) {
        this.settings = settings;
        this.onFailure = onFailure;
        this.backoff = new Backoff(clock, settings.backoff());
        String url = settings.redisUrl()
                .orElseThrow(() -> new IllegalArgumentException("a Redis connection needs a REDIS_URL"));
        this.uri = RedisURI.create(url);
        uri.setClientName(clientName);
    }

    public RedisSettings settings() {
        return settings;
    }

    /** False inside the back-off window: Redis is not to be tried now. */
    public boolean allowsAttempt() {
        return backoff.allowsAttempt();
    }

    /**
     * Sync commands on an open connection, connecting if needed; null when Redis is to be skipped
     * (inside the back-off window, or the connection could not be opened in time, which is
     * reported as a {@code connect} failure).
     */
    public RedisCommands<String, byte[]> commands() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null && open.isOpen() && backoff.allowsAttempt()) {
            return open.sync();
        }
        return connect();
    }

    /** Reports a failed command: counted, logged, connection dropped, back-off window opened. */
    public void failed(String operation, Throwable error) {
        onFailure.accept(operation, error);
        LOG.warn("Redis " + operation + " failed, not using Redis for " + settings.backoff() + ": " + error);
        backoff.recordFailure();
        synchronized (this) {
            dropConnection();
        }
    }

    /** True while a connection is open (for tests and the SnapStart hooks). */
    public boolean isConnected() {
        StatefulRedisConnection<String, byte[]> c = connection;
        return c != null && c.isOpen();
    }

    /** Closes the connection (no socket may live in a snapshot); the next call reopens it. */
    public synchronized void suspend() {
        dropConnection();
        abandonAttempt();
    }

    /** Forgets failures recorded before a snapshot: the wall clock jumps across one. */
    public void resume() {
        backoff.reset();
    }

    @Override
    public synchronized void close() {
        StatefulRedisConnection<String, byte[]> open = connection;
        connection = null;
        abandonAttempt();
        if (open != null) {
            // Closed before the client's shutdown, which would otherwise close it a second time
            // (a WARN "Connection is already closed" on every graceful shutdown).
            try {
                open.closeAsync().get(settings.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the client's shutdown below closes it anyway
            }
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
        }
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
            // Lettuce bounds the handshake by the URI's timeout; commands get the command timeout
            // (TimeoutOptions, and the opened connection's own timeout below).
            Duration handshake = HANDSHAKE_LOADED.get() ? settings.connectTimeout() : FIRST_HANDSHAKE;
            uri.setTimeout(handshake);
            connecting = client().connectAsync(CODEC, uri).toCompletableFuture().thenCompose(RedisConnection::pinged);
            connectingWait = settings.connectTimeout().plus(handshake);
        }
        try {
            StatefulRedisConnection<String, byte[]> opened =
                    connecting.get(connectingWait.toNanos(), TimeUnit.NANOSECONDS);
            connecting = null;
            HANDSHAKE_LOADED.set(true);
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

    /** The connection once a PING went through it (bounded by its opening timeout); closed if not. */
    private static CompletableFuture<StatefulRedisConnection<String, byte[]>> pinged(
            StatefulRedisConnection<String, byte[]> opened) {
        return opened.async().ping().toCompletableFuture().handle((pong, error) -> {
            if (error != null) {
                opened.closeAsync();
                throw error instanceof CompletionException wrapped ? wrapped : new CompletionException(error);
            }
            return opened;
        });
    }

    /** A finished attempt is worth adopting only if it succeeded and its socket is still open. */
    private static boolean stillUsable(CompletableFuture<StatefulRedisConnection<String, byte[]>> attempt) {
        return !attempt.isCompletedExceptionally()
                && !attempt.isCancelled()
                && attempt.join().isOpen();
    }

    /**
     * Creates the process's Lettuce client resources (event loops, timers) now rather than on the
     * first connect: a cold start can do it on another thread while it does other work.
     */
    public static void preloadClientResources() {
        SharedResources.INSTANCE.eventLoopGroupProvider();
    }

    private RedisClient client() {
        if (client == null) {
            client = RedisClient.create(SharedResources.INSTANCE);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder()
                            .connectTimeout(settings.connectTimeout())
                            .build())
                    // the connection's own timeout: the opening's while it opens, then CACHE_TIMEOUT
                    .timeoutOptions(TimeoutOptions.enabled())
                    .build());
        }
        return client;
    }

    /**
     * One set of Lettuce threads (netty event loops, timers) for every connection of the process:
     * the cache's, the rate limiter's and the usage ledger's connections would otherwise start a
     * set each, on a function that has one or two vCPUs. Created on first use; the threads are
     * daemons, so they never hold a JVM open, and a client's shutdown leaves shared resources be.
     */
    private static final class SharedResources {
        static final ClientResources INSTANCE = create();

        /**
         * Holds one reference to the event loops for the life of the process. Each client's
         * shutdown releases its own; without this one the last release would stop the loops while
         * another connection's handshake timer (on the shared timer threads) still fires into
         * them, logged as an ERROR "event executor terminated".
         */
        private static ClientResources create() {
            ClientResources resources = DefaultClientResources.create();
            resources.eventLoopGroupProvider().allocate(Transports.eventLoopGroupClass());
            return resources;
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
}
