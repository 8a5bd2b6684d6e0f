package org.registro.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Moves the dates of a sample's files so that the sample is as recent on the day it is built as on the day its
 * files describe: "gave twice in the last year" finds the same donors in any year. Every date from a few years
 * before that day on moves by the same number of days (activity, opt-ins, orders, unsubscribes); older dates are
 * birth dates and stay. Text files keep their encoding and every byte around the dates; workbooks keep their
 * cells and styles.
 */
final class SampleDates {

    /** Dates older than this many years before the files' day are birth dates: they do not move. */
    private static final int ACTIVITY_YEARS = 6;
    private static final Pattern ISO = Pattern.compile("(?<![\\d])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d])");
    private static final Pattern DAY_FIRST = Pattern.compile("(?<![\\d])(\\d{2})([/-])(\\d{2})\\2(\\d{4})(?![\\d])");

    private final LocalDate asOf;
    private final long days;

    /** Dates as of {@code asOf} moved to be as of {@code today}. */
    SampleDates(LocalDate asOf, LocalDate today) {
        this.asOf = asOf;
        this.days = java.time.temporal.ChronoUnit.DAYS.between(asOf, today);
    }

    void copy(InputStream in, Path target, String fileName) throws IOException {
        byte[] bytes = in.readAllBytes();
        if (days == 0) {
            Files.write(target, bytes);
        } else if (fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
            shiftWorkbook(bytes, target);
        } else {
            Charset charset = TextEncoding.detect(bytes, bytes.length).charset();
            Files.writeString(target, shiftText(new String(bytes, charset)), charset);
        }
    }

    String shiftText(String text) {
        Matcher iso = ISO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (iso.find()) {
            iso.appendReplacement(out, Matcher.quoteReplacement(shifted(iso.group(), iso.group(1), iso.group(2),
                    iso.group(3), d -> d.toString())));
        }
        iso.appendTail(out);
        Matcher dayFirst = DAY_FIRST.matcher(out.toString());
        StringBuilder result = new StringBuilder();
        while (dayFirst.find()) {
            String sep = dayFirst.group(2);
            dayFirst.appendReplacement(result, Matcher.quoteReplacement(shifted(dayFirst.group(), dayFirst.group(4),
                    dayFirst.group(3), dayFirst.group(1), d -> String.format("%02d%s%02d%s%04d", d.getDayOfMonth(),
                            sep, d.getMonthValue(), sep, d.getYear()))));
        }
        dayFirst.appendTail(result);
        return result.toString();
    }

    private String shifted(String original, String year, String month, String day,
                           java.util.function.Function<LocalDate, String> format) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
            return moves(date) ? format.apply(date.plusDays(days)) : original;
        } catch (DateTimeException e) {
            return original;
        }
    }

    private boolean moves(LocalDate date) {
        return !date.isBefore(asOf.minusYears(ACTIVITY_YEARS));
    }

    private void shiftWorkbook(byte[] bytes, Path target) throws IOException {
        try (Workbook book = new XSSFWorkbook(new java.io.ByteArrayInputStream(bytes));
             OutputStream out = Files.newOutputStream(target)) {
            for (Sheet sheet : book) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                            LocalDateTime value = cell.getLocalDateTimeCellValue();
                            if (moves(value.toLocalDate())) {
                                cell.setCellValue(value.plusDays(days));
                            }
                        } else if (cell.getCellType() == CellType.STRING) {
                            String text = cell.getStringCellValue();
                            String moved = shiftText(text);
                            if (!moved.equals(text)) {
                                cell.setCellValue(moved);
                            }
                        }
                    }
                }
            }
            book.write(out);
        }
    }
}
