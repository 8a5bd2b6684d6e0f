package org.registro.contact.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Messages;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactQuery;
import org.registro.contact.ContactService;
import org.registro.contact.ContactSort;
import org.registro.contact.ContactSummary;
import org.registro.contact.ValidationException;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.ui.DirectTaskRunner;
import org.registro.workspace.Workspace;

class ContactsViewModelTest {

    @TempDir
    Path tmp;

    private Workspace workspace;
    private ContactService contacts;
    private ContactsViewModel model;

    @BeforeEach
    void open() {
        Messages.setLocale(Locale.ENGLISH);
        workspace = TestWorkspaces.create(tmp, TestClock.at("2026-02-02T08:00:00Z"));
        contacts = TestWorkspaces.contacts(workspace);
        List<ContactDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            drafts.add(ContactDraft.of("P" + i, String.format("Name%03d", (i * 37) % 250), "p" + i + "@example.org"));
        }
        drafts.forEach(contacts::create);
        model = new ContactsViewModel(contacts, new DirectTaskRunner());
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private List<Long> ids() {
        return model.rows().stream().map(ContactSummary::id).toList();
    }

    private List<Long> byOffset(int offset, int limit) {
        return contacts.page(new ContactQuery(null, ContactSort.NAME, true, offset, limit)).rows().stream()
                .map(ContactSummary::id).toList();
    }

    @Test
    void pagerMovesThroughAllContactsInOrder() {
        model.search("");
        assertThat(model.rows()).hasSize(100);
        assertThat(model.rangeText()).isEqualTo("1–100 of 250");
        assertThat(model.pageCountBinding().get()).isEqualTo(3);

        model.nextPage();
        assertThat(ids()).isEqualTo(byOffset(100, 100));
        model.nextPage();
        assertThat(model.rangeText()).isEqualTo("201–250 of 250");
        assertThat(ids()).isEqualTo(byOffset(200, 50));
        model.nextPage(); // no page beyond the last
        assertThat(model.pageProperty().get()).isEqualTo(2);

        model.previousPage();
        assertThat(ids()).isEqualTo(byOffset(100, 100));
        model.lastPage();
        assertThat(ids()).isEqualTo(byOffset(200, 50));
        model.firstPage();
        assertThat(ids()).isEqualTo(byOffset(0, 100));
    }

    @Test
    void sortingGoesBackToTheFirstPage() {
        model.search("");
        model.nextPage();
        model.sortBy(ContactSort.EMAIL, false);
        assertThat(model.pageProperty().get()).isZero();
        assertThat(model.rows().get(0).email()).isEqualTo("p9@example.org"); // "@" sorts after "9"
    }

    @Test
    void aLargeSearchResultReadsAsMoreThanTheLimit() {
        List<ContactDraft> drafts = new ArrayList<>();
        for (int i = 0; i < ContactService.SEARCH_LIMIT + 5; i++) {
            drafts.add(ContactDraft.of("Ana", "García", "ana" + i + "@example.es"));
        }
        drafts.forEach(contacts::create);
        model.search("garc");
        assertThat(model.rangeText()).isEqualTo("1–100 of 1,000+");
        assertThat(model.pageCountBinding().get()).isEqualTo(10);
        model.lastPage();
        assertThat(model.rangeText()).isEqualTo("901–1,000 of 1,000+");
    }

    @Test
    void savingRefusesABadDraftAndSelectsTheSavedContact() {
        model.search("");
        AtomicReference<ValidationException> invalid = new AtomicReference<>();
        AtomicReference<Long> saved = new AtomicReference<>();
        model.save(null, ContactDraft.of("Ana", "Ruiz", "ana@"), saved::set, invalid::set, e -> { });
        assertThat(invalid.get().problems()).containsOnlyKeys("email");
        assertThat(saved.get()).isNull();

        model.save(null, ContactDraft.of("Ana", "Ruiz", "ana@example.es"), saved::set, invalid::set, e -> { });
        assertThat(saved.get()).isNotNull();
        assertThat(model.profileProperty().get().email()).isEqualTo("ana@example.es");
        assertThat(model.totalProperty().get()).isEqualTo(251);

        model.addTag("volunteer");
        assertThat(model.profileProperty().get().tags()).containsExactly("volunteer");
        model.removeTag("volunteer");
        assertThat(model.profileProperty().get().tags()).isEmpty();
    }
}
