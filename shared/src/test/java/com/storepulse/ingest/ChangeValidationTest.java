package com.storepulse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ChangeValidationTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final ChangeValidation VALIDATION = new ChangeValidation(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final UnaryOperator<String> DATA = field -> "/data/" + field;

    private static CustomerChange customer(String id, String email, String first, Instant updatedAt) {
        return CustomerChange.upsert(id, email, first, "Lovelace", NOW.minus(Duration.ofDays(30)), updatedAt);
    }

    private static OrderChange order(String amount, String currency, OrderKind kind) {
        return new OrderChange(
                "o-1", "c-1", NOW.minusSeconds(60), new BigDecimal(amount), currency, kind, NOW.minusSeconds(60));
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aCompleteCustomerAndOrderAreValid() {
        assertEquals(List.of(), VALIDATION.check(customer("c-1", "ada@example.com", "Ada", NOW), DATA));
        assertEquals(List.of(), VALIDATION.check(order("19.99", "USD", OrderKind.ORDER), DATA));
        assertEquals(List.of(), VALIDATION.check(order("5", "JPY", OrderKind.RETURN), DATA));
        assertEquals(List.of(), VALIDATION.check(CustomerChange.deletion("c-1", NOW), DATA));
    }

    @Test
    void idsAreRequiredNonBlankBoundedAndPrintable() {
        assertEquals(List.of("/data/id"), fields(VALIDATION.check(customer(null, null, null, NOW), DATA)));
        assertEquals(List.of("/data/id"), fields(VALIDATION.check(customer("  ", null, null, NOW), DATA)));
        assertEquals(List.of("/data/id"), fields(VALIDATION.check(customer("x".repeat(129), null, null, NOW), DATA)));
        assertEquals(List.of(), VALIDATION.check(customer("x".repeat(128), null, null, NOW), DATA));
        assertEquals(List.of("/data/id"), fields(VALIDATION.check(customer("a\u0000b", null, null, NOW), DATA)));
    }

    @Test
    void emailAndNamesAreBounded() {
        assertEquals(List.of("/data/email"), fields(VALIDATION.check(customer("c", "not-an-email", null, NOW), DATA)));
        assertEquals(
                List.of("/data/email"),
                fields(VALIDATION.check(customer("c", "a".repeat(320) + "@x.io", null, NOW), DATA)));
        assertEquals(
                List.of("/data/firstName"), fields(VALIDATION.check(customer("c", null, "n".repeat(101), NOW), DATA)));
    }

    @Test
    void timestampsAreRequiredAndNotFarInTheFuture() {
        assertEquals(List.of("/data/updatedAt"), fields(VALIDATION.check(customer("c", null, null, null), DATA)));
        assertEquals(List.of(), VALIDATION.check(customer("c", null, null, NOW.plus(Duration.ofHours(23))), DATA));
        assertEquals(
                List.of("/data/updatedAt"),
                fields(VALIDATION.check(customer("c", null, null, NOW.plus(Duration.ofDays(2))), DATA)));
        OrderChange ancient = new OrderChange(
                "o", "c", Instant.parse("1999-12-31T23:59:59Z"), BigDecimal.ONE, "USD", OrderKind.ORDER, NOW);
        assertEquals(List.of("/data/orderedAt"), fields(VALIDATION.check(ancient, DATA)));
        assertEquals(
                List.of("/data/deletedAt"),
                fields(VALIDATION.check(CustomerChange.deletion("c", NOW.plus(Duration.ofDays(400))), DATA)));
    }

    @Test
    void amountsAreDecimalsInTheCurrencysMinorUnits() {
        assertEquals(List.of("/data/amount"), fields(VALIDATION.check(order("1.999", "USD", OrderKind.ORDER), DATA)));
        assertEquals(List.of("/data/amount"), fields(VALIDATION.check(order("1.5", "JPY", OrderKind.ORDER), DATA)));
        assertEquals(List.of(), VALIDATION.check(order("1.500", "USD", OrderKind.ORDER), DATA));
        assertEquals(List.of("/data/amount"), fields(VALIDATION.check(order("-1.00", "USD", OrderKind.ORDER), DATA)));
        assertEquals(List.of(), VALIDATION.check(order("-1.00", "USD", OrderKind.RETURN), DATA));
        assertEquals(
                List.of("/data/amount"),
                fields(VALIDATION.check(order("1000000000000", "USD", OrderKind.ORDER), DATA)));
    }

    @Test
    void currenciesAreIso4217() {
        assertEquals(List.of("/data/currency"), fields(VALIDATION.check(order("1", "usd", OrderKind.ORDER), DATA)));
        assertEquals(List.of("/data/currency"), fields(VALIDATION.check(order("1", "XYZ", OrderKind.ORDER), DATA)));
        assertEquals(List.of(), VALIDATION.check(order("1", "EUR", OrderKind.ORDER), DATA));
    }

    @Test
    void anOrderNamesItsCustomerAndKindAndEveryFailureIsListed() {
        OrderChange bad = new OrderChange("", null, null, null, null, null, null);
        assertEquals(
                List.of(
                        "/data/id",
                        "/data/customerId",
                        "/data/orderedAt",
                        "/data/updatedAt",
                        "/data/kind",
                        "/data/currency",
                        "/data/amount"),
                fields(VALIDATION.check(bad, DATA)));
        ValidationException thrown = assertThrows(ValidationException.class, () -> VALIDATION.requireValid(bad, DATA));
        assertEquals(7, thrown.fieldErrors().size());
        assertTrue(thrown.getMessage().contains("7"), thrown.getMessage());
    }

    @Test
    void theCallerNamesTheFields() {
        List<FieldError> errors = VALIDATION.check(order("1", "usd", OrderKind.ORDER), field -> "Orders." + field);
        assertEquals(List.of("Orders.currency"), fields(errors));
    }
}
