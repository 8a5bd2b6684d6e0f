package org.registro.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.registro.common.Progress;
import org.registro.common.RegistroException;

/**
 * A file to import, whatever it is: CSV or other delimited text, .xlsx or legacy .xls, recognised by its
 * content rather than its name. Gives the header (blank headers named "Column 3", repeated ones "Phone (2)",
 * so every column has its own name) and streams the rows.
 */
public final class SourceFile {

    public enum Format { CSV, XLSX, XLS }

    /**
     * What the user chose; nulls mean "detect" or "the first sheet".
     *
     * @param headerRow the row holding the column names, counted from 1 (rows above it are skipped); 0 when the
     *                  file has no header row (the columns are numbered and every row is data)
     */
    public record Options(Charset charset, Character delimiter, String sheet, int headerRow) {
        public static final int NO_HEADER = 0;

        public static Options detect() {
            return new Options(null, null, null, 1);
        }

        public Options {
            if (headerRow < 0) {
                throw new RegistroException("error.import.headerRow", headerRow);
            }
        }

        public Options withHeaderRow(int row) {
            return new Options(charset, delimiter, sheet, row);
        }
    }

    /** What was found: the format and how it was read, the sheets of a workbook, the header and first rows. */
    public record Description(Format format, String encoding, Character delimiter, List<String> sheets,
                              List<String> header, List<SourceRow> sample, long size) {
    }

    /** How far a file has been read: bytes of its size (a CSV file, an .xlsx sheet's XML). */
    @FunctionalInterface
    public interface BytesListener {
        void bytes(long read, long total);
    }

    /** Streamed rows, and positions for progress (none for legacy .xls workbooks). */
    public interface Listener extends BytesListener {
        void header(List<String> header);

        void row(SourceRow row);

        @Override
        default void bytes(long read, long total) {
        }
    }

    private SourceFile() {
    }

    public static Format format(Path file) {
        if (size(file) == 0) {
            throw new RegistroException("error.import.empty", file.getFileName().toString());
        }
        try (InputStream in = FileMagic.prepareToCheckMagic(Files.newInputStream(file))) {
            return switch (FileMagic.valueOf(in)) {
                case OOXML -> Format.XLSX;
                case OLE2 -> Format.XLS;
                default -> Format.CSV;
            };
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }

    /** Reads the header and up to {@code sampleRows} rows. */
    public static Description describe(Path file, Options options, int sampleRows, Progress progress) {
        Format format = format(file);
        long size = size(file);
        if (format == Format.CSV) {
            try (DelimitedFile csv = DelimitedFile.open(file, new DelimitedFile.Options(options.charset(),
                    options.delimiter()), options.headerRow())) {
                List<String> header = uniqueHeader(csv.header());
                List<SourceRow> sample = new ArrayList<>();
                Iterator<SourceRow> rows = csv.rows();
                while (sample.size() < sampleRows && rows.hasNext()) {
                    sample.add(rows.next());
                }
                return new Description(format, csv.encoding().charset().name(), csv.delimiter(), List.of(), header,
                        sample, size);
            }
        }
        List<String> sheets = Spreadsheets.sheetNames(file);
        List<List<String>> header = new ArrayList<>();
        List<SourceRow> sample = new ArrayList<>();
        try {
            Spreadsheets.read(file, options.sheet(), options.headerRow(), h -> header.add(uniqueHeader(h)), row -> {
                if (sample.size() >= sampleRows) {
                    throw new Enough();
                }
                sample.add(row);
            }, progress);
        } catch (Enough enough) {
            // the sample is full
        }
        if (header.isEmpty() && options.headerRow() > 1) {
            throw new RegistroException("error.import.headerRowBeyondSheet", file.getFileName().toString(),
                    options.headerRow());
        }
        return new Description(format, null, null, sheets, header.isEmpty() ? List.of() : header.get(0), sample,
                size);
    }

    /** Streams every row after the header to the listener. */
    public static void stream(Path file, Options options, Listener listener, Progress progress) {
        Format format = format(file);
        if (format == Format.CSV) {
            long size = size(file);
            try (DelimitedFile csv = DelimitedFile.open(file, new DelimitedFile.Options(options.charset(),
                    options.delimiter()), options.headerRow())) {
                listener.header(uniqueHeader(csv.header()));
                Iterator<SourceRow> rows = csv.rows();
                long count = 0;
                while (rows.hasNext()) {
                    SourceRow row = rows.next();
                    if (++count % 1000 == 0) { // told before the row: its listener may size the file by it
                        progress.checkCancelled();
                        listener.bytes(csv.bytesRead(), size);
                    }
                    listener.row(row);
                }
                listener.bytes(size, size);
            }
            return;
        }
        Spreadsheets.read(file, options.sheet(), options.headerRow(), h -> listener.header(uniqueHeader(h)),
                listener::row, progress, listener::bytes);
    }

    /** The encoding and separator a CSV will be read with, for remembering them with the batch. */
    public static DelimitedFile.Options detectedCsvOptions(Path file, Options options) {
        try (DelimitedFile csv = DelimitedFile.open(file, new DelimitedFile.Options(options.charset(),
                options.delimiter()))) {
            return new DelimitedFile.Options(csv.encoding().charset(), csv.delimiter());
        }
    }

    static List<String> uniqueHeader(List<String> raw) {
        List<String> header = new ArrayList<>(raw.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i) == null ? "" : raw.get(i).strip().replace("\uFEFF", "");
            if (name.isEmpty()) {
                name = "Column " + (i + 1);
            }
            String unique = name;
            for (int n = 2; !seen.add(unique); n++) {
                unique = name + " (" + n + ")";
            }
            header.add(unique);
        }
        return header;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }

    /** Stops a spreadsheet read once the sample is full. */
    private static final class Enough extends RegistroException {
        Enough() {
            super("import.sampleFull");
        }
    }
}
