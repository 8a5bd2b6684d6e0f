package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class ImportCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-05-01T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void importListExportAndUndoFromTheCommandLine() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        assertThat(run("workspace", "create", ws, "--region", "ES", "--name", "Fundación Sol").code()).isZero();
        Path file = tmp.resolve("socios.csv");
        Files.writeString(file, "Nombre;Apellidos;Email;Teléfono;Nº socio\n"
                + "Ana;Ruiz;ana@example.com;612345678;S1\nBea;Gil;;;\n", StandardCharsets.UTF_8);

        Run before = run("--workspace", ws, "workspace", "info", "--json");
        List<Path> filesBefore = filesIn(Path.of(ws));
        Run dry = run("--workspace", ws, "import", file.toString(), "--dry-run", "--json");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.json().get("created").asInt()).isEqualTo(1);
        assertThat(dry.json().get("rejected").asInt()).isEqualTo(1);
        assertThat(dry.json().get("batchId").isNull()).isTrue();
        assertThat(Path.of(dry.json().get("rejectFile").asText())).as("the rows it would reject are shown")
                .exists().matches(p -> !p.startsWith(Path.of(ws)), "outside the workspace");
        assertThat(run("--workspace", ws, "workspace", "info", "--json").json().get("rowCounts"))
                .as("a dry run writes nothing into the workspace").isEqualTo(before.json().get("rowCounts"));
        assertThat(filesIn(Path.of(ws))).isEqualTo(filesBefore);

        Run imported = run("--workspace", ws, "import", file.toString(), "--source", "Socios", "--party", "first",
                "--json");
        assertThat(imported.code()).as(imported.err()).isZero();
        JsonNode summary = imported.json();
        assertThat(summary.get("read").asInt()).isEqualTo(2);
        assertThat(summary.get("created").asInt()).isEqualTo(1);
        assertThat(summary.get("rejected").asInt()).isEqualTo(1);
        assertThat(Path.of(summary.get("rejectFile").asText())).exists();
        long batch = summary.get("batchId").asLong();

        Run list = run("--workspace", ws, "import", "list");
        assertThat(list.out()).contains("socios.csv").contains("Socios").contains("completed");

        Path export = tmp.resolve("check.csv");
        Run exported = run("--workspace", ws, "contacts", "export", "--out", export.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(Files.readAllLines(export)).hasSize(2);
        assertThat(Files.readString(export)).contains("ana@example.com").contains("+34612345678").contains("S1")
                .contains("Socios");

        Run undo = run("--workspace", ws, "import", "undo", String.valueOf(batch), "--json");
        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(undo.json().get("contactsRemoved").asInt()).isEqualTo(1);
        assertThat(run("--workspace", ws, "contacts", "list", "--json").json()).isEmpty();
    }

    @Test
    void aMissingFileOrUnknownPresetIsAClearError() throws Exception {
        String ws = tmp.resolve("w").toString();
        run("workspace", "create", ws, "--region", "DK", "--name", "Butik");
        Run missing = run("--workspace", ws, "import", tmp.resolve("nope.csv").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.csv");
        Path file = tmp.resolve("a.csv");
        Files.writeString(file, "email\na@example.com\n");
        Run preset = run("--workspace", ws, "import", file.toString(), "--preset", "nonesuch");
        assertThat(preset.code()).isEqualTo(1);
        assertThat(preset.err()).contains("nonesuch").contains("mailchimp");
    }

    private static List<Path> filesIn(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".db")).sorted().toList();
        }
    }
}
