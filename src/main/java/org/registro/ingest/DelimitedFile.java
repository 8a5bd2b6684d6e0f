package org.registro.ingest;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.registro.common.RegistroException;

/**
 * A CSV or other delimited text export, read as a stream of rows: encoding and separator detected from
 * the start of the file unless the user chose them, quoted fields with separators, doubled quotes and
 * line breaks inside, ragged rows kept as they are (the importer decides what to do with them).
 */
public final class DelimitedFile implements AutoCloseable {

    private static final int SAMPLE_BYTES = 64 * 1024;

    /** What the user chose; null means "detect". */
    public record Options(Charset charset, Character delimiter) {
        public static Options detect() {
            return new Options(null, null);
        }
    }

    private final Path file;
    private final TextEncoding encoding;
    private final char delimiter;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final List<String> header;
    private final CountingInputStream counting;
    /** With no header row, the first record is both the model of the header and the first data row. */
    private CsvRecord pending;

    private DelimitedFile(Path file, TextEncoding encoding, char delimiter, CsvReader<CsvRecord> reader,
                          CountingInputStream counting, int headerRow) {
        this.counting = counting;
        this.file = file;
        this.encoding = encoding;
        this.delimiter = delimiter;
        this.reader = reader;
        this.records = reader.iterator();
        if (headerRow == 0) {
            pending = hasNextRecord() ? parse(records::next) : null;
            this.header = pending == null ? List.of() : numbered(pending.getFieldCount());
            return;
        }
        for (int row = 1; row < headerRow; row++) { // rows above the header (a title, an export date)
            if (!hasNextRecord()) {
                throw new RegistroException("error.import.headerRowBeyond", file.getFileName().toString(), row - 1,
                        headerRow);
            }
            parse(records::next);
        }
        if (!hasNextRecord() && headerRow > 1) {
            throw new RegistroException("error.import.headerRowBeyond", file.getFileName().toString(),
                    headerRow - 1, headerRow);
        }
        this.header = hasNextRecord() ? List.copyOf(parse(records::next).getFields()) : List.of();
    }

    /**
     * "Column 1", "Column 2"… for a file without a header row: the names a blank header cell gets too, the same in
     * every language, so a mapping saved with the source still matches after the user switches language.
     */
    static List<String> numbered(int columns) {
        List<String> names = new java.util.ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
            names.add("Column " + i);
        }
        return List.copyOf(names);
    }

    private boolean hasNextRecord() {
        return parse(records::hasNext);
    }

    /** Opens {@code file}, detecting what {@code options} leaves open; the first row holds the header. */
    public static DelimitedFile open(Path file, Options options) {
        return open(file, options, 1);
    }

    /**
     * Opens {@code file} with its header on row {@code headerRow} (counted from 1, rows above it skipped), or
     * without a header row when it is 0: the columns are then numbered and the first row is data.
     */
    public static DelimitedFile open(Path file, Options options, int headerRow) {
        byte[] head = new byte[SAMPLE_BYTES];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
        if (length == 0) {
            throw new RegistroException("error.import.empty", file.getFileName().toString());
        }
        TextEncoding encoding = options.charset() != null
                ? new TextEncoding(options.charset(), bomLength(head, length, options.charset()), "chosen")
                : TextEncoding.detect(head, length);
        String sample = new String(head, encoding.bomLength(), length - encoding.bomLength(), encoding.charset());
        if (looksBinary(sample)) {
            throw new RegistroException("error.import.binary", file.getFileName().toString());
        }
        char delimiter = options.delimiter() != null ? options.delimiter() : Delimiters.detect(sample);
        try {
            CountingInputStream counting = new CountingInputStream(Files.newInputStream(file));
            InputStream in = new BufferedInputStream(counting, 1 << 16);
            in.skipNBytes(encoding.bomLength());
            CsvReader<CsvRecord> reader = CsvReader.builder()
                    .fieldSeparator(delimiter)
                    .allowExtraFields(true)
                    .allowMissingFields(true)
                    .skipEmptyLines(true)
                    .allowUnclosedQuote(false)
                    .ofCsvRecord(new InputStreamReader(in, encoding.charset()));
            return new DelimitedFile(file, encoding, delimiter, reader, counting, headerRow);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }

    /** A chosen UTF encoding still skips its byte-order mark. */
    private static int bomLength(byte[] head, int length, Charset chosen) {
        TextEncoding detected = TextEncoding.detect(head, length);
        return detected.bomLength() > 0 && detected.charset().equals(chosen) ? detected.bomLength() : 0;
    }

    /** Text exports have no NUL and few control characters; images, zips and old .xls files have many. */
    private static boolean looksBinary(String sample) {
        int control = 0;
        int checked = Math.min(sample.length(), 8192);
        for (int i = 0; i < checked; i++) {
            char c = sample.charAt(i);
            if (c == 0) {
                return true;
            }
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == '\uFFFD') {
                control++;
            }
        }
        return checked > 0 && control > checked / 20;
    }

    /** Bytes read from the file so far (a little ahead of the rows handed out), for progress bars. */
    public long bytesRead() {
        return counting.count;
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    public Path file() {
        return file;
    }

    public TextEncoding encoding() {
        return encoding;
    }

    public char delimiter() {
        return delimiter;
    }

    /** The first record: the column headers. Empty when the file has no records at all. */
    public List<String> header() {
        return header;
    }

    /** The data rows after the header, read lazily; each knows the line it starts on. */
    public Iterator<SourceRow> rows() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pending != null || hasNextRecord();
            }

            @Override
            public SourceRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CsvRecord record = pending != null ? pending : parse(records::next);
                pending = null;
                return new SourceRow(record.getStartingLineNumber(), List.copyOf(record.getFields()));
            }
        };
    }

    /** Turns FastCSV's parse errors into a message that names the file and the line. */
    private <T> T parse(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (CsvParseException e) {
            throw new RegistroException(e, "error.import.parse", file.getFileName().toString(),
                    e.getMessage() == null ? "" : e.getMessage(),
                    e.getCause() == null || e.getCause().getMessage() == null ? "" : e.getCause().getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            records.close();
            reader.close();
        } catch (IOException e) {
            // reading is over; nothing was written
        }
    }
}
