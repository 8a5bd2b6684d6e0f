package org.registro.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.contact.DataQuality;
import org.registro.segment.RuleDocument;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.wiring.Session;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** Home's figures: reach now, opted in month by month from the ledger, opt-ins and withdrawals, quality. */
class DashboardTest {

    @TempDir
    Path tmp;

    @Test
    void reachAndItsMonthlyTrendComeFromTheLedgerAndAgreeToday() {
        TestClock clock = TestClock.at("2026-01-10T10:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp, clock)) {
            Session session = Session.open(ws, new WorkspaceService(clock), "tester");
            ContactService contacts = session.contacts();
            ConsentService consent = session.consent();
            long ana = contacts.create(ContactDraft.of("Ana", "Gil", "ana@example.org"));
            long ben = contacts.create(ContactDraft.of("Ben", "Ruiz", "ben@example.org"));
            clock.set("2026-03-05T10:00:00Z");
            long eva = contacts.create(ContactDraft.of("Eva", "Sanz", "eva@example.org"));
            long nameless = contacts.create(ContactDraft.of(null, null, "x@example.org"));
            clock.set("2026-06-15T10:00:00Z");
            // Ana: email in January, events in February; Ben: email in January, withdrawn in April;
            // Eva: email and events in March; the nameless one never opted in
            grant(consent, ana, null, "2026-01-10T10:00:00Z");
            grant(consent, ana, "events", "2026-02-01T10:00:00Z");
            grant(consent, ben, null, "2026-01-12T10:00:00Z");
            consent.record(new ConsentService.Change(ben, "email", null, Consent.WITHDRAWN, Consent.METHOD_FORM, null,
                    Instant.parse("2026-04-03T10:00:00Z"), null));
            grant(consent, eva, null, "2026-03-06T10:00:00Z");
            grant(consent, eva, "events", "2026-03-06T10:00:00Z");

            Dashboard.Figures f = session.dashboard().figures(Progress.NONE);

            assertThat(f.months()).hasSize(Dashboard.MONTHS).last().isEqualTo(YearMonth.of(2026, 6));
            assertThat(f.contacts()).isEqualTo(4);
            // now: Ana and Eva may be emailed, about events too
            assertThat(f.reach("email", "").orElseThrow().people()).isEqualTo(2);
            assertThat(f.reach("email", "events").orElseThrow().people()).isEqualTo(2);
            assertThat(f.reach("email", "events").orElseThrow().people()).isEqualTo(session.segments().count(
                    RuleDocument.of(f.reach("email", "events").orElseThrow().rule())));
            // month ends Jan … Jun: 2, 2, 3, 2, 2, 2 on email; 0, 1, 2, 2, 2, 2 about events
            assertThat(f.optedIn("email", "").orElseThrow().values().subList(6, 12)).containsExactly(2L, 2L, 3L, 2L, 2L,
                    2L);
            assertThat(f.optedIn("email", "events").orElseThrow().values().subList(6, 12))
                    .containsExactly(0L, 1L, 2L, 2L, 2L, 2L);
            assertThat(f.optedIn("email", "events").orElseThrow().last()).isEqualTo(f.reach("email", "events")
                    .orElseThrow().people());
            // opt-ins and withdrawals per month, by where they came from (here: a form, no source)
            Dashboard.Series ins = f.optIns().get(0);
            assertThat(ins.key()).isEqualTo("method:" + Consent.METHOD_FORM);
            assertThat(ins.values().subList(6, 12)).containsExactly(2L, 1L, 2L, 0L, 0L, 0L);
            assertThat(f.withdrawals().get(0).values().subList(6, 12)).containsExactly(0L, 0L, 0L, 1L, 0L, 0L);
            // new contacts typed in by hand (first party): two in January, two in March
            assertThat(f.newContacts()).singleElement().satisfies(s -> {
                assertThat(s.key()).isEqualTo("first");
                assertThat(s.values().subList(6, 12)).containsExactly(2L, 0L, 2L, 0L, 0L, 0L);
            });
            // one of four has no name; the score is 100 minus the average share of each problem
            assertThat(f.quality().shares().get(DataQuality.Issue.MISSING_NAME)).isEqualTo(25.0);
            double average = f.quality().shares().values().stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow();
            assertThat(f.quality().score()).isEqualTo((int) Math.round(100 - average));
            assertThat(f.pendingConfirmation()).isZero();

            // lately: an export, told by its facts (format, rows, purpose, channel) for the words of each language
            session.exports().export(new org.registro.export.ExportRequest(org.registro.export.Selector.all(),
                    org.registro.consent.Purpose.COMMERCIAL, "email", null,
                    org.registro.export.ListFormat.CSV.template()), ws.folder().resolve("list.csv"), null,
                    Progress.NONE);
            Dashboard.Recent last = session.dashboard().figures(Progress.NONE).recent().get(0);
            assertThat(last.kind()).isEqualTo("export");
            assertThat(last.facts()).containsExactly("csv", 2, "commercial", "email");
        }
    }

    @Test
    void theEmailFunnelNarrowsStepByStepAndEachStepCountsItsRule() {
        TestClock clock = TestClock.at("2026-05-10T10:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp, clock)) {
            Session session = Session.open(ws, new WorkspaceService(clock), "tester");
            ContactService contacts = session.contacts();
            ConsentService consent = session.consent();
            long ana = contacts.create(ContactDraft.of("Ana", "Gil", "ana@example.org"));
            long ben = contacts.create(ContactDraft.of("Ben", "Ruiz", "ben@example.org"));
            long eva = contacts.create(ContactDraft.of("Eva", "Sanz", "eva@example.org"));
            long pau = contacts.create(ContactDraft.of("Pau", "Vidal", null).withPhone("+34612345678"));
            contacts.create(ContactDraft.of("Leo", "Mas", "leo@example.org"));
            grant(consent, ana, null, "2026-05-01T10:00:00Z");
            grant(consent, ben, null, "2026-05-01T10:00:00Z");
            grant(consent, eva, null, "2026-05-01T10:00:00Z");
            grant(consent, pau, null, "2026-05-01T10:00:00Z"); // opted in, but no address to write to
            session.privacy().restrict(eva, true, "asked not to be contacted");
            consent.record(new ConsentService.Change(ben, "email", null, Consent.PENDING, Consent.METHOD_FORM, null,
                    Instant.parse("2026-05-02T10:00:00Z"), null));

            List<Dashboard.FunnelStep> funnel = session.dashboard().figures(Progress.NONE).emailFunnel();

            assertThat(funnel).extracting(Dashboard.FunnelStep::key)
                    .containsExactly("contacts", "hasEmail", "optedIn", "reachable");
            // 5 contacts; 4 with an address; Ana and Eva opted in (Ben waits to confirm, Pau has no address);
            // only Ana may be emailed (Eva asked not to be contacted)
            assertThat(funnel).extracting(Dashboard.FunnelStep::people).containsExactly(5L, 4L, 2L, 1L);
            for (Dashboard.FunnelStep step : funnel) {
                assertThat(session.segments().memberIds(step.rule(), java.time.OffsetDateTime.now(clock)))
                        .as(step.key()).hasSize((int) step.people());
            }
            assertThat(session.segments().memberIds(funnel.get(3).rule(), java.time.OffsetDateTime.now(clock)))
                    .containsExactly(ana);
        }
    }

    private static void grant(ConsentService consent, long contact, String topic, String at) {
        consent.record(new ConsentService.Change(contact, "email", topic, Consent.GRANTED, Consent.METHOD_FORM, null,
                Instant.parse(at), null));
    }

    @Test
    void aWorkspaceWithNothingYetHasEmptyFiguresNotErrors() {
        TestClock clock = TestClock.at("2026-06-15T10:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp, clock)) {
            Dashboard.Figures f = Session.open(ws, new WorkspaceService(clock), "t").dashboard().figures(Progress.NONE);
            assertThat(f.contacts()).isZero();
            assertThat(f.quality().score()).isEqualTo(100);
            assertThat(f.reach()).allSatisfy(r -> assertThat(r.people()).isZero());
            assertThat(f.optedIn()).isEmpty();
            assertThat(f.recent()).isEqualTo(List.of());
        }
    }
}
