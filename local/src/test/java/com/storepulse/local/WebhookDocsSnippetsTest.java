package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.errors.FieldError;
import com.storepulse.json.Json;
import com.storepulse.testing.SharedFixtures;
import com.storepulse.webhooks.EventSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing snippets of docs/webhooks.md ("Schemes") work as written: each test event body is
 * valid JSON and a valid event of its type, and each snippet, run by bash with only its first line
 * (API, SOURCE and the secret or key file) replaced, gets its event applied by the local stack's
 * HTTP front door. Ed25519's key pair comes from the docs' own commands, and the commented node
 * alternative signs as well. Without bash, OpenSSL 3, curl or node the run is skipped and says why;
 * in CI ({@value SharedFixtures#REQUIRED}) it fails instead.
 */
class WebhookDocsSnippetsTest {

    private static final Path DOC = Path.of("..", "docs", "webhooks.md");
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern BODY = Pattern.compile("^BODY='([^']*)'$", Pattern.MULTILINE);

    private static WebhookStack stack;

    /** The bash blocks of the "Schemes" section, in order. */
    private static List<String> schemeSnippets() throws IOException {
        String doc = Files.readString(DOC);
        String schemes = doc.substring(doc.indexOf("\n## Schemes\n"), doc.indexOf("\n## Events\n"));
        List<String> blocks = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(schemes);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String snippet(String firstLineStartsWith) throws IOException {
        return schemeSnippets().stream()
                .filter(block -> block.contains(firstLineStartsWith))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docs/webhooks.md has no snippet with " + firstLineStartsWith));
    }

    @Test
    void everySnippetsBodyIsAValidEventOfItsType() throws IOException {
        EventSchemas schemas = EventSchemas.load();
        int bodies = 0;
        for (String block : schemeSnippets()) {
            Matcher m = BODY.matcher(block);
            while (m.find()) {
                bodies++;
                JsonNode event = Json.mapper().readTree(m.group(1));
                String type = event.path("type").asText();
                assertTrue(schemas.knows(type), "a docs body has an unknown type: " + m.group(1));
                List<FieldError> errors = schemas.validate(type, event);
                assertEquals(List.of(), errors, "a docs body breaks its schema: " + m.group(1));
            }
        }
        assertEquals(4, bodies, "standard-webhooks v1, v1a, shopify and stripe each sign a body");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static WebhookStack stack() {
        if (stack == null) {
            stack = new WebhookStack("sp_webhook_docs");
        }
        return stack;
    }

    /** Output of {@code bash -c script} in {@code dir}; the test fails on a non-zero exit. */
    private static String bash(Path dir, String script) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = bash.getInputStream().readAllBytes();
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), "the snippet failed:\n" + script + "\n---\n" + text);
        return text;
    }

    /** Skips (or fails in CI) unless {@code command} runs. */
    private static void require(String what, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException | InterruptedException e) {
            // not there
        }
        SharedFixtures.missing(what);
    }

    private static void requireTools() {
        require("bash", "bash", "-c", "true");
        require("curl", "curl", "--version");
        // Ed25519 raw signing (pkeyutl -rawin) is OpenSSL 3's
        require("OpenSSL 3 (openssl pkeyutl -rawin)", "bash", "-c", "openssl version | grep -q '^OpenSSL 3'");
    }

    /** A new USD store of the demo tenant with a source registered by the admin route; its answer. */
    private static WebhookStack.Answer register(String scheme, String extra) throws Exception {
        long store = stack().newStore("Docs " + scheme);
        WebhookStack.Answer created = stack().admin(
                        "POST",
                        "/v1/admin/tenants/" + stack().demoTenant() + "/webhook-sources",
                        "{\"storeId\":" + store + ",\"scheme\":\"" + scheme + "\",\"name\":\"docs\"" + extra + "}");
        assertEquals(201, created.status(), created.raw());
        return created;
    }

    /** Runs the snippet with its first line replaced by {@code firstLine}; asserts its event was applied. */
    private static void runAndExpectApplied(Path dir, String snippet, String firstLine) throws Exception {
        String script = firstLine + snippet.substring(snippet.indexOf('\n'));
        String out = bash(dir, script);
        String answer = out.strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode json;
        try {
            json = Json.mapper().readTree(answer);
        } catch (IOException notJson) {
            throw new AssertionError("the snippet's delivery was not answered with JSON: " + out);
        }
        assertEquals("applied", json.path("status").asText(), "the snippet's delivery was answered: " + out);
    }

    /** The snippet's first line for {@code source} (as the admin route answered it) and {@code key}. */
    private static String firstLine(WebhookStack.Answer source, String key) {
        return "API=" + stack().stack.baseUri().toString().replaceAll("/$", "") + "; SOURCE="
                + source.json().at("/source/sourceId").asText() + "; " + key;
    }

    /** Registers a source of an HMAC {@code scheme} and runs the snippet containing {@code marker} with its secret. */
    private static void runHmacSnippet(Path dir, String scheme, String marker) throws Exception {
        requireTools();
        WebhookStack.Answer source = register(scheme, "");
        runAndExpectApplied(
                dir,
                snippet(marker),
                firstLine(source, "SECRET=" + source.json().path("secret").asText()));
    }

    @Test
    void theStandardWebhooksV1SnippetIsApplied(@TempDir Path dir) throws Exception {
        runHmacSnippet(dir, "standard-webhooks", "SECRET=whsec_...\nID=msg_");
    }

    @Test
    void theShopifySnippetIsApplied(@TempDir Path dir) throws Exception {
        runHmacSnippet(dir, "shopify", "SECRET=your-shopify-secret");
    }

    @Test
    void theStripeSnippetIsApplied(@TempDir Path dir) throws Exception {
        runHmacSnippet(dir, "stripe", "SECRET=whsec_...\nTS=");
    }

    @Test
    void theEd25519SnippetsMakeAKeyThatRegistersAndSignWithOpensslAndWithNode(@TempDir Path dir) throws Exception {
        requireTools();
        String publicKey =
                bash(dir, snippet("openssl genpkey -algorithm ed25519")).strip();
        assertTrue(publicKey.matches("whpk_[A-Za-z0-9+/]{43}="), "the key pair snippet printed " + publicKey);
        String sign = snippet("KEYFILE=sender-ed25519.pem");
        String publicKeyField = ",\"publicKey\":\"" + publicKey + "\"";
        runAndExpectApplied(
                dir, sign, firstLine(register("standard-webhooks", publicKeyField), "KEYFILE=sender-ed25519.pem"));

        require("node", "node", "--version");
        String nodeLine = sign.lines()
                .filter(line -> line.startsWith("# SIG=$(node "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node alternative in " + sign))
                .substring(2);
        String withNode = sign.lines()
                .map(line -> line.startsWith("SIG=$(openssl ") ? nodeLine : line)
                .reduce((a, b) -> a + "\n" + b)
                .orElseThrow();
        runAndExpectApplied(
                dir, withNode, firstLine(register("standard-webhooks", publicKeyField), "KEYFILE=sender-ed25519.pem"));
    }
}
