package org.registro.generate;

import org.registro.contact.Nicknames;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.registro.common.Progress;
import org.registro.common.TextKeys;
import org.registro.contact.Emails;
import org.registro.contact.Phones;
import org.registro.contact.Nicknames;

class SyntheticDataTest {

    @TempDir
    Path tmp;

    private static List<SyntheticData.Row> rows(GeneratorOptions options) {
        List<SyntheticData.Row> rows = new ArrayList<>();
        new SyntheticData(options).generate(rows::add, Progress.NONE);
        return rows;
    }

    @Test
    void theSameSeedWritesTheSameFileAndAnotherSeedAnother() throws Exception {
        Path a = tmp.resolve("a.csv");
        Path b = tmp.resolve("b.csv");
        Path c = tmp.resolve("c.csv");
        DataFileWriter.write(new GeneratorOptions(800, 0.1, 5, "es"), a, Progress.NONE);
        DataFileWriter.write(new GeneratorOptions(800, 0.1, 5, "es"), b, Progress.NONE);
        DataFileWriter.write(new GeneratorOptions(800, 0.1, 6, "es"), c, Progress.NONE);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
        assertThat(Files.readAllLines(a).get(0)).startsWith("id_registro;true_person_id;nombre;apellidos;email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"es", "en", "da"})
    void aKnownShareOfRowsAreNearDuplicatesWithValidPhonesAndEmails(String locale) {
        var options = new GeneratorOptions(5000, 0.1, 42, locale);
        List<SyntheticData.Row> rows = rows(options);
        var summary = new SyntheticData(options).generate(r -> { }, Progress.NONE);

        assertThat(rows).hasSize(5000);
        assertThat(summary.duplicateRows()).isBetween(400, 600);
        assertThat(summary.persons() + summary.duplicateRows()).isEqualTo(5000);
        assertThat(rows.stream().map(SyntheticData.Row::truePersonId).distinct().count())
                .isEqualTo(summary.persons());

        String region = LocaleProfile.of(locale).region;
        Map<String, String> personOfEmail = new HashMap<>();
        Map<String, String> personOfPhone = new HashMap<>();
        for (SyntheticData.Row row : rows) {
            if (row.phone() != null) {
                String e164 = Phones.toE164(row.phone(), region).orElse(null);
                assertThat(e164).as("phone %s in %s", row.phone(), region).isNotNull();
                assertThat(personOfPhone.computeIfAbsent(e164, k -> row.truePersonId()))
                        .as("a phone belongs to one person").isEqualTo(row.truePersonId());
            }
            if (row.email() != null) {
                assertThat(Emails.isValid(row.email())).as(row.email()).isTrue();
                assertThat(personOfEmail.computeIfAbsent(row.email(), k -> row.truePersonId()))
                        .as("an email belongs to one person").isEqualTo(row.truePersonId());
            }
        }
    }

    @Test
    void duplicatesUseInitialsNicknamesAndSwappedNames() {
        List<SyntheticData.Row> rows = rows(new GeneratorOptions(20_000, 0.2, 3, "es"));
        Map<String, SyntheticData.Row> first = new HashMap<>();
        int initials = 0;
        int nicknames = 0;
        int swapped = 0;
        for (SyntheticData.Row row : rows) {
            SyntheticData.Row original = first.putIfAbsent(row.truePersonId(), row);
            if (original == null) {
                continue;
            }
            if (row.firstName().matches("\\p{Lu}\\.")) {
                initials++;
                assertThat(original.firstName()).startsWith(row.firstName().substring(0, 1));
            }
            if (Nicknames.defaults().areVariants(row.firstName(), original.firstName())) {
                nicknames++;
            }
            if (TextKeys.fold(row.firstName()).equals(TextKeys.fold(original.lastName()))) {
                swapped++;
            }
        }
        assertThat(initials).isGreaterThan(100);
        assertThat(nicknames).isGreaterThan(20);
        assertThat(swapped).isGreaterThan(100);
    }

    @Test
    void excelOutputHasRealDateAndNumberCells() throws Exception {
        Path xlsx = tmp.resolve("shop.xlsx");
        var summary = DataFileWriter.write(new GeneratorOptions(300, 0.1, 1, "da"), xlsx, Progress.NONE);
        try (var workbook = new XSSFWorkbook(xlsx.toFile())) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(summary.rows());
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("fornavn");
            var created = sheet.getRow(1).getCell(17);
            assertThat(created.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(created)).isTrue();
            assertThat(sheet.getRow(1).getCell(11).getCellType()).isEqualTo(CellType.NUMERIC);
        }
    }
}
