package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class PrivacyCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-05-01T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    private Path donors() throws Exception {
        Path file = tmp.resolve("donors.csv");
        Files.writeString(file, """
                Email,First name,Last name,Country,Newsletter
                hanna@example.de,Hanna,Becker,DE,yes
                lucia@example.es,Lucía,Martín,ES,yes
                """, StandardCharsets.UTF_8);
        return file;
    }

    private long id(String ws, String query) throws Exception {
        return run("--workspace", ws, "contacts", "list", "--query", query, "--json").json().get(0).get("id")
                .asLong();
    }

    @Test
    void accessEraseAndRestrictFromTheCommandLineAndTheErasedPersonStaysOut() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        assertThat(run("--workspace", ws, "import", donors().toString()).code()).isZero();
        String lucia = String.valueOf(id(ws, "lucia@example.es"));
        String hanna = String.valueOf(id(ws, "hanna@example.de"));

        Run nobody = run("--workspace", ws, "privacy", "log", "Nadie Nunca", "--kind", "access");
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).contains("Nadie Nunca");
        Run logged = run("--workspace", ws, "privacy", "log", "Lucía Martín", "--kind", "access", "--received",
                "2026-04-20", "--json");
        assertThat(logged.code()).as(logged.err()).isZero();
        assertThat(logged.json().get("dueAt").asText()).startsWith("2026-05-20");
        assertThat(run("--workspace", ws, "privacy", "requests").out()).contains("access").contains("Lucía Martín");

        Run access = run("--workspace", ws, "privacy", "access", lucia, "--out", tmp.resolve("out").toString(),
                "--json");
        assertThat(access.code()).as(access.err()).isZero();
        assertThat(Files.readString(Path.of(access.json().get("html").asText()))).contains("lucia@example.es");
        assertThat(run("--workspace", ws, "privacy", "requests", "--json").json().get(0).get("status").asText())
                .isEqualTo("done");

        // Germany needs double opt-in: Hanna's "yes" waits for confirmation, Lucía's counts.
        assertThat(run("--workspace", ws, "consent", "check", hanna, "--channel", "email").code()).isEqualTo(3);
        assertThat(run("--workspace", ws, "consent", "check", lucia, "--channel", "email").out()).startsWith("Yes.");
        Path confirm = tmp.resolve("confirm.csv");
        assertThat(run("--workspace", ws, "consent", "pending", "--out", confirm.toString()).out())
                .contains("Wrote 1 confirmation");
        assertThat(Files.readString(confirm)).contains("hanna@example.de");

        Run restrict = run("--workspace", ws, "privacy", "restrict", hanna);
        assertThat(restrict.code()).as(restrict.err()).isZero();
        JsonNode check = run("--workspace", ws, "consent", "check", hanna, "--channel", "email", "--purpose",
                "transactional", "--json").json();
        assertThat(check.get("reasonKey").asText()).isEqualTo("consent.decision.restricted");

        Run erase = run("--workspace", ws, "privacy", "erase", lucia, "--reason", "Asked by phone");
        assertThat(erase.code()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("identifiers suppressed");
        Run again = run("--workspace", ws, "import", donors().toString(), "--json");
        assertThat(again.json().get("rejected").asInt()).isEqualTo(1);
        assertThat(run("--workspace", ws, "contacts", "list", "--query", "lucia", "--json").json()).isEmpty();
    }

    @Test
    void retentionIsPreviewedAndRunsOnlyWhenConfirmed() throws Exception {
        String ws = tmp.resolve("r").toString();
        run("workspace", "create", ws, "--region", "ES");
        run("--workspace", ws, "contacts", "add", "--email", "old@example.org");
        clock.advance(Duration.ofDays(800));
        assertThat(run("--workspace", ws, "retention", "set", "erase_inactive_without_consent", "24").code())
                .isZero();
        assertThat(run("--workspace", ws, "retention", "preview").out()).contains("erase_inactive_without_consent")
                .contains(": 1");
        Run refused = run("--workspace", ws, "retention", "run");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--yes");
        Run ran = run("--workspace", ws, "retention", "run", "--yes", "--json");
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.json().get(0).get("affected").asInt()).isEqualTo(1);
        assertThat(Path.of(ran.json().get(0).get("backup").asText())).exists();
        assertThat(run("--workspace", ws, "retention", "preview", "--json").json().get(0).get("count").asInt())
                .isZero();
        assertThat(run("--workspace", ws, "retention", "set", "forever", "3").code()).isEqualTo(1);
    }
}
