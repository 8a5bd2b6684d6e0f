package org.registro.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one column writes its dates, decided from its values: ISO ({@code 2024-03-13 10:22:11}, or the compact
 * {@code 20240313}), day
 * first ({@code 13/03/2024}, Spain and Denmark) or month first ({@code 03/13/2024}, the US), with
 * optional times, or Excel serial numbers. A column whose values never show which (every day is 12 or
 * less) follows the workspace's region.
 */
public final class DateColumn {

    /** The order of day, month and year in the column. */
    public enum Order { YEAR_FIRST, DAY_FIRST, MONTH_FIRST }

    /** Day, month and year with one separator used twice ("2009-07/14" is not a date). */
    private static final Pattern NUMERIC = Pattern.compile(
            "^(\\d{1,4})([./-])(\\d{1,2})\\2(\\d{1,4})(?:[ T,]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?"
                    + "\\s*(?:(am|pm|AM|PM))?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?$");
    /** ISO 8601's basic format: 20080901, 20080901T101500, 20080901101500. */
    private static final Pattern COMPACT = Pattern.compile(
            "^(\\d{4})(\\d{2})(\\d{2})(?:T?(\\d{2})(\\d{2})(\\d{2})?)?(Z|[+-]\\d{2}:?\\d{2})?$");
    private static final Pattern SERIAL = Pattern.compile("^\\d{4,6}(?:\\.\\d+)?$");
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);

    private final Order order;

    private DateColumn(Order order) {
        this.order = order;
    }

    public Order order() {
        return order;
    }

    /**
     * Decides the order from sample values of the column.
     *
     * @param dayFirstByDefault what to assume when no value tells (true for ES, DK, GB…; false for US)
     */
    public static DateColumn decide(List<String> samples, boolean dayFirstByDefault) {
        boolean dayFirstSeen = false;
        boolean monthFirstSeen = false;
        int yearFirst = 0;
        int other = 0;
        for (String sample : samples) {
            Matcher m = sample == null ? null : NUMERIC.matcher(sample.strip());
            if (m == null || !m.matches()) {
                continue;
            }
            if (m.group(1).length() == 4) {
                yearFirst++;
                continue;
            }
            other++;
            int first = Integer.parseInt(m.group(1));
            int second = Integer.parseInt(m.group(3));
            dayFirstSeen |= first > 12;
            monthFirstSeen |= second > 12;
        }
        if (yearFirst > other) {
            return new DateColumn(Order.YEAR_FIRST);
        }
        if (dayFirstSeen != monthFirstSeen) {
            return new DateColumn(dayFirstSeen ? Order.DAY_FIRST : Order.MONTH_FIRST);
        }
        return new DateColumn(dayFirstByDefault ? Order.DAY_FIRST : Order.MONTH_FIRST);
    }

    /** The region's habit: month first only in the United States and a few others. */
    public static boolean dayFirstIn(String region) {
        return !List.of("US", "PH", "FM", "MH", "PW", "CA").contains(region);
    }

    /**
     * The date and time of a cell (midnight for a date alone), in UTC when the cell gives an offset, or empty
     * when it is not a date.
     */
    public Optional<LocalDateTime> parse(String cell) {
        return parse(cell, false);
    }

    /**
     * The date a cell writes, for a date field (a birth date): a date-time with an offset keeps the day as written
     * ("2009-07-14T23:30:00-05:00" is 14 July, though it is already the 15th in UTC).
     */
    public Optional<LocalDate> parseDate(String cell) {
        return parse(cell, true).map(LocalDateTime::toLocalDate);
    }

    private Optional<LocalDateTime> parse(String cell, boolean asWritten) {
        if (cell == null || cell.isBlank()) {
            return Optional.empty();
        }
        String text = cell.strip();
        Matcher compact = COMPACT.matcher(text);
        if (compact.matches()) {
            return build(Integer.parseInt(compact.group(1)), Integer.parseInt(compact.group(2)),
                    Integer.parseInt(compact.group(3)), compact.group(4), compact.group(5), compact.group(6), null,
                    compact.group(7), asWritten).filter(d -> d.getYear() >= 1800 && d.getYear() <= 2200);
        }
        if (SERIAL.matcher(text).matches()) {
            return excelSerial(Double.parseDouble(text));
        }
        Matcher m = NUMERIC.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(3));
        int c = Integer.parseInt(m.group(4));
        if (m.group(1).length() == 4) {
            return build(a, b, c, m.group(5), m.group(6), m.group(7), m.group(8), m.group(9), asWritten);
        }
        int year = fullYear(c, m.group(4).length());
        return order == Order.MONTH_FIRST
                ? build(year, a, b, m.group(5), m.group(6), m.group(7), m.group(8), m.group(9), asWritten)
                : build(year, b, a, m.group(5), m.group(6), m.group(7), m.group(8), m.group(9), asWritten);
    }

    private static Optional<LocalDateTime> build(int year, int month, int day, String hours, String minutes,
                                                 String seconds, String ampm, String offset, boolean asWritten) {
        try {
            LocalDate date = LocalDate.of(year, month, day);
            LocalTime time = LocalTime.MIDNIGHT;
            if (hours != null) {
                int hour = Integer.parseInt(hours);
                if (ampm != null) {
                    hour = hour % 12 + (ampm.equalsIgnoreCase("pm") ? 12 : 0);
                }
                time = LocalTime.of(hour, Integer.parseInt(minutes), seconds == null ? 0 : Integer.parseInt(seconds));
            }
            LocalDateTime local = LocalDateTime.of(date, time);
            if (offset != null && !asWritten) { // an offset: convert to UTC
                String zone = offset.equals("Z") ? "Z" : offset.replaceFirst("(\\d{2})(\\d{2})$", "$1:$2");
                local = OffsetDateTime.of(local, ZoneOffset.of(zone)).withOffsetSameInstant(ZoneOffset.UTC)
                        .toLocalDateTime();
            }
            return Optional.of(local);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** "24" is 2024 and "87" is 1987: two-digit years within the next year are this century. */
    private static int fullYear(int year, int digits) {
        if (digits > 2) {
            return year;
        }
        int thisYear = LocalDate.now(ZoneOffset.UTC).getYear() % 100;
        return year <= thisYear + 1 ? 2000 + year : 1900 + year;
    }

    /** Excel counts days from 30 December 1899; the fraction is the time of day. */
    private static Optional<LocalDateTime> excelSerial(double serial) {
        if (serial < 1 || serial > 2_958_465) {
            return Optional.empty();
        }
        long days = (long) Math.floor(serial);
        long seconds = Math.round((serial - days) * 86_400);
        return Optional.of(EXCEL_EPOCH.plusDays(days).atStartOfDay().plusSeconds(seconds));
    }
}
