package com.storepulse.local.faults;

import com.storepulse.devservers.DevServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/**
 * An embedded Redis of the test's own on a free port (never the machine's 6379), which the test
 * kills with SIGKILL and starts again on the same port. No persistence: a restarted Redis is empty.
 */
final class OwnRedis implements AutoCloseable {

    private final int port = DevServers.freePort();
    private RedisServer server;
    private ProcessHandle process;

    OwnRedis() {
        start();
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A new server on the same port; returns once it accepts connections. */
    synchronized void start() {
        java.util.Set<Long> before =
                redisChildren().stream().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
        try {
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the test's own Redis", e);
        }
        List<ProcessHandle> started =
                redisChildren().stream().filter(p -> !before.contains(p.pid())).toList();
        if (started.size() != 1) {
            throw new AssertionError("expected one new redis-server process, found " + started.size());
        }
        process = started.get(0);
    }

    /** This JVM's redis-server processes (the library runs the binary it extracted). */
    private static List<ProcessHandle> redisChildren() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .command()
                        .or(() -> p.info().commandLine())
                        .map(c -> c.contains("redis"))
                        .orElse(false))
                .toList();
    }

    /** SIGKILL to this server's redis-server process. */
    synchronized void kill() throws Exception {
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        try {
            server.stop(); // the library's own bookkeeping; the process is gone already
        } catch (IOException | RuntimeException ignored) {
            // nothing left to stop
        }
        server = null;
    }

    /** {@code DBSIZE}, or -1 when Redis does not answer. */
    long keys() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$6\r\nDBSIZE\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\r'; ) {
                reply.append((char) c);
            }
            return reply.length() > 1 && reply.charAt(0) == ':' ? Long.parseLong(reply.substring(1)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException ignored) {
                // shutting down anyway
            }
            server = null;
        }
    }
}
