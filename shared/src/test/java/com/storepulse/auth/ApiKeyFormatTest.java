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

class ApiKeyFormatTest {

    @Test
    void generatedKeysAreWellFormedAndDistinct() throws Exception {
        String a = ApiKeyFormat.generate();
        String b = ApiKeyFormat.generate();
        assertTrue(a.matches("sp_live_[a-z0-9]{8}_[0-9A-Za-z]{32}"), a);
        assertTrue(ApiKeyFormat.isWellFormed(a));
        assertNotEquals(a, b);
        assertEquals(a.substring(0, 16), ApiKeyFormat.prefixOf(a));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(a.getBytes(StandardCharsets.UTF_8)), ApiKeyFormat.hash(a));
    }

    @Test
    void matchesOnlyTheKeyWhoseHashIsStored() {
        String key = ApiKeyFormat.generate();
        byte[] stored = ApiKeyFormat.hash(key);
        assertTrue(ApiKeyFormat.matches(key, stored));
        assertFalse(ApiKeyFormat.matches(ApiKeyFormat.generate(), stored));
        assertFalse(ApiKeyFormat.matches(null, stored));
        assertFalse(ApiKeyFormat.matches(key, null));
    }

    @Test
    void rejectsMalformedKeysWithoutEchoingThem() {
        String valid = ApiKeyFormat.generate();
        for (String bad : new String[] {"", "sp_test_abcdefgh_" + valid.substring(17), valid.toUpperCase(),
                valid.substring(0, valid.length() - 1), valid + "x", "sp_live_ABCDEFGH_" + valid.substring(17)}) {
            assertFalse(ApiKeyFormat.isWellFormed(bad), bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKeyFormat.prefixOf(bad));
            assertFalse(!bad.isEmpty() && e.getMessage().contains(bad), e.getMessage());
        }
        assertFalse(ApiKeyFormat.isWellFormed(null));
    }
}
