package com.storepulse.local.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One Jetty request seen through the JDK's {@link HttpExchange}, the shape the local stack's
 * handlers were written against. {@link #getRequestURI()} is the request target as sent, with only
 * the characters {@link URI} cannot hold (a space, {@code |}, non-ASCII text) percent-encoded as
 * UTF-8, so a handler that decodes it gets back what the client meant. A {@code %} that starts no
 * escape ({@code ?q=%}, {@code %zz}) makes the target no URI at all: the request is refused (400).
 */
final class JettyExchange extends HttpExchange {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final URI uri;
    private InputStream in;
    private OutputStream out;
    private int responseCode = -1;
    private boolean hasBody;
    private boolean closed;

    /** @throws IllegalArgumentException when the request target is not a URI (a malformed escape) */
    JettyExchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        for (HttpField field : request.getHeaders()) {
            requestHeaders.add(field.getName(), field.getValue());
        }
        HttpURI target = request.getHttpURI();
        this.uri = URI.create(uriSafe(target.getPath() == null ? "/" : target.getPath())
                + (target.getQuery() == null ? "" : "?" + uriSafe(target.getQuery())));
    }

    /**
     * The text with every character {@link URI} refuses percent-encoded (as UTF-8); escapes are kept
     * as sent.
     *
     * @throws IllegalArgumentException for a {@code %} not followed by two hex digits
     */
    static String uriSafe(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '%') {
                if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
                    throw new IllegalArgumentException("a '%' that starts no escape");
                }
                out.append(ch);
            } else if (ch <= 0x20 || ch >= 0x7f || "\"<>\\^`{|}#".indexOf(ch) >= 0) {
                for (byte b : String.valueOf(ch).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
                }
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    @Override
    public InputStream getRequestBody() {
        if (in == null) {
            in = Content.Source.asInputStream(request);
        }
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        if (out == null) {
            out = Content.Sink.asOutputStream(response);
        }
        return out;
    }

    /** As the JDK's: a length above 0 is the body's, 0 means a body of unknown length, -1 none. */
    @Override
    public void sendResponseHeaders(int status, long length) {
        if (responseCode != -1) {
            throw new IllegalStateException("response headers already sent");
        }
        responseCode = status;
        response.setStatus(status);
        responseHeaders.forEach((name, values) -> {
            response.getHeaders().remove(name);
            values.forEach(value -> response.getHeaders().add(name, value));
        });
        if (length > 0) {
            response.getHeaders().put("Content-Length", Long.toString(length));
        }
        hasBody = length >= 0;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return inet(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return inet(request.getConnectionMetaData().getLocalSocketAddress());
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public String getProtocol() {
        return request.getConnectionMetaData().getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        throw new UnsupportedOperationException("filters are not used by the local stack");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /**
     * Ends the exchange: the body is complete (or, without one, the response is sent as it is).
     * A handler that sent nothing leaves the answer to {@link LocalHttpServer}: a 500 problem.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (responseCode == -1) {
            callback.failed(new IllegalStateException("the handler sent no response"));
            return;
        }
        try {
            if (hasBody) {
                getResponseBody().close();
                callback.succeeded();
            } else {
                response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            }
        } catch (IOException e) {
            callback.failed(e);
            throw new UncheckedIOException(e);
        }
    }
}
