package org.registro.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.testutil.TestClock;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Backups;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.PasswordRequiredException;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.registro.workspace.WrongPasswordException;

/** Backups kept and restored, the integrity check finding what is wrong, and encryption of a workspace. */
class WorkspaceSafetyTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private final WorkspaceService service = new WorkspaceService(clock);

    private static long contacts(Workspace ws) {
        return ws.dsl().fetchCount(CONTACT);
    }

    private static void person(Workspace ws, String name) {
        new ContactService(ws, new AuditLog(ws.clock(), "tester"))
                .create(ContactDraft.of(name, "Gil", name.toLowerCase() + "@example.org"));
    }

    @Test
    void automaticBackupsRotateOnDemandOnesStayAndARestoreCanBeUndone() {
        Path dir = tmp.resolve("ws");
        try (Workspace ws = service.create(dir, new NewWorkspace("Sol", "ES", null))) {
            person(ws, "Ana");
            ws.backup(Backups.MANUAL);
            for (int i = 0; i < Backups.KEEP_AUTOMATIC + 3; i++) {
                clock.advance(Duration.ofMinutes(1));
                ws.backup("before-merge");
            }
            // two in the same second are both kept
            ws.backup("before-undo");
            person(ws, "Ben");
        }
        List<Backups.Backup> backups = Backups.list(dir);
        assertThat(backups.stream().filter(Backups.Backup::automatic)).hasSize(Backups.KEEP_AUTOMATIC);
        assertThat(backups).filteredOn(b -> !b.automatic()).singleElement()
                .satisfies(b -> assertThat(b.reason()).isEqualTo(Backups.MANUAL));
        assertThat(backups.get(0).reason()).as("newest first").isEqualTo("before-undo");
        assertThat(backups.get(1).reason()).isEqualTo("before-merge");
        assertThat(backups.get(0).takenAt()).isEqualTo(backups.get(1).takenAt());

        Backups.Backup manual = backups.get(backups.size() - 1);
        clock.advance(Duration.ofMinutes(1));
        Path kept = service.restore(dir, manual.file());
        try (Workspace ws = service.open(dir, null)) {
            assertThat(contacts(ws)).as("as it was when backed up").isEqualTo(1);
        }
        // the restore kept the workspace as it was, as a backup that puts Ben back
        assertThat(Backups.list(dir).get(0).file()).isEqualTo(kept);
        assertThat(Backups.list(dir).get(0).reason()).isEqualTo("before-restore");
        service.restore(dir, kept);
        try (Workspace ws = service.open(dir, null)) {
            assertThat(contacts(ws)).isEqualTo(2);
        }
    }

    @Test
    void theCheckReadsEverythingAndNamesWhatIsWrongAndConsentCanBeRepaired() {
        try (Workspace ws = service.create(tmp.resolve("c"), new NewWorkspace("Sol", "ES", null))) {
            person(ws, "Ana");
            person(ws, "Ben");
            long ana = ws.dsl().select(CONTACT.ID).from(CONTACT).where(CONTACT.FIRST_NAME.eq("Ana")).fetchSingle(CONTACT.ID);
            new ConsentService(ws, new AuditLog(clock, "tester")).record(new ConsentService.Change(ana, "email", null,
                    Consent.GRANTED, Consent.METHOD_FORM, null, clock.instant(), null));

            WorkspaceCheck.Report clean = new WorkspaceCheck(ws).run(Progress.NONE);
            assertThat(clean.ok()).isTrue();
            assertThat(clean.rowsRead()).isGreaterThanOrEqualTo(contacts(ws));
            assertThat(clean.findings()).extracting(WorkspaceCheck.Finding::code).containsExactly("noBackup");

            // the state says withdrawn where the ledger says granted; a merged record points nowhere;
            // an identifier points at a contact that does not exist
            ws.dsl().update(CONSENT_STATE).set(CONSENT_STATE.STATUS, Consent.WITHDRAWN).execute();
            ws.dsl().execute("SET REFERENTIAL_INTEGRITY FALSE");
            ws.dsl().update(CONTACT).set(CONTACT.STATUS, "merged").where(CONTACT.FIRST_NAME.eq("Ben")).execute();
            ws.dsl().update(IDENTIFIER).set(IDENTIFIER.CONTACT_ID, 999_999L)
                    .where(IDENTIFIER.CONTACT_ID.ne(ana)).execute();
            ws.dsl().execute("SET REFERENTIAL_INTEGRITY TRUE");
            ws.backup(Backups.MANUAL);

            WorkspaceCheck.Report broken = new WorkspaceCheck(ws).run(Progress.NONE);
            assertThat(broken.ok()).isFalse();
            assertThat(broken.findings()).extracting(WorkspaceCheck.Finding::code)
                    .contains("consentState", "mergedNowhere", "orphans").doesNotContain("noBackup");
            assertThat(broken.findings()).filteredOn(f -> f.code().equals("consentState")).singleElement()
                    .satisfies(f -> assertThat(f.examples()).containsExactly(ana));
            assertThat(broken.findings()).filteredOn(f -> f.code().equals("orphans"))
                    .anySatisfy(f -> assertThat(f.about()).startsWith("identifier"));
            assertThat(broken.findings()).allSatisfy(f -> assertThat(f.text()).doesNotContain("check."));

            assertThat(new WorkspaceCheck(ws).repairConsent()).isEqualTo(1);
            assertThat(new WorkspaceCheck(ws).run(Progress.NONE).findings()).extracting(WorkspaceCheck.Finding::code)
                    .doesNotContain("consentState");

            clock.advance(Duration.ofDays(45));
            assertThat(new WorkspaceCheck(ws).run(Progress.NONE).findings())
                    .anySatisfy(f -> assertThat(f.code()).isEqualTo("oldBackup"));
        }
    }

    @Test
    void encryptingLeavesNoPlainCopyAndThePasswordCanBeChanged() throws Exception {
        Path dir = tmp.resolve("e");
        try (Workspace ws = service.create(dir, new NewWorkspace("Sol", "ES", null))) {
            person(ws, "Ana");
            ws.backup(Backups.MANUAL);
        }
        char[] first = "uno dos tres".toCharArray();
        assertThat(service.encrypt(dir, first)).as("plain backups deleted").isEqualTo(1);
        assertThat(Backups.list(dir)).isEmpty();
        assertThat(Files.readString(dir.resolve("registro.mv.db"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("ana@example.org");
        assertThatThrownBy(() -> service.open(dir, null)).isInstanceOf(PasswordRequiredException.class);
        try (Workspace ws = service.open(dir, first)) {
            assertThat(ws.encrypted()).isTrue();
            assertThat(contacts(ws)).isEqualTo(1);
        }
        assertThatThrownBy(() -> service.encrypt(dir, first)).hasMessageContaining("already encrypted");

        char[] second = "cuatro".toCharArray();
        assertThatThrownBy(() -> service.changePassword(dir, "wrong".toCharArray(), second))
                .isInstanceOf(WrongPasswordException.class);
        try (Workspace ws = service.open(dir, first)) {
            assertThat(contacts(ws)).as("a refused change leaves it as it was").isEqualTo(1);
        }
        service.changePassword(dir, first, second);
        assertThatThrownBy(() -> service.open(dir, first)).isInstanceOf(WrongPasswordException.class);
        try (Workspace ws = service.open(dir, second)) {
            assertThat(contacts(ws)).isEqualTo(1);
        }
    }
}
