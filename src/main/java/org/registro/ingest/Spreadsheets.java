package org.registro.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.registro.common.Progress;
import org.registro.common.RegistroException;

/**
 * Excel workbooks whatever their age: .xlsx streamed by {@link XlsxFile}, legacy .xls by {@link XlsFile},
 * chosen by the file's content rather than its name (a .xls renamed .xlsx still opens).
 */
public final class Spreadsheets {

    private Spreadsheets() {
    }

    public static List<String> sheetNames(Path file) {
        return isLegacy(file) ? XlsFile.sheetNames(file) : XlsxFile.sheetNames(file);
    }

    /** Reads a sheet (null for the first) from its 1-based header row; see {@link XlsxFile#read}. */
    public static void read(Path file, String sheet, int headerRow, Consumer<List<String>> onHeader,
                            Consumer<SourceRow> onRow, Progress progress) {
        read(file, sheet, headerRow, onHeader, onRow, progress, (done, total) -> { });
    }

    /** {@link #read}, telling {@code bytes} how far an .xlsx sheet has been read (see {@link XlsxFile#read}). */
    public static void read(Path file, String sheet, int headerRow, Consumer<List<String>> onHeader,
                            Consumer<SourceRow> onRow, Progress progress, SourceFile.BytesListener bytes) {
        if (isLegacy(file)) {
            XlsFile.read(file, sheet, headerRow, onHeader, onRow, progress);
        } else {
            XlsxFile.read(file, sheet, headerRow, onHeader, onRow, progress, bytes);
        }
    }

    /** An OLE2 container that is not an encrypted .xlsx: an Excel 97–2003 workbook. */
    private static boolean isLegacy(Path file) {
        try (InputStream in = FileMagic.prepareToCheckMagic(Files.newInputStream(file))) {
            return FileMagic.valueOf(in) == FileMagic.OLE2 && !XlsxFile.isEncrypted(file);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }
}
