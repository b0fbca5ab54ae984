package com.storepulse.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Timestamps as StorePulse accepts them from callers: an RFC 3339 date-time
 * ({@code 2030-01-31T00:00:00Z}, {@code 2030-01-31T01:00:00.5+01:00}) whose instant lies in the
 * years 0001 to 9999, UTC.
 *
 * <p>{@link Instant#parse} is wider: it takes signed years of up to nine digits
 * ({@code +999999999-12-31T23:59:59Z}), which overflow a {@code long} of milliseconds, lie beyond
 * PostgreSQL's {@code timestamptz} (which ends in 294276) or come back out as a six-digit year, and
 * none of which is RFC 3339. The bounds are on the instant, not on the text, so that what is stored
 * is always written back as a four-digit year ({@code 9999-12-31T23:00:00-01:00} is the year 10000
 * in UTC, and is refused).
 */
public final class Rfc3339 {

    /** The first instant accepted: 0001-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /**
     * The last instant accepted: 9999-12-31T23:59:59.999999Z. PostgreSQL keeps microseconds and the
     * driver rounds to them, so a later fraction of that last second would be stored as the year 10000.
     */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** What callers are told the format is. */
    public static final String DESCRIPTION =
            "an RFC 3339 date-time with a year from 0001 to 9999 and an offset, such as 2030-01-31T00:00:00Z";

    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");

    private Rfc3339() {}

    /** The instant {@code text} names, or empty when it is not such a date-time (null included). */
    public static Optional<Instant> parse(String text) {
        if (text == null || !DATE_TIME.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            Instant instant =
                    OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
            return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeException e) { // a month 13, a February 30th, an offset beyond 18 hours
            return Optional.empty();
        }
    }
}
