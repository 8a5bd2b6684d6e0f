package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;

class SpreadsheetsTest {

    @TempDir
    Path tmp;

    @Test
    void legacyXlsReadsLikeXlsxEvenWhenNamedXlsx() throws Exception {
        Path file = tmp.resolve("socios-2003.xlsx"); // an .xls that someone renamed
        try (HSSFWorkbook workbook = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = workbook.createSheet("Socios");
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("Nombre");
            header.createCell(1).setCellValue("Alta");
            header.createCell(2).setCellValue("Cuota");
            header.createCell(3).setCellValue("Anual");
            var style = workbook.createCellStyle();
            style.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy"));
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("Pilar");
            var date = row.createCell(1);
            date.setCellValue(LocalDateTime.of(2003, 5, 20, 0, 0));
            date.setCellStyle(style);
            row.createCell(2).setCellValue(12.5);
            row.createCell(3).setCellFormula("C2*12");
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
            workbook.write(out);
        }
        assertThat(Spreadsheets.sheetNames(file)).containsExactly("Socios");
        AtomicReference<List<String>> header = new AtomicReference<>();
        List<SourceRow> rows = new ArrayList<>();
        Spreadsheets.read(file, null, 1, header::set, rows::add, Progress.NONE);
        assertThat(header.get()).containsExactly("Nombre", "Alta", "Cuota", "Anual");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.cells()).containsExactly("Pilar", "2003-05-20", "12.5", "150");
        });
    }
}
