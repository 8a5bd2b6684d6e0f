package org.registro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.contact.ContactDraft;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;

class WorkspaceServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private final WorkspaceService service = new WorkspaceService(clock);

    @Test
    void createLaysOutFoldersAndMigratesTheSchema() {
        Path dir = tmp.resolve("ngo");
        try (Workspace ws = service.create(dir, new NewWorkspace("Fundación Sol", "es", null))) {
            assertThat(dir.resolve("backups")).isDirectory();
            assertThat(dir.resolve("rejects")).isDirectory();
            assertThat(dir.resolve("exports")).isDirectory();
            assertThat(dir.resolve("registro.mv.db")).isRegularFile();
            WorkspaceInfo info = service.info(ws);
            assertThat(info.name()).isEqualTo("Fundación Sol");
            assertThat(info.defaultRegion()).isEqualTo("ES");
            assertThat(info.schemaVersion()).isEqualTo(org.registro.testutil.TestWorkspaces.latestSchemaVersion());
            assertThat(info.rowCounts()).containsEntry("channel", 5L).containsEntry("contact", 0L)
                    .containsKeys("consent_event", "consent_state", "identifier", "segment", "journey",
                            "export_run", "suppression", "audit_log", "value_provenance");
        }
    }

    @Test
    void reopenKeepsTheData() {
        Path dir = tmp.resolve("shop");
        try (Workspace ws = service.create(dir, new NewWorkspace("Shop", "DK", null))) {
            TestWorkspaces.contacts(ws).create(ContactDraft.of("Mette", "Hansen", "mette@example.dk"));
        }
        try (Workspace ws = service.open(dir, null)) {
            assertThat(TestWorkspaces.contacts(ws).count()).isEqualTo(1);
            assertThat(ws.defaultRegion()).isEqualTo("DK");
        }
        assertThat(dir.resolve("registro.trace.db")).as("H2 logged no error").doesNotExist();
    }

    @Test
    void createRefusesAFolderThatIsNotEmpty() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> service.create(dir, new NewWorkspace("X", "ES", null)))
                .isInstanceOf(RegistroException.class)
                .hasMessageContaining("is not empty");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void openingAFolderWithoutWorkspaceSaysSo() {
        assertThatThrownBy(() -> service.open(tmp, null))
                .isInstanceOf(RegistroException.class)
                .hasMessageContaining("No Registro workspace");
    }

    @Test
    void aSecondOpenWhileTheFirstIsOpenGetsAClearMessage() {
        Path dir = tmp.resolve("locked");
        try (Workspace first = service.create(dir, new NewWorkspace("Locked", "ES", null))) {
            assertThatThrownBy(() -> service.open(dir, null))
                    .isInstanceOf(WorkspaceLockedException.class)
                    .hasMessageContaining("already open in another Registro");
        }
        try (Workspace again = service.open(dir, null)) {
            assertThat(again.isClosed()).isFalse();
        }
    }

    @Test
    void reopeningWhileThisProcessIsStillClosingTheWorkspaceWaitsForTheClose() throws Exception {
        Path dir = tmp.resolve("switch");
        Workspace first = service.create(dir, new NewWorkspace("Switch", "ES", null));
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.close();
        });
        closer.start();
        try (Workspace again = service.open(dir, null)) {
            assertThat(first.isClosed()).isTrue();
            assertThat(again.defaultRegion()).isEqualTo("ES");
        }
        closer.join();
    }

    @Test
    void encryptedWorkspaceOpensOnlyWithItsPasswordAndAWrongOneTouchesNothing() throws Exception {
        Path dir = tmp.resolve("client");
        try (Workspace ws = service.create(dir, new NewWorkspace("Client", "ES", "s3cret pass".toCharArray()))) {
            TestWorkspaces.contacts(ws).create(ContactDraft.of("Ana", "López", "ana@example.es"));
        }
        Path db = dir.resolve("registro.mv.db");
        String before = sha256(db);
        assertThat(Files.readString(db, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("ana@example.es");

        assertThatThrownBy(() -> service.open(dir, "wrong".toCharArray()))
                .isInstanceOf(WrongPasswordException.class)
                .hasMessageContaining("does not open");
        // Everything after the first space counts too (H2 itself splits its password string there).
        assertThatThrownBy(() -> service.open(dir, "s3cret other".toCharArray()))
                .isInstanceOf(WrongPasswordException.class);
        assertThatThrownBy(() -> service.open(dir, null)).isInstanceOf(PasswordRequiredException.class);
        assertThat(sha256(db)).isEqualTo(before);

        try (Workspace ws = service.open(dir, "s3cret pass".toCharArray())) {
            assertThat(TestWorkspaces.contacts(ws).count()).isEqualTo(1);
        }
    }

    @Test
    void changingTheDefaultRegionChangesHowPhonesAreReadAndIsAudited() {
        try (Workspace ws = service.create(tmp.resolve("r"), new NewWorkspace("R", "ES", null))) {
            var contacts = TestWorkspaces.contacts(ws);
            service.setDefaultRegion(ws, "dk", new AuditLog(clock, "tester"));
            assertThat(ws.defaultRegion()).isEqualTo("DK");
            long id = contacts.create(ContactDraft.of("Mette", "Hansen", null).withPhone("20 12 34 56"));
            assertThat(contacts.profile(id).orElseThrow().phone()).isEqualTo("+4520123456");
            assertThat(service.recentActivity(ws, 5)).extracting(ActivityEntry::action)
                    .containsExactly("contact.create", "workspace.region");
            assertThatThrownBy(() -> service.setDefaultRegion(ws, "Spain", new AuditLog(clock, "tester")))
                    .isInstanceOf(RegistroException.class);
        }
    }

    @Test
    void aNewerVersionBacksUpBeforeMigratingAnOlderWorkspaceAndKeepsItsData() throws Exception {
        Path dir = tmp.resolve("old");
        try (Workspace ws = service.create(dir, new NewWorkspace("Old", "ES", null))) {
            TestWorkspaces.contacts(ws).create(ContactDraft.of("Ana", "Ruiz", "ana@example.es"));
        }
        try (var backups = Files.list(dir.resolve("backups"))) {
            assertThat(backups).isEmpty();
        }
        var newer = new WorkspaceService(clock, "classpath:db/migration", "classpath:db/newer-version");
        try (Workspace ws = newer.open(dir, null)) {
            assertThat(newer.info(ws).schemaVersion()).isEqualTo("900");
            assertThat(TestWorkspaces.contacts(ws).count()).isEqualTo(1);
        }
        try (var backups = Files.list(dir.resolve("backups"))) {
            assertThat(backups).singleElement()
                    .satisfies(zip -> assertThat(zip.getFileName().toString()).endsWith("-before-v900.zip"));
        }
        try (Workspace ws = newer.open(dir, null); var backups = Files.list(dir.resolve("backups"))) {
            assertThat(backups).as("no new backup without pending migrations").hasSize(1);
        }
    }

    @Test
    void anotherProcessGetsAClearMessageWhileTheWorkspaceIsOpen() throws Exception {
        Path dir = tmp.resolve("shared");
        try (Workspace ws = service.create(dir, new NewWorkspace("Shared", "ES", null))) {
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.registro.Main",
                    "--workspace", dir.toString(), "contacts", "list")
                    .redirectErrorStream(false).start();
            assertThat(other.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String err = new String(other.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(other.exitValue()).isEqualTo(1);
            assertThat(err).contains("already open in another Registro").doesNotContain("Exception");
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void backupWritesAZipIntoBackups() {
        try (Workspace ws = service.create(tmp.resolve("b"), new NewWorkspace("B", "ES", null))) {
            Path backup = service.backup(ws, "manual");
            assertThat(backup).isRegularFile().hasParent(ws.backupsDir());
            assertThat(backup.getFileName().toString()).startsWith("registro-20260301-100000-manual");
        }
    }

    @Test
    void theNewestMigrationIsTheVersionAWorkspaceOpensWithoutFlyway() {
        assertThat(String.valueOf(WorkspaceService.LATEST_MIGRATION))
                .isEqualTo(org.registro.testutil.TestWorkspaces.latestSchemaVersion());
    }

    @Test
    void theWindowsSizeAndLastAreaAreRememberedAndADamagedFileStartsFromDefaults() throws Exception {
        UserSettings settings = new UserSettings(tmp.resolve("w/settings.json"));
        assertThat(settings.windowSize()).isNull();
        assertThat(settings.maximized()).isNull();
        settings.setWindow(1280, 800, false);
        settings.setLastArea("SEGMENTS");
        UserSettings reloaded = new UserSettings(tmp.resolve("w/settings.json"));
        assertThat(reloaded.windowSize()).containsExactly(1280, 800);
        assertThat(reloaded.maximized()).isFalse();
        assertThat(reloaded.lastArea()).isEqualTo("SEGMENTS");
        java.nio.file.Files.writeString(tmp.resolve("w/settings.json"), "{ not json");
        assertThat(new UserSettings(tmp.resolve("w/settings.json")).lastArea()).isNull();
    }

    @Test
    void recentWorkspacesKeepTheLastOpenedFirst() {
        UserSettings settings = new UserSettings(tmp.resolve("settings.json"));
        settings.addRecent(tmp.resolve("a"));
        settings.addRecent(tmp.resolve("b"));
        settings.addRecent(tmp.resolve("a"));
        UserSettings reloaded = new UserSettings(tmp.resolve("settings.json"));
        assertThat(reloaded.recentWorkspaces()).containsExactly(tmp.resolve("a"), tmp.resolve("b"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
