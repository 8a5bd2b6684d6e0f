package org.registro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactFacts;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.contact.ContactService;
import org.registro.contact.ContactSort;
import org.registro.segment.ContactTable;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * The contacts table sorted by a figure about each person (total given, gifts, last gift, last activity, consent
 * on a channel) lists the same people in the same order from the audience index as from SQL: random workspaces
 * (erased and merged people, gifts with and without amounts, consent of every status), random filters and quick
 * searches, both directions, and again after changes. Seed printed; {@code -Dregistro.table.seed=N}.
 */
class IndexedContactTableTest {

    @TempDir
    Path tmp;

    @Test
    void theOrderFromTheIndexIsTheOrderFromTheDatabase() {
        long seed = Long.getLong("registro.table.seed", System.nanoTime() % 100_000);
        System.out.println("IndexedContactTableTest seed " + seed);
        Random random = new Random(seed);
        TestClock clock = TestClock.at("2026-06-15T12:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("w"), clock);
             LiveAudience live = new LiveAudience(ws)) {
            IndexMatchesSqlTest.fill(ws.dsl(), random);
            more(ws.dsl(), random);
            AuditLog audit = new AuditLog(clock, "t");
            ContactService contacts = new ContactService(ws, audit);
            SegmentService plain = new SegmentService(ws, audit);
            SegmentService indexed = new SegmentService(ws, audit);
            indexed.useIndex(live);
            ConsentService consent = new ConsentService(ws, audit);
            ContactTable sql = new ContactTable(ws, plain, contacts, consent);
            ContactTable fast = new ContactTable(ws, indexed, contacts, consent);
            live.start();
            assertThat(live.awaitReady(30, TimeUnit.SECONDS)).isTrue();

            compare(ws, sql, fast, random, seed);
            // changes after the build (gifts, consent) reach the index as a layer over the first build
            more(ws.dsl(), random);
            compare(ws, sql, fast, random, seed);
        }
    }

    /** Gifts (some without an amount, some on the same instant) and consent on SMS for some of the people. */
    private static void more(DSLContext dsl, Random r) {
        OffsetDateTime now = IndexMatchesSqlTest.NOW;
        for (long id : dsl.select(CONTACT.ID).from(CONTACT).fetch(CONTACT.ID)) {
            if (r.nextInt(3) == 0) {
                dsl.insertInto(EVENT).set(EVENT.CONTACT_ID, id).set(EVENT.EVENT_TYPE, ContactFacts.GIFT)
                        .set(EVENT.OCCURRED_AT, now.minusDays(r.nextInt(3)))
                        .set(EVENT.AMOUNT, r.nextInt(4) == 0 ? null : BigDecimal.valueOf(r.nextInt(5) * 250, 2))
                        .set(EVENT.RECORDED_AT, now).execute();
            }
            if (r.nextInt(3) == 0) {
                String status = IndexMatchesSqlTest.pick(IndexMatchesSqlTest.STATUSES, r);
                long event = dsl.insertInto(CONSENT_EVENT).set(CONSENT_EVENT.CONTACT_ID, id)
                        .set(CONSENT_EVENT.CHANNEL, "sms").set(CONSENT_EVENT.TOPIC, "").set(CONSENT_EVENT.STATUS, status)
                        .set(CONSENT_EVENT.METHOD, "form").set(CONSENT_EVENT.OCCURRED_AT, now)
                        .set(CONSENT_EVENT.RECORDED_AT, now).returningResult(CONSENT_EVENT.ID).fetchOne().value1();
                dsl.mergeInto(CONSENT_STATE).using(DSL.selectOne())
                        .on(CONSENT_STATE.CONTACT_ID.eq(id)).and(CONSENT_STATE.CHANNEL.eq("sms"))
                        .and(CONSENT_STATE.TOPIC.eq(""))
                        .whenMatchedThenUpdate().set(CONSENT_STATE.STATUS, status).set(CONSENT_STATE.EVENT_ID, event)
                        .whenNotMatchedThenInsert(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC,
                                CONSENT_STATE.STATUS, CONSENT_STATE.METHOD, CONSENT_STATE.EVENT_ID,
                                CONSENT_STATE.OCCURRED_AT)
                        .values(id, "sms", "", status, "form", event, now).execute();
            }
        }
    }

    private static void compare(Workspace ws, ContactTable sql, ContactTable fast, Random random, long seed) {
        List<ContactSort> figures = List.of(ContactSort.GIVEN, ContactSort.GIFTS, ContactSort.LAST_GIFT,
                ContactSort.LAST_ACTIVITY, ContactSort.CONSENT);
        long active = ws.dsl().fetchCount(CONTACT, CONTACT.STATUS.eq("active"));
        for (int round = 0; round < 40; round++) {
            ContactSort sort = figures.get(random.nextInt(figures.size()));
            boolean ascending = random.nextBoolean();
            Rule filter = random.nextInt(3) == 0 ? null : IndexMatchesSqlTest.rule(random, 2);
            String search = random.nextInt(5) == 0 ? IndexMatchesSqlTest.pick(new String[] {"an", "Be", "á"}, random) : "";
            String channel = random.nextBoolean() ? "email" : "sms";
            long[] expected;
            try {
                expected = sql.list(search, filter, sort, channel, ascending).ids();
            } catch (org.registro.common.RegistroException invalid) { // a random rule that makes no sense
                assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> fast.list(search, filter, sort, channel, ascending)))
                        .as("seed %d round %d", seed, round).hasMessage(invalid.getMessage());
                continue;
            }
            long[] actual = fast.list(search, filter, sort, channel, ascending).ids();
            assertThat(actual).as("seed %d round %d: %s %s %s filter %s search '%s'", seed, round, sort,
                    ascending ? "ascending" : "descending", channel, filter, search).containsExactly(expected);
            if (filter == null && search.isEmpty()) {
                assertThat(expected).as("everyone active, seed %d", seed).hasSize((int) active);
            }
        }
    }
}
