package com.storepulse.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final byte[] SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.UTF_8);

    @Test
    void opensWhatItSealedAndNeverStoresTheSecretInClear() {
        SecretBox box = SecretBox.fromSettings(Settings.of(Map.of(SecretBox.KEY_SETTING, SecretBox.newKey())));
        byte[] sealed = box.seal(SECRET, "webhook-secret:1");
        assertArrayEquals(SECRET, box.open(sealed, "webhook-secret:1"));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("MfKQ9r8GKYq"));
        assertFalse(Arrays.equals(sealed, box.seal(SECRET, "webhook-secret:1")), "a fresh nonce per seal");
    }

    @Test
    void aValueMovedToAnotherRecordOrAlteredDoesNotOpen() {
        SecretBox box = SecretBox.ofKeys(key(1));
        byte[] sealed = box.seal(SECRET, "webhook-secret:1");
        assertThrows(SecretBox.SecretBoxException.class, () -> box.open(sealed, "webhook-secret:2"));
        for (int at : new int[] {5, 17, sealed.length - 1}) {
            byte[] altered = sealed.clone();
            altered[at] ^= 1;
            assertThrows(SecretBox.SecretBoxException.class, () -> box.open(altered, "webhook-secret:1"));
        }
        assertThrows(SecretBox.SecretBoxException.class, () -> box.open(new byte[3], "webhook-secret:1"));
    }

    @Test
    void aRotatedDataKeyStillOpensOldValuesAndSealsWithTheNewOne() {
        byte[] sealedUnderOld = SecretBox.ofKeys(key(1)).seal(SECRET, "ctx");
        Map<String, String> settings = new HashMap<>();
        settings.put(SecretBox.KEY_SETTING, Base64.getEncoder().encodeToString(key(2)));
        settings.put(SecretBox.PREVIOUS_KEYS_SETTING, " " + Base64.getEncoder().encodeToString(key(1)) + " ");
        SecretBox rotated = SecretBox.fromSettings(Settings.of(settings));
        assertArrayEquals(SECRET, rotated.open(sealedUnderOld, "ctx"));
        byte[] sealedUnderNew = rotated.seal(SECRET, "ctx");
        SecretBox.SecretBoxException unknown = assertThrows(
                SecretBox.SecretBoxException.class,
                () -> SecretBox.ofKeys(key(1)).open(sealedUnderNew, "ctx"));
        assertTrue(unknown.getMessage().contains("not configured"), unknown.getMessage());
    }

    @Test
    void aMissingOrMalformedKeyNamesTheSettingNotTheValue() {
        SecretBox none = SecretBox.fromSettings(Settings.of(Map.of()));
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> none.seal(SECRET, "c"));
        assertTrue(missing.getMessage().contains(SecretBox.KEY_SETTING));
        SecretBox shortKey = SecretBox.fromSettings(Settings.of(Map.of(SecretBox.KEY_SETTING, "c2hvcnQta2V5LXZhbHVl")));
        ConfigurationException malformed = assertThrows(ConfigurationException.class, () -> shortKey.seal(SECRET, "c"));
        assertFalse(malformed.getMessage().contains("c2hvcnQta2V5LXZhbHVl"));
        assertEquals(44, SecretBox.newKey().length());
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
