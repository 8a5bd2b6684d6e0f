package org.registro.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.testutil.WorkspaceInvariants;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * What half a transaction can leave after a kill -9 (h2database #2080) is put right when the workspace opens
 * again: a record marked merged without its merge is active again, and the consent state is the ledger's fold.
 * A workspace closed normally is left as it is.
 */
class UncleanShutdownRepairTest {

    @TempDir
    Path tmp;

    @Test
    void halfAMergeAndAStaleConsentStateArePutRightOnlyAfterAnAbruptEnd() throws Exception {
        Path dir = tmp.resolve("ws");
        long ana;
        long bea;
        try (Workspace ws = new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("W", "ES", null))) {
            Session session = Session.open(ws, new WorkspaceService(Clock.systemUTC()), "t");
            ana = session.contacts().create(ContactDraft.of("Ana", "Ruiz", "ana@example.es"));
            bea = session.contacts().create(ContactDraft.of("Bea", "Gil", "bea@example.es"));
            session.consent().record(new ConsentService.Change(ana, "email", null, "granted", "form", null, null,
                    null));
            // what a merge cut short can leave: the record marked merged, no merge; a state not the ledger's
            ws.dsl().update(CONTACT).set(CONTACT.STATUS, "merged").set(CONTACT.MERGED_INTO_ID, ana)
                    .where(CONTACT.ID.eq(bea)).execute();
            ws.dsl().update(CONSENT_STATE).set(CONSENT_STATE.STATUS, "withdrawn")
                    .where(CONSENT_STATE.CONTACT_ID.eq(ana)).execute();
        }
        try (Workspace ws = Session.workspaceService(Clock.systemUTC(), "t").open(dir, null)) {
            assertThat(ws.dsl().fetchValue(CONTACT.STATUS, CONTACT.ID.eq(bea)))
                    .as("closed normally: nothing is touched").isEqualTo("merged");
        }
        Files.writeString(dir.resolve(".registro.lock"), "pid 1 on a computer that lost power");

        try (Workspace ws = Session.workspaceService(Clock.systemUTC(), "t").open(dir, null)) {
            assertThat(ws.openedAfterUncleanShutdown()).isTrue();
            WorkspaceInvariants.check(ws);
            assertThat(ws.dsl().fetchValue(CONTACT.STATUS, CONTACT.ID.eq(bea))).isEqualTo("active");
            assertThat(ws.dsl().select(CONSENT_STATE.STATUS).from(CONSENT_STATE)
                    .where(CONSENT_STATE.CONTACT_ID.eq(ana)).fetchSingle(CONSENT_STATE.STATUS)).isEqualTo("granted");
            assertThat(ws.dsl().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).fetch(AUDIT_LOG.ACTION))
                    .contains("merge.repaired", "consent.repaired");
        }
    }
}
