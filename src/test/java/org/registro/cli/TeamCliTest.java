package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestWorkspaces;

/** The team workspace commands, on the server of the PostgreSQL pass ({@code mvn -P postgresql}). */
class TeamCliTest {

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void needsServer() {
        Assumptions.assumeTrue(TestWorkspaces.onServer(), "needs a PostgreSQL server (-P postgresql)");
    }

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void aFolderWorkspaceMovesToTheServerIsUsedThereAndComesBack() throws Exception {
        String folder = tmp.resolve("sol").toString();
        assertThat(run("workspace", "create", folder, "--name", "Fundación Sol").code()).isZero();
        assertThat(run("--workspace", folder, "contacts", "add", "--email", "ana@example.es", "--first-name", "Ana")
                .code()).isZero();

        String address = TestWorkspaces.newTeamAddress().toString();
        Run copied = run("--workspace", folder, "workspace", "copy-to", address, "--json");
        assertThat(copied.code()).as(copied.err()).isZero();
        JsonNode tables = copied.json().get("tables");
        assertThat(tables).isNotEmpty();
        tables.forEach(t -> {
            if (!t.get("table").asText().equals("workspace_setting")) {
                assertThat(t.get("copy").asLong()).as(t.toString()).isEqualTo(t.get("source").asLong());
            }
        });

        Run info = run("--workspace", address, "workspace", "info", "--json");
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.json().get("store").asText()).isEqualTo("postgresql");
        assertThat(info.json().get("address").asText()).isEqualTo(address);
        assertThat(info.json().get("name").asText()).isEqualTo("Fundación Sol");
        assertThat(info.json().get("rowCounts").get("contact").asLong()).isEqualTo(1);

        assertThat(run("--workspace", address, "contacts", "add", "--email", "bea@example.es").code()).isZero();
        Run listed = run("--workspace", address, "contacts", "list", "--json");
        assertThat(listed.out()).contains("ana@example.es", "bea@example.es");

        Run init = run("--workspace", address, "workspace", "team", "init", "--json");
        assertThat(init.code()).as(init.err()).isZero();
        Run users = run("--workspace", address, "workspace", "team", "users", "--json");
        assertThat(users.code()).as(users.err()).isZero();
        assertThat(users.json().get("you").asText()).isEqualTo("administrator");
        String someone = "cli_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        Path secret = tmp.resolve("secret.txt");
        java.nio.file.Files.writeString(secret, "their-pass\n");
        Run added = run("--workspace", address, "workspace", "team", "add-user", someone, "--role", "viewer",
                "--user-password-file", secret.toString());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(run("--workspace", address, "workspace", "team", "users").out()).contains(someone);
        Run removed = run("--workspace", address, "workspace", "team", "remove", someone, "--json");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(run("--workspace", address, "workspace", "team", "users").out()).doesNotContain(someone);

        String back = tmp.resolve("back").toString();
        Run home = run("--workspace", address, "workspace", "copy-to", back);
        assertThat(home.code()).as(home.err()).isZero();
        assertThat(home.out()).contains("the same on both sides");
        assertThat(run("--workspace", back, "contacts", "list").out()).contains("bea@example.es");

        if (hasPgDump()) {
            Run backup = run("--workspace", address, "workspace", "backup", "--json");
            assertThat(backup.code()).as(backup.err()).isZero();
            assertThat(run("--workspace", address, "contacts", "add", "--email", "cai@example.es").code()).isZero();
            Run backups = run("--workspace", address, "workspace", "backups", "--json");
            assertThat(backups.code()).as(backups.err()).isZero();
            assertThat(backups.json().get(0).get("file").asText()).endsWith(".dump");
            Run restored = run("--workspace", address, "workspace", "restore", "latest", "--json");
            assertThat(restored.code()).as(restored.err()).isZero();
            assertThat(restored.json().get("keptAs").asText()).contains("before-restore");
            assertThat(run("--workspace", address, "contacts", "list").out()).contains("bea@example.es")
                    .doesNotContain("cai@example.es");
        }
    }

    private static boolean hasPgDump() {
        return java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, "pg_restore")));
    }

    @Test
    void aWrongAddressOrNoWorkspaceThereIsSaidPlainly() {
        Run bad = run("--workspace", "postgresql://ana:secret@localhost/db", "contacts", "list");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("Leave the password out of the address").doesNotContain("secret");

        String empty = TestWorkspaces.newTeamAddress().toString();
        Run none = run("--workspace", empty, "contacts", "list");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no Registro workspace at " + empty, "registro workspace create");

        Run folderOnly = run("--workspace", empty, "workspace", "encrypt");
        assertThat(folderOnly.err()).contains("not to the team workspace");
    }
}
