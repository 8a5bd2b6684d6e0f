package org.registro.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * An Excel workbook (.xlsx) read as a stream with POI's SAX event API, so a sheet of 200,000 rows needs
 * little memory. Date cells come out as ISO text ("2024-03-13", "2024-03-13 10:22:00"), numbers without
 * grouping ("1234.5"), formulas as their last calculated value.
 */
public final class XlsxFile {

    private static final DateTimeFormatter ISO_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private XlsxFile() {
    }

    /** The names of the workbook's sheets, in order. */
    public static List<String> sheetNames(Path file) {
        List<String> names = new ArrayList<>();
        withReader(file, (pkg, reader) -> {
            var sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream ignored = sheets.next()) {
                    names.add(sheets.getSheetName());
                }
            }
        });
        return names;
    }

    /**
     * Reads one sheet: the cells of row {@code headerRow} (1-based) go to {@code onHeader}, every later
     * non-empty row to {@code onRow}, with its spreadsheet row number.
     *
     * @param sheet the sheet's name, or null for the first sheet
     */
    public static void read(Path file, String sheet, int headerRow, Consumer<List<String>> onHeader,
                            Consumer<SourceRow> onRow, Progress progress) {
        read(file, sheet, headerRow, onHeader, onRow, progress, (done, total) -> { });
    }

    /**
     * {@link #read}, telling {@code bytes} every thousand rows, before the row, how much of the sheet's XML has been
     * read and its whole size (uncompressed, as the workbook's zip records it; -1 when it does not).
     */
    public static void read(Path file, String sheet, int headerRow, Consumer<List<String>> onHeader,
                            Consumer<SourceRow> onRow, Progress progress, SourceFile.BytesListener bytes) {
        withReader(file, (pkg, reader) -> {
            var strings = new ReadOnlySharedStringsTable(pkg);
            var styles = reader.getStylesTable();
            var sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream raw = sheets.next()) {
                    if (sheet != null && !sheet.equals(sheets.getSheetName())) {
                        continue;
                    }
                    long size = sheets.getSheetPart().getSize();
                    var in = org.apache.commons.io.input.BoundedInputStream.builder().setInputStream(raw).get();
                    RowCollector rows = new RowCollector(new HeaderedRows(headerRow, onHeader, onRow, progress),
                            () -> bytes.bytes(in.getCount(), size));
                    XMLReader parser = XMLHelper.newXMLReader();
                    parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows,
                            new IsoDataFormatter(), false));
                    parser.parse(new InputSource(in));
                    return;
                }
            }
            throw new RegistroException("error.import.noSheet", file.getFileName().toString(), sheet);
        });
    }

    /** Numbers as plain text and date-formatted numbers as ISO dates, whatever the cell's display format. */
    static final class IsoDataFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString,
                                            boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime time = DateUtil.getLocalDateTime(value, use1904Windowing, true);
                return time.toLocalTime().equals(LocalTime.MIDNIGHT) ? time.toLocalDate().toString()
                        : time.format(ISO_DATE_TIME);
            }
            return NumberToTextConverter.toText(value);
        }
    }

    /** Turns SAX cell events into rows, filling the gaps of empty cells. */
    private static final class RowCollector implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final HeaderedRows rows;
        private final Runnable everyThousand;
        private List<String> cells = new ArrayList<>();
        private long count;

        RowCollector(HeaderedRows rows, Runnable everyThousand) {
            this.rows = rows;
            this.everyThousand = everyThousand;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new ArrayList<>();
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = new CellReference(reference).getCol();
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value == null ? "" : value);
        }

        @Override
        public void endRow(int rowNum) {
            if (++count % 1000 == 0) {
                everyThousand.run();
            }
            rows.accept(rowNum + 1, cells);
        }
    }

    /** What to do with an open workbook. */
    @FunctionalInterface
    private interface WorkbookAction {
        void accept(OPCPackage pkg, XSSFReader reader) throws IOException, OpenXML4JException, SAXException,
                ParserConfigurationException;
    }

    /** Opens the workbook read-only and turns POI's failures into messages that name the file. */
    private static void withReader(Path file, WorkbookAction action) {
        String name = file.getFileName().toString();
        FileMagic magic;
        try (InputStream in = FileMagic.prepareToCheckMagic(Files.newInputStream(file))) {
            magic = FileMagic.valueOf(in);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
        if (magic == FileMagic.OLE2) {
            // An encrypted .xlsx is an OLE2 container holding an "EncryptedPackage"; otherwise it is a legacy .xls.
            throw new RegistroException(isEncrypted(file) ? "error.import.passwordProtected" : "error.import.legacyXls",
                    name);
        }
        if (magic != FileMagic.OOXML) {
            throw new RegistroException("error.import.notXlsx", name);
        }
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            action.accept(pkg, new XSSFReader(pkg));
        } catch (RegistroException e) { // includes cancellation
            throw e;
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException
                 | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (detail.contains("Zip bomb")) {
                throw new RegistroException(e, "error.import.zipBomb", name);
            }
            throw new RegistroException(e, "error.import.corruptXlsx", name, detail);
        }
    }

    static boolean isEncrypted(Path file) {
        try (var fs = new org.apache.poi.poifs.filesystem.POIFSFileSystem(file.toFile(), true)) {
            return fs.getRoot().hasEntry("EncryptedPackage");
        } catch (IOException e) {
            return false;
        }
    }
}
