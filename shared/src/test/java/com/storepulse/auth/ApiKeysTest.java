package com.storepulse.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void generatedKeysHaveTheDocumentedShapeAndDiffer() {
        ApiKeys.GeneratedKey a = ApiKeys.generate();
        ApiKeys.GeneratedKey b = ApiKeys.generate();
        assertTrue(a.key().matches("sp_live_[a-z0-9]{8}_[A-Za-z0-9]{32}"), a.prefix());
        assertEquals(a.key().substring(0, 16), a.prefix());
        assertNotEquals(a.key(), b.key());
        assertFalse(a.toString().contains(a.key().substring(17)), "toString never shows the secret");
    }

    @Test
    void theHashIsSha256OfTheWholeKeyAndMatchesOnlyThatKey() throws Exception {
        ApiKeys.GeneratedKey key = ApiKeys.generate();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(key.key().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, key.hash());
        assertTrue(ApiKeys.matches(key.key(), key.hash()));
        String otherSecret = key.prefix() + "_" + "A".repeat(32);
        assertFalse(ApiKeys.matches(otherSecret, key.hash()));
        assertFalse(ApiKeys.matches(null, key.hash()));
        assertFalse(ApiKeys.matches(key.key(), null));
    }

    @Test
    void malformedKeysAreRecognised() {
        String good = ApiKeys.generate().key();
        assertTrue(ApiKeys.isWellFormed(good));
        for (String bad : new String[] {
            null,
            "",
            "sp_live_",
            good + "x",
            good.substring(1),
            good.replace("sp_live_", "sp_test_"),
            "sp_live_ABCDEFGH_" + "a".repeat(32),
            "sp_live_abcdefgh_" + "a".repeat(31) + "-",
            "sp_live_abcdefgh_" + "a".repeat(31) + "\u00e9",
            "sp_live_abcdefgh_' OR '1'='1'--aaaaaaaaaaaaaaa",
            "x".repeat(100_000)
        }) {
            assertFalse(ApiKeys.isWellFormed(bad), String.valueOf(bad).length() > 80 ? "long" : bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.prefixOf("nope"));
    }
}
