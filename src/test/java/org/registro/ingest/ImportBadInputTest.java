package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IMPORT_BATCH;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/** Issue 3, item 11: bad files get a clear message or rejected rows; never a crash, a hang or a partial batch. */
@Timeout(120)
class ImportBadInputTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ImportService imports;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        imports = new ImportService(workspace, new AuditLog(clock, "tester"));
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private ImportRecords.Summary importFile(Path file) {
        return imports.importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", Progress.NONE);
    }

    private long contacts() {
        return workspace.dsl().selectCount().from(CONTACT).fetchSingle(0, long.class);
    }

    private long batches() {
        return workspace.dsl().selectCount().from(IMPORT_BATCH).fetchSingle(0, long.class);
    }

    @Test
    void anEmptyFileIsAClearMessageAndWritesNothing() throws Exception {
        Path empty = Files.write(tmp.resolve("vacio.csv"), new byte[0]);
        assertThatThrownBy(() -> importFile(empty)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("vacio.csv is empty");
        assertThat(batches()).isZero();
    }

    @Test
    void aHeaderWithoutRowsImportsNothing() throws Exception {
        ImportRecords.Summary s = importFile(Files.writeString(tmp.resolve("solo_cabecera.csv"), "email;nombre\n"));
        assertThat(s.read()).isZero();
        assertThat(s.status()).isEqualTo("completed");
    }

    @Test
    void raggedRowsAreReadOrRejectedWithTheReason() throws Exception {
        ImportRecords.Summary s = importFile(Files.writeString(tmp.resolve("irregular.csv"),
                "email,first name,city\nana@example.com,Ana\nbea@example.com,Bea,Vigo,EXTRA,MORE\n"));
        assertThat(s.created()).isEqualTo(1);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(Files.readString(s.rejectFile())).contains("has 5 values but the header has 3 columns");
    }

    @Test
    void anUnclosedQuoteAfterManyGoodRowsLeavesNoPartialBatch() throws Exception {
        imports.withCommitRows(1000); // two transactions are committed before the bad line is reached
        Path file = tmp.resolve("comillas.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first name\n");
            for (int i = 0; i < 3_000; i++) {
                out.write("p" + i + "@example.org,Person" + i + "\n");
            }
            out.write("broken@example.org,\"Unclosed\n");
        }
        assertThatThrownBy(() -> importFile(file)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("comillas.csv");
        assertThat(contacts()).as("the rows committed before the error were taken out again").isZero();
        assertThat(imports.batches().get(0).status()).isEqualTo("failed");
    }

    @Test
    void aBinaryFileIsRefusedByContentWhateverItsName() throws Exception {
        byte[] noise = new byte[20_000];
        new Random(1).nextBytes(noise);
        Path binary = Files.write(tmp.resolve("foto.csv"), noise);
        assertThatThrownBy(() -> importFile(binary)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("foto.csv is not a text file");
    }

    @Test
    void aWorkbookNamedCsvIsReadAsAWorkbook() throws Exception {
        Path misnamed = tmp.resolve("export.csv");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(misnamed)) {
            var sheet = wb.createSheet("Hoja1");
            sheet.createRow(0).createCell(0).setCellValue("email");
            sheet.createRow(1).createCell(0).setCellValue("ana@example.com");
            wb.write(out);
        }
        assertThat(importFile(misnamed).created()).isEqualTo(1);
    }

    @Test
    void aCorruptWorkbookIsAClearMessage() throws Exception {
        Path corrupt = tmp.resolve("roto.xlsx");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(corrupt))) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<not-really/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> importFile(corrupt)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("roto.xlsx");
        assertThat(batches()).isZero();
    }

    @Test
    void aZipBombIsRefusedBeforeItIsExpanded() throws Exception {
        Path bomb = tmp.resolve("bomba.xlsx");
        Path plain = tmp.resolve("plain.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(plain)) {
            wb.createSheet("Hoja1").createRow(0).createCell(0).setCellValue("email");
            wb.write(out);
        }
        // The same workbook with its sheet padded by 200 MB of spaces: a few hundred KB on disk.
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(plain));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().endsWith("sheet1.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int cut = xml.indexOf("<sheetData>");
                    zip.write(xml.substring(0, cut).getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 200; i++) {
                        zip.write(spaces);
                    }
                    zip.write(xml.substring(cut).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(content);
                }
                zip.closeEntry();
            }
        }
        assertThat(Files.size(bomb)).isLessThan(2_000_000);
        assertThatThrownBy(() -> importFile(bomb)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("bomba.xlsx expands to far more data than it holds");
    }

    @Test
    void aFiftyMegabyteCellIsAClearMessage() throws Exception {
        Path file = tmp.resolve("enorme.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,notes\nana@example.com,\"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'x');
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"\nbea@example.com,short\n");
        }
        assertThatThrownBy(() -> importFile(file)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("enorme.csv");
        assertThat(contacts()).isZero();
    }

    @Test
    void tenThousandColumnsAreReadAndTheUnknownOnesLeftOut() throws Exception {
        StringBuilder header = new StringBuilder("email");
        StringBuilder row = new StringBuilder("ana@example.com");
        for (int i = 1; i < 10_000; i++) {
            header.append(",col").append(i);
            row.append(",v").append(i);
        }
        Path wide = Files.writeString(tmp.resolve("ancho.csv"), header + "\n" + row + "\n");
        ImportRecords.Plan plan = imports.plan(wide, SourceFile.Options.detect(), null, null, Progress.NONE);
        assertThat(plan.mapping().columns()).hasSize(10_000);
        assertThat(importFile(wide).created()).isEqualTo(1);
    }

    @Test
    void formulasAreKeptAsTextAndDefusedInTheRejectFile() throws Exception {
        ImportRecords.Summary s = importFile(Files.writeString(tmp.resolve("formulas.csv"),
                "email,first name,phone\nana@example.com,=HYPERLINK(\"http://x\"),\n=1+1,Bob,\n"));
        assertThat(s.created()).isEqualTo(1);
        assertThat(workspace.dsl().select(CONTACT.FIRST_NAME).from(CONTACT).fetchSingle().value1())
                .isEqualTo("=HYPERLINK(\"http://x\")");
        assertThat(Files.readString(s.rejectFile())).contains("'=1+1").doesNotContain(",=1+1");
    }
}
