package com.storepulse.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A plain Lettuce connection of the test's own, to look at Redis from outside the cache under
 * test (keys, TTLs, CLIENT LIST). It has no client name, so it never counts as one of ours.
 */
public final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RedisProbe(String url) {
        client = RedisClient.create(url);
        connection = client.connect();
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** How many connections carry the cache's client name. */
    public long cacheConnections() {
        return redis().clientList()
                .lines()
                .filter(line -> line.contains(" name=" + RedisCache.CLIENT_NAME + " "))
                .count();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
