package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class DedupeCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-05-01T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    private Path file(String name, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void scanExplainMergeUndoNotSameAndAutoFromTheCommandLine() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        assertThat(run("--workspace", ws, "import", file("crm.csv", """
                Customer number,First name,Last name,Email,Phone,Birth date,Street,Postal code,City
                C-1,Masha,Kelley,masha@example.org,612345678,1984-03-09,Calle Mayor 5,28013,Madrid
                C-2,Pepe,García López,pepe@example.es,,1970-01-20,Calle Luna 2,28004,Madrid
                C-3,Ana,Ruiz,ana@example.es,699111222,1990-07-01,Calle Sol 1,41001,Sevilla
                """).toString()).code()).isZero();
        assertThat(run("--workspace", ws, "import", file("shop.csv", """
                Customer number,First name,Last name,Email,Phone,Birth date,Street,Postal code,City
                S-9,M.,Kelley,mkelley@work.example,,1984-03-09,C/ Mayor 5,28013,Madrid
                S-10,José,García,jgarcia@correo.example,,1970-01-20,Calle Luna 2,28004,Madrid
                S-11,Ana,Ruiz,ana.ruiz.gil@correo.example,,1955-02-11,Avenida Sur 9,41001,Sevilla
                """).toString(), "--source", "Shop").code()).isZero();

        Path pairsCsv = tmp.resolve("pairs.csv");
        Run scan = run("--workspace", ws, "dedupe", "scan", "--export-pairs", pairsCsv.toString(), "--json");
        assertThat(scan.code()).as(scan.err()).isZero();
        JsonNode pairs = scan.json().get("pairs");
        assertThat(pairs).hasSize(3);
        assertThat(scan.json().get("summary").get("contacts").asInt()).isEqualTo(6);
        JsonNode masha = pairs.get(0);
        assertThat(masha.get("score").asDouble()).isGreaterThanOrEqualTo(99);
        assertThat(masha.get("decision").asText()).isEqualTo("merge");
        assertThat(masha.get("sourceKeysA").toString() + masha.get("sourceKeysB")).contains("C-1").contains("S-9");
        assertThat(Files.readAllLines(pairsCsv)).hasSize(4).first().asString()
                .startsWith("contact_a,contact_b,name_a,name_b,source_keys_a,source_keys_b,score,decision");
        JsonNode anas = null;
        for (JsonNode p : pairs) {
            if (p.get("nameA").asText().equals("Ana Ruiz")) {
                anas = p;
            }
        }
        assertThat(anas).isNotNull();
        assertThat(anas.get("decision").asText()).isEqualTo("review");

        String a = anas.get("contactA").asText();
        String b = anas.get("contactB").asText();
        Run explain = run("--workspace", ws, "dedupe", "explain", a, b);
        assertThat(explain.out()).contains("first_name").contains("exact").contains("birth_date")
                .contains("different").contains("review");
        assertThat(run("--workspace", ws, "dedupe", "not-same", a, b).code()).isZero();
        assertThat(run("--workspace", ws, "dedupe", "scan", "--json").json().get("pairs")).hasSize(2);

        Run preview = run("--workspace", ws, "dedupe", "auto", "--preview", "--json");
        assertThat(preview.json().get("merges").asInt()).isEqualTo(preview.json().get("pairs").asInt());
        Run auto = run("--workspace", ws, "dedupe", "auto", "--min-score", "90");
        assertThat(auto.code()).as(auto.err()).isZero();
        assertThat(auto.out()).contains("Made 2 merges");
        assertThat(run("--workspace", ws, "contacts", "list", "--json").json()).hasSize(4);

        Run history = run("--workspace", ws, "dedupe", "history", "--json");
        assertThat(history.json()).hasSize(2);
        Run undo = run("--workspace", ws, "dedupe", "undo", "--last");
        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(run("--workspace", ws, "contacts", "list", "--json").json()).hasSize(5);
        String other = history.json().get(1).get("id").asText(); // newest first: the older merge
        assertThat(run("--workspace", ws, "dedupe", "undo", other).code()).isZero();
        assertThat(run("--workspace", ws, "contacts", "list", "--json").json()).hasSize(6);
        assertThat(run("--workspace", ws, "dedupe", "auto", "--min-score", "90").out()).contains("Made 2 merges");
        JsonNode merges = run("--workspace", ws, "dedupe", "history", "--json").json();
        Run both = run("--workspace", ws, "dedupe", "undo", merges.get(0).get("id").asText(),
                merges.get(1).get("id").asText(), "--json");
        assertThat(both.code()).as(both.err()).isZero();
        assertThat(both.json()).hasSize(2);
        assertThat(run("--workspace", ws, "contacts", "list", "--json").json()).hasSize(6);

        Run merge = run("--workspace", ws, "dedupe", "merge", a, b, "--take", "birth-date=b", "--json");
        assertThat(merge.code()).as(merge.err()).isZero();
        assertThat(run("--workspace", ws, "contacts", "show", a, "--json").json().get("birthDate").asText())
                .isEqualTo("1955-02-11");
        Run bad = run("--workspace", ws, "dedupe", "merge", a, b);
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("cannot be merged");

        assertThat(run("--workspace", ws, "dedupe", "thresholds", "--auto", "97", "--review", "60", "--json").json()
                .get("review").asDouble()).isEqualTo(60);
        assertThat(run("--workspace", ws, "dedupe", "thresholds", "--auto", "50").code()).isNotZero();
        assertThat(run("--workspace", ws, "dedupe", "weights").out()).contains("first_name").contains("nickname")
                .contains("FIXED BITS").contains("too few duplicates to learn from");
        assertThat(run("--workspace", ws, "dedupe", "weights", "--json").json().get("levels").get(0).has("fixedM"))
                .isTrue();
    }

    @Test
    void qualityCountsListsAndNormalizesAgain() throws Exception {
        String ws = tmp.resolve("q").toString();
        run("workspace", "create", ws, "--region", "ES");
        run("--workspace", ws, "import", file("crm.csv", """
                Customer number,First name,Last name,Email,Phone,City
                C-1,Masha,Kelley,masha@example.org,612345678,Madrid
                C-2,,,only@example.org,,
                C-3,Ana,Ruiz,,,
                """).toString());

        Run counts = run("--workspace", ws, "quality", "--json");
        assertThat(counts.code()).as(counts.err()).isZero();
        assertThat(counts.json().get("counts").get("missing-name").asInt()).isEqualTo(1);
        assertThat(counts.json().get("counts").get("no-channel").asInt()).isEqualTo(1);
        assertThat(run("--workspace", ws, "quality", "--list", "no-channel").out()).contains("Ana Ruiz");
        assertThat(run("--workspace", ws, "quality", "--list", "nonsense").err()).contains("Unknown data quality");

        Run again = run("--workspace", ws, "quality", "--renormalize", "--json");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.json().get("renormalized").get("identifiersChanged").asInt()).isZero();
    }
}
