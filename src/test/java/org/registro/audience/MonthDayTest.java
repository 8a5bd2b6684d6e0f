package org.registro.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The month and day the index reads from an epoch day agree with java.time on every day from 1600 to 2400. */
class MonthDayTest {

    @Test
    void everyDayOfEightCenturiesHasItsCalendarMonthAndDay() {
        for (long day = LocalDate.of(1600, 1, 1).toEpochDay(); day <= LocalDate.of(2400, 12, 31).toEpochDay(); day++) {
            LocalDate date = LocalDate.ofEpochDay(day);
            assertThat(FieldConditions.monthDay((int) day)).as(date.toString())
                    .isEqualTo(date.getMonthValue() * 100 + date.getDayOfMonth());
        }
    }
}
