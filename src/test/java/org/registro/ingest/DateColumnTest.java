package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DateColumnTest {

    @Test
    void aDayAbove12DecidesDayFirstForTheWholeColumn() {
        DateColumn column = DateColumn.decide(List.of("03/04/2024", "13/04/2024", "01/02/2023"), false);
        assertThat(column.order()).isEqualTo(DateColumn.Order.DAY_FIRST);
        assertThat(column.parse("03/04/2024")).contains(LocalDateTime.of(2024, 4, 3, 0, 0));
    }

    @Test
    void aSecondPartAbove12DecidesMonthFirst() {
        DateColumn column = DateColumn.decide(List.of("03/04/2024", "04/13/2024"), true);
        assertThat(column.order()).isEqualTo(DateColumn.Order.MONTH_FIRST);
        assertThat(column.parse("03/04/2024 5:07 PM")).contains(LocalDateTime.of(2024, 3, 4, 17, 7));
    }

    @Test
    void anAmbiguousColumnFollowsTheRegion() {
        List<String> values = List.of("01/02/2024", "05.06.2023");
        assertThat(DateColumn.decide(values, DateColumn.dayFirstIn("ES")).order()).isEqualTo(DateColumn.Order.DAY_FIRST);
        assertThat(DateColumn.decide(values, DateColumn.dayFirstIn("US")).order()).isEqualTo(DateColumn.Order.MONTH_FIRST);
        assertThat(DateColumn.decide(values, true).parse("05.06.2023")).contains(LocalDateTime.of(2023, 6, 5, 0, 0));
    }

    @Test
    void isoDatesTimesAndOffsetsAsMailchimpAndHubspotWriteThem() {
        DateColumn column = DateColumn.decide(List.of("2024-03-13 10:22:11"), true);
        assertThat(column.order()).isEqualTo(DateColumn.Order.YEAR_FIRST);
        assertThat(column.parse("2024-03-13 10:22:11")).contains(LocalDateTime.of(2024, 3, 13, 10, 22, 11));
        assertThat(column.parse("2024-03-13T10:22:11.123Z")).contains(LocalDateTime.of(2024, 3, 13, 10, 22, 11));
        assertThat(column.parse("2024-03-13T10:22:11+02:00")).contains(LocalDateTime.of(2024, 3, 13, 8, 22, 11));
    }

    @Test
    void excelSerialNumbersAndTwoDigitYears() {
        DateColumn column = DateColumn.decide(List.of(), true);
        assertThat(column.parse("45364")).contains(LocalDateTime.of(2024, 3, 13, 0, 0));
        assertThat(column.parse("45364.5")).contains(LocalDateTime.of(2024, 3, 13, 12, 0));
        assertThat(column.parse("13/03/87")).contains(LocalDateTime.of(1987, 3, 13, 0, 0));
        assertThat(column.parse("13/03/24")).contains(LocalDateTime.of(2024, 3, 13, 0, 0));
    }

    @Test
    void impossibleDatesAndTextAreNotDates() {
        DateColumn column = DateColumn.decide(List.of(), true);
        assertThat(column.parse("31/02/2024")).isEmpty();
        assertThat(column.parse("next tuesday")).isEmpty();
        assertThat(column.parse("")).isEmpty();
    }

    @Test
    void compactIsoDatesAsCiviCrmAndDataLoaderWriteThem() {
        DateColumn column = DateColumn.decide(List.of("20080901", "19991231"), true);
        assertThat(column.parse("20080901")).contains(LocalDateTime.of(2008, 9, 1, 0, 0));
        assertThat(column.parse("20080901T101500")).contains(LocalDateTime.of(2008, 9, 1, 10, 15, 0));
        assertThat(column.parse("20081301")).as("no 13th month").isEmpty();
        assertThat(column.parse("12345678")).as("not a plausible year").isEmpty();
    }

    @Test
    void aDateTimeWithAnOffsetInADateFieldKeepsTheDayAsWritten() {
        DateColumn column = DateColumn.decide(List.of("2009-07-14T23:30:00-05:00"), true);
        assertThat(column.parseDate("2009-07-14T23:30:00-05:00")).contains(java.time.LocalDate.of(2009, 7, 14));
        assertThat(column.parse("2009-07-14T23:30:00-05:00")).as("a moment is still converted to UTC")
                .contains(LocalDateTime.of(2009, 7, 15, 4, 30));
    }

    @Test
    void mixedSeparatorsAreNotADate() {
        DateColumn column = DateColumn.decide(List.of("2009-07-14"), true);
        assertThat(column.parse("2009-07/14")).isEmpty();
        assertThat(column.parse("14/07-2009")).isEmpty();
        assertThat(column.parse("14.07.2009")).contains(LocalDateTime.of(2009, 7, 14, 0, 0));
    }
}
