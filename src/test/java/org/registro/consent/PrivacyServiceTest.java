package org.registro.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SUPPRESSION;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Json;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.contact.ContactService;
import org.registro.ingest.ImportRecords.Summary;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class PrivacyServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ImportService imports;
    private PrivacyService privacy;
    private ConsentService consent;
    private ContactService contacts;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        AuditLog audit = new AuditLog(clock, "tester");
        imports = new ImportService(workspace, audit);
        privacy = new PrivacyService(workspace, audit);
        consent = new ConsentService(workspace, audit);
        contacts = TestWorkspaces.contacts(workspace);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private Summary importCsv(String name, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return imports.importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", Progress.NONE);
    }

    private static final String DONORS = """
            Customer number,First name,Last name,Email,Phone,City,Newsletter,Donation date,Amount
            D-1,Lucía,Martín,lucia.martin@example.es,+34 612 345 678,Madrid,yes,2025-02-01,50
            D-2,Pablo,Serrano,pablo@example.es,,Sevilla,yes,2025-03-01,20
            """;

    private long idOf(String email) {
        return workspace.dsl().select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                .where(IDENTIFIER.KIND.eq("email").and(IDENTIFIER.VALUE_NORM.eq(email))).fetchSingle().value1();
    }

    @Test
    void anErasedPersonIsNotCreatedAgainByALaterImportAndTheRefusalIsReportedWithoutTheirData() throws Exception {
        importCsv("donations.csv", DONORS);
        long lucia = idOf("lucia.martin@example.es");
        long before = workspace.dsl().fetchCount(CONTACT);

        PrivacyService.Erasure erasure = privacy.erase(lucia, "Asked by email on 2026-02-27");

        assertThat(erasure.identifiersSuppressed()).isGreaterThanOrEqualTo(3); // email, phone, customer number
        var row = workspace.dsl().selectFrom(CONTACT).where(CONTACT.ID.eq(lucia)).fetchSingle();
        assertThat(row.getStatus()).isEqualTo("erased");
        assertThat(row.getFirstName()).isNull();
        assertThat(row.getEmail()).isNull();
        assertThat(row.getCity()).isNull();
        assertThat(workspace.dsl().fetchCount(IDENTIFIER, IDENTIFIER.CONTACT_ID.eq(lucia))).isZero();
        assertThat(workspace.dsl().fetchCount(EVENT, EVENT.CONTACT_ID.eq(lucia))).isZero();
        assertThat(workspace.dsl().select(SUPPRESSION.VALUE_HASH).from(SUPPRESSION).fetch(SUPPRESSION.VALUE_HASH))
                .noneMatch(h -> h.contains("lucia"));
        // Nothing readable is left in the audit trail about her either.
        assertThat(workspace.dsl().select(AUDIT_LOG.SUMMARY, AUDIT_LOG.DETAILS_JSON).from(AUDIT_LOG).fetch()
                .map(r -> r.value1() + " " + r.value2())).noneMatch(s -> s.contains("Lucía") || s.contains("lucia"));

        // The same person comes back in a later export, by email only, by phone only, and by number only.
        Summary again = importCsv("donors-again.csv", """
                Customer number,First name,Last name,Email,Phone,City,Newsletter
                D-1,Lucía,Martín,lucia.martin@example.es,+34 612 345 678,Madrid,yes
                ,Lucia,Martin,LUCIA.MARTIN@example.es,,,yes
                ,L.,Martín,,612345678,,
                D-1,,,,,,
                D-3,Nuevo,Donante,nuevo@example.es,,,yes
                """);
        assertThat(again.rejected()).isEqualTo(4);
        assertThat(again.created()).isEqualTo(1);
        assertThat(workspace.dsl().fetchCount(CONTACT)).isEqualTo(before + 1);
        String rejects = Files.readString(again.rejectFile(), StandardCharsets.UTF_8);
        assertThat(rejects).contains("erased at their request").doesNotContain("lucia").doesNotContain("612");
    }

    @Test
    void erasureWithdrawsEveryChannelAndKeepsTheLedgerAnonymizedAsProof() throws Exception {
        importCsv("donations.csv", DONORS);
        long pablo = idOf("pablo@example.es");
        consent.record(new ConsentService.Change(pablo, "sms", null, Consent.GRANTED, Consent.METHOD_FORM, null,
                Instant.parse("2026-01-05T09:00:00Z"), "Signed at the stand, IP 10.0.0.7"));
        int ledgerBefore = workspace.dsl().fetchCount(CONSENT_EVENT, CONSENT_EVENT.CONTACT_ID.eq(pablo));

        privacy.erase(pablo, null);

        var events = workspace.dsl().selectFrom(CONSENT_EVENT).where(CONSENT_EVENT.CONTACT_ID.eq(pablo))
                .orderBy(CONSENT_EVENT.ID).fetch();
        assertThat(events).hasSize(ledgerBefore + 2); // email and sms withdrawn by the erasure
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getEvidenceText()).isNull();
            assertThat(e.getAnonymizedAt()).isNotNull();
        });
        assertThat(events.subList(ledgerBefore, events.size()))
                .allSatisfy(e -> assertThat(e.getMethod()).isEqualTo(Consent.METHOD_ERASURE))
                .allSatisfy(e -> assertThat(e.getStatus()).isEqualTo(Consent.WITHDRAWN));
        assertThat(consent.decide(pablo, Purpose.TRANSACTIONAL, "email", null, clock.instant()).reasonKey())
                .isEqualTo("consent.decision.erased");
        // What was true before the erasure can still be answered.
        assertThat(consent.decide(pablo, Purpose.COMMERCIAL, "sms", null, Instant.parse("2026-02-01T00:00:00Z"))
                .allowed()).isTrue();
        assertThatThrownBy(() -> privacy.erase(pablo, null)).isInstanceOf(RegistroException.class);
    }

    @Test
    void anAccessReportHoldsEverythingAsJsonAndAReadablePage() throws Exception {
        importCsv("donations.csv", DONORS);
        long lucia = idOf("lucia.martin@example.es");
        PrivacyService.Request request = privacy.log(lucia, PrivacyService.ACCESS,
                Instant.parse("2026-02-20T12:00:00Z"), "Letter received");
        assertThat(request.dueAt()).isEqualTo(Instant.parse("2026-03-22T12:00:00Z"));
        assertThat(privacy.due(clock.instant().plus(Duration.ofDays(30)))).extracting(PrivacyService.Request::id)
                .containsExactly(request.id());

        AccessReport.Files files = privacy.access(lucia, tmp.resolve("access"));

        JsonNode json = Json.MAPPER.readTree(files.json().toFile());
        assertThat(json.get("contactId").asLong()).isEqualTo(lucia);
        JsonNode data = json.get("data");
        assertThat(data.get("profile").get(0).get("firstName").asText()).isEqualTo("Lucía");
        assertThat(data.get("identifiers").findValuesAsText("value")).contains("lucia.martin@example.es", "D-1");
        assertThat(data.get("events").get(0).get("amount").asDouble()).isEqualTo(50.0);
        assertThat(data.get("consentLedger").get(0).get("status").asText()).isEqualTo("granted");
        assertThat(data.get("profile").get(0).get("createdFromFile").asText()).isEqualTo("donations.csv");
        String html = Files.readString(files.html(), StandardCharsets.UTF_8);
        assertThat(html).contains("Lucía Martín").contains("lucia.martin@example.es").contains("Madrid")
                .contains("<table>");
        assertThat(privacy.request(request.id()).status()).isEqualTo("done");
        assertThat(privacy.due(clock.instant().plus(Duration.ofDays(30)))).isEmpty();
    }

    @Test
    void restrictionStopsEvenTransactionalMessagesAndCanBeLifted() throws Exception {
        importCsv("donations.csv", DONORS);
        long pablo = idOf("pablo@example.es");
        assertThat(consent.decide(pablo, Purpose.COMMERCIAL, "email", null, clock.instant()).allowed()).isTrue();

        privacy.restrict(pablo, true, "Asked not to be contacted while the complaint is open");

        assertThat(consent.decide(pablo, Purpose.TRANSACTIONAL, "email", null, clock.instant()).reasonKey())
                .isEqualTo("consent.decision.restricted");
        assertThat(workspace.dsl().fetchCount(SUPPRESSION, SUPPRESSION.CONTACT_ID.eq(pablo))).isPositive();
        assertThat(privacy.requests()).extracting(PrivacyService.Request::kind, PrivacyService.Request::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("restriction", "done"));

        privacy.restrict(pablo, false, null);
        assertThat(consent.decide(pablo, Purpose.COMMERCIAL, "email", null, clock.instant()).allowed()).isTrue();
        assertThat(workspace.dsl().fetchCount(SUPPRESSION, SUPPRESSION.CONTACT_ID.eq(pablo))).isZero();
    }

    @Test
    void requestsAreListedOpenFirstByDueDateAndCanBeClosed() throws Exception {
        importCsv("donations.csv", DONORS);
        long lucia = idOf("lucia.martin@example.es");
        long pablo = idOf("pablo@example.es");
        var late = privacy.log(pablo, PrivacyService.RECTIFICATION, Instant.parse("2026-01-20T00:00:00Z"), null);
        var soon = privacy.log(lucia, PrivacyService.ACCESS, Instant.parse("2026-02-25T00:00:00Z"), null);
        assertThat(late.overdue(clock.instant())).isTrue();
        assertThat(privacy.requests()).extracting(PrivacyService.Request::id).containsExactly(late.id(), soon.id());

        privacy.close(late.id(), true, "Phone corrected");

        assertThat(privacy.requests()).extracting(PrivacyService.Request::id).containsExactly(soon.id(), late.id());
        assertThatThrownBy(() -> privacy.close(late.id(), true, null)).isInstanceOf(RegistroException.class);
        assertThatThrownBy(() -> privacy.log(lucia, "forget", null, null)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("erasure");
        assertThatThrownBy(() -> privacy.log(lucia, "access", Instant.parse("2027-01-01T00:00:00Z"), null))
                .isInstanceOf(RegistroException.class);
    }

    @Test
    void mergedRecordsAreErasedWithTheirSurvivor() throws Exception {
        importCsv("donations.csv", DONORS);
        long lucia = idOf("lucia.martin@example.es");
        long pablo = idOf("pablo@example.es");
        workspace.dsl().update(CONTACT).set(CONTACT.STATUS, "merged").set(CONTACT.MERGED_INTO_ID, lucia)
                .where(CONTACT.ID.eq(pablo)).execute();

        assertThat(privacy.erase(lucia, null).contactIds()).containsExactlyInAnyOrder(lucia, pablo);
        assertThat(workspace.dsl().fetchCount(CONTACT, CONTACT.STATUS.eq("erased"))).isEqualTo(2);
        assertThat(List.of(lucia, pablo)).allSatisfy(id -> assertThat(
                workspace.dsl().fetchCount(IDENTIFIER, IDENTIFIER.CONTACT_ID.eq(id))).isZero());
    }
}
