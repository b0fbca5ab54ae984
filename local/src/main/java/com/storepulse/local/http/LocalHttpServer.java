package com.storepulse.local.http;

import com.sun.net.httpserver.HttpHandler;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The local stack's HTTP server: Jetty's HTTP/1.1 parser, so that what the JDK's {@code HttpServer}
 * answered in its own words before any handler ran (a query with a stray {@code %}: 400 text/html
 * "URISyntaxException thrown"; a Content-Length beyond a long: "NumberFormatException thrown") is
 * either served or refused as problem+json ({@link GatewayErrors}). Handlers keep the JDK's
 * {@link HttpHandler} shape ({@link JettyExchange} adapts), registered by path prefix as
 * {@code HttpServer.createContext} did; each request runs on a virtual thread, so a slow
 * invocation never holds up another.
 */
public final class LocalHttpServer implements AutoCloseable {

    /** What API Gateway REST accepts for the request line and headers together (its quota: 10,240 bytes). */
    static final int MAX_REQUEST_HEAD_BYTES = 10_240;

    private final Server server;
    private final ServerConnector connector;
    /** Path prefix to handler; the longest matching prefix wins. */
    private final Map<String, HttpHandler> contexts = new ConcurrentSkipListMap<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(p -> p));

    private LocalHttpServer(String bindAddress, int port, PrintStream log) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("local-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        // No graceful phase: Jetty's waits for keep-alive connections a client still holds, and
        // reports the wait running out as a failed stop (the stack's close then failed half-way).
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        // Methods are case-sensitive (RFC 9110): a lowercase "get" reaches FrontDoor as it was sent.
        http.setHttpCompliance(HttpCompliance.RFC9110);
        // API Gateway decodes %2F in a {proxy+} path (a retailer's customer id "a/b"); Jetty's default
        // refuses such "ambiguous" paths.
        http.setUriCompliance(UriCompliance.LEGACY);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bindAddress);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(
                new Handler.Abstract() { // blocking: handlers invoke functions and wait
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) throws Exception {
                        String path = request.getHttpURI().getDecodedPath();
                        HttpHandler handler = handlerFor(path == null ? "/" : path);
                        if (handler == null) {
                            return false; // answered 404 by the error handler
                        }
                        JettyExchange exchange;
                        try {
                            exchange = new JettyExchange(request, response, callback);
                        } catch (IllegalArgumentException e) {
                            Response.writeError(request, response, callback, 400, "the request target is not a URI");
                            return true;
                        }
                        try (exchange) {
                            handler.handle(exchange);
                        }
                        return true;
                    }
                });
        server.setErrorHandler(new GatewayErrors(log));
    }

    /** Listens on {@code bindAddress:port} ({@code 0}: a free port). */
    public static LocalHttpServer start(String bindAddress, int port, PrintStream log) {
        LocalHttpServer local = new LocalHttpServer(bindAddress, port, log);
        try {
            local.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + bindAddress + ":" + port, e);
        }
        return local;
    }

    /** Serves every path that is {@code prefix} or below it, as {@code HttpServer.createContext} does. */
    public LocalHttpServer createContext(String prefix, HttpHandler handler) {
        contexts.put(prefix, handler);
        return this;
    }

    public InetSocketAddress getAddress() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    private HttpHandler handlerFor(String path) {
        for (Map.Entry<String, HttpHandler> context : contexts.entrySet()) {
            String prefix = context.getKey();
            if (prefix.equals("/")
                    || path.equals(prefix)
                    || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return context.getValue();
            }
        }
        return null;
    }

    /** Stops listening and ends every connection, requests in progress included. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the HTTP server", e);
        }
    }
}
