package com.storepulse.ingest;

import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The data validation layer: the business rules every customer and order change must meet before
 * it is applied, whoever sends it. Each rule that fails is one {@link FieldError}, all of them
 * reported at once; field names go through the caller's {@code path} function, so a webhook names
 * {@code /data/totalAmount} where a sync names its own column.
 *
 * <p>The fields' canonical names, which {@code path} receives: {@code id}, {@code email}, {@code
 * firstName}, {@code lastName}, {@code createdAt}, {@code updatedAt}, {@code deletedAt}, {@code
 * customerId}, {@code orderedAt}, {@code amount}, {@code currency}, {@code kind}.
 *
 * <p>Rules: ids are non-blank, at most {@value #MAX_ID_LENGTH} characters, without control
 * characters; an e-mail has one {@code @}, no control characters and at most {@value #MAX_EMAIL_LENGTH} characters; names
 * at most {@value #MAX_NAME_LENGTH}; timestamps are not more than {@link #MAX_FUTURE} ahead of now,
 * customers' not before 1970 and orders' not before {@link #EARLIEST_ORDER} (the calendar
 * dimension's range); an amount is a decimal with at most the currency's minor digits (and at most
 * 2), below {@link #MAX_AMOUNT}, not negative for an order; a currency is an ISO 4217 code; an order
 * names its customer and its kind.
 */
public final class ChangeValidation {

    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_EMAIL_LENGTH = 320;
    public static final int MAX_NAME_LENGTH = 100;
    /** How far ahead of now a timestamp may be (senders' clocks drift; a year-ahead date is a bug). */
    public static final Duration MAX_FUTURE = Duration.ofDays(1);

    public static final Instant EARLIEST_CUSTOMER = Instant.parse("1970-01-01T00:00:00Z");
    /** dim_date starts on 2000-01-01. */
    public static final Instant EARLIEST_ORDER = Instant.parse("2000-01-01T00:00:00Z");
    /** Exclusive: numeric(14, 2) holds less than 10^12. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern CURRENCY_SHAPE = Pattern.compile("^[A-Z]{3}$");
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private final Clock clock;

    public ChangeValidation(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code text} holds a control character (U+0000 to U+001F or DEL): never valid in stored text. */
    public static boolean hasControlCharacters(String text) {
        return CONTROL.matcher(text).find();
    }

    /** Every rule the customer change breaks (empty: valid). */
    public List<FieldError> check(CustomerChange change, UnaryOperator<String> path) {
        Errors errors = new Errors(path);
        id(errors, "id", change.externalId());
        Instant now = clock.instant();
        if (change.isDeletion()) {
            timestamp(errors, "deletedAt", change.deletedAt(), EARLIEST_CUSTOMER, now);
            return errors.list;
        }
        if (change.email() != null) {
            if (change.email().length() > MAX_EMAIL_LENGTH) {
                errors.add("email", "must be at most " + MAX_EMAIL_LENGTH + " characters");
            } else if (hasControlCharacters(change.email())) {
                errors.add("email", "must not contain control characters");
            } else if (!EMAIL.matcher(change.email()).matches()) {
                errors.add("email", "must be an e-mail address (one @, no spaces)");
            }
        }
        name(errors, "firstName", change.firstName());
        name(errors, "lastName", change.lastName());
        if (change.createdAt() != null) {
            timestamp(errors, "createdAt", change.createdAt(), EARLIEST_CUSTOMER, now);
        }
        required(errors, "updatedAt", change.updatedAt());
        if (change.updatedAt() != null) {
            timestamp(errors, "updatedAt", change.updatedAt(), EARLIEST_CUSTOMER, now);
        }
        return errors.list;
    }

    /** Every rule the order change breaks (empty: valid). */
    public List<FieldError> check(OrderChange change, UnaryOperator<String> path) {
        Errors errors = new Errors(path);
        Instant now = clock.instant();
        id(errors, "id", change.externalId());
        id(errors, "customerId", change.customerExternalId());
        if (required(errors, "orderedAt", change.orderedAt())) {
            timestamp(errors, "orderedAt", change.orderedAt(), EARLIEST_ORDER, now);
        }
        if (required(errors, "updatedAt", change.updatedAt())) {
            timestamp(errors, "updatedAt", change.updatedAt(), EARLIEST_CUSTOMER, now);
        }
        required(errors, "kind", change.kind());
        Currency currency = null;
        if (required(errors, "currency", change.currency())) {
            if (!CURRENCY_SHAPE.matcher(change.currency()).matches() || !CURRENCIES.contains(change.currency())) {
                errors.add("currency", "must be an ISO 4217 currency code such as USD");
            } else {
                currency = Currency.getInstance(change.currency());
            }
        }
        if (required(errors, "amount", change.amount())) {
            amount(errors, change, currency);
        }
        return errors.list;
    }

    /** Throws a {@link ValidationException} listing every broken rule, if any. */
    public void requireValid(CustomerChange change, UnaryOperator<String> path) {
        throwIfAny(check(change, path));
    }

    /** Throws a {@link ValidationException} listing every broken rule, if any. */
    public void requireValid(OrderChange change, UnaryOperator<String> path) {
        throwIfAny(check(change, path));
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
    }

    private static void amount(Errors errors, OrderChange change, Currency currency) {
        BigDecimal amount = change.amount();
        if (amount.signum() < 0 && change.kind() != OrderKind.RETURN) {
            errors.add("amount", "must not be negative");
        }
        if (amount.abs().compareTo(MAX_AMOUNT) >= 0) {
            errors.add("amount", "must be less than " + MAX_AMOUNT.toPlainString());
        }
        int digits = currency == null ? 2 : Math.min(2, Math.max(0, currency.getDefaultFractionDigits()));
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > digits) {
            errors.add(
                    "amount",
                    "must have at most " + digits + " decimal place(s)"
                            + (currency == null ? "" : " for " + currency.getCurrencyCode()));
        }
    }

    private static void id(Errors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required (a non-empty id)");
        } else if (value.length() > MAX_ID_LENGTH) {
            errors.add(field, "must be at most " + MAX_ID_LENGTH + " characters");
        } else if (CONTROL.matcher(value).find()) {
            errors.add(field, "must not contain control characters");
        }
    }

    private static void name(Errors errors, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_NAME_LENGTH) {
            errors.add(field, "must be at most " + MAX_NAME_LENGTH + " characters");
        } else if (CONTROL.matcher(value).find()) {
            errors.add(field, "must not contain control characters");
        }
    }

    private static boolean required(Errors errors, String field, Object value) {
        if (value == null) {
            errors.add(field, "is required");
            return false;
        }
        return true;
    }

    private static void timestamp(Errors errors, String field, Instant value, Instant earliest, Instant now) {
        if (value.isBefore(earliest)) {
            errors.add(field, "must not be before " + earliest);
        } else if (value.isAfter(now.plus(MAX_FUTURE))) {
            errors.add(field, "must not be more than " + MAX_FUTURE.toHours() + " h in the future");
        }
    }

    private static final class Errors {
        private final UnaryOperator<String> path;
        private final List<FieldError> list = new ArrayList<>();

        Errors(UnaryOperator<String> path) {
            this.path = path;
        }

        void add(String field, String message) {
            list.add(new FieldError(path.apply(field), message));
        }
    }
}
