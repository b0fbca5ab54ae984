package com.storepulse.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Slack incoming webhook for the jar-start test: answers every POST {@code ok}, as Slack does,
 * and counts them, so the deployed alert-fanout jar posts through its real HTTP client.
 */
final class SlackStandIn {

    private static HttpServer server;
    private static final AtomicInteger POSTS = new AtomicInteger();

    private SlackStandIn() {}

    static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/services/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    body.readAllBytes();
                }
                if ("POST".equals(exchange.getRequestMethod())) {
                    POSTS.incrementAndGet();
                }
                byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ok);
                }
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/jar-start";
    }

    static int posts() {
        return POSTS.get();
    }
}
