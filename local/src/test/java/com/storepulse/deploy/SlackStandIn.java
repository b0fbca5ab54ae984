package com.storepulse.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Slack incoming webhooks for the jar-start test: answers every POST {@code ok}, as Slack does,
 * and keeps each one (path and body), so the deployed alert-fanout jar posts through its real HTTP
 * client and the test can check what reached which webhook.
 */
final class SlackStandIn {

    /** One POST as received: the webhook's path ({@code /services/...}) and the JSON body. */
    record Post(String path, String body) {}

    private static HttpServer server;
    private static final List<Post> POSTS = new ArrayList<>();

    private SlackStandIn() {}

    /** The stand-in's webhook {@code channel}: each channel has its own path, as Slack gives each its own URL. */
    static synchronized String url(String channel) {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/services/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if ("POST".equals(exchange.getRequestMethod())) {
                    synchronized (SlackStandIn.class) {
                        POSTS.add(
                                new Post(exchange.getRequestURI().getPath(), new String(body, StandardCharsets.UTF_8)));
                    }
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
        return "http://127.0.0.1:" + server.getAddress().getPort() + path(channel);
    }

    /** The path of {@code channel}'s webhook. */
    static String path(String channel) {
        return "/services/T000/B000/" + channel;
    }

    /** Every POST received so far, in order. */
    static synchronized List<Post> posts() {
        return List.copyOf(POSTS);
    }
}
