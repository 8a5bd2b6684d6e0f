package org.registro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.testutil.TestClock;

/** Invariant 8: a failed recovery opens the workspace read-only, says why, and offers retry and restore. */
class WorkspaceRecoveryTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");

    @Test
    void aRecoveryThatFailsOpensReadOnlyRecordsItAndRetryOrRestoreBringsItBack() {
        Path dir = tmp.resolve("ngo");
        WorkspaceService plain = new WorkspaceService(clock);
        try (Workspace ws = plain.create(dir, new NewWorkspace("NGO", "ES", null))) {
            contacts(ws).create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
            plain.backup(ws, "manual");
            clock.advance(java.time.Duration.ofMinutes(5));
            contacts(ws).create(ContactDraft.of("Luis", "Gil", "luis@example.org"));
        }
        WorkspaceService failing = new WorkspaceService(clock).afterOpen(ws -> {
            throw new IllegalStateException("Referential integrity constraint violation: DUPLICATE_PAIR");
        });

        Workspace limited = failing.open(dir, null);
        try {
            assertThat(limited.readOnly()).isTrue();
            assertThat(limited.recoveryProblem()).get().asString().contains("DUPLICATE_PAIR");
            assertThat(contacts(limited).count()).as("what is there can be read").isEqualTo(2);
            assertThat(plain.recentActivity(limited, 5)).extracting(ActivityEntry::action)
                    .contains("workspace.recoveryFailed");
            assertThat(plain.info(limited).recoveryProblem()).contains("DUPLICATE_PAIR");
            assertThatThrownBy(() -> contacts(limited).create(ContactDraft.of("Eva", "Sanz", "eva@example.org")))
                    .satisfies(e -> assertThat(RegistroException.explain(e)).isNotNull()
                            .extracting(RegistroException::key).isEqualTo("error.workspace.readOnly"));
        } finally {
            limited.close();
        }

        Workspace retried = plain.retryRecovery(failing.open(dir, null), null);
        try {
            assertThat(retried.readOnly()).as("the retry works once the cause is gone").isFalse();
            contacts(retried).create(ContactDraft.of("Eva", "Sanz", "eva@example.org"));
        } finally {
            retried.close();
        }

        Path backup = WorkspaceService.backups(dir).get(0).file();
        Path kept = plain.restore(dir, backup);
        assertThat(kept).isRegularFile().hasParent(dir.resolve("backups"));
        try (Workspace restored = plain.open(dir, null)) {
            assertThat(contacts(restored).count()).as("as it was at the backup").isEqualTo(1);
        }
        assertThat(Files.exists(dir.resolve("registro.restoring"))).isFalse();
    }

    /** What H2 says when kill -9 left an index pointing at a row its table no longer holds. */
    private static RuntimeException damagedIndex() {
        return new IllegalStateException("recovery failed", new java.sql.SQLException(
                "Row \"44068\" not found in primary index \"PUBLIC.CONTACT_VALUE_DATA\"", "HY000",
                org.h2.api.ErrorCode.ROW_NOT_FOUND_IN_PRIMARY_INDEX));
    }

    @Test
    void aDamagedIndexIsRebuiltFromTheRowsAndTheUnfinishedWorkCompletes() throws Exception {
        Path dir = tmp.resolve("shop");
        WorkspaceService plain = new WorkspaceService(clock);
        try (Workspace ws = plain.create(dir, new NewWorkspace("Shop", "DK", null))) {
            contacts(ws).create(ContactDraft.of("Mette", "Hansen", "mette@example.dk"));
            contacts(ws).create(ContactDraft.of("Søren", "Kierkegaard", "soren@example.dk"));
        }
        int[] calls = {0};
        WorkspaceService damaged = new WorkspaceService(clock).afterOpen(ws -> {
            if (calls[0]++ == 0) {
                throw damagedIndex();
            }
        });

        try (Workspace ws = damaged.open(dir, null)) {
            assertThat(ws.readOnly()).isFalse();
            assertThat(calls[0]).as("the unfinished work is tried again on the new file").isEqualTo(2);
            assertThat(contacts(ws).count()).isEqualTo(2);
            assertThat(ws.dsl().fetchCount(org.registro.db.Tables.CONTACT,
                    org.registro.db.Tables.CONTACT.EMAIL.eq("soren@example.dk"))).isEqualTo(1);
            assertThat(plain.recentActivity(ws, 5)).extracting(ActivityEntry::action).contains("workspace.rebuilt");
            contacts(ws).create(ContactDraft.of("Ida", "Jensen", "ida@example.dk"));
        }
        try (var files = Files.list(dir.resolve("backups"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .anyMatch(f -> f.endsWith("-damaged.mv.db")).noneMatch(f -> f.contains("rebuild"));
        }
        try (Workspace ws = plain.open(dir, null)) {
            assertThat(contacts(ws).count()).isEqualTo(3);
        }
    }

    @Test
    void aDamagedIndexThatARebuildDoesNotCureOpensReadOnlyOnce() {
        Path dir = tmp.resolve("shop");
        WorkspaceService plain = new WorkspaceService(clock);
        try (Workspace ws = plain.create(dir, new NewWorkspace("Shop", "DK", null))) {
            contacts(ws).create(ContactDraft.of("Mette", "Hansen", "mette@example.dk"));
        }
        int[] calls = {0};
        WorkspaceService damaged = new WorkspaceService(clock).afterOpen(ws -> {
            calls[0]++;
            throw damagedIndex();
        });

        try (Workspace ws = damaged.open(dir, null)) {
            assertThat(ws.readOnly()).isTrue();
            assertThat(calls[0]).as("one rebuild, one more try").isEqualTo(2);
            assertThat(contacts(ws).count()).isEqualTo(1);
        }
    }

    private static ContactService contacts(Workspace ws) {
        return new ContactService(ws, new AuditLog(ws.clock(), "tester"));
    }
}
