package org.registro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.TextKeys;
import org.registro.segment.Rule;
import org.registro.segment.RuleCompiler;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.Workspace;
import org.roaringbitmap.RoaringBitmap;

/**
 * The index answers a rule exactly as the SQL compiler's condition does: random workspaces (missing and empty
 * values, mixed case and accents, erased and merged people, events at the edges of time windows, amounts
 * missing, custom fields of every type with rows without a value, sources, scores, a snapshot and a dynamic
 * segment) and thousands of random rules of every condition type, nested in all / any / none groups.
 * Seeds are printed; {@code -Dregistro.index.seed=N} replays one.
 */
class IndexMatchesSqlTest {

    @TempDir
    Path tmp;

    private static final int WORLDS = 6;
    private static final int RULES = 400;
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-06-15T12:00:00Z");
    static final String[] CITIES = {"Madrid", "madrid", "MÁLAGA", "Málaga", "Sevilla", "", null};
    static final String[] NAMES = {"Ana", "ana", "Ángel", "Bea", "Beatriz", "", null};
    static final String[] COUNTRIES = {"ES", "es", "DK", null};
    static final String[] TAGS = {"Donor", "Volunteer", "VIP"};
    static final String[] KINDS = {"email", "phone", "customer_number"};
    static final String[] TYPES = {"donation", "purchase", "email_open"};
    static final String[] CAMPAIGNS = {"Spring", "Autumn"};
    static final String[] STATUSES = {"granted", "confirmed", "pending", "withdrawn"};
    static final String[] TOPICS = {"", "newsletter", "events"};

    @Test
    void theIndexSelectsWhatTheSqlSelects() {
        long first = Long.getLong("registro.index.seed", System.nanoTime() % 100_000);
        for (int w = 0; w < WORLDS; w++) {
            long seed = first + w;
            System.out.println("IndexMatchesSqlTest seed " + seed);
            Random random = new Random(seed);
            try (Workspace ws = TestWorkspaces.create(tmp.resolve("w" + seed), TestClock.at("2026-06-15T12:00:00Z"))) {
                DSLContext dsl = ws.dsl();
                fill(dsl, random);
                AudienceIndex index = AudienceIndex.build(dsl);
                IndexEvaluator evaluator = new IndexEvaluator(index, NOW);
                RuleCompiler compiler = new RuleCompiler(dsl, NOW);
                for (int r = 0; r < RULES; r++) {
                    Rule rule = rule(random, 0);
                    long[] sql;
                    try {
                        sql = dsl.select(CONTACT.ID).from(CONTACT).where(compiler.compile(rule))
                                .orderBy(CONTACT.ID).fetch(CONTACT.ID).stream().mapToLong(Long::longValue).toArray();
                    } catch (org.registro.common.RegistroException refused) {
                        // a condition that does not fit its field: the same error, not a count
                        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> evaluator.members(rule)))
                                .as("seed %d rule %d: %s", seed, r, rule).hasMessage(refused.getMessage());
                        continue;
                    }
                    Optional<RoaringBitmap> members = evaluator.members(rule);
                    assertThat(members).as("seed %d rule %d: %s", seed, r, rule).isPresent();
                    assertThat(index.ids(members.get())).as("seed %d rule %d: %s", seed, r, rule)
                            .containsExactly(sql);
                }
            }
        }
    }

    @Test
    void namesThatDoNotExistAreTheSameErrorsAsInSql() {
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("n"), TestClock.at("2026-06-15T12:00:00Z"))) {
            IndexEvaluator evaluator = new IndexEvaluator(AudienceIndex.build(ws.dsl()), NOW);
            RuleCompiler compiler = new RuleCompiler(ws.dsl(), NOW);
            for (Rule rule : List.of(new Rule.Field("membership_level", "equals", "gold", null, null, null),
                    new Rule.Source("Nowhere", null), new Rule.Segment("No such segment", true),
                    new Rule.Field("city", "sounds like", "x", null, null, null))) {
                String sql = org.assertj.core.api.Assertions.catchThrowable(() -> compiler.compile(rule)).getMessage();
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> evaluator.members(rule)))
                        .as(rule.toString()).hasMessage(sql);
            }
        }
    }

    // ---------------------------------------------------------------- a random workspace

    static <T> T pick(T[] values, Random r) {
        return values[r.nextInt(values.length)];
    }

    static final String[] FIELD_TYPES = {"text", "number", "date", "boolean", "choice"};

    static void fill(DSLContext dsl, Random r) {
        OffsetDateTime now = NOW;
        List<Long> fields = new ArrayList<>();
        for (String type : FIELD_TYPES) {
            fields.add(dsl.insertInto(FIELD_DEFINITION).set(FIELD_DEFINITION.FIELD_KEY, "f_" + type)
                    .set(FIELD_DEFINITION.LABEL, type).set(FIELD_DEFINITION.DATA_TYPE, type)
                    .set(FIELD_DEFINITION.CREATED_AT, now).returningResult(FIELD_DEFINITION.ID).fetchOne().value1());
        }
        List<Long> sources = new ArrayList<>();
        for (String[] source : new String[][] {{"Web", "first"}, {"Partner list", "third"}, {"Shop", "first"}}) {
            sources.add(dsl.insertInto(SOURCE).set(SOURCE.NAME, source[0]).set(SOURCE.DATA_PARTY, source[1])
                    .set(SOURCE.CREATED_AT, now).returningResult(SOURCE.ID).fetchOne().value1());
        }
        List<Long> tags = new ArrayList<>();
        for (String t : TAGS) {
            tags.add(dsl.insertInto(TAG).set(TAG.NAME, t).set(TAG.NAME_KEY, TextKeys.fold(t)).set(TAG.CREATED_AT, now)
                    .returningResult(TAG.ID).fetchOne().value1());
        }
        int contacts = 40 + r.nextInt(60);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            String status = r.nextInt(10) == 0 ? "erased" : r.nextInt(12) == 0 ? "merged" : "active";
            // created and updated around the window edges of "in the last N days" and around midnight
            OffsetDateTime created = now.minusDays(r.nextInt(40)).minusHours(r.nextInt(48)).withNano(r.nextInt(3) * 500_000);
            LocalDate birth = r.nextInt(4) == 0 ? null : r.nextBoolean()
                    ? now.toLocalDate().minusYears(20 + r.nextInt(50)).plusDays(r.nextInt(30) - 15)
                    : LocalDate.of(1960 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28));
            long id = dsl.insertInto(CONTACT).set(CONTACT.STATUS, status)
                    .set(CONTACT.FIRST_NAME, pick(NAMES, r)).set(CONTACT.CITY, pick(CITIES, r))
                    .set(CONTACT.COUNTRY, pick(COUNTRIES, r)).set(CONTACT.LANGUAGE, r.nextBoolean() ? "es" : null)
                    .set(CONTACT.BIRTH_DATE, birth).set(CONTACT.DO_NOT_CONTACT, r.nextInt(8) == 0)
                    .set(CONTACT.CREATED_AT, created).set(CONTACT.UPDATED_AT, created.plusDays(r.nextInt(5)))
                    .set(CONTACT.CREATED_SOURCE_ID, r.nextInt(3) == 0 ? null : sources.get(r.nextInt(sources.size())))
                    .returningResult(CONTACT.ID).fetchOne().value1();
            ids.add(id);
            for (int f = 0; f < FIELD_TYPES.length; f++) {
                if (r.nextInt(3) == 0) {
                    continue;
                }
                boolean none = r.nextInt(6) == 0; // a row without a value
                dsl.insertInto(CONTACT_VALUE).set(CONTACT_VALUE.CONTACT_ID, id).set(CONTACT_VALUE.FIELD_ID, fields.get(f))
                        .set(CONTACT_VALUE.VALUE_TEXT, none ? null : pick(new String[] {"Gold", "gold", "Silver", "", "1"}, r))
                        .set(CONTACT_VALUE.VALUE_NUMBER, none ? null : BigDecimal.valueOf(r.nextInt(200) - 20, 1))
                        .set(CONTACT_VALUE.VALUE_DATE, none ? null : now.toLocalDate().minusDays(r.nextInt(500)))
                        .set(CONTACT_VALUE.VALUE_BOOL, none ? null : r.nextBoolean())
                        .set(CONTACT_VALUE.UPDATED_AT, now).execute();
            }
            if (r.nextInt(4) > 0) {
                dsl.insertInto(CONTACT_SCORE).set(CONTACT_SCORE.CONTACT_ID, id).set(CONTACT_SCORE.MODEL, "rfm")
                        .set(CONTACT_SCORE.SCORE, r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(50), 1))
                        .set(CONTACT_SCORE.LABEL, r.nextInt(5) == 0 ? null : pick(new String[] {"Champions", "At risk"}, r))
                        .set(CONTACT_SCORE.COMPUTED_AT, now).execute();
            }
            for (int t = 0; t < tags.size(); t++) {
                if (r.nextInt(3) == 0) {
                    dsl.insertInto(CONTACT_TAG).set(CONTACT_TAG.CONTACT_ID, id).set(CONTACT_TAG.TAG_ID, tags.get(t))
                            .set(CONTACT_TAG.ADDED_AT, now).execute();
                }
            }
            for (String kind : KINDS) {
                if (r.nextInt(3) > 0) {
                    dsl.insertInto(IDENTIFIER).set(IDENTIFIER.CONTACT_ID, id).set(IDENTIFIER.KIND, kind)
                            .set(IDENTIFIER.VALUE_RAW, kind + id).set(IDENTIFIER.VALUE_NORM, kind + id)
                            .set(IDENTIFIER.SOURCE_ID, r.nextInt(4) == 0 ? sources.get(r.nextInt(sources.size())) : null)
                            .set(IDENTIFIER.CREATED_AT, now).execute();
                }
            }
            for (String topic : TOPICS) {
                if (r.nextInt(3) > 0) {
                    String st = pick(STATUSES, r);
                    long event = dsl.insertInto(CONSENT_EVENT).set(CONSENT_EVENT.CONTACT_ID, id)
                            .set(CONSENT_EVENT.CHANNEL, "email").set(CONSENT_EVENT.TOPIC, topic)
                            .set(CONSENT_EVENT.STATUS, st).set(CONSENT_EVENT.METHOD, "form")
                            .set(CONSENT_EVENT.OCCURRED_AT, now).set(CONSENT_EVENT.RECORDED_AT, now)
                            .returningResult(CONSENT_EVENT.ID).fetchOne().value1();
                    dsl.insertInto(CONSENT_STATE).set(CONSENT_STATE.CONTACT_ID, id).set(CONSENT_STATE.CHANNEL, "email")
                            .set(CONSENT_STATE.TOPIC, topic).set(CONSENT_STATE.STATUS, st)
                            .set(CONSENT_STATE.METHOD, "form").set(CONSENT_STATE.EVENT_ID, event)
                            .set(CONSENT_STATE.OCCURRED_AT, now).execute();
                }
            }
            int events = r.nextInt(5);
            for (int e = 0; e < events; e++) {
                // some exactly on the edge of a window of whole days, some a microsecond either side
                OffsetDateTime at = now.minusDays(r.nextInt(400));
                at = switch (r.nextInt(3)) {
                    case 0 -> at;
                    case 1 -> at.plusNanos(1_000);
                    default -> at.minusNanos(1_000);
                };
                dsl.insertInto(EVENT).set(EVENT.CONTACT_ID, id).set(EVENT.EVENT_TYPE, pick(TYPES, r))
                        .set(EVENT.OCCURRED_AT, at).set(EVENT.CAMPAIGN, r.nextBoolean() ? pick(CAMPAIGNS, r) : null)
                        .set(EVENT.AMOUNT, r.nextInt(4) == 0 ? null : BigDecimal.valueOf(r.nextInt(120), 1))
                        .set(EVENT.RECORDED_AT, now).execute();
            }
        }
        // three content items and the first three recommendations of most people (some ranks empty)
        List<Long> items = new ArrayList<>();
        String[][] library = {{"agua", "fundraising"}, {"limpieza", "events"}, {"escuela", "fundraising"}};
        for (String[] item : library) {
            long id = dsl.insertInto(CONTENT_ITEM).set(CONTENT_ITEM.ITEM_KEY, item[0]).set(CONTENT_ITEM.KIND, "appeal")
                    .set(CONTENT_ITEM.TITLE, item[0]).set(CONTENT_ITEM.CREATED_AT, now)
                    .set(CONTENT_ITEM.UPDATED_AT, now).returningResult(CONTENT_ITEM.ID).fetchOne().value1();
            dsl.insertInto(CONTENT_ITEM_TOPIC).set(CONTENT_ITEM_TOPIC.ITEM_ID, id)
                    .set(CONTENT_ITEM_TOPIC.TOPIC, item[1]).execute();
            items.add(id);
        }
        for (long id : ids) {
            if (r.nextInt(5) < 3) {
                dsl.insertInto(CONTACT_NEXT).set(CONTACT_NEXT.CONTACT_ID, id)
                        .set(CONTACT_NEXT.ITEM_1_ID, items.get(r.nextInt(3)))
                        .set(CONTACT_NEXT.ITEM_2_ID, r.nextBoolean() ? items.get(r.nextInt(3)) : null)
                        .set(CONTACT_NEXT.ITEM_3_ID, r.nextBoolean() ? items.get(r.nextInt(3)) : null)
                        .set(CONTACT_NEXT.PICKS_JSON, "[]").set(CONTACT_NEXT.COMPUTED_AT, now).execute();
            }
        }
        long snapshot = dsl.insertInto(SEGMENT).set(SEGMENT.NAME, "Snapshot").set(SEGMENT.KIND, "snapshot")
                .set(SEGMENT.RULE_JSON, "{}").set(SEGMENT.CREATED_AT, now).set(SEGMENT.UPDATED_AT, now)
                .returningResult(SEGMENT.ID).fetchOne().value1();
        for (long id : ids) {
            if (r.nextBoolean()) {
                dsl.insertInto(SEGMENT_MEMBER).set(SEGMENT_MEMBER.SEGMENT_ID, snapshot)
                        .set(SEGMENT_MEMBER.CONTACT_ID, id).execute();
            }
        }
        // a dynamic segment with a rule of its own (no segments in it: no cycles)
        dsl.insertInto(SEGMENT).set(SEGMENT.NAME, "Dynamic")
                .set(SEGMENT.RULE_JSON, new org.registro.segment.RuleDocument(1, rule(r, 1, false)).toJson())
                .set(SEGMENT.CREATED_AT, now).set(SEGMENT.UPDATED_AT, now).execute();
        for (long id : ids) {
            if (r.nextInt(12) == 0) {
                dsl.update(CONTACT).set(CONTACT.MERGED_INTO_ID, ids.get(r.nextInt(ids.size())))
                        .set(CONTACT.STATUS, "merged").where(CONTACT.ID.eq(id)).execute();
            }
        }
    }

    // ---------------------------------------------------------------- random rules

    static Rule rule(Random r, int depth) {
        return rule(r, depth, true);
    }

    private static Rule rule(Random r, int depth, boolean segments) {
        int kind = r.nextInt(depth >= 3 ? 10 : 12);
        return switch (kind) {
            case 6 -> customField(r);
            case 7 -> r.nextBoolean() ? new Rule.Source(pick(new String[] {"Web", "Partner list", "Shop"}, r), null)
                    : new Rule.Source(null, pick(new String[] {"first", "second", "third"}, r));
            case 8 -> segments ? new Rule.Segment(r.nextBoolean() ? "Snapshot" : "Dynamic", r.nextBoolean())
                    : new Rule.Tag("Donor", true);
            case 9 -> r.nextInt(3) == 0 ? recommended(r)
                    : r.nextBoolean() ? new Rule.Score("rfm", null, null, pick(new String[] {"Champions", "At risk"}, r))
                    : new Rule.Score(r.nextInt(8) == 0 ? "engagement" : "rfm",
                    pick(new String[] {"atLeast", "atMost", "equals"}, r), BigDecimal.valueOf(r.nextInt(50), 1), null);
            case 0 -> textField(r);
            case 1 -> dateField(r);
            case 2 -> new Rule.Tag(r.nextInt(6) == 0 ? "Nobody" : pick(TAGS, r).toLowerCase(), r.nextBoolean());
            case 3 -> new Rule.Identifier(pick(KINDS, r), r.nextBoolean());
            case 4 -> events(r);
            case 5 -> consent(r);
            default -> {
                List<Rule> parts = new ArrayList<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    parts.add(rule(r, depth + 1, segments));
                }
                yield new Rule.Group(pick(Rule.Match.values(), r), parts);
            }
        };
    }

    /** An item (by key, in any case, or one that does not exist) or a topic, first or among the first three. */
    private static Rule recommended(Random r) {
        Boolean first = pick(new Boolean[] {null, true, false}, r);
        return r.nextBoolean() ? new Rule.Recommended(pick(new String[] {"agua", "LIMPIEZA", "escuela", "nada"}, r),
                null, first) : new Rule.Recommended(null, pick(new String[] {"fundraising", "events", "health"}, r),
                first);
    }

    private static Rule textField(Random r) {
        String field = pick(new String[] {"city", "firstName", "country", "language"}, r);
        String op = pick(new String[] {"equals", "notEquals", "contains", "startsWith", "inList", "isEmpty",
                "isNotEmpty"}, r);
        String value = pick(new String[] {"madrid", " Málaga ", "MAD", "ana", "es", "ES", "dk", "á"}, r);
        List<String> values = op.equals("inList") ? Arrays.asList("madrid", "sevilla", "es") : null;
        return new Rule.Field(field, op, value, null, values, null);
    }

    private static Rule customField(Random r) {
        String type = pick(FIELD_TYPES, r);
        String op = switch (type) {
            case "number" -> pick(new String[] {"equals", "greaterThan", "atLeast", "lessThan", "atMost", "between",
                    "isEmpty", "isNotEmpty", "notEquals"}, r);
            case "date" -> pick(new String[] {"before", "after", "between", "withinLastDays", "anniversaryWithinDays",
                    "isEmpty", "isNotEmpty"}, r);
            case "boolean" -> pick(new String[] {"isTrue", "isFalse", "isEmpty", "isNotEmpty"}, r);
            default -> pick(new String[] {"equals", "notEquals", "contains", "startsWith", "inList", "isEmpty",
                    "isNotEmpty"}, r);
        };
        String value = switch (type) {
            case "number" -> pick(new String[] {"1", "5,5", "10.0", "-1"}, r);
            case "date" -> NOW.toLocalDate().minusDays(r.nextInt(400)).toString();
            default -> pick(new String[] {"gold", " GOLD ", "sil", "1"}, r);
        };
        String value2 = type.equals("number") ? pick(new String[] {"8", "0"}, r)
                : NOW.toLocalDate().minusDays(r.nextInt(100)).toString();
        return new Rule.Field("f_" + type, op, value, value2,
                op.equals("inList") ? Arrays.asList("gold", "silver") : null, pick(new Integer[] {0, 30, 365}, r));
    }

    private static Rule dateField(Random r) {
        String field = pick(new String[] {"birthDate", "createdAt", "updatedAt"}, r);
        String op = field.equals("birthDate")
                ? pick(new String[] {"before", "after", "between", "withinLastDays", "anniversaryWithinDays",
                "isEmpty", "isNotEmpty"}, r)
                : pick(new String[] {"before", "after", "between", "withinLastDays"}, r);
        LocalDate a = NOW.toLocalDate().minusDays(r.nextInt(60));
        LocalDate b = a.plusDays(r.nextInt(40) - 5);
        if (field.equals("birthDate") && !op.equals("withinLastDays") && r.nextBoolean()) {
            a = LocalDate.of(1960 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28));
            b = a.plusYears(r.nextInt(10));
        }
        int days = pick(new Integer[] {0, 1, 7, 30, 365, 400}, r);
        return new Rule.Field(field, op, a.toString(), b.toString(), null, days);
    }

    private static Rule events(Random r) {
        return new Rule.Events(r.nextInt(5) == 0 ? null : r.nextInt(8) == 0 ? "refund" : pick(TYPES, r),
                r.nextBoolean() ? null : r.nextInt(4), r.nextBoolean() ? null : BigDecimal.valueOf(r.nextInt(150), 1),
                r.nextBoolean() ? null : pick(new Integer[] {0, 1, 30, 365}, r),
                r.nextInt(3) == 0 ? pick(CAMPAIGNS, r) : null, r.nextInt(4) == 0 ? Boolean.FALSE : null);
    }

    private static Rule consent(Random r) {
        String topic = r.nextBoolean() ? null : pick(new String[] {"newsletter", "events"}, r);
        if (r.nextBoolean()) {
            return new Rule.Consent(null, "email", topic, pick(STATUSES, r));
        }
        return new Rule.Consent(r.nextBoolean() ? "commercial" : "transactional", "email", topic, null);
    }
}
