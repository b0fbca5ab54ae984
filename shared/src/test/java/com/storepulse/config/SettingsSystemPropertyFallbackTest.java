package com.storepulse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local stack and tests pass configuration to in-process handlers as system properties. */
class SettingsSystemPropertyFallbackTest {

    @Test
    void readsASystemPropertyWhenNoEnvironmentVariableHasThatName() {
        String key = "STOREPULSE_FALLBACK_TEST_" + System.nanoTime();
        Settings settings = Settings.fromEnvironment(SecretResolver.NONE);
        assertTrue(settings.get(key).isEmpty());

        System.setProperty(key, "from-property");
        try {
            assertEquals(Optional.of("from-property"), settings.get(key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void aSystemPropertyOverridesTheEnvironmentVariableOfTheSameName() {
        String key = System.getenv().keySet().stream()
                .filter(k -> !System.getenv(k).isBlank())
                .findFirst()
                .orElseThrow();
        String previous = System.getProperty(key);
        System.setProperty(key, "from-property");
        try {
            assertEquals(
                    "from-property",
                    Settings.fromEnvironment(SecretResolver.NONE).get(key).orElseThrow());
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }
}
