package org.registro.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.registro.common.Progress;
import org.registro.common.RegistroException;

/**
 * Writes generated rows as the CRM would export them: CSV with the country's separator and formats
 * (UTF-8), or XLSX with real date and number cells, streamed so a million rows fit in little memory.
 */
public final class DataFileWriter {

    private DataFileWriter() {
    }

    /** Generates into {@code out}; the extension (.csv or .xlsx) chooses the format. */
    public static SyntheticData.Summary write(GeneratorOptions options, Path out, Progress progress) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        SyntheticData data = new SyntheticData(options);
        LocaleProfile profile = LocaleProfile.of(options.locale());
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            SyntheticData.Summary summary;
            if (name.endsWith(".csv")) {
                summary = writeCsv(data, profile, tmp, progress);
            } else if (name.endsWith(".xlsx")) {
                summary = writeXlsx(data, profile, tmp, progress);
            } else {
                throw new RegistroException("error.generate.format", out.toString());
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return summary;
        } catch (IOException | UncheckedIOException e) {
            throw new RegistroException(e, "error.file.write", out.toString(), e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover .part file is harmless
            }
        }
    }

    private static SyntheticData.Summary writeCsv(SyntheticData data, LocaleProfile profile, Path file,
                                                  Progress progress) throws IOException {
        DateTimeFormatter dateTime = profile.dateTimeFormat;
        try (CsvWriter csv = CsvWriter.builder().fieldSeparator(profile.delimiter)
                .build(file, StandardCharsets.UTF_8)) {
            csv.writeRecord(data.headers());
            return data.generate(row -> csv.writeRecord(cells(row, profile, dateTime)), progress);
        }
    }

    private static List<String> cells(SyntheticData.Row row, LocaleProfile p, DateTimeFormatter dateTime) {
        List<String> cells = new ArrayList<>(18);
        cells.add(row.recordId());
        cells.add(row.truePersonId());
        cells.add(orEmpty(row.firstName()));
        cells.add(orEmpty(row.lastName()));
        cells.add(orEmpty(row.email()));
        cells.add(orEmpty(row.phone()));
        cells.add(date(row.birthDate(), p));
        cells.add(orEmpty(row.street()));
        cells.add(orEmpty(row.postalCode()));
        cells.add(orEmpty(row.city()));
        cells.add(row.country());
        cells.add(String.valueOf(row.donations()));
        cells.add(row.total().toPlainString().replace('.', p.decimalSeparator));
        cells.add(date(row.lastDonation(), p));
        cells.add(row.emailOptIn() ? p.yes : p.no);
        cells.add(row.emailOptInAt() == null ? "" : row.emailOptInAt().format(dateTime));
        cells.add(row.smsOptIn() ? p.yes : p.no);
        cells.add(row.createdAt().format(dateTime));
        return cells;
    }

    private static String date(LocalDate date, LocaleProfile p) {
        return date == null ? "" : date.format(p.dateFormat);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static SyntheticData.Summary writeXlsx(SyntheticData data, LocaleProfile p, Path file,
                                                   Progress progress)
            throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            workbook.setCompressTempFiles(true);
            SXSSFSheet sheet = workbook.createSheet("Contacts");
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy"));
            CellStyle dateTimeStyle = workbook.createCellStyle();
            dateTimeStyle.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy hh:mm"));
            CellStyle moneyStyle = workbook.createCellStyle();
            moneyStyle.setDataFormat(workbook.createDataFormat().getFormat("#,##0.00"));
            var headerRow = sheet.createRow(0);
            List<String> headers = data.headers();
            for (int c = 0; c < headers.size(); c++) {
                var cell = headerRow.createCell(c);
                cell.setCellValue(headers.get(c));
                cell.setCellStyle(header);
            }
            int[] next = {1};
            SyntheticData.Summary summary = data.generate(row -> {
                var r = sheet.createRow(next[0]++);
                int c = 0;
                r.createCell(c++).setCellValue(row.recordId());
                r.createCell(c++).setCellValue(row.truePersonId());
                text(r, c++, row.firstName());
                text(r, c++, row.lastName());
                text(r, c++, row.email());
                text(r, c++, row.phone());
                date(r, c++, row.birthDate(), dateStyle);
                text(r, c++, row.street());
                text(r, c++, row.postalCode());
                text(r, c++, row.city());
                text(r, c++, row.country());
                r.createCell(c++).setCellValue(row.donations());
                var money = r.createCell(c++);
                money.setCellValue(row.total().doubleValue());
                money.setCellStyle(moneyStyle);
                date(r, c++, row.lastDonation(), dateStyle);
                r.createCell(c++).setCellValue(row.emailOptIn() ? p.yes : p.no);
                dateTime(r, c++, row.emailOptInAt(), dateTimeStyle);
                r.createCell(c++).setCellValue(row.smsOptIn() ? p.yes : p.no);
                dateTime(r, c, row.createdAt(), dateTimeStyle);
            }, progress);
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
            workbook.dispose();
            return summary;
        }
    }

    private static void text(org.apache.poi.ss.usermodel.Row row, int column, String value) {
        if (value != null) {
            row.createCell(column).setCellValue(value);
        }
    }

    private static void date(org.apache.poi.ss.usermodel.Row row, int column, LocalDate value, CellStyle style) {
        if (value != null) {
            var cell = row.createCell(column);
            cell.setCellValue(value);
            cell.setCellStyle(style);
        }
    }

    private static void dateTime(org.apache.poi.ss.usermodel.Row row, int column, LocalDateTime value,
                                 CellStyle style) {
        if (value != null) {
            var cell = row.createCell(column);
            cell.setCellValue(value);
            cell.setCellStyle(style);
        }
    }
}
