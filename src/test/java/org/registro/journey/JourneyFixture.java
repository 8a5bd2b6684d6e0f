package org.registro.journey;

import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_SEND;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.export.ExportService;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/** A workspace with people, consent and events for journey tests, and short ways to write journeys. */
final class JourneyFixture implements AutoCloseable {

    final TestClock clock;
    final Workspace workspace;
    final ContactService contacts;
    final ConsentService consent;
    final SegmentService segments;
    final ExportService exports;
    final JourneyService journeys;

    JourneyFixture(Path dir, String start) {
        clock = TestClock.at(start);
        workspace = TestWorkspaces.create(dir, clock);
        workspace.putSetting(Workspace.SETTING_TIME_ZONE, "Europe/Madrid");
        AuditLog audit = new AuditLog(clock, "tester");
        contacts = new ContactService(workspace, audit);
        consent = new ConsentService(workspace, audit);
        segments = new SegmentService(workspace, audit);
        exports = new ExportService(workspace, audit, segments,
                new org.registro.destination.DestinationService(workspace, audit));
        journeys = new JourneyService(workspace, audit, segments, exports);
    }

    long person(String first, String email) {
        return contacts.create(ContactDraft.of(first, "Test", email).withAddress(null, null, null, "ES"));
    }

    List<Long> people(int n, String prefix) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(person(prefix + i, prefix.toLowerCase() + i + "@example.org"));
        }
        return ids;
    }

    void optIn(long id, String status) {
        consent.record(new ConsentService.Change(id, "email", null, status, Consent.METHOD_FORM, null,
                clock.instant().minusSeconds(60), null));
    }

    void event(long contact, String type, String campaign, String at) {
        workspace.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, contact).set(EVENT.EVENT_TYPE, type)
                .set(EVENT.CAMPAIGN, campaign).set(EVENT.OCCURRED_AT, OffsetDateTime.parse(at))
                .set(EVENT.AMOUNT, "donation".equals(type) ? BigDecimal.TEN : null)
                .set(EVENT.RECORDED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).execute();
    }

    JourneyService.RunResult runAt(String at) {
        clock.set(at);
        return journeys.run(null, org.registro.common.Progress.NONE);
    }

    /** Where each enrolment is: "contact:step:status". */
    List<String> positions(String journey) {
        long id = journeys.summary(journey).id();
        return workspace.dsl().select(JOURNEY_ENROLMENT.CONTACT_ID, JOURNEY_ENROLMENT.STEP_KEY,
                        JOURNEY_ENROLMENT.STATUS, JOURNEY_ENROLMENT.STEP_ENTERED_AT)
                .from(JOURNEY_ENROLMENT).where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(id)).orderBy(JOURNEY_ENROLMENT.ID)
                .fetch(r -> r.value1() + ":" + r.value2() + ":" + r.value3() + "@" + r.value4().toInstant());
    }

    /** Every send row: "contact:step:status:reason@time". */
    List<String> sends(String journey) {
        long id = journeys.summary(journey).id();
        return workspace.dsl().select(JOURNEY_SEND.CONTACT_ID, JOURNEY_SEND.STEP_KEY, JOURNEY_SEND.STATUS,
                        JOURNEY_SEND.REASON, JOURNEY_SEND.SEND_AT)
                .from(JOURNEY_SEND).where(JOURNEY_SEND.JOURNEY_ID.eq(id)).orderBy(JOURNEY_SEND.ID)
                .fetch(r -> r.value1() + ":" + r.value2() + ":" + r.value3() + ":" + r.value4() + "@"
                        + r.value5().toInstant());
    }

    // ---------------------------------------------------------------- short ways to write journeys

    static final Rule EVERYONE = new Rule.Group(Rule.Match.ALL, List.of());

    static Step.Entry segmentEntry(Rule rule, boolean existing, String next) {
        return new Step.Entry("entry", "Entry", Step.Entry.SEGMENT, null, rule, existing, null, null, null, null,
                null, null, null, next);
    }

    static Step.Wait waitDays(String key, int days, String next) {
        return new Step.Wait(key, null, Step.Wait.DURATION, days, null, null, null, null, null, null, null, next,
                null);
    }

    static Step.Wait waitEvent(String key, String type, String campaign, int days, String next, String timeout) {
        return new Step.Wait(key, null, Step.Wait.EVENT, days, null, null, null, null, null, type, campaign, next,
                timeout);
    }

    static Step.Send send(String key, String message, String purpose, String next) {
        return new Step.Send(key, null, new Message(message, purpose, "email", null), false, next);
    }

    static JourneyDocument doc(Settings settings, Step... steps) {
        return new JourneyDocument(1, null, null, settings, List.of(steps));
    }

    @Override
    public void close() {
        workspace.close();
    }
}
