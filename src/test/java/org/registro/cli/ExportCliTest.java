package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.common.Json;
import org.registro.contact.Emails;
import org.registro.testutil.TestClock;

/** The export commands on the Spanish sample workspace, one file per email tool, each read back as the tool would. */
class ExportCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    private static List<CsvRecord> read(Path file) throws Exception {
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(file)) {
            return csv.stream().toList();
        }
    }

    @Test
    void listsForEachEmailToolTheirHistoryAndReCreation() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        assertThat(run("workspace", "sample", "spanish-ngo", ws).code()).isZero();

        Run preview = run("--workspace", ws, "--json", "export", "--preview", "--purpose", "commercial");
        assertThat(preview.code()).as(preview.err()).isZero();
        long selected = preview.json().get("selected").asLong();
        long written = preview.json().get("written").asLong();
        assertThat(written).isPositive().isLessThan(selected);
        assertThat(preview.json().get("excluded").get("no_opt_in").asLong()).isPositive();

        Path mailchimp = tmp.resolve("mailchimp.csv");
        Path left = tmp.resolve("left.csv");
        Run exported = run("--workspace", ws, "--json", "export", "--format", "mailchimp", "--purpose", "commercial",
                "--channel", "email", "--out", mailchimp.toString(), "--excluded", left.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        JsonNode summary = exported.json();
        assertThat(summary.get("written").asLong()).isEqualTo(written);
        assertThat(summary.get("exportId").asLong()).isEqualTo(1);
        List<CsvRecord> rows = read(mailchimp);
        assertThat(rows.get(0).getField(0)).isEqualTo("Email Address");
        assertThat(rows).hasSize((int) written + 1);
        rows.stream().skip(1).forEach(r -> {
            assertThat(Emails.isValid(r.getField(0))).as(r.getField(0)).isTrue();
            assertThat(r.getField(5)).matches("(\\d\\d/\\d\\d)?"); // Birthday: MM/DD or empty
        });
        assertThat(read(left)).hasSize((int) (selected - written) + 1);

        Path brevo = tmp.resolve("brevo.csv");
        assertThat(run("--workspace", ws, "export", "--format", "brevo", "--out", brevo.toString()).code()).isZero();
        List<CsvRecord> brevoRows = read(brevo);
        assertThat(brevoRows.get(0).getFields()).startsWith("EMAIL", "FIRSTNAME", "LASTNAME", "SMS");
        brevoRows.stream().skip(1).map(r -> r.getField(3)).filter(s -> !s.isEmpty())
                .forEach(sms -> assertThat(sms).matches("\\+\\d{8,15}"));

        Path mailjet = tmp.resolve("mailjet.csv");
        assertThat(run("--workspace", ws, "export", "--format", "mailjet", "--out", mailjet.toString()).code()).isZero();
        assertThat(read(mailjet).get(0).getFields()).startsWith("email", "firstname", "lastname");

        Path listmonk = tmp.resolve("listmonk.csv");
        assertThat(run("--workspace", ws, "export", "--format", "listmonk", "--out", listmonk.toString()).code())
                .isZero();
        List<CsvRecord> listmonkRows = read(listmonk);
        assertThat(listmonkRows.get(0).getFields()).containsExactly("email", "name", "attributes");
        for (CsvRecord r : listmonkRows.subList(1, listmonkRows.size())) {
            assertThat(Json.MAPPER.readTree(r.getField(2)).isObject()).isTrue();
        }

        Path xlsx = tmp.resolve("list.xlsx");
        assertThat(run("--workspace", ws, "export", "--format", "xlsx", "--out", xlsx.toString()).code()).isZero();
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook book = new XSSFWorkbook(in)) {
            assertThat(book.getSheetAt(0).getLastRowNum()).isEqualTo((int) written);
        }

        Run list = run("--workspace", ws, "--json", "export", "list");
        assertThat(list.json()).hasSize(5);
        assertThat(list.json().get(4).get("destination").asText()).isEqualTo("mailchimp");

        String someone = rows.get(1).getField(0);
        String id = run("--workspace", ws, "--json", "contacts", "list", "--query", someone).json().get(0).get("id")
                .asText();
        Run sent = run("--workspace", ws, "export", "sent", id, "--on", "2026-03-01");
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("mailchimp").contains("granted");
        assertThat(run("--workspace", ws, "export", "sent", id, "--on", "2026-02-28").code()).isEqualTo(3);

        Path again = tmp.resolve("again.csv");
        Run recreated = run("--workspace", ws, "--json", "export", "recreate", "1", "--out", again.toString());
        assertThat(recreated.json().get("identical").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(mailchimp));

        Run bad = run("--workspace", ws, "export", "--format", "aweber", "--out", tmp.resolve("x.csv").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("aweber").contains("mailchimp, brevo");

        assertThat(run("--workspace", ws, "export", "--format", "brevo", "templates", "--save", "Brevo ES").code())
                .isZero();
        assertThat(run("--workspace", ws, "export", "templates").out()).contains("Brevo ES").contains("EMAIL, FIRSTNAME");
        Path viaTemplate = tmp.resolve("template.csv");
        assertThat(run("--workspace", ws, "export", "--template", "Brevo ES", "--out", viaTemplate.toString()).code())
                .isZero();
        assertThat(Files.readAllBytes(viaTemplate)).isEqualTo(Files.readAllBytes(brevo));
    }
}
