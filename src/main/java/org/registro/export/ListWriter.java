package org.registro.export;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes the cells of a list to a file: CSV with the template's options, or an Excel workbook in which every value
 * is a text cell. The cells arrive final (formulas already neutralized for CSV), so writing them again from the
 * archive gives the same file.
 */
abstract class ListWriter implements AutoCloseable {

    static ListWriter open(ExportTemplate template, Path file, OffsetDateTime createdAt) {
        try {
            return template.destination().workbook() ? new Xlsx(file, createdAt) : new Csv(template.csv(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract void write(List<String> cells);

    @Override
    public abstract void close();

    private static final class Csv extends ListWriter {
        private final CsvWriter csv;

        Csv(CsvOptions options, Path file) throws IOException {
            OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            if (options.bom()) {
                stream.write("\uFEFF".getBytes(options.charset()));
            }
            csv = CsvWriter.builder().fieldSeparator(options.delimiter())
                    .quoteStrategy(options.quoteAll() ? QuoteStrategies.ALWAYS : QuoteStrategies.REQUIRED)
                    .lineDelimiter(LineDelimiter.CRLF)
                    .build(new OutputStreamWriter(stream, options.charset()));
        }

        @Override
        void write(List<String> cells) {
            csv.writeRecord(cells);
        }

        @Override
        public void close() {
            try {
                csv.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Xlsx extends ListWriter {
        private final SXSSFWorkbook book = new SXSSFWorkbook(500);
        private final SXSSFSheet sheet = book.createSheet("Contacts");
        private final Path file;
        private int row;

        Xlsx(Path file, OffsetDateTime createdAt) {
            this.file = file;
            book.setCompressTempFiles(true);
            book.getXSSFWorkbook().getProperties().getCoreProperties()
                    .setCreated(Optional.of(java.util.Date.from(createdAt.toInstant())));
        }

        @Override
        void write(List<String> cells) {
            var r = sheet.createRow(row++);
            for (int i = 0; i < cells.size(); i++) {
                r.createCell(i).setCellValue(cells.get(i)); // a string cell: a spreadsheet never runs it
            }
        }

        @Override
        public void close() {
            try (OutputStream out = Files.newOutputStream(file)) {
                book.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                book.dispose();
            }
        }
    }
}
