package org.registro.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** A summary kept as a phrase reads in each reader's language, and is stored in English beside its key. */
class PhraseTest {

    @TempDir
    Path tmp;

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ENGLISH);
    }

    @Test
    void aPhraseReadsInTheCurrentLanguageWithItsCodesNamedAndIsStoredInEnglish() {
        Phrase consent = Phrase.of("audit.consent.topic", Phrase.code("channel.", "email"),
                Phrase.code("consent.status.", "withdrawn"), Phrase.code("topic.", "events"));
        Messages.setLocale(new Locale("es", "ES"));
        assertThat(consent.text()).isEqualTo("Consentimiento Email/Eventos: Baja");
        assertThat(consent.english()).isEqualTo("Consent Email/Events: Withdrawn");
        // a code without a name (a channel a user added) reads as itself
        assertThat(Phrase.of("audit.consent", Phrase.code("channel.", "fax"), "x").text())
                .isEqualTo("Consentimiento fax: x");
        // ids without grouping; counts with the language's grouping
        assertThat(Phrase.of("audit.privacy.erase", 12345L).text()).isEqualTo("Contacto n.º 12345 suprimido");
        assertThat(Phrase.of("audit.journey.migrate", 12000, 2, "Bienvenida").text())
                .isEqualTo("12.000 personas pasadas a la versión 2 de Bienvenida");
        // a list of fields named in words
        Phrase edit = Phrase.of("audit.contact.update", Phrase.list(List.of(Phrase.code("field.", "email"),
                Phrase.code("field.", "city"))));
        assertThat(edit.english()).isEqualTo("Edited Email, City");

        // counts in words with their plural, inside a list
        Phrase sync = Phrase.of("audit.destination.sync", "Brevo", "brevo.csv", Phrase.list(List.of(
                org.registro.destination.Reason.WITHDRAWAL.count(1),
                org.registro.destination.Reason.CORRECTED.count(1200))));
        assertThat(sync.text()).isEqualTo("Cambios para Brevo escritos en brevo.csv: 1 baja, 1.200 direcciones corregidas");
        assertThat(Phrase.read(sync.key(), sync.argsJson()).english())
                .isEqualTo("Changes for Brevo written to brevo.csv: 1 withdrawal, 1,200 corrected addresses");

        Phrase back = Phrase.read(consent.key(), consent.argsJson());
        assertThat(back.text()).isEqualTo(consent.text());
        assertThat(Phrase.read(edit.key(), edit.argsJson()).english()).isEqualTo(edit.english());
        assertThat(Phrase.read(null, null)).isNull();
    }

    @Test
    void theActivityOfAWorkspaceReadsInTheReadersLanguage() {
        TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("w"), clock)) {
            Messages.setLocale(new Locale("es", "ES"));
            long id = TestWorkspaces.contacts(ws).create(ContactDraft.of("Ana", "Gil", "ana@example.org"));
            new ConsentService(ws, new org.registro.workspace.AuditLog(clock, "t")).record(new ConsentService.Change(
                    id, "email", null, "granted", "form", "Web", null, "signed up"));
            WorkspaceService workspaces = new WorkspaceService(clock);
            assertThat(workspaces.recentActivity(ws, 5)).extracting(e -> e.summary())
                    .containsExactly("Consentimiento Email: Alta", "Creado Ana Gil");
            // stored in English whatever the language it was written in
            assertThat(ws.dsl().select(org.registro.db.Tables.AUDIT_LOG.SUMMARY).from(org.registro.db.Tables.AUDIT_LOG)
                    .orderBy(org.registro.db.Tables.AUDIT_LOG.ID).fetch(0, String.class))
                    .containsExactly("Created Ana Gil", "Consent Email: Opted in");
            Messages.setLocale(Locale.ENGLISH);
            assertThat(workspaces.recentActivity(ws, 5)).extracting(e -> e.summary())
                    .containsExactly("Consent Email: Opted in", "Created Ana Gil");
        }
    }
}
