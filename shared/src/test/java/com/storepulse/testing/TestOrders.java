package com.storepulse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Handle;

/** Order histories for tests that score a store (deterministic_orders.sql beside this class). */
public final class TestOrders {

    private static final String DETERMINISTIC = load("deterministic_orders.sql");

    private TestOrders() {}

    /**
     * 1 to 4 orders in 2025 for each of the store's customers, the same on every run; amounts
     * from 10 to {@code 9 + amountSpread} USD. Inserts only: the caller ANALYZEs when it needs to.
     */
    public static void insertDeterministic(Handle handle, long storeId, int amountSpread) {
        handle.createUpdate(DETERMINISTIC)
                .bind("store", storeId)
                .bind("amountSpread", amountSpread)
                .execute();
    }

    private static String load(String name) {
        try (InputStream in = TestOrders.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
