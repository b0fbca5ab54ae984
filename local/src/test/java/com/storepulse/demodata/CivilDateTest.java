package com.storepulse.demodata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CivilDateTest {

    @Test
    void agreesWithJavaTimeOverFiftyYears() {
        for (LocalDate d = LocalDate.of(1995, 1, 1); d.isBefore(LocalDate.of(2050, 1, 1)); d = d.plusDays(1)) {
            assertEquals(
                    d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth(),
                    CivilDate.dateKey(d.toEpochDay()),
                    d.toString());
        }
    }
}
