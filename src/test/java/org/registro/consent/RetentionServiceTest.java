package org.registro.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

class RetentionServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2023-01-01T10:00:00Z");
    private Workspace workspace;
    private RetentionService retention;
    private ConsentService consent;
    private ContactService contacts;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        AuditLog audit = new AuditLog(clock, "tester");
        WorkspaceService service = new WorkspaceService(clock);
        retention = new RetentionService(workspace, audit, reason -> service.backup(workspace, reason),
                new PrivacyService(workspace, audit));
        consent = new ConsentService(workspace, audit);
        contacts = TestWorkspaces.contacts(workspace);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private void event(long contact, String at) {
        workspace.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, contact).set(EVENT.EVENT_TYPE, "donation")
                .set(EVENT.OCCURRED_AT, OffsetDateTime.parse(at)).set(EVENT.RECORDED_AT, OffsetDateTime.now(clock))
                .execute();
    }

    @Test
    void inactiveContactsWithoutConsentAreErasedAfterABackupAndTheRunIsRecorded() throws Exception {
        long quiet = contacts.create(ContactDraft.of("Quiet", "Person", "quiet@example.org"));
        long donor = contacts.create(ContactDraft.of("Active", "Donor", "donor@example.org"));
        long subscriber = contacts.create(ContactDraft.of("Still", "Subscribed", "sub@example.org"));
        long withdrawn = contacts.create(ContactDraft.of("Gone", "Away", "gone@example.org"));
        consent.record(new ConsentService.Change(subscriber, "email", null, Consent.GRANTED, null, null, null, null));
        consent.record(new ConsentService.Change(withdrawn, "email", null, Consent.GRANTED, null, null, null, null));
        clock.advance(Duration.ofDays(200));
        consent.record(new ConsentService.Change(withdrawn, "email", null, Consent.WITHDRAWN, null, null, null, null));
        clock.advance(Duration.ofDays(600));
        event(donor, "2024-11-01T10:00:00Z");

        RetentionService.Policy policy = retention.save(RetentionService.ERASE_INACTIVE, 24, true);
        RetentionService.Preview preview = retention.preview(policy);
        assertThat(preview.count()).isEqualTo(1);
        assertThat(preview.examples()).singleElement().asString().contains("Quiet Person");

        RetentionService.Run run = retention.run(policy.id());

        assertThat(run.affected()).isEqualTo(1);
        assertThat(run.backup()).exists();
        assertThat(Files.size(run.backup())).isPositive();
        assertThat(workspace.dsl().select(CONTACT.STATUS).from(CONTACT).where(CONTACT.ID.eq(quiet)).fetchSingle()
                .value1()).isEqualTo("erased");
        assertThat(workspace.dsl().fetchCount(CONTACT, CONTACT.STATUS.eq("active"))).isEqualTo(3);
        assertThat(retention.runs()).singleElement().satisfies(r -> {
            assertThat(r.affected()).isEqualTo(1);
            assertThat(r.policy().kind()).isEqualTo(RetentionService.ERASE_INACTIVE);
        });
        assertThat(retention.preview(policy).count()).isZero();
        // Someone imported today whose source dates say they were last active long ago is due as well.
        long imported = contacts.create(ContactDraft.of("Old", "Donor", "olddonor@example.org"));
        event(imported, "2021-03-01T10:00:00Z");
        assertThat(retention.preview(policy).examples()).singleElement().asString().contains("Old Donor");
        workspace.dsl().deleteFrom(EVENT).where(EVENT.CONTACT_ID.eq(imported)).execute();
        assertThat(retention.preview(policy).count()).as("created today, no dated history").isZero();
        // Withdrawn people become due once their last consent change is older than the period too.
        clock.advance(Duration.ofDays(200));
        assertThat(retention.preview(policy).examples()).singleElement().asString().contains("Gone Away");
    }

    @Test
    void oldEventsAreDeletedAndRecentOnesKept() {
        long donor = contacts.create(ContactDraft.of("Active", "Donor", "donor@example.org"));
        clock.advance(Duration.ofDays(365 * 6));
        event(donor, "2019-05-01T10:00:00Z");
        event(donor, "2020-05-01T10:00:00Z");
        event(donor, "2028-05-01T10:00:00Z");
        RetentionService.Policy policy = retention.save(RetentionService.DELETE_OLD_EVENTS, 60, true);
        assertThat(retention.preview(policy).count()).isEqualTo(2);
        assertThat(retention.previewAll()).singleElement().extracting(RetentionService.Preview::count).isEqualTo(2);

        assertThat(retention.run(policy.id()).affected()).isEqualTo(2);
        assertThat(workspace.dsl().select(EVENT.OCCURRED_AT).from(EVENT).fetch(EVENT.OCCURRED_AT))
                .singleElement().satisfies(t -> assertThat(t.toInstant()).isEqualTo(Instant.parse("2028-05-01T10:00:00Z")));

        retention.save(RetentionService.DELETE_OLD_EVENTS, 36, false);
        assertThat(retention.policies()).singleElement().satisfies(p -> {
            assertThat(p.months()).isEqualTo(36);
            assertThat(p.active()).isFalse();
        });
        assertThat(retention.previewAll()).isEmpty();
        assertThatThrownBy(() -> retention.save("delete_everything", 1, true)).isInstanceOf(RegistroException.class);
        assertThatThrownBy(() -> retention.save(RetentionService.DELETE_OLD_EVENTS, 0, true))
                .isInstanceOf(RegistroException.class);
        assertThat(OffsetDateTime.now(clock).getOffset()).isEqualTo(ZoneOffset.UTC);
    }
}
