package org.registro.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.DESTINATION_TOLD;
import static org.registro.db.Tables.IDENTIFIER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.PrivacyService;
import org.registro.consent.Purpose;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.export.ExportRequest;
import org.registro.export.ExportService;
import org.registro.export.ListFormat;
import org.registro.export.Selector;
import org.registro.ingest.ImportRecords;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class DestinationServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-11-01T10:00:00Z");
    private Workspace workspace;
    private ContactService contacts;
    private ConsentService consent;
    private PrivacyService privacy;
    private DestinationService destinations;
    private ExportService exports;
    private ImportService imports;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp.resolve("ws"), clock);
        contacts = TestWorkspaces.contacts(workspace);
        AuditLog audit = new AuditLog(clock, "tester");
        consent = new ConsentService(workspace, audit);
        privacy = new PrivacyService(workspace, audit);
        destinations = new DestinationService(workspace, audit);
        exports = new ExportService(workspace, audit, new SegmentService(workspace, audit), destinations);
        imports = new ImportService(workspace, audit, destinations);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private long subscriber(String first, String last, String email) {
        long id = contacts.create(ContactDraft.of(first, last, email));
        consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED, Consent.METHOD_FORM, null,
                clock.instant().minus(Duration.ofDays(30)), null));
        return id;
    }

    private void sendList(Destination d, ListFormat format) {
        exports.export(new ExportRequest(Selector.all(), Purpose.COMMERCIAL, "email", null, format.template())
                .to(d.id()), tmp.resolve(d.name() + "-" + clock.instant().toEpochMilli() + ".csv"), null,
                Progress.NONE);
    }

    private Path write(String name, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private void importFrom(Destination d, Path file) {
        var plan = imports.plan(file, SourceFile.Options.detect(), null, null, Progress.NONE);
        imports.run(new ImportRecords.Request(file, SourceFile.Options.detect(), plan.sourceName(), "first",
                plan.mapping(), false).from(d.id()), Progress.NONE);
    }

    private static final String MAILCHIMP_UNSUBSCRIBED = "Email Address,First Name,Last Name,MEMBER_RATING,"
            + "OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,"
            + "UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS\n";

    @Test
    void anUnsubscribeInMailchimpIsOwedToBrevoAndListmonkUntilTheirChangesFilesAreWritten() throws Exception {
        long ana = subscriber("Ana", "Ruiz", "ana@example.org");
        subscriber("Bea", "Gil", "bea@example.org");
        Destination mailchimp = destinations.add("Mailchimp newsletter", Tool.MAILCHIMP, null);
        Destination brevo = destinations.add("Brevo", Tool.BREVO, null);
        Destination listmonk = destinations.add("listmonk", Tool.LISTMONK, null);
        sendList(mailchimp, ListFormat.MAILCHIMP);
        sendList(brevo, ListFormat.BREVO);
        sendList(listmonk, ListFormat.LISTMONK);
        assertThat(destinations.pendingAll()).allSatisfy(p -> assertThat(p.isEmpty()).isTrue());

        clock.advance(Duration.ofDays(3));
        importFrom(mailchimp, write("unsubscribed_members_export_4f1c2a9b1e.csv", MAILCHIMP_UNSUBSCRIBED
                + "ana@example.org,Ana,Ruiz,2,\"2023-05-01 10:00:00\",,,,,,,,,,,\"2026-11-03 18:30:00\","
                + "\"Autumn appeal\",abc123,,,102,f6g7h8i9j0,,\n"));

        assertThat(destinations.pending(mailchimp.id()).isEmpty()).as("Mailchimp told us: it knows").isTrue();
        DestinationService.Pending toBrevo = destinations.pending(brevo.id());
        assertThat(toBrevo.changes()).extracting(Change::email, Change::status, Change::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ana@example.org", Told.UNSUBSCRIBED,
                        Reason.WITHDRAWAL));
        assertThat(toBrevo.counts()).containsExactly(Map.entry(Reason.WITHDRAWAL, 1));
        assertThat(toBrevo.oldest()).isEqualTo(clock.instant()); // Registro learned it with the import
        assertThat(destinations.pending(listmonk.id()).changes()).hasSize(1);

        clock.advance(Duration.ofDays(8));
        assertThat(toBrevo.late()).as("3 days are not late").isFalse();
        assertThat(destinations.pending(brevo.id()).late()).as("11 days are").isTrue();
        Path out = tmp.resolve("brevo-changes.zip");
        DestinationService.SyncResult sync = destinations.sync(brevo.id(), out, Progress.NONE);

        Map<String, String> files = ZipEntries.read(out);
        assertThat(files).containsOnlyKeys("blocklist.csv", ChangeFiles.HOW_TO);
        assertThat(files.get("blocklist.csv")).isEqualTo("EMAIL\r\nana@example.org\r\n");
        assertThat(files.get(ChangeFiles.HOW_TO)).contains("blocklist.csv", "Brevo");
        assertThat(sync.sha256()).hasSize(64);
        assertThat(sync.reasons()).containsExactly(Map.entry(Reason.WITHDRAWAL, 1));
        assertThat(destinations.pending(brevo.id()).isEmpty()).isTrue();
        assertThat(destinations.pending(listmonk.id()).changes()).hasSize(1);
        // when did Brevo learn that Ana withdrew?
        assertThat(destinations.history(ana)).filteredOn(t -> t.destinationId() == brevo.id())
                .extracting(Told::status, Told::via, Told::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Told.SUBSCRIBED, Told.VIA_EXPORT, null),
                        org.assertj.core.groups.Tuple.tuple(Told.UNSUBSCRIBED, Told.VIA_SYNC, Reason.WITHDRAWAL));
        Told told = destinations.history(ana).stream().filter(t -> Told.VIA_SYNC.equals(t.via())).findFirst()
                .orElseThrow();
        assertThat(told.toldAt()).isEqualTo(clock.instant());
        assertThat(told.reference()).isEqualTo(sync.syncId());
    }

    @Test
    void eachKindOfChangeGoesToTheFileTheToolImportsItWith() throws Exception {
        long erased = subscriber("Eli", "Sanz", "eli@example.org");
        long bounced = subscriber("Bo", "Luna", "bo@example.org");
        long complained = subscriber("Cata", "Rey", "cata@example.org");
        long restricted = subscriber("Rita", "Mora", "rita@example.org");
        long moved = subscriber("Mo", "Vidal", "mo@old.example");
        long pending = contacts.create(ContactDraft.of("Pia", "Ortiz", "pia@example.org"));
        consent.record(new ConsentService.Change(pending, "email", null, Consent.PENDING, Consent.METHOD_FORM, null,
                clock.instant().minus(Duration.ofDays(2)), null));
        subscriber("Quim", "Soler", "quim@example.org"); // nothing happens to him
        Destination mailchimp = destinations.add("Audience", Tool.MAILCHIMP, null);
        sendList(mailchimp, ListFormat.MAILCHIMP);
        exports.export(new ExportRequest(Selector.doubleOptInPending(), Purpose.TRANSACTIONAL, "email", null,
                ExportService.CONFIRMATION_REQUESTS).to(mailchimp.id()), tmp.resolve("doi.csv"), null, Progress.NONE);

        clock.advance(Duration.ofDays(1));
        privacy.erase(erased, null);
        workspace.dsl().update(IDENTIFIER).set(IDENTIFIER.BOUNCED_AT, OffsetDateTime.now(clock))
                .where(IDENTIFIER.CONTACT_ID.eq(bounced)).execute();
        consent.record(new ConsentService.Change(complained, "email", null, Consent.WITHDRAWN,
                Consent.METHOD_COMPLAINT, null, clock.instant(), null));
        privacy.restrict(restricted, true, null);
        contacts.update(moved, ContactDraft.of("Mo", "Vidal", "mo@new.example"));
        consent.record(new ConsentService.Change(pending, "email", null, Consent.CONFIRMED,
                Consent.METHOD_DOUBLE_OPT_IN, null, clock.instant(), null));

        var pendingChanges = destinations.pending(mailchimp.id());
        assertThat(pendingChanges.changes()).extracting(Change::email, Change::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("eli@example.org", Reason.ERASURE),
                org.assertj.core.groups.Tuple.tuple("bo@example.org", Reason.BOUNCE),
                org.assertj.core.groups.Tuple.tuple("cata@example.org", Reason.COMPLAINT),
                org.assertj.core.groups.Tuple.tuple("rita@example.org", Reason.RESTRICTION),
                org.assertj.core.groups.Tuple.tuple("mo@new.example", Reason.CORRECTED),
                org.assertj.core.groups.Tuple.tuple("mo@old.example", Reason.CORRECTED),
                org.assertj.core.groups.Tuple.tuple("pia@example.org", Reason.CONFIRMED));

        Path out = tmp.resolve("mailchimp.zip");
        destinations.sync(mailchimp.id(), out, Progress.NONE);
        Map<String, String> files = ZipEntries.read(out);
        assertThat(files.get("delete.csv")).isEqualTo("Email Address,Tags\r\neli@example.org,registro-delete\r\n"
                + "mo@old.example,registro-delete\r\n");
        assertThat(files.get("cleaned.csv")).isEqualTo("Email Address\r\nbo@example.org\r\n");
        assertThat(files.get("unsubscribe.csv")).isEqualTo("Email Address\r\ncata@example.org\r\nrita@example.org\r\n");
        assertThat(files.get("subscribe.csv")).isEqualTo("Email Address,First Name,Last Name\r\n"
                + "mo@new.example,Mo,Vidal\r\npia@example.org,Pia,Ortiz\r\n");
        assertThat(destinations.pending(mailchimp.id()).isEmpty()).isTrue();
        // once the tool was told to delete it, the erased person's address is no longer kept
        assertThat(workspace.dsl().fetchCount(DESTINATION_TOLD, DESTINATION_TOLD.EMAIL.eq("eli@example.org"))).isZero();
        assertThat(workspace.dsl().fetchCount(DESTINATION_TOLD,
                DESTINATION_TOLD.EMAIL.eq(DestinationService.erasedKey("eli@example.org")))).isEqualTo(2);
    }

    @Test
    void aDestinationAboutOneTopicHearsOfWithdrawalsFromThatTopicAndFromEmail() {
        long ana = subscriber("Ana", "Ruiz", "ana@example.org");
        consent.record(new ConsentService.Change(ana, "email", "events", Consent.GRANTED, Consent.METHOD_FORM, null,
                clock.instant().minus(Duration.ofDays(5)), null));
        Destination events = destinations.add("Events list", Tool.MAILJET, "events");
        Destination all = destinations.add("Everything", Tool.MAILJET, null);
        sendList(events, ListFormat.MAILJET);
        sendList(all, ListFormat.MAILJET);

        clock.advance(Duration.ofDays(1));
        consent.record(new ConsentService.Change(ana, "email", "events", Consent.WITHDRAWN, Consent.METHOD_FORM, null,
                clock.instant(), null));

        assertThat(destinations.pending(events.id()).changes()).extracting(Change::reason)
                .containsExactly(Reason.WITHDRAWAL);
        assertThat(destinations.pending(all.id()).isEmpty()).as("she still wants the other emails").isTrue();
    }

    @Test
    void undoingTheImportOfAToolsExportForgetsWhatItSaid() throws Exception {
        subscriber("Ana", "Ruiz", "ana@example.org");
        Destination mailchimp = destinations.add("Mailchimp", Tool.MAILCHIMP, null);
        Destination brevo = destinations.add("Brevo", Tool.BREVO, null);
        sendList(mailchimp, ListFormat.MAILCHIMP);
        sendList(brevo, ListFormat.BREVO);
        Path file = write("unsubscribed_members_export_1.csv", MAILCHIMP_UNSUBSCRIBED
                + "ana@example.org,Ana,Ruiz,2,,,,,,,,,,,,\"2026-10-30 18:30:00\",,,,,102,f6g7h8i9j0,,\n");
        importFrom(mailchimp, file);
        assertThat(destinations.pending(brevo.id()).changes()).hasSize(1);

        long batch = imports.batches().get(0).id();
        imports.undo(batch, Progress.NONE);

        assertThat(destinations.pending(brevo.id()).isEmpty()).isTrue();
        assertThat(destinations.pending(mailchimp.id()).isEmpty()).isTrue();
        assertThat(workspace.dsl().fetchCount(DESTINATION_TOLD, DESTINATION_TOLD.BATCH_ID.eq(batch))).isZero();
    }

    @Test
    void aListThatRepeatsWhatAToolKnowsRecordsNothingNew() {
        subscriber("Ana", "Ruiz", "ana@example.org");
        Destination brevo = destinations.add("Brevo", Tool.BREVO, null);
        sendList(brevo, ListFormat.BREVO);
        sendList(brevo, ListFormat.BREVO);
        assertThat(workspace.dsl().fetchCount(DESTINATION_TOLD)).isEqualTo(1);
    }

    @Test
    void namesAreUniqueAndUnknownDestinationsAreRefused() {
        destinations.add("Brevo", Tool.BREVO, null);
        assertThatThrownBy(() -> destinations.add(" brevo ", Tool.MAILJET, null))
                .isInstanceOf(RegistroException.class).hasMessageContaining("brevo");
        assertThatThrownBy(() -> destinations.add("Other", Tool.MAILJET, "knitting"))
                .isInstanceOf(RegistroException.class);
        assertThatThrownBy(() -> destinations.pending(99)).isInstanceOf(RegistroException.class);
        assertThat(destinations.find("BREVO")).isPresent();
        assertThat(destinations.list()).extracting(Destination::name).containsExactly("Brevo");
        assertThat(List.of(destinations.lateDays())).containsExactly(DestinationService.DEFAULT_LATE_DAYS);
        Destination brevo = destinations.find("Brevo").orElseThrow();
        assertThatThrownBy(() -> destinations.sync(brevo.id(), tmp.resolve("empty.zip"), Progress.NONE))
                .isInstanceOf(RegistroException.class).hasMessageContaining("nothing");
        assertThat(tmp.resolve("empty.zip")).doesNotExist();
    }
}
