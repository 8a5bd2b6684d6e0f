package org.registro.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.Purpose;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class MergeServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ImportService imports;
    private ConsentService consent;
    private ContactService contacts;
    private DuplicateService duplicates;
    private MergeService merges;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        AuditLog audit = new AuditLog(clock, "tester");
        imports = new ImportService(workspace, audit);
        consent = new ConsentService(workspace, audit);
        contacts = TestWorkspaces.contacts(workspace);
        duplicates = new DuplicateService(workspace, audit, new MergeService(workspace, audit));
        merges = duplicates.merges();
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private void importCsv(String name, String source, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        imports.importAsPlanned(file, SourceFile.Options.detect(), null, source, "first", Progress.NONE);
    }

    private long idOf(String email) {
        return workspace.dsl().select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                .where(IDENTIFIER.KIND.eq("email").and(IDENTIFIER.VALUE_NORM.eq(email))).fetchSingle().value1();
    }

    /** Everything that belongs to a contact, by kind, as row ids: what a merge and its undo must keep. */
    private Map<String, Set<Long>> belongings(long id) {
        var dsl = workspace.dsl();
        Map<String, Set<Long>> all = new TreeMap<>();
        all.put("identifiers", Set.copyOf(dsl.select(IDENTIFIER.ID).from(IDENTIFIER)
                .where(IDENTIFIER.CONTACT_ID.eq(id)).fetch(IDENTIFIER.ID)));
        all.put("events", Set.copyOf(dsl.select(EVENT.ID).from(EVENT).where(EVENT.CONTACT_ID.eq(id))
                .fetch(EVENT.ID)));
        all.put("consent", Set.copyOf(dsl.select(CONSENT_EVENT.ID).from(CONSENT_EVENT)
                .where(CONSENT_EVENT.CONTACT_ID.eq(id)).fetch(CONSENT_EVENT.ID)));
        all.put("tags", Set.copyOf(dsl.select(CONTACT_TAG.TAG_ID).from(CONTACT_TAG)
                .where(CONTACT_TAG.CONTACT_ID.eq(id)).fetch(CONTACT_TAG.TAG_ID)));
        return all;
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }

    @Test
    void aMergeKeepsEveryIdentifierEventAndConsentEventAWithdrawalOnEitherWinsAndUndoPutsAllBack() throws Exception {
        importCsv("donors.csv", "Donors", """
                Customer number,First name,Last name,Email,Phone,City,Newsletter,Donation date,Amount
                D-1,Masha,Kelley,masha@example.org,+34 612 345 678,Madrid,yes,2025-02-01,50
                D-1,Masha,Kelley,masha@example.org,+34 612 345 678,Madrid,yes,2025-05-01,25
                """);
        clock.advance(Duration.ofDays(1));
        importCsv("shop.csv", "Shop", """
                Customer number,First name,Last name,Email,Phone,City,Newsletter,Donation date,Amount
                S-7,M.,Kelley,mkelley@work.example,+34 699 000 111,Madrid,yes,2025-06-01,20
                """);
        long masha = idOf("masha@example.org");
        long initial = idOf("mkelley@work.example");
        assertThat(masha).isNotEqualTo(initial);
        assertThat(duplicates.origin(masha).orElseThrow().sources()).containsExactly("Donors");
        assertThat(duplicates.origin(initial).orElseThrow().sources()).containsExactly("Shop");
        contacts.addTag(initial, "Volunteer");
        clock.advance(Duration.ofDays(1));
        consent.record(new ConsentService.Change(initial, "email", null, Consent.WITHDRAWN,
                Consent.METHOD_UNSUBSCRIBE, null, clock.instant(), "Unsubscribed in Mailchimp"));
        clock.advance(Duration.ofMinutes(5));
        Map<String, Set<Long>> survivorBefore = belongings(masha);
        Map<String, Set<Long>> mergedBefore = belongings(initial);
        Instant now = clock.instant();
        assertThat(consent.decide(masha, Purpose.COMMERCIAL, "email", null, now).allowed()).isTrue();

        MergeService.MergePlan plan = merges.plan(masha, initial);
        assertThat(plan.part(MergeService.Part.NAME).chosen()).isEqualTo(MergeService.Side.SURVIVOR);
        assertThat(plan.part(MergeService.Part.NAME).reason()).isEqualTo("full-name");
        MergeService.MergeResult result = merges.merge(masha, initial, Map.of(), 80.0);

        Map<String, Set<Long>> united = belongings(masha);
        for (String kind : List.of("identifiers", "events", "consent", "tags")) {
            assertThat(united.get(kind)).as(kind)
                    .isEqualTo(union(survivorBefore.get(kind), mergedBefore.get(kind)));
        }
        Map<String, Set<Long>> left = belongings(initial);
        assertThat(left.get("identifiers")).isEmpty();
        assertThat(left.get("events")).isEmpty();
        assertThat(left.get("consent")).isEmpty();
        assertThat(left.get("tags")).as("copied: the merged record keeps its own").isEqualTo(mergedBefore.get("tags"));
        var merged = workspace.dsl().selectFrom(CONTACT).where(CONTACT.ID.eq(initial)).fetchSingle();
        assertThat(merged.getStatus()).isEqualTo("merged");
        assertThat(merged.getMergedIntoId()).isEqualTo(masha);
        assertThat(consent.decide(masha, Purpose.COMMERCIAL, "email", null, now).allowed())
                .as("the withdrawal on the merged record stays in force").isFalse();
        assertThat(contacts.profile(masha).orElseThrow().firstName()).isEqualTo("Masha");

        MergeService.UndoResult undo = merges.undo(result.mergeId());

        assertThat(undo.keptEdits()).isEmpty();
        assertThat(belongings(masha)).isEqualTo(survivorBefore);
        assertThat(belongings(initial)).isEqualTo(mergedBefore);
        assertThat(workspace.dsl().selectFrom(CONTACT).where(CONTACT.ID.eq(initial)).fetchSingle().getStatus())
                .isEqualTo("active");
        assertThat(consent.decide(masha, Purpose.COMMERCIAL, "email", null, now).allowed()).isTrue();
        assertThat(consent.decide(initial, Purpose.COMMERCIAL, "email", null, now).allowed()).isFalse();
        assertThatThrownBy(() -> merges.undo(result.mergeId())).isInstanceOf(RegistroException.class)
                .extracting(e -> ((RegistroException) e).key()).isEqualTo("error.dedupe.undone");
    }

    private long person(String first, String last, String email, String phone, String street) {
        return contacts.create(new ContactDraft(first, last, email, phone, LocalDate.of(1984, 3, 9), null, null,
                street, "28013", "Madrid", null, "ES", null, List.of()));
    }

    @Test
    void theUserChoosesFieldsAndAnUndoKeepsWhatWasEditedSince() {
        long a = person("Ana", "Ruiz", "ana@example.es", null, "Calle Mayor 5");
        clock.advance(Duration.ofDays(3));
        long b = person("Ana María", "Ruiz Gil", "aruiz@work.example", "+34 612 000 999", "Calle Luna 2");

        MergeService.MergePlan plan = merges.plan(a, b);
        assertThat(plan.part(MergeService.Part.ADDRESS).chosen()).as("most recent").isEqualTo(MergeService.Side.MERGED);
        assertThat(plan.part(MergeService.Part.PHONE).reason()).isEqualTo("only-merged");

        long mergeId = merges.merge(a, b, Map.of(MergeService.Part.NAME, MergeService.Side.MERGED,
                MergeService.Part.ADDRESS, MergeService.Side.SURVIVOR), null).mergeId();
        var profile = contacts.profile(a).orElseThrow();
        assertThat(profile.firstName()).isEqualTo("Ana María");
        assertThat(profile.lastName()).isEqualTo("Ruiz Gil");
        assertThat(profile.street()).isEqualTo("Calle Mayor 5");
        assertThat(profile.email()).isEqualTo(plan.part(MergeService.Part.EMAIL).chosenValue());
        assertThat(profile.identifiers()).hasSize(3);
        assertThat(profile.phone()).isEqualTo("+34612000999");

        clock.advance(Duration.ofHours(1));
        workspace.dsl().update(CONTACT).set(CONTACT.LAST_NAME, "Ruiz Gil de Vega").where(CONTACT.ID.eq(a)).execute();
        MergeService.UndoResult undo = merges.undo(mergeId);

        var after = contacts.profile(a).orElseThrow();
        assertThat(after.firstName()).isEqualTo("Ana");
        assertThat(after.lastName()).as("edited after the merge").isEqualTo("Ruiz Gil de Vega");
        assertThat(undo.keptEdits()).containsExactly("lastName");
        assertThat(after.phone()).isNull();
        assertThat(contacts.profile(b).orElseThrow().phone()).isEqualTo("+34612000999");
    }

    @Test
    void byDefaultTheFormalFullerNameAndTheMoreCompleteAddressAreKeptOverNewerButPoorerValues() {
        long beatriz = person("Beatriz", "Pérez Rubio", "beatriz@example.es", null, "Calle Real 16");
        clock.advance(Duration.ofDays(30));
        long bea = contacts.create(new ContactDraft("Bea", "Pérez Rubio", "bea@gmail.example", null, null, null,
                null, null, "28013", "Madrid", null, null, null, List.of()));

        MergeService.MergePlan plan = merges.plan(bea, beatriz);

        assertThat(plan.part(MergeService.Part.NAME).chosenValue()).isEqualTo("Beatriz Pérez Rubio");
        assertThat(plan.part(MergeService.Part.NAME).reason()).isEqualTo("full-name");
        assertThat(plan.part(MergeService.Part.ADDRESS).chosen()).isEqualTo(MergeService.Side.MERGED);
        assertThat(plan.part(MergeService.Part.ADDRESS).reason()).isEqualTo("complete");
        assertThat(plan.part(MergeService.Part.EMAIL).reason()).as("two different emails: the newer")
                .isEqualTo("recent");
        assertThat(plan.part(MergeService.Part.EMAIL).chosen()).isEqualTo(MergeService.Side.SURVIVOR);

        long cristina = person("Cristina", "Torres Díaz", "cristina@example.es", null, null);
        long swapped = person("Torres Díaz", "Cristina", "cristina.td@example.es", null, null);
        assertThat(merges.plan(swapped, cristina).part(MergeService.Part.NAME).chosenValue())
                .isEqualTo("Cristina Torres Díaz");
        assertThat(merges.plan(swapped, cristina).part(MergeService.Part.NAME).reason())
                .isEqualTo("first-name-first");

        long nuria = person("Nuria", "Ramos", "nuria@example.es", null, null);
        long nuriaFull = person("Nuria", "Ramos Marín", "nuria.rm@example.es", null, null);
        assertThat(merges.plan(nuria, nuriaFull).part(MergeService.Part.NAME).reason()).isEqualTo("complete");
        assertThat(merges.plan(nuria, nuriaFull).part(MergeService.Part.NAME).chosen())
                .isEqualTo(MergeService.Side.MERGED);
    }

    @Test
    void automaticMergeJoinsThreeRecordsOfOnePersonIntoOneAndUndoGoesBackwardsOnly() {
        long a = person("Lucía", "Martín", "lucia@example.es", "+34 612 345 678", "Calle Mayor 5");
        long b = person("Lucia", "Martin", "lmartin@work.example", null, "C/ Mayor 5");
        long c = person("L.", "Martín", "lucia.m@correo.example", null, "Calle Mayor 5");
        long other = person("Pedro", "Gil", "pedro@example.es", "+34 699 111 222", "Calle Sol 1");

        DuplicateService.ScanSummary scan = duplicates.scan(Progress.NONE);
        assertThat(scan.contacts()).isEqualTo(4);
        assertThat(duplicates.preview(duplicates.thresholds().autoMerge()).contacts()).isEqualTo(3);
        assertThat(duplicates.preview(duplicates.thresholds().autoMerge()).merges()).isEqualTo(2);

        DuplicateService.AutoMergeResult auto = duplicates.autoMerge(duplicates.thresholds().autoMerge(),
                Progress.NONE);

        assertThat(auto.merges()).isEqualTo(2);
        assertThat(auto.people()).isEqualTo(1);
        // a backup of the workspace as it was before the merges
        assertThat(org.registro.workspace.Backups.list(workspace.folder()))
                .extracting(org.registro.workspace.Backups.Backup::reason).containsExactly("before-merge");
        assertThat(workspace.dsl().selectFrom(CONTACT).where(CONTACT.STATUS.eq("active")).fetch(CONTACT.ID))
                .containsExactlyInAnyOrder(a, other);
        assertThat(workspace.dsl().fetchCount(IDENTIFIER, IDENTIFIER.CONTACT_ID.eq(a)
                .and(IDENTIFIER.KIND.eq("email")))).isEqualTo(3);
        assertThat(duplicates.queue(0, 101, 100)).isEmpty();

        long first = auto.mergeIds().get(0);
        long last = auto.mergeIds().get(1);
        assertThatThrownBy(() -> merges.undo(first)).isInstanceOf(RegistroException.class)
                .extracting(e -> ((RegistroException) e).key()).isEqualTo("error.dedupe.undolater");
        merges.undo(last);
        merges.undo(first);
        assertThat(workspace.dsl().fetchCount(CONTACT, CONTACT.STATUS.eq("active"))).isEqualTo(4);
        assertThat(duplicates.queue(0, 101, 100)).as("undone pairs return to the queue").isNotEmpty();
        assertThat(b).isNotEqualTo(c);
    }

    @Test
    void notTheSamePersonIsRememberedAcrossScans() {
        long a = person("Lucía", "Martín", "lucia@example.es", null, "Calle Mayor 5");
        long b = person("Lucía", "Martín", "lucia.martin@correo.example", null, "Calle Mayor 7");

        duplicates.scan(Progress.NONE);
        assertThat(duplicates.queue(0, 101, 10)).extracting(DuplicateService.QueuedPair::a).containsExactly(a);

        duplicates.notSame(b, a);
        assertThat(duplicates.queue(0, 101, 10)).isEmpty();
        DuplicateService.ScanSummary again = duplicates.scan(Progress.NONE);
        assertThat(again.pairs()).isZero();
        assertThat(duplicates.queue(0, 101, 10)).isEmpty();
        assertThat(duplicates.compare(a, b)).as("still explainable on demand").isPresent();
    }

    @Test
    void thresholdsAreSettingsAndMustBeOrdered() {
        duplicates.setThresholds(new DuplicateService.Thresholds(97, 60));
        assertThat(duplicates.thresholds()).isEqualTo(new DuplicateService.Thresholds(97, 60));
        assertThat(duplicates.thresholds().decision(98)).isEqualTo("merge");
        assertThat(duplicates.thresholds().decision(70)).isEqualTo("review");
        assertThat(duplicates.thresholds().decision(10)).isEqualTo("ignore");
        assertThatThrownBy(() -> duplicates.setThresholds(new DuplicateService.Thresholds(50, 60)))
                .isInstanceOf(RegistroException.class);
    }
}
