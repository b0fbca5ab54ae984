package com.storepulse.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.config.Settings;
import com.storepulse.json.Json;
import com.storepulse.local.LocalStack;
import com.storepulse.local.LocalStackConfig;
import com.storepulse.local.testfunctions.EchoHandler;
import com.storepulse.local.testfunctions.MapEchoHandler;
import com.storepulse.local.testfunctions.ThrowingHandler;
import com.storepulse.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The front door answers as the API Gateway it stands in for, never in the HTTP server's own
 * words (issue 15): what an outside probe sent it, byte for byte over a socket. Every error is
 * problem+json with a {@code code} and a correlation id.
 */
class FrontDoorTest {

    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.builder(LocalStackConfig.from(Settings.of(Map.of(
                        "PORT", "0",
                        "DATABASE_URL", TestDatabase.sharedJdbcUrl(),
                        "EMBEDDED_REDIS", "false",
                        "FUNCTION_TIMEOUT", "PT20S"))))
                .function("echo", EchoHandler.class.getName())
                .function("map-echo", MapEchoHandler.class.getName())
                .function("thrower", ThrowingHandler.class.getName())
                .route(new Routes.Route("/echo", "echo", List.of("/echo/{proxy+}")))
                .route(new Routes.Route("/broken", "thrower", List.of()))
                .route(new Routes.Route("/not-a-proxy-response", "map-echo", List.of()))
                .output(new PrintStream(OUTPUT, true, StandardCharsets.UTF_8))
                .start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return Json.mapper().readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void aPercentThatStartsNoEscapeIsA400ProblemAndReachesNoFunction() throws Exception {
        for (String target :
                List.of("/echo/stores/1/customers?q=%", "/echo/pct?a=%41&b=%zz", "/echo/pct?c=100%", "/echo/pct%2")) {
            Reply reply = send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertProblem(reply, 400, "GATEWAY_BAD_REQUEST");
            assertFalse(reply.body().contains("URISyntax"), reply.body());
        }
        assertNotInvoked("GET /echo/stores");
        assertNotInvoked("GET /echo/pct");

        Reply escaped =
                send("GET /echo/x?a=%41&b=%25zz&c=100%25&d=a|b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(201, escaped.status(), escaped.toString());
        assertEquals("A", escaped.json().at("/queryStringParameters/a").asText());
        assertEquals("%zz", escaped.json().at("/queryStringParameters/b").asText());
        assertEquals("100%", escaped.json().at("/queryStringParameters/c").asText());
        assertEquals("a|b", escaped.json().at("/queryStringParameters/d").asText());
    }

    @Test
    void aContentLengthThatIsNoNumberIsAProblem() throws Exception {
        Reply reply = send("POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 99999999999999999999999\r\n\r\n{}");
        assertProblem(reply, 400, "GATEWAY_BAD_REQUEST");
        assertNotInvoked("POST /echo/x");
    }

    @Test
    void aBodyOverApiGatewaysTenMegabytesIs413AndNeverReachesTheFunction() throws Exception {
        byte[] body = new byte[24 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        Reply declared = send(
                ("POST /echo/big HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                body);
        assertProblem(declared, 413, "GATEWAY_REQUEST_TOO_LARGE");
        assertEquals("close", declared.header("Connection"), "the unread body ends the connection");

        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int i = 0; i < 11; i++) {
            chunked.write(("100000\r\n").getBytes(StandardCharsets.US_ASCII)); // 1 MiB a chunk
            chunked.write(body, 0, 1024 * 1024);
            chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Reply streamed = send(
                "POST /echo/big HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                chunked.toByteArray());
        assertProblem(streamed, 413, "GATEWAY_REQUEST_TOO_LARGE");
        assertNotInvoked("POST /echo/big");

        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        Reply limit = send(
                ("POST /echo/limit HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                                + tenMegabytes.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                tenMegabytes);
        assertEquals(201, limit.status(), "exactly the limit is taken");
    }

    @Test
    void aMethodApiGatewayDoesNotServeIsRefusedLikeApiGateway() throws Exception {
        for (String method : List.of("get", "Get", "TRACE", "FOO")) {
            Reply reply = send(method + " /echo/case HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertProblem(reply, 403, "GATEWAY_MISSING_AUTHENTICATION_TOKEN");
        }
        assertNotInvoked("/echo/case");
        assertEquals(
                201,
                send("GET /echo/case HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .status());
    }

    @Test
    void connectionCloseIsAnswered() throws Exception {
        Reply reply = send("GET /echo/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(201, reply.status());
        assertEquals("close", reply.header("Connection"));
    }

    @Test
    void aFailedFunctionIs502WithACodeAndTheRequestIdAsCorrelationId() throws Exception {
        for (String path : List.of("/broken", "/not-a-proxy-response")) {
            Reply reply = send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertProblem(reply, 502, "GATEWAY_DEFAULT_5XX");
            assertFalse(reply.body().contains("ThrowingHandler"), "no stack trace: " + reply.body());
        }
    }

    @Test
    void whatIsNotHttpIsAProblemNotAnHtmlPage() throws Exception {
        assertProblem(
                send("GET /echo/x HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nConnection: close\r\n\r\n"),
                400,
                "GATEWAY_BAD_REQUEST");
        assertProblem(
                send("GET /echo/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "GATEWAY_BAD_REQUEST");
        assertProblem(
                send("POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
                400,
                "GATEWAY_BAD_REQUEST");
        assertProblem(send("GET /echo/x HTTP/1.1\r\nConnection: close\r\n\r\n"), 400, "GATEWAY_BAD_REQUEST");
        assertProblem(send("GET /echo/x HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n"), 505, "GATEWAY_BAD_REQUEST");
        assertProblem(
                send("GET /echo/x HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(12_000) + "\r\n\r\n"),
                431,
                "GATEWAY_BAD_REQUEST");
    }

    private static void assertProblem(Reply reply, int status, String code) throws IOException {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals("application/problem+json", reply.header("Content-Type"), reply.toString());
        JsonNode problem = reply.json();
        assertEquals(code, problem.path("code").asText(), reply.body());
        assertEquals(status, problem.path("status").asInt(), reply.body());
        String correlationId = problem.path("correlationId").asText();
        assertTrue(correlationId.matches("[0-9a-f-]{36}"), reply.body());
        assertEquals(correlationId, reply.header("X-Correlation-Id"), reply.toString());
        assertFalse(reply.body().contains("Exception"), reply.body());
    }

    private static void assertNotInvoked(String what) {
        String output = OUTPUT.toString(StandardCharsets.UTF_8);
        assertFalse(output.contains("echo " + what), "the function was invoked:\n" + output);
    }

    private static Reply send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
    }

    /**
     * Writes the head, then the body on another thread (the server may answer and close before
     * taking it all), and reads the answer until the server closes or a whole response is in.
     */
    private static Reply send(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", stack.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed first: what an early 413 does
                }
            });
            Reply reply = read(new java.io.BufferedInputStream(socket.getInputStream()));
            writer.interrupt();
            return reply;
        }
    }

    /** The response: its head, then as many body bytes as its Content-Length says. */
    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        try {
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (java.net.SocketException e) {
            // reset after the answer: what came is what we have
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
        if (matched < 4 || lines.length == 0 || !lines[0].startsWith("HTTP/")) {
            throw new IOException("no complete response head: " + head.toString(StandardCharsets.ISO_8859_1));
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }
}
