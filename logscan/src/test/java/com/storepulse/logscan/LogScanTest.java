package com.storepulse.logscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule of the log scan finds what it is for, and lets the banner's demo credentials pass; the
 * files it reads.
 */
class LogScanTest {

    private static List<String> rules(String... lines) {
        return LogScan.scan(List.of(lines)).stream().map(LogScan.Finding::rule).toList();
    }

    @Test
    void eachKindOfSecretIsFound() {
        assertEquals(List.of("API key"), rules("created sp_live_k3x9a0qz_4fT9cQ2mZr7LpX1bN8sV0yHd6WkE5uJa for t1"));
        assertEquals(List.of("webhook secret"), rules("{\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}"));
        assertEquals(List.of("admin key"), rules("X-Admin-Key: admin-1b4e28ba-2fa1-11d2-883f-0016d3cca427c0ffee"));
        assertEquals(List.of("password"), rules("connect: user=sa password=S3cr3t-value"));
        assertEquals(List.of("password in a URL"), rules("url postgres://app:s3cret@db.internal:5432/sp"));
        assertEquals(List.of("planted password"), rules("SELECT 1 -- Pa55-never-shown"));
        assertEquals(List.of("e-mail address"), rules("customer ann.lee+shop@example.org updated"));
    }

    @Test
    void aPasswordInJsonIsFoundAlsoInsideAnEscapedBody() {
        assertEquals(List.of("password in JSON"), rules("{\"user\":\"sa\",\"password\":\"S3cr3t-value\"}"));
        assertEquals(List.of("password in JSON"), rules("body: {\\\"dbPassword\\\" : \\\"S3cr3t-value\\\"}"));
        assertEquals(List.of(), rules("{\"password\":\"***\",\"passwordSet\":true,\"password\":\"\"}"));
    }

    @Test
    void theJarStartTestsAdminKeyIsFound() {
        assertEquals(
                List.of("admin key (hex)"),
                rules("STOREPULSE_ADMIN_API_KEY=admin-" + "0123456789abcdef".repeat(3) + " given"));
    }

    @Test
    void itReadsEveryTestOutputAndEachFunctionJarsRuntimeLog() {
        assertTrue(LogScan.isTestOutput(Path.of("bench/target/surefire-reports/com.storepulse.X-output.txt")));
        assertTrue(LogScan.isTestOutput(Path.of("local/target/failsafe-reports/com.storepulse.Y-output.txt")));
        assertTrue(LogScan.isTestOutput(Path.of("local/target/jar-start/CustomerApiFunction/runtime.log")));
        assertFalse(LogScan.isTestOutput(Path.of("local/target/surefire-reports/TEST-com.storepulse.X.xml")));
        assertFalse(LogScan.isTestOutput(Path.of("local/target/jar-start/CustomerApiFunction/task/runtime.log")));
        assertFalse(LogScan.isTestOutput(Path.of("runtime.log")));
    }

    @Test
    void whatIsNotASecretIsNotFound() {
        assertEquals(
                List.of(),
                rules(
                        "admin created api key sp_live_k3x9a0qz for tenant 4",
                        "jdbc:postgresql://127.0.0.1:5432/test?user=root",
                        "postgres://root@127.0.0.1:5432/test",
                        "password=*** user=sa",
                        "webhook source 3 secret rotated (whpk_ public keys are not secret)"));
    }

    @Test
    void theBannersDemoCredentialsAreTheDocumentedException() {
        String key = "sp_live_demo0000_" + "A".repeat(32);
        String secret = "whsec_" + "B".repeat(32);
        assertEquals(
                List.of(),
                rules(
                        "  demo API key: " + key,
                        "    curl -s -H 'x-api-key: " + key + "' 'http://127.0.0.1:3000/v1/stores'",
                        "  demo webhook source: http://127.0.0.1:3000/v1/webhooks/demo  secret " + secret
                                + "  (docs/webhooks.md, \"Try it\")"));
        assertFalse(rules("  demo API key: " + key, "another key sp_live_other000_" + "C".repeat(32))
                .isEmpty());
    }

    /** The exception is the banner's lines, not the output they are in. */
    @Test
    void theBannersDemoKeyAndSecretOnAnyOtherLineAreFindings() {
        String key = "sp_live_demo0000_" + "A".repeat(32);
        String secret = "whsec_" + "B".repeat(32);
        String keyLine = "  demo API key: " + key;
        String secretLine = "  demo webhook source: http://127.0.0.1:3000/v1/webhooks/demo  secret " + secret
                + "  (docs/webhooks.md, \"Try it\")";
        assertEquals(
                List.of("API key", "webhook secret", "API key", "API key"),
                rules(
                        keyLine,
                        secretLine,
                        "2026-12-07 INFO admitting request with x-api-key " + key,
                        "[webhook-intake] verifying with " + secret,
                        // a banner line's start with more after it is not the banner's line
                        "  demo API key: " + key + " (also logged by a handler)",
                        // the curl line with a key that is not the banner's
                        "    curl -s -H 'x-api-key: sp_live_other000_" + "C".repeat(32)
                                + "' 'http://127.0.0.1:3000/v1/stores'"));
    }

    @Test
    void aFindingDoesNotRepeatTheSecret() {
        String key = "sp_live_k3x9a0qz_4fT9cQ2mZr7LpX1bN8sV0yHd6WkE5uJa";
        LogScan.Finding finding = LogScan.scan(List.of("leaked " + key)).get(0);
        assertFalse(finding.line().contains(key), finding.line());
    }

    @Test
    void aFindingShowsNoOtherSecretOfItsLineEither() {
        String first = "sp_live_k3x9a0qz_4fT9cQ2mZr7LpX1bN8sV0yHd6WkE5uJa";
        String second = "sp_live_xuudh722_QsXac0qz4fT9cQ2mZr7LpX1bN8sV0yHd";
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        for (LogScan.Finding finding :
                LogScan.scan(List.of("admitting [" + first + ", " + second + "] with " + secret))) {
            assertFalse(finding.line().contains(first.substring(8)), finding.line());
            assertFalse(finding.line().contains(second.substring(8)), finding.line());
            assertFalse(finding.line().contains(secret.substring(6)), finding.line());
        }
        assertEquals(
                3,
                LogScan.scan(List.of("admitting [" + first + ", " + second + "] with " + secret))
                        .size());
    }
}
