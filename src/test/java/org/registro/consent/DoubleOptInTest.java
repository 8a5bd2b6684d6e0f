package org.registro.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class DoubleOptInTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ConsentService consent;
    private DoubleOptInService doubleOptIn;
    private ContactService contacts;
    private ImportService imports;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        AuditLog audit = new AuditLog(clock, "tester");
        consent = new ConsentService(workspace, audit);
        doubleOptIn = new DoubleOptInService(workspace, audit);
        contacts = TestWorkspaces.contacts(workspace);
        imports = new ImportService(workspace, audit);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private long person(String first, String email, String country) {
        return contacts.create(ContactDraft.of(first, "Test", email).withAddress(null, null, null, country));
    }

    private void optIn(long id, Instant at) {
        consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED, Consent.METHOD_FORM, null, at,
                null));
    }

    @Test
    void aSingleOptInInGermanyStaysPendingUntilConfirmedElsewhereItCountsAtOnce() {
        long hanna = person("Hanna", "hanna@example.de", "DE");
        long lucia = person("Lucía", "lucia@example.es", "ES");
        Instant at = Instant.parse("2026-02-20T08:00:00Z");
        optIn(hanna, at);
        optIn(lucia, at);

        assertThat(consent.current(hanna)).singleElement().extracting(ConsentService.State::status)
                .isEqualTo(Consent.PENDING);
        assertThat(consent.decide(hanna, Purpose.COMMERCIAL, "email", null, clock.instant()).reasonKey())
                .isEqualTo("consent.decision.channel.pending");
        assertThat(consent.current(lucia)).singleElement().extracting(ConsentService.State::status)
                .isEqualTo(Consent.GRANTED);
        assertThat(doubleOptIn.pending(10)).extracting(DoubleOptInService.Pending::contactId).containsExactly(hanna);

        consent.record(new ConsentService.Change(hanna, "email", null, Consent.CONFIRMED,
                Consent.METHOD_DOUBLE_OPT_IN, "Newsletter form", Instant.parse("2026-02-21T09:30:00Z"), null));

        assertThat(consent.decide(hanna, Purpose.COMMERCIAL, "email", null, clock.instant()).allowed()).isTrue();
        assertThat(doubleOptIn.pendingCount()).isZero();
        // Once confirmed, a later repeat of the opt-in does not make her pending again.
        optIn(hanna, Instant.parse("2026-02-25T08:00:00Z"));
        assertThat(consent.decide(hanna, Purpose.COMMERCIAL, "email", null, clock.instant()).allowed()).isTrue();
    }

    @Test
    void theConfirmationRequestListAndTheConfirmationsComingBackByImport() throws Exception {
        long hanna = person("Hanna", "hanna@example.de", "DE");
        long jonas = person("Jonas", "jonas@example.at", "AT");
        optIn(hanna, Instant.parse("2026-02-20T08:00:00Z"));
        optIn(jonas, Instant.parse("2026-02-22T08:00:00Z"));

        Path list = tmp.resolve("confirm.csv");
        assertThat(org.registro.wiring.Session.open(workspace, new org.registro.workspace.WorkspaceService(clock), "tester")
                .exports()
                .writeConfirmationRequests(list, Progress.NONE).written()).isEqualTo(2);
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("email,first_name,last_name");
        assertThat(lines.get(1)).startsWith("hanna@example.de,Hanna,Test").contains("2026-02-20");
        assertThat(lines).hasSize(3);

        // The email tool's export of the confirmed people (Mailchimp's subscribed list) comes back.
        Path back = tmp.resolve("subscribed_members_export_1a2b.csv");
        Files.writeString(back, """
                Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS
                hanna@example.de,Hanna,Test,2,"2026-02-20 08:00:00",,"2026-02-23 19:12:40",84.10.1.2,,,,,,de,,"2026-02-23 19:12:40",11,aa11,,
                """, StandardCharsets.UTF_8);
        imports.importAsPlanned(back, SourceFile.Options.detect(), null, null, "first", Progress.NONE);

        assertThat(consent.decide(hanna, Purpose.COMMERCIAL, "email", null, clock.instant()).allowed()).isTrue();
        assertThat(doubleOptIn.pending(10)).extracting(DoubleOptInService.Pending::contactId).containsExactly(jonas);
    }

    @Test
    void requestsNobodyConfirmedExpireAtTheirExpiryDate() {
        doubleOptIn.setPolicy(new DoubleOptInPolicy(Set.of("DE"), Set.of("email"), 7));
        long old = person("Alt", "alt@example.de", "DE");
        long fresh = person("Neu", "neu@example.de", "DE");
        optIn(old, Instant.parse("2026-02-01T08:00:00Z"));
        optIn(fresh, Instant.parse("2026-02-27T08:00:00Z"));

        assertThat(doubleOptIn.expire()).isEqualTo(1);
        assertThat(doubleOptIn.expire()).as("nothing left to expire").isZero();

        assertThat(consent.current(old)).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(Consent.WITHDRAWN);
            assertThat(s.method()).isEqualTo(Consent.METHOD_EXPIRED);
            assertThat(s.occurredAt()).isEqualTo(Instant.parse("2026-02-08T08:00:00Z"));
        });
        assertThat(consent.asOf(old, Instant.parse("2026-02-05T00:00:00Z"))).singleElement()
                .extracting(ConsentService.State::status).isEqualTo(Consent.PENDING);
        assertThat(consent.current(fresh)).singleElement().extracting(ConsentService.State::status)
                .isEqualTo(Consent.PENDING);

        clock.advance(Duration.ofDays(10));
        assertThat(doubleOptIn.expire()).isEqualTo(1);
    }

    @Test
    void thePolicyIsSavedAndCheckedWhenSaved() {
        assertThat(doubleOptIn.policy().countries()).contains("DE");
        doubleOptIn.setPolicy(new DoubleOptInPolicy(DoubleOptInPolicy.countriesOf("de, ch;dk"), Set.of("email"), 14));
        assertThat(doubleOptIn.policy()).isEqualTo(new DoubleOptInPolicy(Set.of("DE", "CH", "DK"), Set.of("email"),
                14));
        assertThatThrownBy(() -> new DoubleOptInPolicy(Set.of("Germany"), Set.of("email"), 14))
                .isInstanceOf(RegistroException.class);
        assertThatThrownBy(() -> new DoubleOptInPolicy(Set.of("DE"), Set.of("email"), 0))
                .isInstanceOf(RegistroException.class);
    }
}
