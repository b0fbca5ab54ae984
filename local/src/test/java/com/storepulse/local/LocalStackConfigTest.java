package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LocalStackConfig config = LocalStackConfig.from(Settings.of(Map.of()));
        assertEquals(3000, config.port());
        assertEquals("127.0.0.1", config.bindAddress());
        assertTrue(config.embeddedRedis());
        assertTrue(config.demoData());
        assertTrue(config.syncInterval().isEmpty());
        assertEquals(Duration.ofSeconds(30), config.functionTimeout());
    }

    @Test
    void syncIntervalIsMinutesOrAnIsoDuration() {
        assertEquals(
                Duration.ofMinutes(5),
                LocalStackConfig.from(Settings.of(Map.of("SYNC_INTERVAL", "5")))
                        .syncInterval()
                        .orElseThrow());
        assertEquals(
                Duration.ofSeconds(30),
                LocalStackConfig.from(Settings.of(Map.of("SYNC_INTERVAL", "PT30S")))
                        .syncInterval()
                        .orElseThrow());
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> LocalStackConfig.from(Settings.of(Map.of("SYNC_INTERVAL", "often"))));
        assertTrue(e.getMessage().contains("SYNC_INTERVAL"));
    }

    @Test
    void aMalformedDemoKeyIsRefusedWithoutEchoingIt() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> LocalStackConfig.from(Settings.of(Map.of("STOREPULSE_DEMO_API_KEY", "sp_live_secret-value"))));
        assertTrue(e.getMessage().contains("STOREPULSE_DEMO_API_KEY"));
        assertFalse(e.getMessage().contains("secret-value"));
        assertThrows(ConfigurationException.class, () -> LocalStackConfig.from(Settings.of(Map.of("PORT", "70000"))));
    }
}
