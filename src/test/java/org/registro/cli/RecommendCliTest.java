package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

/**
 * The content library and recommendations from the command line: items from a file (one row refused, kept in a
 * reject file), activity imported from donations and event sign-ups naming them, an unknown campaign mapped, a
 * refresh, one person's recommendations with reasons, and the evaluation.
 */
class RecommendCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-11-02T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void itemsFromAFileActivityNamingThemAndRecommendationsWithReasons() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        Path items = tmp.resolve("contenidos.csv");
        Files.writeString(items, "clave;tipo;título;temas;campañas;hasta;repetible\n"
                + "agua;llamamiento;Llamamiento agua;fundraising;Agua 2026;;sí\n"
                + "limpieza;evento;Día de limpieza;events;Limpieza playa;2026-12-31;no\n"
                + "escuela;causa;Escuela rural;fundraising;;;sí\n"
                + "mal;campaña-rara;Fila con tipo desconocido;;;;\n"
                + "fecha;noticia;Fila con fecha mala;;;31/31/2026;\n");
        Run imported = run("--workspace", ws, "content", "import", items.toString(), "--json");
        assertThat(imported.code()).as("rows were refused").isEqualTo(1);
        assertThat(imported.json().get("added").asInt()).isEqualTo(3);
        assertThat(imported.json().get("rejected").asInt()).isEqualTo(2);
        String rejects = Files.readString(Path.of(imported.json().get("rejects").asText()));
        assertThat(rejects).contains("campaña-rara", "tipo", "31/31/2026", "hasta");

        // forty people; all gave to the water appeal, the first half also joined the clean-up, a few the school
        StringBuilder gifts = new StringBuilder("email,date,amount,campaign\n");
        StringBuilder signups = new StringBuilder("email,date,campaign\n");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String email = "p" + i + "@example.org";
            String id = run("--workspace", ws, "contacts", "add", "--first-name", "P" + i, "--email", email,
                    "--json").json().get("id").asText();
            ids.add(id);
            for (String topic : new String[] {null, "fundraising", "events"}) {
                List<String> grant = new ArrayList<>(List.of("--workspace", ws, "consent", "grant", "--contact", id,
                        "--channel", "email", "--at", "2026-01-10"));
                if (topic != null) {
                    grant.addAll(List.of("--topic", topic));
                }
                assertThat(run(grant.toArray(String[]::new)).code()).isZero();
            }
            gifts.append(email).append(",2026-03-0").append(1 + i % 9).append(",20,Agua 2026\n");
            if (i < 20) {
                signups.append(email).append(",2026-05-0").append(1 + i % 9).append(",Limpieza playa\n");
            }
            if (i % 10 == 0) {
                gifts.append(email).append(",2026-06-01,15,Escuela Rural Norte\n");
            }
        }
        Path g = tmp.resolve("donations.csv");
        Files.writeString(g, gifts);
        Path s = tmp.resolve("signups.csv");
        Files.writeString(s, signups);
        assertThat(run("--workspace", ws, "import", g.toString(), "--event-type", "donation").code()).isZero();
        assertThat(run("--workspace", ws, "import", s.toString(), "--event-type", "event_signup").code()).isZero();

        JsonNode unknown = run("--workspace", ws, "content", "unknown", "--json").json();
        assertThat(unknown).hasSize(1);
        assertThat(unknown.get(0).get("value").asText()).isEqualTo("Escuela Rural Norte");
        assertThat(run("--workspace", ws, "content", "map", "Escuela Rural Norte", "escuela").code()).isZero();
        assertThat(run("--workspace", ws, "content", "unknown", "--json").json()).isEmpty();

        assertThat(run("--workspace", ws, "recommend", "refresh", "--json").json().get("people").asInt())
                .isEqualTo(40);
        // one who gave to water but did not join the clean-up: the clean-up first, because the others did
        JsonNode later = run("--workspace", ws, "recommend", ids.get(25), "--json").json();
        JsonNode first = later.get("recommendations").get(0);
        assertThat(first.get("item").asText()).isEqualTo("limpieza");
        assertThat(first.get("reason").asText()).isEqualTo("also");
        assertThat(first.get("because").asText()).contains("Llamamiento agua", "Día de limpieza");
        // one who joined it: never offered again (once only)
        JsonNode joined = run("--workspace", ws, "recommend", ids.get(3), "--json").json();
        assertThat(joined.get("recommendations").findValuesAsText("item")).doesNotContain("limpieza");
        assertThat(run("--workspace", ws, "recommend", ids.get(25)).out()).contains("Día de limpieza", "because");

        // a segment of the people whose first recommendation is the clean-up: the twenty who gave without joining
        Path rule = tmp.resolve("next-cleanup.json");
        Files.writeString(rule, "{\"version\": 1, \"rule\": {\"type\": \"recommended\", \"item\": \"limpieza\","
                + " \"first\": true}}");
        JsonNode count = run("--workspace", ws, "segment", "count", "--rule", rule.toString(), "--json").json();
        assertThat(count.get("count").asInt()).isEqualTo(20);
        Files.writeString(rule, "{\"version\": 1, \"rule\": {\"type\": \"recommended\", \"topic\": \"events\","
                + " \"first\": false}}");
        assertThat(run("--workspace", ws, "segment", "count", "--rule", rule.toString(), "--json").json()
                .get("count").asInt()).isEqualTo(20);

        // the first item and its URL as merge fields of a Mailchimp list
        Path template = tmp.resolve("next.json");
        Files.writeString(template, "{\"name\":\"next\",\"destination\":\"MAILCHIMP\",\"columns\":["
                + "{\"field\":\"email\",\"header\":\"Email Address\"},"
                + "{\"field\":\"recommended_1\",\"header\":\"NEXT\"},"
                + "{\"field\":\"recommended_1_url\",\"header\":\"NEXTURL\"}]}");
        assertThat(run("--workspace", ws, "export", "templates", "--save", "next", "--from-json", template.toString())
                .code()).isZero();
        Path list = tmp.resolve("next.csv");
        Run exported = run("--workspace", ws, "export", "--template", "next", "--purpose", "transactional",
                "--out", list.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(Files.readAllLines(list)).contains("Email Address,NEXT,NEXTURL")
                .anyMatch(l -> l.startsWith("p25@example.org,Día de limpieza,"));
        // the same columns added on the command line: named as Mailchimp names fields, or as asked
        Path added = tmp.resolve("added.csv");
        Run withColumns = run("--workspace", ws, "export", "--format", "mailchimp", "--purpose", "transactional",
                "--add-column", "recommended_1", "--add-column", "recommended_1_url=APPEAL_URL", "--out",
                added.toString());
        assertThat(withColumns.code()).as(withColumns.err()).isZero();
        assertThat(Files.readAllLines(added).get(0)).endsWith(",Tags,Recommended 1,APPEAL_URL");
        assertThat(Files.readAllLines(added)).anyMatch(l -> l.startsWith("p25@example.org,")
                && l.contains(",Día de limpieza,"));
        Run unknownField = run("--workspace", ws, "export", "--add-column", "favourite_colour", "--out",
                tmp.resolve("x.csv").toString());
        assertThat(unknownField.code()).isNotZero();
        assertThat(unknownField.err()).contains("favourite_colour", "recommended_1_url");

        JsonNode evaluation = run("--workspace", ws, "recommend", "evaluate", "--json").json();
        assertThat(evaluation.get("people").asInt()).isGreaterThan(10);
        assertThat(evaluation.has("hitRateAt3")).isTrue();
        assertThat(evaluation.has("popularityHitRateAt3")).isTrue();
        assertThat(evaluation.get("coverage").asDouble()).isBetween(0.0, 1.0);
    }
}
