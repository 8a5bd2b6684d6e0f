package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** {@code workspace backup|backups|restore|check|encrypt|password} end to end. */
class SafetyCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-05-01T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void backUpCheckBreakRestoreEncryptAndChangeThePassword() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        assertThat(run("workspace", "create", ws).code()).isZero();
        assertThat(run("--workspace", ws, "contacts", "add", "--email", "ana@example.org", "--first-name", "Ana")
                .code()).isZero();

        Run check = run("--workspace", ws, "workspace", "check", "--json");
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.json().get("ok").asBoolean()).isTrue();
        assertThat(check.json().get("findings").findValuesAsText("code")).containsExactly("noBackup");

        Run backup = run("--workspace", ws, "workspace", "backup", "--json");
        assertThat(backup.code()).isZero();
        assertThat(backup.json().get("reason").asText()).isEqualTo("manual");
        clock.advance(Duration.ofMinutes(5));

        // something goes wrong: a merged record that points nowhere
        try (Workspace opened = new WorkspaceService(clock).open(Path.of(ws), null)) {
            opened.dsl().execute("UPDATE contact SET status = 'merged'");
        }
        Run broken = run("--workspace", ws, "workspace", "check");
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.out()).contains("ERROR", "merged records point at no contact", "Problems found.");

        Run restored = run("--workspace", ws, "workspace", "restore", "latest", "--json");
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.json().get("keptAs").asText()).contains("before-restore");
        assertThat(run("--workspace", ws, "workspace", "check", "--json").code()).isZero();
        Run backups = run("--workspace", ws, "workspace", "backups", "--json");
        assertThat(backups.json().findValuesAsText("reason")).containsExactly("before-restore", "manual");

        Path first = tmp.resolve("first.txt");
        Files.writeString(first, "primera clave\n");
        Run encrypted = run("--workspace", ws, "--password-file", first.toString(), "workspace", "encrypt", "--json");
        assertThat(encrypted.code()).as(encrypted.err()).isZero();
        assertThat(encrypted.json().get("plainBackupsDeleted").asInt()).isEqualTo(2);
        assertThat(run("--workspace", ws, "contacts", "list", "--json").code()).isNotZero();
        assertThat(run("--workspace", ws, "--password-file", first.toString(), "contacts", "list", "--json").json())
                .hasSize(1);

        Path second = tmp.resolve("second.txt");
        Files.writeString(second, "segunda\n");
        assertThat(run("--workspace", ws, "--password-file", first.toString(), "workspace", "password",
                "--new-password-file", second.toString()).code()).isZero();
        assertThat(run("--workspace", ws, "--password-file", first.toString(), "contacts", "list").code())
                .isNotZero();
        assertThat(run("--workspace", ws, "--password-file", second.toString(), "contacts", "list", "--json").json())
                .hasSize(1);
    }
}
