package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.storepulse.crypto.SecretBox;
import com.storepulse.crypto.SecretBox.SecretBoxException;
import com.storepulse.testing.MutableClock;
import com.storepulse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * HMAC secrets are stored sealed (AES-256-GCM, docs/webhooks.md "Registering a source"): read as
 * PostgreSQL holds them, no form of a secret (its text, its base64, the key bytes it stands for,
 * their hex) appears in its row or anywhere in the source's rows, each value has the sealed format
 * and a fresh nonce, and it opens only with the data key and its own row's context.
 */
class SealedSecretsTest {

    private static final int SEALED_OVERHEAD = 1 + 4 + 12 + 16; // version, key id, nonce, GCM tag

    private final IntakeFixture fixture = new IntakeFixture(TestDatabase.shared(), new MutableClock(Instant.now()));

    private record Issued(long secretId, String secret) {}

    private byte[] sealedColumn(long secretId) {
        return fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT sealed FROM webhook_secret WHERE secret_id = :id")
                        .bind("id", secretId)
                        .mapTo(byte[].class)
                        .one());
    }

    /** Every row of the tenant's sources and keys, as PostgreSQL renders them as text (bytea in hex). */
    private String rowsAsText() {
        return fixture.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT s::text || ' ' || k::text FROM webhook_source s"
                                + " JOIN webhook_secret k USING (source_id) WHERE s.tenant_id = :t")
                        .bind("t", fixture.tenantId)
                        .mapTo(String.class)
                        .list())
                .toString();
    }

    /** The forms a secret could leak in: the text, the key bytes it stands for, their base64 and hex. */
    private static List<byte[]> formsOf(String secret) {
        List<byte[]> forms = new ArrayList<>();
        byte[] text = secret.getBytes(StandardCharsets.UTF_8);
        forms.add(text);
        forms.add(HexFormat.of().formatHex(text).getBytes(StandardCharsets.US_ASCII));
        if (secret.startsWith(WebhookKeys.SECRET_PREFIX)) {
            String base64 = secret.substring(WebhookKeys.SECRET_PREFIX.length());
            byte[] key = Base64.getDecoder().decode(base64);
            forms.add(base64.getBytes(StandardCharsets.US_ASCII));
            forms.add(key);
            forms.add(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        }
        return forms;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyHmacSecretIsStoredSealedAndOpensOnlyInItsOwnRow() {
        List<Issued> issued = new ArrayList<>();
        long firstId = fixture.sources
                .list(fixture.tenantId)
                .getFirst()
                .secrets()
                .getFirst()
                .secretId();
        issued.add(new Issued(firstId, fixture.secret));
        WebhookSources.Registered shopify = fixture.sources.register(
                fixture.tenantId,
                fixture.storeId,
                "shopify",
                "Shopify",
                null,
                "shpss_0123456789abcdef0123456789abcdef");
        issued.add(new Issued(shopify.secrets().getFirst().secretId(), shopify.secret()));
        WebhookSources.Registered stripe =
                fixture.sources.register(fixture.tenantId, fixture.storeId, "stripe", "Stripe", null, null);
        issued.add(new Issued(stripe.secrets().getFirst().secretId(), stripe.secret()));
        WebhookSources.Rotated generated =
                fixture.sources.addSecret(fixture.tenantId, fixture.sourceId, null, null, null);
        issued.add(new Issued(generated.added().secretId(), generated.secret()));
        String given = WebhookKeys.newSecret();
        WebhookSources.Rotated rotatedGiven =
                fixture.sources.addSecret(fixture.tenantId, fixture.sourceId, null, null, given);
        issued.add(new Issued(rotatedGiven.added().secretId(), given));

        String rows = rowsAsText();
        for (Issued key : issued) {
            byte[] sealed = sealedColumn(key.secretId());
            assertNotNull(sealed, "secret " + key.secretId() + " has no sealed value");
            for (byte[] form : formsOf(key.secret())) {
                assertFalse(
                        contains(sealed, form),
                        "the sealed column of secret " + key.secretId() + " contains the secret's bytes: "
                                + HexFormat.of().formatHex(sealed));
                String text = new String(form, StandardCharsets.ISO_8859_1);
                assertFalse(
                        rows.contains(text) || rows.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)),
                        "a form of secret " + key.secretId() + " appears in the source's rows");
            }
            byte[] plaintext = key.secret().getBytes(StandardCharsets.UTF_8);
            assertEquals(1, sealed[0], "the sealed format's version byte");
            assertEquals(
                    plaintext.length + SEALED_OVERHEAD, sealed.length, "AES-GCM: the secret's length + header + tag");
            assertArrayEquals(plaintext, fixture.box.open(sealed, "webhook-secret:" + key.secretId()));
        }

        // The associated data binds a value to its row: copied to another row's context, it does not open.
        byte[] first = sealedColumn(issued.get(0).secretId());
        assertThrows(
                SecretBoxException.class,
                () -> fixture.box.open(first, "webhook-secret:" + issued.get(1).secretId()));
        // Only the data key opens it.
        SecretBox otherKey = SecretBox.ofKeys(Base64.getDecoder().decode(SecretBox.newKey()));
        assertThrows(
                SecretBoxException.class,
                () -> otherKey.open(first, "webhook-secret:" + issued.get(0).secretId()));
    }

    @Test
    void theSameSecretSealsToDifferentBytesEachTime() {
        String shared = "shpss_the-same-secret-twice-0123456789";
        long a = fixture.sources
                .register(fixture.tenantId, fixture.storeId, "shopify", "A", null, shared)
                .secrets()
                .getFirst()
                .secretId();
        long b = fixture.sources
                .register(fixture.tenantId, fixture.storeId, "shopify", "B", null, shared)
                .secrets()
                .getFirst()
                .secretId();
        byte[] sealedA = sealedColumn(a);
        byte[] sealedB = sealedColumn(b);
        assertFalse(
                Arrays.equals(Arrays.copyOfRange(sealedA, 5, 17), Arrays.copyOfRange(sealedB, 5, 17)),
                "a fresh nonce per value");
        assertFalse(Arrays.equals(sealedA, sealedB));
    }
}
