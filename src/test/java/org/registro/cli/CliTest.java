package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class CliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-05-01T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void createAddListAndShowAContactAsJson() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        Run created = run("workspace", "create", ws, "--region", "es", "--name", "Fundación Sol", "--json");
        assertThat(created.code()).isZero();
        assertThat(created.json().get("region").asText()).isEqualTo("ES");

        Run added = run("--workspace", ws, "contacts", "add", "--email", " Masha.Kelley@Example.com ",
                "--first-name", "Masha", "--last-name", "Kelley", "--phone", "612 345 678", "--tag", "donor", "--json");
        assertThat(added.code()).isZero();
        long id = added.json().get("id").asLong();

        Run listed = run("--workspace", ws, "contacts", "list", "--query", "kel", "--json");
        assertThat(listed.json()).hasSize(1);
        assertThat(listed.json().get(0).get("email").asText()).isEqualTo("masha.kelley@example.com");

        Run shown = run("--workspace", ws, "contacts", "show", String.valueOf(id), "--json");
        assertThat(shown.json().get("phone").asText()).isEqualTo("+34612345678");
        assertThat(shown.json().get("tags").get(0).asText()).isEqualTo("donor");

        Run text = run("--workspace", ws, "contacts", "list");
        assertThat(text.out()).contains("Masha Kelley", "1 of 1 contacts");

        Run info = run("--workspace", ws, "workspace", "info", "--json");
        assertThat(info.json().get("schemaVersion").asText())
                .isEqualTo(org.registro.testutil.TestWorkspaces.latestSchemaVersion());
        assertThat(info.json().get("rowCounts").get("contact").asLong()).isEqualTo(1);
        assertThat(info.json().get("rowCounts").get("audit_log").asLong()).isEqualTo(1);
    }

    @Test
    void errorsAreOneLineOnStderrWithExitCodeOne() {
        String ws = tmp.resolve("shop").toString();
        run("workspace", "create", ws, "--region", "DK");
        Run bad = run("--workspace", ws, "contacts", "add", "--email", "nope@", "--phone", "12");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(bad.err()).startsWith("registro: ").contains("not a valid email", "not a valid phone")
                .doesNotContain("Exception");

        Run missing = run("--workspace", tmp.resolve("none").toString(), "contacts", "show", "1");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("No Registro workspace");

        Run notFound = run("--workspace", ws, "contacts", "show", "42");
        assertThat(notFound.err()).contains("There is no contact #42.");

        Run usage = run("contacts", "frobnicate");
        assertThat(usage.code()).isEqualTo(2);
    }

    @Test
    void withJsonAnErrorIsAlsoAJsonObjectOnStdout() throws Exception {
        String ws = tmp.resolve("shop").toString();
        run("workspace", "create", ws, "--region", "DK");
        Run notFound = run("--workspace", ws, "contacts", "show", "42", "--json");
        assertThat(notFound.code()).isEqualTo(1);
        assertThat(notFound.err()).startsWith("registro: ").contains("There is no contact #42.");
        assertThat(notFound.json().get("error").asText()).isEqualTo("There is no contact #42.");
        assertThat(notFound.json().get("exitCode").asInt()).isEqualTo(1);

        Run usage = run("--json", "contacts", "frobnicate");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.json().get("exitCode").asInt()).isEqualTo(2);
        assertThat(usage.json().get("error").asText()).contains("frobnicate");
    }

    @Test
    void recoverSaysAHealthyWorkspaceOpensAndRestoresTheLatestBackup() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        run("--workspace", ws, "contacts", "add", "--email", "ana@example.org", "--first-name", "Ana");
        Run healthy = run("--workspace", ws, "workspace", "recover", "--json");
        assertThat(healthy.code()).as(healthy.err()).isZero();
        assertThat(healthy.json().get("readOnly").asBoolean()).isFalse();

        Run none = run("--workspace", ws, "workspace", "recover", "--latest-backup");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no backup");
    }

    @Test
    void debugAddsTheStackTrace() {
        Run run = run("--workspace", tmp.resolve("none").toString(), "--debug", "workspace", "info");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("RegistroException", "at org.registro");
    }

    @Test
    void encryptedWorkspaceTakesItsPasswordFromAFile() throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw.txt"), "a long pass phrase\n");
        String ws = tmp.resolve("client").toString();
        assertThat(run("--password-file", pw.toString(), "workspace", "create", ws, "--encrypt").code()).isZero();
        assertThat(run("--workspace", ws, "--password-file", pw.toString(), "contacts", "add", "--email",
                "a@b.dk").code()).isZero();
        Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "a long pass\n");
        Run denied = run("--workspace", ws, "--password-file", wrong.toString(), "contacts", "list");
        assertThat(denied.code()).isEqualTo(1);
        assertThat(denied.err()).contains("does not open");
    }

    @Test
    void generateWritesTheRequestedRows() throws Exception {
        Path out = tmp.resolve("people.csv");
        Run run = run("generate", "--contacts", "500", "--duplicates", "0.2", "--out", out.toString(),
                "--locale", "en", "--seed", "9", "--json");
        assertThat(run.code()).isZero();
        assertThat(run.json().get("rows").asInt()).isEqualTo(500);
        assertThat(Files.readAllLines(out)).hasSize(501);
        assertThat(run("generate", "--contacts", "5", "--out", tmp.resolve("x.txt").toString()).err())
                .contains(".csv or .xlsx");
    }
}
