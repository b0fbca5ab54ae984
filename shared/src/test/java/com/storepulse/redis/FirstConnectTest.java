package com.storepulse.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.testing.TestRedis;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The first Redis use of a freshly started JVM succeeds with the production settings and logs no
 * warning. A cold JVM loads Netty and Lettuce during its first connect; the handshake (HELLO,
 * CLIENT SETNAME) used to be bounded by the 50 ms command timeout, so the first connect after a
 * start failed ("Connection initialization timed out after 50 millisecond(s)") and Redis was
 * skipped for CACHE_BACKOFF.
 */
class FirstConnectTest {

    /**
     * In processes of their own, with the template's JVM flags (in this test JVM the classes are
     * long loaded), each opening the cache's, the rate limiter's and the usage ledger's connections
     * at once, as a function's first request does. Before the fix, 5 of 6 such processes failed
     * here; three in a row all succeed now.
     */
    @Test
    void aFreshJvmsFirstRedisUseSucceedsWithoutAWarning() throws Exception {
        for (int start = 1; start <= 3; start++) {
            String output = runFreshJvm();
            assertTrue(output.contains("first use: [ok, ok, ok]; failures: []"), "start " + start + ":\n" + output);
            assertFalse(output.contains("WARN"), "start " + start + " logged a warning:\n" + output);
        }
    }

    /**
     * The mechanism, without depending on how slow this machine's class loading is: a handshake
     * slower than CACHE_TIMEOUT (its answer held back 200 ms) but within CACHE_CONNECT_TIMEOUT
     * connects at the first attempt, with the production timeouts.
     */
    @Test
    void aHandshakeSlowerThanACommandButWithinTheConnectTimeoutConnects() throws Exception {
        RedisURI real = RedisURI.create(TestRedis.url());
        try (SlowStart proxy = new SlowStart(real.getHost(), real.getPort(), Duration.ofMillis(200))) {
            RedisSettings settings = RedisSettings.forUrl("redis://127.0.0.1:" + proxy.port());
            List<String> failures = new CopyOnWriteArrayList<>();
            try (RedisConnection connection = new RedisConnection(
                    settings, "slow-handshake-test", InstantSource.system(), (op, e) -> failures.add(op + ": " + e))) {
                RedisCommands<String, byte[]> commands = connection.commands();
                assertEquals(List.of(), failures);
                assertNotNull(commands, "connected at the first attempt");
                assertEquals("PONG", commands.ping());
            }
        }
    }

    private static String runFreshJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-XX:+TieredCompilation",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FirstConnectProcess.class.getName(),
                        TestRedis.url()))
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not end");
        String output = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /**
     * A TCP relay to the real Redis that holds back the server's first answer on each connection
     * (the handshake's) by {@code delay}; everything after flows at once.
     */
    private static final class SlowStart implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        SlowStart(String host, int port, Duration delay) throws IOException {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket redis = new Socket(host, port);
                        sockets.add(client);
                        sockets.add(redis);
                        Thread.ofVirtual().start(() -> pump(client, redis, null));
                        Thread.ofVirtual().start(() -> pump(redis, client, delay));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pump(Socket source, Socket sink, Duration firstDelay) {
            byte[] buffer = new byte[8192];
            boolean first = firstDelay != null;
            try (InputStream from = source.getInputStream();
                    OutputStream to = sink.getOutputStream()) {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    if (first) {
                        Thread.sleep(firstDelay);
                        first = false;
                    }
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // a side closed: the relay ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
