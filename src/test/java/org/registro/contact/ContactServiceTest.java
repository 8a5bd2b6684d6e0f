package org.registro.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.VALUE_HISTORY;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.Workspace;

class ContactServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ContactService contacts;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        contacts = TestWorkspaces.contacts(workspace);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    @Test
    void anEditBegunBeforeSomeoneElseSavedIsRefusedWithTheirChangesUntilSavedOverThem() {
        long id = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
        ContactProfile opened = contacts.profile(id).orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        ContactService other = new ContactService(workspace, new org.registro.workspace.AuditLog(clock, "beatriz"));
        other.update(id, opened.toDraft().withAddress(null, null, "Sevilla", null), opened.updatedAt());
        clock.advance(Duration.ofMinutes(1));

        ContactDraft mine = opened.toDraft().withPhone("612 34 56 78");
        assertThatThrownBy(() -> contacts.update(id, mine, opened.updatedAt()))
                .isInstanceOfSatisfying(EditConflictException.class, conflict -> {
                    assertThat(conflict.changes()).extracting(EditConflictException.Change::field,
                                    EditConflictException.Change::value, EditConflictException.Change::by)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("city", "Sevilla", "beatriz"));
                    assertThat(conflict.current()).isEqualTo(contacts.profile(id).orElseThrow().updatedAt());
                });
        assertThat(contacts.profile(id).orElseThrow().phone()).as("nothing of the refused edit is saved").isNull();

        EditConflictException conflict = org.assertj.core.api.Assertions.catchThrowableOfType(
                EditConflictException.class, () -> contacts.update(id, mine, opened.updatedAt()));
        contacts.update(id, mine, conflict.current());
        ContactProfile saved = contacts.profile(id).orElseThrow();
        assertThat(saved.phone()).isEqualTo("+34612345678");
        assertThat(saved.city()).as("saved over theirs: the form held the old city").isNull();
        assertThat(workspace.dsl().selectCount().from(VALUE_HISTORY).where(VALUE_HISTORY.CONTACT_ID.eq(id))
                .and(VALUE_HISTORY.CHANGED_BY.eq("beatriz")).fetchSingle(0, int.class))
                .as("their change stays in the history").isEqualTo(1);
    }

    @Test
    void createNormalizesEmailAndPhoneAndKeepsTheRawValues() {
        long id = contacts.create(ContactDraft.of("  Masha ", "Kelley", " Masha.Kelley@Example.COM ")
                .withPhone("612 34 56 78").withTags(List.of("donor", "Donor", "madrid")));

        ContactProfile profile = contacts.profile(id).orElseThrow();
        assertThat(profile.firstName()).isEqualTo("Masha");
        assertThat(profile.email()).isEqualTo("masha.kelley@example.com");
        assertThat(profile.phone()).isEqualTo("+34612345678");
        assertThat(profile.identifiers()).extracting(ContactProfile.IdentifierInfo::kind,
                        ContactProfile.IdentifierInfo::rawValue, ContactProfile.IdentifierInfo::normalizedValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("email", "Masha.Kelley@Example.COM", "masha.kelley@example.com"),
                        org.assertj.core.groups.Tuple.tuple("phone", "612 34 56 78", "+34612345678"));
        assertThat(profile.tags()).containsExactly("donor", "madrid");
        assertThat(profile.provenance()).extracting(ContactProfile.Provenance::field)
                .contains("firstName", "lastName", "email", "phone");
        assertThat(profile.provenance()).allSatisfy(p -> assertThat(p.source()).isEqualTo(ContactService.MANUAL_SOURCE));
        assertThat(profile.audit()).extracting(ContactProfile.AuditEntry::action).containsExactly("contact.create");
    }

    @Test
    void invalidEmailPhoneAndCountryAreRefusedFieldByField() {
        var draft = new ContactDraft("Ana", "Ruiz", "ana@", "12", null, null, null, null, null, null, null, "Spain",
                null, List.of());
        assertThatThrownBy(() -> contacts.create(draft))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("email", "phone", "country"));
        assertThat(contacts.count()).isZero();
    }

    @Test
    void anEmailBelongsToOneContact() {
        long first = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.es"));
        assertThatThrownBy(() -> contacts.create(ContactDraft.of("Ana", "R.", "ANA@example.es")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems().get("email").message())
                        .contains("#" + first));
    }

    @Test
    void aFutureBirthDateIsRefused() {
        var draft = new ContactDraft("Ana", "Ruiz", null, null, LocalDate.of(2030, 1, 1), null, null, null, null,
                null, null, null, null, List.of());
        assertThatThrownBy(() -> contacts.create(draft)).isInstanceOf(ValidationException.class);
    }

    @Test
    void updateKeepsOldValuesInHistoryAndTheOldEmailAsSecondaryIdentifier() {
        long id = contacts.create(ContactDraft.of("Masha", "Kelley", "masha@old.org").withTags(List.of("donor")));
        clock.advance(Duration.ofDays(1));

        contacts.update(id, ContactDraft.of("Masha", "Kelley-Smith", "masha@new.org").withTags(List.of("volunteer")));

        ContactProfile profile = contacts.profile(id).orElseThrow();
        assertThat(profile.lastName()).isEqualTo("Kelley-Smith");
        assertThat(profile.email()).isEqualTo("masha@new.org");
        assertThat(profile.tags()).containsExactly("volunteer");
        assertThat(profile.identifiers()).filteredOn(i -> i.kind().equals("email"))
                .extracting(ContactProfile.IdentifierInfo::normalizedValue, ContactProfile.IdentifierInfo::primary)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("masha@new.org", true),
                        org.assertj.core.groups.Tuple.tuple("masha@old.org", false));
        var history = workspace.dsl().selectFrom(VALUE_HISTORY).where(VALUE_HISTORY.CONTACT_ID.eq(id)).fetch();
        assertThat(history).extracting(r -> r.getFieldKey() + ":" + r.getOldValue() + "->" + r.getNewValue())
                .containsExactlyInAnyOrder("lastName:Kelley->Kelley-Smith", "email:masha@old.org->masha@new.org");
        assertThat(profile.updatedAt()).isEqualTo(clock.instant());
        assertThat(profile.audit()).extracting(ContactProfile.AuditEntry::action)
                .containsExactly("contact.update", "contact.create");
        // The old address still links to the same person.
        assertThat(contacts.page(ContactQuery.firstPage("masha@old", 10)).rows())
                .extracting(ContactSummary::id).containsExactly(id);
    }

    @Test
    void saveWithoutChangesWritesNoAuditEntry() {
        long id = contacts.create(ContactDraft.of("Masha", "Kelley", "masha@old.org"));
        contacts.update(id, contacts.profile(id).orElseThrow().toDraft());
        assertThat(workspace.dsl().fetchCount(AUDIT_LOG)).isEqualTo(1);
    }

    @Test
    void tagsCanBeAddedAndRemovedAndAreAudited() {
        long id = contacts.create(ContactDraft.of("Lars", "Jensen", "lars@example.dk"));
        contacts.addTag(id, "VIP");
        contacts.addTag(id, "vip");
        assertThat(contacts.profile(id).orElseThrow().tags()).containsExactly("VIP");
        contacts.removeTag(id, "Vip");
        ContactProfile profile = contacts.profile(id).orElseThrow();
        assertThat(profile.tags()).isEmpty();
        assertThat(profile.audit()).extracting(ContactProfile.AuditEntry::action)
                .containsExactly("contact.tag.remove", "contact.tag.add", "contact.create");
    }

    @Test
    void quickSearchFindsByNamePrefixFullNameEmailPhoneAndId() {
        long masha = contacts.create(ContactDraft.of("Masha", "Kelley", "mk@example.com").withPhone("+34 612 345 678"));
        long jose = contacts.create(ContactDraft.of("José", "de la Fuente", "pepe@correo.es"));
        contacts.create(ContactDraft.of("Lars", "Jensen", "lars@example.dk"));

        assertThat(ids("kel")).containsExactly(masha);
        assertThat(ids("masha kel")).containsExactly(masha);
        assertThat(ids("kelley masha")).containsExactly(masha);
        assertThat(ids("jose")).containsExactly(jose);
        assertThat(ids("De La Fu")).containsExactly(jose);
        assertThat(ids("PEPE@")).containsExactly(jose);
        assertThat(ids("612 345")).containsExactly(masha);
        assertThat(ids("+34612")).containsExactly(masha);
        assertThat(ids(String.valueOf(jose))).contains(jose);
        assertThat(ids("nobody")).isEmpty();
        assertThat(ids("50%")).isEmpty();
        assertThat(contacts.countMatching("j")).isEqualTo(2); // José (first name) and Jensen (last name)
    }

    @Test
    void pagesAreSortedAndOffsetWithoutOverlap() {
        List<ContactDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            drafts.add(ContactDraft.of("Person", String.format("Name%03d", 249 - i), "p" + i + "@example.org"));
        }
        drafts.forEach(contacts::create);
        assertThat(contacts.count()).isEqualTo(250);

        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 250; offset += 100) {
            contacts.page(new ContactQuery(null, ContactSort.NAME, true, offset, 100)).rows()
                    .forEach(r -> seen.add(r.lastName()));
        }
        assertThat(seen).hasSize(250).isSorted().doesNotHaveDuplicates();
        var descending = contacts.page(new ContactQuery("", ContactSort.EMAIL, false, 0, 3)).rows();
        assertThat(descending).extracting(ContactSummary::email)
                .containsExactly("p9@example.org", "p99@example.org", "p98@example.org");
    }

    @Test
    void seekingPagesGivesTheSameRowsAsOffsetsForEverySortAndDirection() {
        java.util.Random random = new java.util.Random(11);
        String[] names = {"García", "López", "de la Fuente", "Ørsted", "Kelley", "", "Jensen"};
        List<ContactDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 537; i++) {
            String last = names[random.nextInt(names.length)];
            String email = random.nextInt(5) == 0 ? null : "c" + i + "@example.org";
            String first = random.nextInt(6) == 0 ? "" : "N" + random.nextInt(40);
            if (first.isEmpty() && last.isEmpty() && email == null) {
                email = "only" + i + "@example.org";
            }
            String city = random.nextInt(4) == 0 ? null : new String[] {"Madrid", "Århus", "Sevilla"}[random.nextInt(3)];
            drafts.add(ContactDraft.of(first, last, email).withAddress(null, null, city, null));
            if (i % 100 == 0) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        drafts.forEach(contacts::create);

        for (ContactSort sort : java.util.Arrays.stream(ContactSort.values()).filter(s -> !s.computed()).toList()) {
            for (boolean ascending : new boolean[] {true, false}) {
                List<Long> byOffset = new ArrayList<>();
                for (int offset = 0; offset < 537; offset += 100) {
                    contacts.page(new ContactQuery(null, sort, ascending, offset, 100)).rows()
                            .forEach(r -> byOffset.add(r.id()));
                }
                assertThat(byOffset).as("%s %s", sort, ascending).hasSize(537).doesNotHaveDuplicates();

                List<Long> forward = new ArrayList<>();
                ContactPage current = contacts.page(new ContactQuery(null, sort, ascending, 0, 100));
                current.rows().forEach(r -> forward.add(r.id()));
                List<ContactPage> pages = new ArrayList<>(List.of(current));
                while (forward.size() < 537) {
                    current = contacts.page(new ContactQuery(null, sort, ascending, ContactQuery.Position.AFTER,
                            current.lastKey(), forward.size(), 100));
                    current.rows().forEach(r -> forward.add(r.id()));
                    pages.add(current);
                }
                assertThat(forward).as("forward %s %s", sort, ascending).isEqualTo(byOffset);

                ContactPage back = contacts.page(new ContactQuery(null, sort, ascending, ContactQuery.Position.BEFORE,
                        pages.get(3).firstKey(), 200, 100));
                assertThat(back.rows()).as("back %s %s", sort, ascending).isEqualTo(pages.get(2).rows());

                ContactPage last = contacts.page(new ContactQuery(null, sort, ascending, ContactQuery.Position.LAST,
                        null, 500, 37));
                assertThat(last.rows()).extracting(ContactSummary::id).as("last %s %s", sort, ascending)
                        .isEqualTo(byOffset.subList(500, 537));
            }
        }
    }

    @Test
    void createAllWritesEveryIdentifierOfEveryContact() {
        List<ContactDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            drafts.add(ContactDraft.of("W" + i, "Bulk", "w" + i + "@example.org")
                    .withPhone("+34 6" + String.format("%08d", i)));
        }
        drafts.forEach(contacts::create);
        assertThat(workspace.dsl().fetchCount(org.registro.db.Tables.IDENTIFIER)).isEqualTo(6000);
    }

    @Test
    void quickSearchStopsCountingAfterTheLimitAndStillPages() {
        List<ContactDraft> drafts = new ArrayList<>();
        for (int i = 0; i < ContactService.SEARCH_LIMIT + 20; i++) {
            drafts.add(ContactDraft.of("Ana", "García " + i, "ana" + i + "@example.es"));
        }
        drafts.forEach(contacts::create);
        assertThat(contacts.countMatching("garc")).isEqualTo(ContactService.SEARCH_LIMIT + 1L);
        assertThat(contacts.countMatching("garcía 101")).isEqualTo(11); // 101, 1010..1019
        assertThat(contacts.page(new ContactQuery("garc", ContactSort.NAME, true, 900, 100)).rows()).hasSize(100);
    }

    private List<Long> ids(String search) {
        return contacts.page(ContactQuery.firstPage(search, 50)).rows().stream().map(ContactSummary::id).toList();
    }
}
