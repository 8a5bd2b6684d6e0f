package org.registro.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.registro.common.Progress;
import org.registro.common.RegistroException;

/**
 * A legacy Excel 97–2003 workbook (.xls). Such a sheet holds at most 65,536 rows, so POI's in-memory
 * model is fine. Cells come out as {@link XlsxFile} gives them: ISO dates, plain numbers, cached formula values.
 */
final class XlsFile {

    private XlsFile() {
    }

    static List<String> sheetNames(Path file) {
        List<String> names = new ArrayList<>();
        withWorkbook(file, workbook -> {
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                names.add(workbook.getSheetName(i));
            }
        });
        return names;
    }

    static void read(Path file, String sheetName, int headerRow, Consumer<List<String>> onHeader,
                     Consumer<SourceRow> onRow, Progress progress) {
        withWorkbook(file, workbook -> {
            Sheet sheet = sheetName == null ? workbook.getSheetAt(0) : workbook.getSheet(sheetName);
            if (sheet == null) {
                throw new RegistroException("error.import.noSheet", file.getFileName().toString(), sheetName);
            }
            var formatter = new XlsxFile.IsoDataFormatter();
            var rows = new HeaderedRows(headerRow, onHeader, onRow, progress);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getLastCellNum(); c++) {
                    Cell cell = row.getCell(c);
                    cells.add(cell == null ? "" : text(cell, formatter));
                }
                rows.accept(row.getRowNum() + 1, cells);
            }
        });
    }

    /** A formula gives its last calculated value; a number its plain or ISO-date text. */
    private static String text(Cell cell, XlsxFile.IsoDataFormatter formatter) {
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case NUMERIC -> formatter.formatRawCellContents(cell.getNumericCellValue(),
                    cell.getCellStyle().getDataFormat(), cell.getCellStyle().getDataFormatString());
            case STRING -> cell.getRichStringCellValue().getString();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> "";
        };
    }

    @FunctionalInterface
    private interface WorkbookAction {
        void accept(HSSFWorkbook workbook);
    }

    private static void withWorkbook(Path file, WorkbookAction action) {
        String name = file.getFileName().toString();
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true);
             HSSFWorkbook workbook = new HSSFWorkbook(fs.getRoot(), true)) {
            action.accept(workbook);
        } catch (EncryptedDocumentException e) {
            throw new RegistroException(e, "error.import.passwordProtected", name);
        } catch (RegistroException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RegistroException(e, "error.import.corruptXlsx", name,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
