package com.storepulse.customerapi.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.customerapi.CustomerApiHandler;
import com.storepulse.customerapi.QueryFixture;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.json.Json;
import com.storepulse.testing.SharedFixtures;
import com.storepulse.testing.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real browser renders the status page: Debian's {@code chromium}, headless, at a phone's width
 * (390 px) and a desktop's (1280 px). The page comes from the real customer-api handler (GET
 * /status through its router) on the test database, with an open incident, a resolved one and two
 * sync sources, served over HTTP on loopback. For each width the test
 *
 * <ul>
 *   <li>loads the page in an iframe of that width inside a small harness page on the same origin
 *       and reads, from the browser's own layout, the document's scroll width against its client
 *       width (no horizontal scrolling), the sections present, and that nothing external loaded;</li>
 *   <li>takes a screenshot at that window size (saved under target/status-page/) and checks it:
 *       its width, that it is not blank, and that the banner's colour (the degraded yellow) was
 *       painted, so the inline CSS applied.</li>
 * </ul>
 *
 * Without a browser the test is skipped, saying so; in CI ({@code STOREPULSE_FIXTURES_REQUIRED},
 * set by {@code .ci/run}, which installs chromium) a missing browser fails it.
 */
class StatusPageBrowserTest {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Path OUT = Path.of("target", "status-page").toAbsolutePath();
    private static final Set<String> SECTIONS = Set.of("summary", "components", "sync", "open-incidents", "history");

    private static CustomerApiHandler handler;
    private static HttpServer server;
    private static Path browser;

    @BeforeAll
    static void start() throws IOException {
        browser = findBrowser().orElse(null);
        if (browser == null) {
            String required = System.getenv(SharedFixtures.REQUIRED);
            if (required != null
                    && !required.isBlank()
                    && !required.equals("0")
                    && !required.equalsIgnoreCase("false")) {
                throw new IllegalStateException("no headless browser (chromium) on PATH, and " + SharedFixtures.REQUIRED
                        + " is set: CI must run this test (.ci/run installs Debian's chromium)");
            }
            Assumptions.abort(
                    "no headless browser found (chromium, chromium-browser or google-chrome on PATH, or"
                            + " STOREPULSE_BROWSER): the status page's browser test is skipped; apt-get install chromium to run it");
        }
        QueryFixture.get();
        System.setProperty("DATABASE_URL", TestDatabase.sharedJdbcUrl());
        seed();
        handler = new CustomerApiHandler();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            APIGatewayProxyResponseEvent page = handler.handleRequest(
                    new APIGatewayProxyRequestEvent()
                            .withHttpMethod("GET")
                            .withResource("/status")
                            .withPath("/status")
                            .withHeaders(Map.of("User-Agent", "chromium")),
                    LambdaContextStandIn.of("customer-api", UUID.randomUUID().toString()));
            byte[] body = page.getBody().getBytes(StandardCharsets.UTF_8);
            page.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(page.getStatusCode(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/harness", exchange -> {
            String width = exchange.getRequestURI().getQuery().replaceAll("[^0-9]", "");
            byte[] body = harness(Integer.parseInt(width)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (handler != null) {
            handler.close();
        }
    }

    /** An open P1 incident, one resolved yesterday, and two sync sources (one fresh, one failing for 3 hours). */
    private static void seed() {
        TestDatabase.shared().jdbi().useHandle(h -> {
            h.execute("INSERT INTO alert_incident (fingerprint, severity, runbook, started_at)"
                    + " VALUES ('alarm:browser-test-api', 'P1', 'api-errors', now() - interval '25 minutes')"
                    + " ON CONFLICT DO NOTHING");
            h.execute(
                    "INSERT INTO alert_incident (fingerprint, severity, runbook, started_at, resolved_at)"
                            + " VALUES ('alarm:browser-test-sync', 'P2', 'sync-failed', now() - interval '30 hours', now() - interval '28 hours')");
            long acmeSource = syncSource(h, QueryFixture.ACME, QueryFixture.ACME_MAIN);
            long globexSource = syncSource(h, QueryFixture.GLOBEX, QueryFixture.GLOBEX_STORE);
            syncRun(h, acmeSource, QueryFixture.ACME_MAIN, "completed", "10 minutes", "9 minutes");
            syncRun(h, globexSource, QueryFixture.GLOBEX_STORE, "completed", "3 hours", "3 hours");
            syncRun(h, globexSource, QueryFixture.GLOBEX_STORE, "failed", "5 minutes", "4 minutes");
        });
    }

    private static long syncSource(org.jdbi.v3.core.Handle h, long tenantId, long storeId) {
        return h.createQuery("INSERT INTO sync_source (tenant_id, store_id, jdbc_url, cursor_kind)"
                        + " VALUES (:tenant, :store, 'jdbc:h2:mem:status-page', 'modifiedAt') RETURNING sync_source_id")
                .bind("tenant", tenantId)
                .bind("store", storeId)
                .mapTo(Long.class)
                .one();
    }

    private static void syncRun(
            org.jdbi.v3.core.Handle h, long sourceId, long storeId, String status, String started, String finished) {
        h.createUpdate("INSERT INTO sync_run (sync_source_id, store_id, mode, status, started_at, finished_at)"
                        + " VALUES (:source, :store, 'incremental', :status, now() - CAST(:started AS interval),"
                        + " now() - CAST(:finished AS interval))")
                .bind("source", sourceId)
                .bind("store", storeId)
                .bind("status", status)
                .bind("started", started)
                .bind("finished", finished)
                .execute();
    }

    private static String harness(int width) {
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>harness</title></head>
                <body style="margin:0">
                <iframe id="page" src="/status" style="width:%dpx;height:4000px;border:0"></iframe>
                <pre id="out">pending</pre>
                <script>
                document.getElementById('page').addEventListener('load', () => {
                  const d = document.getElementById('page').contentDocument;
                  const e = d.documentElement;
                  document.getElementById('out').textContent = JSON.stringify({
                    scrollWidth: e.scrollWidth, clientWidth: e.clientWidth,
                    sections: [...d.querySelectorAll('section')].map(s => s.id),
                    external: d.querySelectorAll('script, link, img, iframe, object, embed').length,
                    text: d.body.innerText
                  });
                });
                </script></body></html>
                """.formatted(width);
    }

    @ParameterizedTest(name = "{0} ({1} px)")
    @CsvSource({"phone, 390, 844", "desktop, 1280, 800"})
    void theStatusPageRendersWithoutHorizontalScrollingAndWithEverySection(String device, int width, int height)
            throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        String dom = run(List.of("--dump-dom", "--virtual-time-budget=5000", base + "/harness?width=" + width));
        Matcher m =
                Pattern.compile("<pre id=\"out\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the harness reported nothing:\n" + dom);
        JsonNode layout = Json.mapper()
                .readTree(m.group(1)
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">"));
        assertTrue(
                layout.path("clientWidth").asInt() > width - 30
                        && layout.path("clientWidth").asInt() <= width,
                device + ": the page got the frame's width (" + layout.path("clientWidth") + " of " + width + " px)");
        assertTrue(
                layout.path("scrollWidth").asInt() <= layout.path("clientWidth").asInt(),
                device + ": horizontal scrolling: content " + layout.path("scrollWidth") + " px in " + width + " px");
        Set<String> sections = new HashSet<>();
        layout.path("sections").forEach(s -> sections.add(s.asText()));
        assertEquals(SECTIONS, sections, device + ": every section present");
        assertEquals(0, layout.path("external").asInt(), "no script, stylesheet, image or frame in the page");
        String text = layout.path("text").asText();
        assertTrue(text.contains("Some systems are degraded"), text);
        assertTrue(text.contains("P1 · API errors"), text);
        assertTrue(text.contains("P2 · Data sync"), text);
        assertTrue(text.contains("Source 1") && text.contains("Source 2") && text.contains("Delayed"), text);
        assertFalse(
                text.contains("browser-test") || text.contains("Acme") || text.contains("Globex"),
                "no tenant or alarm names");

        Path shot = OUT.resolve("status-" + device + ".png");
        Files.deleteIfExists(shot);
        run(List.of(
                "--hide-scrollbars",
                "--window-size=" + width + "," + height,
                "--screenshot=" + shot,
                base + "/status"));
        assertTrue(Files.isRegularFile(shot), "no screenshot at " + shot);
        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(width, image.getWidth(), device + " screenshot width");
        Set<Integer> colours = new HashSet<>();
        boolean banner = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                banner |= rgb == 0xFFF8C5;
            }
        }
        assertTrue(colours.size() > 20, device + " screenshot looks blank (" + colours.size() + " colours)");
        assertTrue(banner, device + ": the degraded banner's colour (#fff8c5) is painted: the inline CSS applied");
        System.out.println("status page in " + browser.getFileName() + " at " + width + " px: content "
                + layout.path("scrollWidth") + " px wide, sections " + sections + ", screenshot " + shot);
    }

    private static String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-extensions",
                "--user-data-dir=" + OUT.resolve("profile")));
        command.addAll(arguments);
        Path log = OUT.resolve("chromium.log");
        Process process = new ProcessBuilder(command)
                .redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> findBrowser() {
        String configured = System.getenv("STOREPULSE_BROWSER");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : BROWSERS) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
