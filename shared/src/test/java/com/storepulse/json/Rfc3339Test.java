package com.storepulse.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void acceptsRfc3339DateTimesOfTheYears0001To9999() {
        assertEquals(Optional.of(Instant.parse("2030-01-31T00:00:00Z")), Rfc3339.parse("2030-01-31T00:00:00Z"));
        assertEquals(
                Optional.of(Instant.parse("2030-01-30T23:00:00.5Z")), Rfc3339.parse("2030-01-31T00:00:00.5+01:00"));
        assertEquals(Optional.of(Instant.parse("2030-01-31T00:00:00Z")), Rfc3339.parse("2030-01-31t00:00:00z"));
        assertEquals(Optional.of(Rfc3339.EARLIEST), Rfc3339.parse("0001-01-01T00:00:00Z"));
        assertEquals(Optional.of(Rfc3339.LATEST), Rfc3339.parse("9999-12-31T23:59:59.999999Z"));
    }

    @Test
    void refusesWhatIsNotRfc3339OrLiesOutsideThoseYears() {
        for (String text : new String[] {
            "+999999999-12-31T23:59:59Z",
            "+294277-01-01T00:00:00Z",
            "+100000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "0000-12-31T23:59:59Z",
            "9999-12-31T23:59:59-01:00", // the year 10000 in UTC
            "9999-12-31T23:59:59.9999995Z", // stored (microseconds, rounded) as the year 10000
            "2030-01-31",
            "2030-01-31T00:00Z",
            "2030-01-31T00:00:00",
            "2030-01-31 00:00:00Z",
            "2030-13-01T00:00:00Z",
            "2030-02-30T00:00:00Z",
            "2030-01-31T24:00:00Z",
            "2030-01-31T00:00:00.1234567890Z",
            "2030-01-31T00:00:00+1:00",
            " 2030-01-31T00:00:00Z",
            "",
        }) {
            assertTrue(Rfc3339.parse(text).isEmpty(), text);
        }
        assertTrue(Rfc3339.parse(null).isEmpty());
    }
}
