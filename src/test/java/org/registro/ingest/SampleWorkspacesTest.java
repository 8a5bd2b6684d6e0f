package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IMPORT_BATCH;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.testutil.TestClock;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** The sample workspaces build through the import pipeline, linking people across their files. */
class SampleWorkspacesTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2025-12-01T10:00:00Z");

    private static long count(Workspace ws, org.jooq.Table<?> table, org.jooq.Condition where) {
        return ws.dsl().selectCount().from(table).where(where).fetchSingle(0, long.class);
    }

    @Test
    void theSpanishNgoLinksMailchimpTheCrmTheEventSheetAndDonations() {
        try (Workspace ws = SampleWorkspaces.build("spanish-ngo", tmp.resolve("ngo"), new WorkspaceService(clock),
                clock, "tester", Progress.NONE)) {
            assertThat(ws.name()).isEqualTo("Fundación Sol (sample)");
            assertThat(count(ws, IMPORT_BATCH, IMPORT_BATCH.STATUS.eq("completed"))).isEqualTo(8);
            // 132 invented people; a few appear in two files without a shared email or phone (the volunteer form
            // above all: nicknames, an initial, personal emails), which is what the duplicates review is for; the
            // CRM row with no contact detail at all is rejected
            long contacts = count(ws, CONTACT, org.jooq.impl.DSL.noCondition());
            assertThat(contacts).isBetween(138L, 150L);
            var duplicates = org.registro.wiring.Session.open(ws, new org.registro.workspace.WorkspaceService(clock),
                    "tester").duplicates();
            var scan = duplicates.scan(Progress.NONE);
            // the clearest ones merge automatically; a nickname with no shared contact detail waits for review
            assertThat(scan.toMerge()).isGreaterThanOrEqualTo(5);
            assertThat(scan.toMerge() + scan.toReview()).isGreaterThanOrEqualTo(10);
            assertThat(duplicates.queue(0, 101, 100)).anyMatch(p -> p.nameA().equals("Beatriz Pérez Rubio")
                    && p.nameB().equals("Bea Pérez Rubio"));
            // people in both Mailchimp (40 of them) and the donor CRM became one contact with both identifiers
            var i = IDENTIFIER;
            long linked = ws.dsl().selectCount().from(CONTACT).where(org.jooq.impl.DSL.exists(
                    ws.dsl().selectOne().from(i).where(i.CONTACT_ID.eq(CONTACT.ID).and(i.KIND.eq("source_key"))
                            .and(i.SYSTEM.eq("Mailchimp"))))
                    .and(org.jooq.impl.DSL.exists(ws.dsl().selectOne().from(i).where(i.CONTACT_ID.eq(CONTACT.ID)
                            .and(i.KIND.eq("customer_number")))))).fetchSingle(0, long.class);
            assertThat(linked).isGreaterThanOrEqualTo(35);
            // Mailchimp's unsubscribed and cleaned members end withdrawn, subscribed ones opted in
            assertThat(count(ws, CONSENT_STATE, CONSENT_STATE.CHANNEL.eq("email")
                    .and(CONSENT_STATE.STATUS.eq("withdrawn")))).isGreaterThanOrEqualTo(16);
            assertThat(count(ws, CONSENT_STATE, CONSENT_STATE.CHANNEL.eq("email")
                    .and(CONSENT_STATE.STATUS.in("granted", "confirmed")))).isGreaterThan(50);
            // donations are linked by member number; sign-ups recorded as events
            assertThat(count(ws, EVENT, EVENT.EVENT_TYPE.eq("donation"))).isGreaterThan(60);
            assertThat(count(ws, EVENT, EVENT.EVENT_TYPE.eq("event_signup"))).isGreaterThan(30);
            assertThat(ws.folder().resolve("sources").resolve("donantes_crm.csv")).exists();
        }
    }

    @Test
    void theDanishShopLinksBrevoAndOrdersToShopCustomers() {
        try (Workspace ws = SampleWorkspaces.build("danish-shop", tmp.resolve("shop"), new WorkspaceService(clock),
                clock, "tester", Progress.NONE)) {
            assertThat(ws.defaultRegion()).isEqualTo("DK");
            assertThat(count(ws, CONTACT, org.jooq.impl.DSL.noCondition())).isEqualTo(90);
            assertThat(count(ws, EVENT, EVENT.EVENT_TYPE.eq("purchase"))).isGreaterThan(100);
            assertThat(count(ws, CONSENT_STATE, CONSENT_STATE.STATUS.eq("confirmed"))).isPositive();
            assertThat(count(ws, CONSENT_STATE, CONSENT_STATE.STATUS.eq("withdrawn"))).isPositive();
        }
    }

    @Test
    void theReadmesExampleRulesFindPeopleInTheSampleWhateverDayItIsBuilt() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        java.util.List<String> rules = new java.util.ArrayList<>();
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("```json\\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(readme);
        while (block.find()) {
            if (block.group(1).contains("\"rule\"")) {
                rules.add(block.group(1));
            }
        }
        assertThat(rules).as("the README shows example rules").isNotEmpty();
        for (String day : java.util.List.of("2026-12-04T09:00:00Z", "2031-03-17T09:00:00Z")) {
            TestClock later = TestClock.at(day);
            try (Workspace ws = SampleWorkspaces.build("spanish-ngo", tmp.resolve("ngo-" + day.substring(0, 4)),
                    new WorkspaceService(later), later, "tester", Progress.NONE)) {
                var segments = org.registro.wiring.Session.open(ws, new WorkspaceService(later), "tester").segments();
                for (String rule : rules) {
                    assertThat(segments.count(org.registro.segment.RuleDocument.parse(rule)))
                            .as("on %s: %s", day, rule).isPositive();
                }
                // the donors' last year is the year before the day the sample is built
                assertThat(count(ws, EVENT, EVENT.EVENT_TYPE.eq("donation").and(EVENT.OCCURRED_AT
                        .gt(java.time.OffsetDateTime.parse(day).minusYears(1))))).isGreaterThan(30);
            }
        }
    }
}
