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

        Path backup = WorkspaceService.backups(dir).get(0);
        Path kept = plain.restore(dir, backup);
        assertThat(kept).isRegularFile().hasParent(dir.resolve("backups"));
        try (Workspace restored = plain.open(dir, null)) {
            assertThat(contacts(restored).count()).as("as it was at the backup").isEqualTo(1);
        }
        assertThat(Files.exists(dir.resolve("registro.restoring"))).isFalse();
    }

    private static ContactService contacts(Workspace ws) {
        return new ContactService(ws, new AuditLog(ws.clock(), "tester"));
    }
}
