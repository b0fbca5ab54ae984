package com.storepulse.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    @Test
    void webhookAndSyncIds() {
        assertEquals(
                "b5ac1c1e-2f2a-4d4b-9a1c-0d7d5f3e6a11", Correlation.idOrNew("b5ac1c1e-2f2a-4d4b-9a1c-0d7d5f3e6a11"));
        assertTrue(Correlation.isSafe(Correlation.idOrNew("has spaces")));
        assertNotEquals("has spaces", Correlation.idOrNew("has spaces"));
        assertEquals("sync-run-42", Correlation.forSyncRun(42));
    }
}
