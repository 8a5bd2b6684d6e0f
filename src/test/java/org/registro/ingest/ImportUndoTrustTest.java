package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.DUPLICATE_PAIR;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.consent.ConsentService;
import org.registro.identity.DuplicateService;
import org.registro.ingest.ImportRecords.Summary;
import org.registro.testutil.TestClock;
import org.registro.testutil.ImportFixture;
import org.registro.workspace.Workspace;

/** Undoing an import after other features wrote about its contacts: nothing locks, the ledger only grows. */
class ImportUndoTrustTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private ImportFixture fixture;
    private Workspace workspace;
    private ImportService imports;

    @BeforeEach
    void open() {
        fixture = new ImportFixture(tmp, clock);
        workspace = fixture.workspace();
        imports = fixture.imports();
    }

    @AfterEach
    void close() {
        fixture.close();
        workspace.close(); // the test may have opened it again
    }

    private Summary importText(String name, String content) throws Exception {
        return fixture.importText(name, content);
    }

    @Test
    void undoingABatchAfterADuplicateScanLeavesAWorkspaceThatOpens() throws Exception {
        importText("crm.csv", "Email,First name,Last name,City\nana@example.org,Ana,Ruiz,Madrid\n");
        Summary second = importText("shop.csv",
                "Email,First name,Last name,City\nana.ruiz@example.com,Ana,Ruiz,Madrid\n");
        DuplicateService duplicates = fixture.session().duplicates();
        assertThat(duplicates.scan(Progress.NONE).pairs()).isEqualTo(1);

        var undo = imports.undo(second.batchId(), Progress.NONE);

        assertThat(undo.contactsRemoved()).isEqualTo(1);
        assertThat(workspace.dsl().fetchCount(CONTACT)).isEqualTo(1);
        assertThat(workspace.dsl().fetchCount(DUPLICATE_PAIR)).isZero();
        assertThat(imports.batch(second.batchId()).orElseThrow().status()).isEqualTo("undone");
        Path folder = workspace.folder();
        workspace.close();
        workspace = org.registro.wiring.Session.recoveringWorkspaceService(clock, "tester").open(folder, null);
        assertThat(workspace.dsl().fetchCount(CONTACT)).isEqualTo(1);
    }

    @Test
    void undoAppendsARetractionAndThePastStillAnswersAsItWas() throws Exception {
        importText("crm.csv", "Email,First name,Newsletter,Newsletter date\n"
                + "ana@example.org,Ana,yes,2026-01-10\n");
        long ana = workspace.dsl().select(CONTACT.ID).from(CONTACT).fetchSingle(CONTACT.ID);
        ConsentService consent = fixture.session().consent();
        assertThat(status(consent.current(ana))).isEqualTo("granted");

        clock.set("2026-03-05T10:00:00Z");
        String unsubscribed = "Email,First name,Newsletter,Newsletter date\nana@example.org,Ana,no,2026-03-04\n";
        Summary second = importText("unsubscribes.csv", unsubscribed);
        assertThat(status(consent.current(ana))).isEqualTo("withdrawn");
        int ledger = workspace.dsl().fetchCount(CONSENT_EVENT);

        clock.set("2026-03-10T10:00:00Z");
        imports.undo(second.batchId(), Progress.NONE);

        assertThat(workspace.dsl().fetchCount(CONSENT_EVENT)).as("nothing deleted from the ledger").isEqualTo(ledger);
        assertThat(status(consent.current(ana))).isEqualTo("granted");
        assertThat(status(consent.asOf(ana, Instant.parse("2026-03-06T00:00:00Z"))))
                .as("on March 6 we believed she had withdrawn").isEqualTo("withdrawn");
        assertThat(status(consent.asOf(ana, Instant.parse("2026-03-11T00:00:00Z")))).isEqualTo("granted");
        List<ConsentService.Event> history = consent.history(ana);
        assertThat(history).hasSize(2);
        assertThat(history.get(1).retracted()).isTrue();
        assertThat(history.get(0).retracted()).isFalse();

        clock.set("2026-03-12T10:00:00Z");
        importText("unsubscribes-again.csv", unsubscribed);
        assertThat(status(consent.current(ana))).as("the same withdrawal imported again counts")
                .isEqualTo("withdrawn");
    }

    private static String status(List<ConsentService.State> states) {
        return states.stream().filter(s -> s.channel().equals("email") && s.topic() == null)
                .map(ConsentService.State::status).findFirst().orElse(null);
    }
}
