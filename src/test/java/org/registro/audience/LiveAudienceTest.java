package org.registro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.audience.IndexMatchesSqlTest.NOW;
import static org.registro.audience.IndexMatchesSqlTest.pick;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_NEXT;
import static org.registro.db.Tables.CONTENT_ITEM;
import static org.registro.db.Tables.CONTENT_ITEM_TOPIC;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.common.TextKeys;
import org.registro.segment.Rule;
import org.registro.segment.RuleCompiler;
import org.registro.segment.RuleIndex;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.Workspace;

/**
 * The live index stays exact: random workspaces get random sequences of changes to every table a rule reads
 * (contacts, tags, identifiers, consent, events, custom values and fields, sources, scores, snapshot members,
 * segment rules, tag renames, merges), in transactions that commit or roll back and in single statements, many
 * small and some large enough to rebuild the whole index; after each change, random rules must select through the
 * index exactly what the SQL selects. Seeds are printed; {@code -Dregistro.live.seed=N} replays one.
 */
class LiveAudienceTest {

    @TempDir
    Path tmp;

    private static final int WORLDS = 4;
    private static final int STEPS = 70;
    private static final int RULES = 12;

    @Test
    void everyCommittedChangeIsCountedAndNoRolledBackOneIs() throws Exception {
        long first = Long.getLong("registro.live.seed", System.nanoTime() % 100_000);
        for (int w = 0; w < WORLDS; w++) {
            long seed = first + w;
            System.out.println("LiveAudienceTest seed " + seed + " (repeat with -Dregistro.live.seed=" + seed + ")");
            Random random = new Random(seed);
            try (Workspace ws = TestWorkspaces.create(tmp.resolve("w" + seed), TestClock.at("2026-06-15T12:00:00Z"));
                 LiveAudience live = new LiveAudience(ws, 30)) {
                DSLContext dsl = ws.dsl();
                IndexMatchesSqlTest.fill(dsl, random);
                live.start();
                assertThat(live.awaitReady(30, TimeUnit.SECONDS)).as("built").isTrue();
                for (int step = 0; step < STEPS; step++) {
                    String change = change(dsl, random);
                    for (int r = 0; r < RULES; r++) {
                        Rule rule = IndexMatchesSqlTest.rule(random, 0);
                        compare(dsl, live, rule, "seed " + seed + " step " + step + " (" + change + ") rule " + rule);
                    }
                }
                assertThat(live.status()).isEqualTo(RuleIndex.Status.READY);
            }
        }
    }

    private static void compare(DSLContext dsl, LiveAudience live, Rule rule, String what) {
        long[] sql;
        try {
            sql = dsl.select(CONTACT.ID).from(CONTACT).where(new RuleCompiler(dsl, NOW).compile(rule))
                    .orderBy(CONTACT.ID).fetch(CONTACT.ID).stream().mapToLong(Long::longValue).toArray();
        } catch (RegistroException refused) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> live.members(rule, NOW))).as(what)
                    .hasMessage(refused.getMessage());
            return;
        }
        Optional<RuleIndex.Members> members = live.members(rule, NOW);
        assertThat(members).as(what).isPresent();
        assertThat(members.get().ids()).as(what).containsExactly(sql);
        assertThat(members.get().count()).as(what).isEqualTo(sql.length);
    }

    /** One random change, committed or rolled back; returns what it was. */
    private static String change(DSLContext dsl, Random r) {
        List<Long> ids = dsl.select(CONTACT.ID).from(CONTACT).fetch(CONTACT.ID);
        long id = ids.get(r.nextInt(ids.size()));
        long other = ids.get(r.nextInt(ids.size()));
        int kind = r.nextInt(18);
        boolean rollBack = r.nextInt(6) == 0;
        boolean inTransaction = rollBack || r.nextBoolean();
        String what = "change " + kind + (rollBack ? " rolled back" : "") + (inTransaction ? "" : " auto-commit");
        if (!inTransaction) {
            apply(dsl, r, kind, id, other, ids);
            return what;
        }
        try {
            dsl.transaction(c -> {
                apply(c.dsl(), r, kind, id, other, ids);
                if (r.nextBoolean()) { // a second change in the same transaction
                    apply(c.dsl(), r, r.nextInt(18), other, id, ids);
                }
                if (rollBack) {
                    throw new IllegalStateException("roll back");
                }
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        return what;
    }

    private static void apply(DSLContext dsl, Random r, int kind, long id, long other, List<Long> ids) {
        switch (kind) {
            case 0 -> dsl.update(CONTACT).set(CONTACT.CITY, pick(IndexMatchesSqlTest.CITIES, r))
                    .set(CONTACT.FIRST_NAME, pick(IndexMatchesSqlTest.NAMES, r))
                    .set(CONTACT.UPDATED_AT, NOW.minusDays(r.nextInt(30))).where(CONTACT.ID.eq(id)).execute();
            case 1 -> dsl.update(CONTACT).set(CONTACT.STATUS, pick(new String[] {"active", "erased", "active"}, r))
                    .set(CONTACT.DO_NOT_CONTACT, r.nextInt(4) == 0).where(CONTACT.ID.eq(id)).execute();
            case 2 -> { // a new person with a tag and an event
                long created = dsl.insertInto(CONTACT).set(CONTACT.STATUS, "active")
                        .set(CONTACT.FIRST_NAME, pick(IndexMatchesSqlTest.NAMES, r))
                        .set(CONTACT.CITY, pick(IndexMatchesSqlTest.CITIES, r)).set(CONTACT.CREATED_AT, NOW)
                        .set(CONTACT.UPDATED_AT, NOW).returningResult(CONTACT.ID).fetchOne().value1();
                dsl.insertInto(CONTACT_TAG).set(CONTACT_TAG.CONTACT_ID, created).set(CONTACT_TAG.TAG_ID,
                        dsl.select(TAG.ID).from(TAG).limit(1).fetchSingle(TAG.ID)).set(CONTACT_TAG.ADDED_AT, NOW)
                        .execute();
                event(dsl, r, created);
            }
            case 3 -> event(dsl, r, id);
            case 4 -> dsl.deleteFrom(EVENT).where(EVENT.CONTACT_ID.eq(id)).execute();
            case 5 -> { // tag on or off
                long tag = dsl.select(TAG.ID).from(TAG).orderBy(TAG.ID).offset(r.nextInt(3)).limit(1)
                        .fetchSingle(TAG.ID);
                if (dsl.deleteFrom(CONTACT_TAG).where(CONTACT_TAG.CONTACT_ID.eq(id).and(CONTACT_TAG.TAG_ID.eq(tag)))
                        .execute() == 0) {
                    dsl.insertInto(CONTACT_TAG).set(CONTACT_TAG.CONTACT_ID, id).set(CONTACT_TAG.TAG_ID, tag)
                            .set(CONTACT_TAG.ADDED_AT, NOW).execute();
                }
            }
            case 6 -> { // a tag renamed: to a name rules use for nobody, and back
                String to = pick(new String[] {"Nobody", "VIP", "Donor2"}, r);
                if (!dsl.fetchExists(TAG, TAG.NAME_KEY.eq(TextKeys.fold(to)))) {
                    dsl.update(TAG).set(TAG.NAME, to).set(TAG.NAME_KEY, TextKeys.fold(to))
                            .where(TAG.ID.eq(dsl.select(TAG.ID).from(TAG).orderBy(TAG.ID.desc()).limit(1)
                                    .fetchSingle(TAG.ID))).execute();
                }
            }
            case 7 -> dsl.update(CONSENT_STATE).set(CONSENT_STATE.STATUS, pick(IndexMatchesSqlTest.STATUSES, r))
                    .where(CONSENT_STATE.CONTACT_ID.eq(id)).execute();
            case 8 -> { // a custom value changed or removed
                if (r.nextBoolean()) {
                    dsl.deleteFrom(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.eq(id)).execute();
                } else {
                    dsl.update(CONTACT_VALUE).set(CONTACT_VALUE.VALUE_TEXT, pick(new String[] {"gold", "Silver", null}, r))
                            .set(CONTACT_VALUE.VALUE_NUMBER, BigDecimal.valueOf(r.nextInt(100), 1))
                            .where(CONTACT_VALUE.CONTACT_ID.eq(id)).execute();
                }
            }
            case 9 -> { // a field archived or brought back
                dsl.update(FIELD_DEFINITION).set(FIELD_DEFINITION.ARCHIVED_AT, r.nextBoolean() ? NOW : null)
                        .where(FIELD_DEFINITION.FIELD_KEY.eq("f_" + pick(IndexMatchesSqlTest.FIELD_TYPES, r))).execute();
            }
            case 10 -> { // a source renamed to a name rules use, or another party
                dsl.update(SOURCE).set(SOURCE.DATA_PARTY, pick(new String[] {"first", "second", "third"}, r))
                        .where(SOURCE.NAME.eq(pick(new String[] {"Web", "Partner list", "Shop"}, r))).execute();
            }
            case 11 -> dsl.update(CONTACT_SCORE).set(CONTACT_SCORE.SCORE, BigDecimal.valueOf(r.nextInt(50), 1))
                    .set(CONTACT_SCORE.LABEL, pick(new String[] {"Champions", "At risk", null}, r))
                    .where(CONTACT_SCORE.CONTACT_ID.eq(id)).execute();
            case 12 -> { // snapshot membership
                long snapshot = dsl.select(SEGMENT.ID).from(SEGMENT).where(SEGMENT.NAME.eq("Snapshot"))
                        .fetchSingle(SEGMENT.ID);
                if (dsl.deleteFrom(SEGMENT_MEMBER).where(SEGMENT_MEMBER.SEGMENT_ID.eq(snapshot)
                        .and(SEGMENT_MEMBER.CONTACT_ID.eq(id))).execute() == 0) {
                    dsl.insertInto(SEGMENT_MEMBER).set(SEGMENT_MEMBER.SEGMENT_ID, snapshot)
                            .set(SEGMENT_MEMBER.CONTACT_ID, id).execute();
                }
            }
            case 13 -> dsl.update(SEGMENT).set(SEGMENT.RULE_JSON,
                            new org.registro.segment.RuleDocument(1, new Rule.Tag(pick(IndexMatchesSqlTest.TAGS, r),
                                    r.nextBoolean())).toJson())
                    .where(SEGMENT.NAME.eq("Dynamic")).execute();
            case 14 -> { // a merge: the other's events and identifiers move here
                if (id != other) {
                    dsl.update(EVENT).set(EVENT.CONTACT_ID, id).where(EVENT.CONTACT_ID.eq(other)).execute();
                    dsl.update(IDENTIFIER).set(IDENTIFIER.CONTACT_ID, id).where(IDENTIFIER.CONTACT_ID.eq(other))
                            .execute();
                    dsl.update(CONTACT).set(CONTACT.STATUS, "merged").set(CONTACT.MERGED_INTO_ID, id)
                            .where(CONTACT.ID.eq(other)).execute();
                }
            }
            case 16 -> { // recommendations refreshed for one person: another first item, or none
                Long item = dsl.select(CONTENT_ITEM.ID).from(CONTENT_ITEM).orderBy(CONTENT_ITEM.ID)
                        .offset(r.nextInt(3)).limit(1).fetchOne(CONTENT_ITEM.ID);
                dsl.deleteFrom(CONTACT_NEXT).where(CONTACT_NEXT.CONTACT_ID.eq(id)).execute();
                if (r.nextInt(4) > 0) {
                    dsl.insertInto(CONTACT_NEXT).set(CONTACT_NEXT.CONTACT_ID, id).set(CONTACT_NEXT.ITEM_1_ID, item)
                            .set(CONTACT_NEXT.ITEM_3_ID, r.nextBoolean() ? item : null)
                            .set(CONTACT_NEXT.PICKS_JSON, "[]").set(CONTACT_NEXT.COMPUTED_AT, NOW).execute();
                }
            }
            case 17 -> { // an item's key or topic changed: what rules name it by
                long item = dsl.select(CONTENT_ITEM.ID).from(CONTENT_ITEM).orderBy(CONTENT_ITEM.ID)
                        .offset(r.nextInt(3)).limit(1).fetchOne(CONTENT_ITEM.ID);
                String key = pick(new String[] {"nada", "agua", "limpieza", "x" + item}, r);
                if (r.nextBoolean() && !dsl.fetchExists(CONTENT_ITEM, CONTENT_ITEM.ITEM_KEY.eq(key))) {
                    dsl.update(CONTENT_ITEM).set(CONTENT_ITEM.ITEM_KEY, key).where(CONTENT_ITEM.ID.eq(item)).execute();
                } else {
                    dsl.update(CONTENT_ITEM_TOPIC).set(CONTENT_ITEM_TOPIC.TOPIC, pick(new String[] {"events",
                            "volunteering", "fundraising"}, r)).where(CONTENT_ITEM_TOPIC.ITEM_ID.eq(item)).execute();
                }
            }
            default -> // a large change: everyone touched (rebuilds the index)
                    dsl.update(CONTACT).set(CONTACT.UPDATED_AT, NOW.minusDays(r.nextInt(10)))
                            .where(CONTACT.ID.in(ids.subList(0, Math.min(ids.size(), 20 + r.nextInt(60))))).execute();
        }
    }

    private static void event(DSLContext dsl, Random r, long id) {
        dsl.insertInto(EVENT).set(EVENT.CONTACT_ID, id).set(EVENT.EVENT_TYPE, pick(IndexMatchesSqlTest.TYPES, r))
                .set(EVENT.OCCURRED_AT, NOW.minusDays(r.nextInt(400)))
                .set(EVENT.AMOUNT, BigDecimal.valueOf(r.nextInt(120), 1)).set(EVENT.RECORDED_AT, NOW).execute();
    }
}
