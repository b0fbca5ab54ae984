package com.storepulse.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    private final CacheKeys keys = new CacheKeys("sp:");

    @Test
    void spellsTheDocumentedKeys() {
        assertEquals("sp:store:7:customers", keys.customerDetails(7));
        assertEquals("sp:store:7:summary", keys.storeSummary(7));
        assertEquals("sp:store:7:archetypes", keys.storeArchetypes(7));
    }

    @Test
    void storeAggregatesListEveryAggregateKind() {
        assertEquals(
                List.of("sp:store:7:summary", "sp:store:7:archetypes", "sp:store:7:customer-counts"),
                keys.storeAggregates(7));
        assertEquals(
                CacheKeys.StoreAggregate.values().length,
                keys.storeAggregates(7).size());
    }
}
