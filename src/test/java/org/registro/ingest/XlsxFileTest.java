package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.common.RegistroException;

class XlsxFileTest {

    @TempDir
    Path tmp;

    /** A sign-up sheet as event tools export it: a title row, headers on row 2, dates, numbers, a formula. */
    private static XSSFWorkbook signups() {
        XSSFWorkbook workbook = new XSSFWorkbook();
        workbook.createSheet("Notes").createRow(0).createCell(0).setCellValue("not this one");
        var sheet = workbook.createSheet("Inscripciones");
        sheet.createRow(0).createCell(0).setCellValue("Jornada de voluntariado 2025");
        var header = sheet.createRow(1);
        String[] names = {"Nombre", "Email", "Fecha", "Importe", "Total"};
        for (int i = 0; i < names.length; i++) {
            header.createCell(i).setCellValue(names[i]);
        }
        var dateStyle = workbook.createCellStyle();
        dateStyle.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy"));
        var dateTimeStyle = workbook.createCellStyle();
        dateTimeStyle.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy hh:mm"));
        var money = workbook.createCellStyle();
        money.setDataFormat(workbook.createDataFormat().getFormat("#,##0.00 €"));
        var row = sheet.createRow(2);
        row.createCell(0).setCellValue("Lucía");
        row.createCell(1).setCellValue("lucia@example.es");
        var date = row.createCell(2);
        date.setCellValue(LocalDateTime.of(2025, 3, 13, 0, 0));
        date.setCellStyle(dateStyle);
        var amount = row.createCell(3);
        amount.setCellValue(1234.5);
        amount.setCellStyle(money);
        row.createCell(4).setCellFormula("D3*2");
        var second = sheet.createRow(3);
        second.createCell(1).setCellValue("sin.nombre@example.es"); // A4 is empty
        var when = second.createCell(2);
        when.setCellValue(LocalDateTime.of(2025, 3, 14, 18, 30));
        when.setCellStyle(dateTimeStyle);
        sheet.createRow(4); // an empty row is skipped
        workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
        return workbook;
    }

    private Path save(XSSFWorkbook workbook, String name) throws Exception {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); workbook) {
            workbook.write(out);
        }
        return file;
    }

    @Test
    void readsTheChosenSheetFromItsHeaderRowWithIsoDatesAndPlainNumbers() throws Exception {
        Path file = save(signups(), "inscripciones.xlsx");
        assertThat(XlsxFile.sheetNames(file)).containsExactly("Notes", "Inscripciones");
        AtomicReference<List<String>> header = new AtomicReference<>();
        List<SourceRow> rows = new ArrayList<>();
        XlsxFile.read(file, "Inscripciones", 2, header::set, rows::add, Progress.NONE);
        assertThat(header.get()).containsExactly("Nombre", "Email", "Fecha", "Importe", "Total");
        assertThat(rows).extracting(SourceRow::line).containsExactly(3L, 4L);
        assertThat(rows.get(0).cells()).containsExactly("Lucía", "lucia@example.es", "2025-03-13", "1234.5", "2469");
        assertThat(rows.get(1).cells()).containsExactly("", "sin.nombre@example.es", "2025-03-14 18:30:00");
    }

    @Test
    void tellsHowMuchOfTheSheetHasBeenReadBeforeEveryThousandthRow() throws Exception {
        Path file = tmp.resolve("big.xlsx");
        org.registro.generate.DataFileWriter.write(new org.registro.generate.GeneratorOptions(3_500, 0, 5, "es"), file,
                Progress.NONE);
        List<long[]> told = new ArrayList<>();
        List<Integer> rowsWhenTold = new ArrayList<>();
        List<SourceRow> rows = new ArrayList<>();
        XlsxFile.read(file, null, 1, h -> { }, rows::add, Progress.NONE, (done, total) -> {
            told.add(new long[] {done, total});
            rowsWhenTold.add(rows.size());
        });
        assertThat(rows).hasSize(3_500);
        // told before the sheet's 1,000th, 2,000th and 3,000th rows; its first is the header
        assertThat(rowsWhenTold).containsExactly(998, 1_998, 2_998);
        long total = told.get(0)[1];
        assertThat(total).isGreaterThan(100_000);
        assertThat(told).allSatisfy(t -> assertThat(t[1]).isEqualTo(total));
        assertThat(told.get(0)[0]).isPositive().isLessThan(told.get(1)[0]);
        assertThat(told.get(2)[0]).isLessThan(total);
    }

    @Test
    void aMissingSheetIsNamedInTheMessage() throws Exception {
        Path file = save(signups(), "s.xlsx");
        assertThatThrownBy(() -> XlsxFile.read(file, "Hoja9", 1, h -> { }, r -> { }, Progress.NONE))
                .isInstanceOf(RegistroException.class).hasMessageContaining("no sheet named \"Hoja9\"");
    }

    @Test
    void passwordProtectedCorruptAndWrongFilesGetClearMessages() throws Exception {
        Path plain = save(signups(), "plain.xlsx");
        Path protectedFile = tmp.resolve("protegido.xlsx");
        EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
        var encryptor = info.getEncryptor();
        encryptor.confirmPassword("secreto");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            try (OutputStream out = encryptor.getDataStream(fs)) {
                Files.copy(plain, out);
            }
            try (OutputStream out = Files.newOutputStream(protectedFile)) {
                fs.writeFilesystem(out);
            }
        }
        assertThatThrownBy(() -> XlsxFile.sheetNames(protectedFile))
                .isInstanceOf(RegistroException.class).hasMessageContaining("protegido.xlsx is protected with a password");

        byte[] bytes = Files.readAllBytes(plain);
        Path truncated = Files.write(tmp.resolve("cortado.xlsx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> XlsxFile.sheetNames(truncated))
                .isInstanceOf(RegistroException.class).hasMessageContaining("cortado.xlsx cannot be read");

        Path csvNamedXlsx = Files.writeString(tmp.resolve("export.xlsx"), "email,name\na@b.c,A\n");
        assertThatThrownBy(() -> XlsxFile.sheetNames(csvNamedXlsx))
                .isInstanceOf(RegistroException.class).hasMessageContaining("export.xlsx is not an Excel workbook");
    }
}
