package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class SegmentCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void contactsListASegmentsPeopleByWhatTheyGave() throws Exception {
        String ws = tmp.resolve("gifts").toString();
        run("workspace", "create", ws, "--region", "ES");
        Path donations = tmp.resolve("donaciones.csv");
        Files.writeString(donations, """
                Email;Nombre;Ciudad;Acepta newsletter;Fecha;Importe
                ana@example.es;Ana;Madrid;sí;10/06/2025;30
                ana@example.es;Ana;Madrid;sí;15/01/2026;25
                bea@example.es;Bea;Madrid;sí;01/09/2025;50
                carla@example.es;Carla;Sevilla;no;01/12/2025;10
                """, StandardCharsets.UTF_8);
        assertThat(run("--workspace", ws, "import", donations.toString()).code()).isZero();
        Path madrid = tmp.resolve("madrid.json");
        Files.writeString(madrid, """
                {"version":1,"rule":{"type":"field","field":"city","op":"equals","value":"madrid"}}""");
        run("--workspace", ws, "segment", "save", "--name", "Madrid", "--rule", madrid.toString());

        Run all = run("--workspace", ws, "contacts", "list", "--sort", "GIVEN", "--descending", "--json");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(java.util.stream.StreamSupport.stream(all.json().spliterator(), false).map(c -> c.get("email").asText()))
                .containsExactly("ana@example.es", "bea@example.es", "carla@example.es");
        var ana = all.json().get(0).get("facts");
        assertThat(ana.get("given").decimalValue()).isEqualByComparingTo("55");
        assertThat(ana.get("gifts").asInt()).isEqualTo(2);
        assertThat(ana.get("lastGift").asText()).startsWith("2026-01-15");
        assertThat(ana.get("consent").get("email").asText()).isEqualTo("granted");

        Run inMadrid = run("--workspace", ws, "contacts", "list", "--segment", "Madrid", "--sort", "GIFTS",
                "--columns", "gifts,given,last_gift,consent");
        assertThat(inMadrid.out()).contains("GIFTS  GIVEN  LAST GIFT   EMAIL CONSENT")
                .contains("2 of 2 contacts").doesNotContain("Carla");
        assertThat(inMadrid.out().indexOf("Bea")).isLessThan(inMadrid.out().indexOf("Ana")); // one gift before two
        Run wrong = run("--workspace", ws, "contacts", "list", "--columns", "wealth");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("unknown column \"wealth\"");
    }

    @Test
    void countSaveListExplainOverlapAndWriteMembers() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        Path donations = tmp.resolve("donaciones.csv");
        Files.writeString(donations, """
                Email;Nombre;Ciudad;Acepta newsletter;Fecha;Importe
                ana@example.es;Ana;Madrid;sí;10/06/2025;30
                ana@example.es;Ana;Madrid;sí;15/01/2026;20
                bea@example.es;Bea;Madrid;sí;01/09/2025;50
                carla@example.es;Carla;Sevilla;no;01/12/2025;10
                carla@example.es;Carla;Sevilla;no;20/12/2025;10
                """, StandardCharsets.UTF_8);
        Run imported = run("--workspace", ws, "import", donations.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        Path rule = tmp.resolve("regulars.json");
        Files.writeString(rule, """
                {"version": 1, "rule": {"type": "group", "match": "all", "conditions": [
                  {"type": "field", "field": "city", "op": "equals", "value": "Madrid"},
                  {"type": "events", "eventType": "donation", "atLeast": 2, "withinDays": 365},
                  {"type": "consent", "channel": "email"}
                ]}}""", StandardCharsets.UTF_8);

        Run count = run("--workspace", ws, "segment", "count", "--rule", rule.toString(), "--json");
        assertThat(count.code()).as(count.err()).isZero();
        assertThat(count.json().get("count").asLong()).isEqualTo(1);
        assertThat(run("--workspace", ws, "segment", "save", "--name", "Regular donors", "--rule", rule.toString())
                .out()).contains("1 contacts");
        Path everyone = tmp.resolve("madrid.json");
        Files.writeString(everyone, """
                {"version":1,"rule":{"type":"field","field":"city","op":"equals","value":"madrid"}}""");
        run("--workspace", ws, "segment", "save", "--name", "Madrid", "--rule", everyone.toString());
        assertThat(run("--workspace", ws, "segment", "list").out()).contains("Regular donors").contains("Madrid");
        assertThat(run("--workspace", ws, "segment", "count", "--name", "Madrid").out()).contains("2 contacts");
        assertThat(run("--workspace", ws, "segment", "sizes", "--name", "Madrid", "--json").json().get(0)
                .get("size").asLong()).isEqualTo(2);

        String bea = run("--workspace", ws, "contacts", "list", "--query", "bea@example.es", "--json").json().get(0)
                .get("id").asText();
        Run explain = run("--workspace", ws, "segment", "explain", bea, "--name", "Regular donors");
        assertThat(explain.code()).isEqualTo(3);
        assertThat(explain.out()).contains("[yes] City is Madrid").contains("[no]  Did donation at least 2 times");

        Run overlap = run("--workspace", ws, "segment", "overlap", "Regular donors", "Madrid", "--json");
        assertThat(overlap.json().get("regions").get("1+2").asLong()).isEqualTo(1);
        assertThat(overlap.json().get("regions").get("2").asLong()).isEqualTo(1);

        Path members = tmp.resolve("members.csv");
        assertThat(run("--workspace", ws, "export", "--segment", "Regular donors", "--purpose", "transactional",
                "--out", members.toString()).code()).isZero();
        assertThat(Files.readString(members)).contains("ana@example.es").doesNotContain("bea@");

        Run rfm = run("--workspace", ws, "model", "rfm", "--json");
        assertThat(rfm.code()).as(rfm.err()).isZero();
        assertThat(rfm.json().get("scored").asLong()).isEqualTo(3);
        Run like = run("--workspace", ws, "model", "lookalike", "--seed", "Regular donors", "--size", "1",
                "--name", "Like regulars");
        assertThat(like.code()).as(like.err()).isZero();
        assertThat(like.out()).contains("the 1 contacts most like");
        assertThat(run("--workspace", ws, "segment", "list").out()).contains("Like regulars");

        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"version\":1,\"rule\":{\"type\":\"field\",\"field\":\"shoe\",\"op\":\"equals\"}}");
        Run bad = run("--workspace", ws, "segment", "count", "--rule", broken.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("shoe");
    }
}
