package org.registro.contact.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.EVENT;

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
import org.registro.consent.ConsentService;
import org.registro.segment.ContactTable;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.UserSettings;
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
    private SegmentService segments;
    private ConsentService consent;
    private ContactTable table;
    private UserSettings settings;

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
        AuditLog audit = new AuditLog(workspace.clock(), "test");
        segments = new SegmentService(workspace, audit);
        consent = new ConsentService(workspace, audit);
        table = new ContactTable(workspace, segments, contacts, consent);
        settings = new UserSettings(tmp.resolve("settings.json"));
        model = new ContactsViewModel(contacts, table, new DirectTaskRunner(), settings);
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
        model.save(null, ContactDraft.of("Ana", "Ruiz", "ana@"), null, saved::set, invalid::set, e -> { });
        assertThat(invalid.get().problems()).containsOnlyKeys("email");
        assertThat(saved.get()).isNull();

        model.save(null, ContactDraft.of("Ana", "Ruiz", "ana@example.es"), null, saved::set, invalid::set, e -> { });
        assertThat(saved.get()).isNotNull();
        assertThat(model.profileProperty().get().email()).isEqualTo("ana@example.es");
        assertThat(model.totalProperty().get()).isEqualTo(251);

        model.addTag("volunteer");
        assertThat(model.profileProperty().get().tags()).containsExactly("volunteer");
        model.removeTag("volunteer");
        assertThat(model.profileProperty().get().tags()).isEmpty();
    }

    @Test
    void figuresSortTheWholeListAndASegmentNarrowsIt() {
        model.search("");
        List<Long> all = ids();
        long a = all.get(3);
        long b = all.get(7);
        long c = all.get(11);
        long d = all.get(12);
        gift(a, "10", "2025-05-01T10:00:00Z");
        gift(a, "25.50", "2025-11-20T10:00:00Z");
        gift(b, "100", "2024-01-15T10:00:00Z");
        gift(c, null, "2025-12-01T10:00:00Z");
        event(d, "email_opened", "2026-01-30T10:00:00Z");
        consent.record(new ConsentService.Change(a, "email", null, "granted", "form", "Web", null, "signed up"));
        consent.record(new ConsentService.Change(b, "email", null, "withdrawn", "manual", "Phone call", null, "asked"));
        contacts.addTag(a, "donor");

        model.sortBy(ContactSort.GIVEN, false);
        assertThat(ids().subList(0, 2)).containsExactly(b, a); // c gave once without an amount: zero, like most
        ContactSummary first = model.rows().get(1);
        assertThat(first.facts().given()).isEqualByComparingTo("35.5");
        assertThat(first.facts().gifts()).isEqualTo(2);
        assertThat(first.facts().lastGift()).isEqualTo(java.time.Instant.parse("2025-11-20T10:00:00Z"));
        assertThat(first.facts().tags()).containsExactly("donor");
        assertThat(first.facts().consent()).containsEntry("email", "granted");
        assertThat(model.rangeText()).isEqualTo("1–100 of 250");

        model.sortBy(ContactSort.LAST_ACTIVITY, false);
        assertThat(ids().subList(0, 4)).containsExactly(d, c, a, b);
        model.sortBy(ContactSort.CONSENT, "email", false);
        assertThat(ids().subList(0, 2)).containsExactly(a, b); // opted in, then withdrawn, then nobody asked
        // the pages of a sorted list are slices of the one list, to the last
        model.sortBy(ContactSort.GIFTS, true);
        long[] whole = table.list("", null, ContactSort.GIFTS, null, true).ids();
        model.nextPage();
        assertThat(ids()).containsExactlyElementsOf(java.util.Arrays.stream(whole, 100, 200).boxed().toList());
        model.lastPage();
        assertThat(ids()).containsExactlyElementsOf(java.util.Arrays.stream(whole, 200, 250).boxed().toList());
        assertThat(ids().subList(47, 49)).containsExactlyInAnyOrder(b, c);
        assertThat(ids().get(49)).isEqualTo(a);

        segments.save("Gave", "", new RuleDocument(1, new Rule.Events("donation", null, null, null, null, true)));
        model.loadSegments();
        assertThat(model.segments()).containsExactly("Gave");
        model.showSegment("Gave");
        assertThat(model.rangeText()).isEqualTo("1–3 of 3");
        model.sortBy(ContactSort.NAME, true);
        assertThat(model.rows()).extracting(ContactSummary::id).containsExactlyInAnyOrder(a, b, c);
        assertThat(model.rows()).extracting(ContactSummary::lastName).isSorted();
        model.search(model.rows().get(0).email());
        assertThat(model.rangeText()).isEqualTo("1–1 of 1");
        model.search("");
        model.showSegment(null);
        assertThat(model.rangeText()).isEqualTo("1–100 of 250");
    }

    @Test
    void theConsentColumnsAreTheWorkspacesChannels() {
        assertThat(model.channels()).isEmpty(); // read off the FX thread, when the screen first shows
        model.loadChannels();
        assertThat(model.channels()).startsWith("email", "sms");
    }

    @Test
    void theChosenColumnsAreRemembered() {
        assertThat(model.shownColumns()).containsExactlyElementsOf(ContactsViewModel.DEFAULT_COLUMNS);
        model.showColumn("given", true);
        model.showColumn("city", false);
        ContactsViewModel again = new ContactsViewModel(contacts, table, new DirectTaskRunner(),
                new UserSettings(tmp.resolve("settings.json")));
        assertThat(again.shownColumns()).containsExactly("phone", "updated", "given");
    }

    private void gift(long contact, String amount, String at) {
        workspace.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, contact).set(EVENT.EVENT_TYPE, "donation")
                .set(EVENT.OCCURRED_AT, java.time.OffsetDateTime.parse(at))
                .set(EVENT.AMOUNT, amount == null ? null : new java.math.BigDecimal(amount))
                .set(EVENT.RECORDED_AT, java.time.OffsetDateTime.parse(at)).execute();
    }

    private void event(long contact, String type, String at) {
        workspace.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, contact).set(EVENT.EVENT_TYPE, type)
                .set(EVENT.OCCURRED_AT, java.time.OffsetDateTime.parse(at))
                .set(EVENT.RECORDED_AT, java.time.OffsetDateTime.parse(at)).execute();
    }
}
