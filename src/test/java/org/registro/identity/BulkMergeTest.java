package org.registro.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.db.Tables;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Model-based: a bulk merge (many merges in one transaction, in rounds) leaves a workspace exactly as the same
 * merges made one by one, and undoing its merges newest first gives back exactly the workspace before it.
 * Random worlds: contacts with overlapping names and identifiers, tags, consent, custom values, edits, queued
 * pairs and conflicts. Seeds are printed; run one alone with {@code -Dregistro.merge.seed=N}.
 */
class BulkMergeTest {

    @TempDir
    Path tmp;

    /** Tables whose rows a merge or its undo may touch, compared whole (generated ids left out where noted). */
    private static final List<Table<?>> TABLES = List.of(Tables.CONTACT, Tables.IDENTIFIER, Tables.CONTACT_TAG,
            Tables.CONSENT_EVENT, Tables.CONSENT_STATE, Tables.CONTACT_VALUE, Tables.VALUE_PROVENANCE,
            Tables.VALUE_HISTORY, Tables.DUPLICATE_PAIR, Tables.IDENTITY_CONFLICT, Tables.MERGE_RECORD,
            Tables.SEGMENT_MEMBER, Tables.JOURNEY_ENROLMENT);

    /** Ids a merge allocates in the order it writes, which the rounds change: compared by content instead. */
    private static final Set<String> ORDER_DEPENDENT = Set.of("VALUE_HISTORY.ID", "MERGE_RECORD.ID",
            "MERGE_RECORD.UNDO_JSON", "CONSENT_STATE.ID");

    /** What an undo gives back under new ids or marks as its own. */
    private static final Set<String> UNDO_SKIPS = Set.of("CONSENT_STATE.ID", "CONTACT.UPDATED_AT");

    @Test
    void aBulkMergeEqualsTheSameMergesOneByOneAndItsUndoRestoresTheWorkspace() {
        long first = Long.getLong("registro.merge.seed", 52_001L);
        int runs = Long.getLong("registro.merge.seed") != null ? 1 : 12;
        for (long seed = first; seed < first + runs; seed++) {
            System.out.println("BulkMergeTest seed " + seed);
            check(seed);
        }
    }

    private void check(long seed) {
        TestClock clockA = TestClock.at("2026-03-01T10:00:00Z");
        TestClock clockB = TestClock.at("2026-03-01T10:00:00Z");
        try (Workspace a = TestWorkspaces.create(tmp.resolve(seed + "-one-by-one"), clockA);
             Workspace b = TestWorkspaces.create(tmp.resolve(seed + "-bulk"), clockB)) {
            List<Long> idsA = world(a, clockA, new Random(seed));
            List<Long> idsB = world(b, clockB, new Random(seed));
            assertThat(idsB).isEqualTo(idsA);
            Map<String, List<String>> before = dump(b.dsl(), Set.of());
            assertThat(dump(a.dsl(), Set.of())).as("seed %d: the same world twice", seed).isEqualTo(before);
            Map<String, List<String>> beforeUndoView = dump(b.dsl(), UNDO_SKIPS);

            List<MergeService.Step> steps = steps(idsA, new Random(seed * 31 + 7));
            MergeService mergesA = new MergeService(a, new AuditLog(clockA, "tester"));
            MergeService mergesB = new MergeService(b, new AuditLog(clockB, "tester"));
            List<Long> mergeIdsA = new ArrayList<>();
            for (MergeService.Step s : steps) {
                mergeIdsA.add(mergesA.merge(s.survivorId(), s.mergedId(), Map.of(), s.score()).mergeId());
            }
            List<MergeService.MergeResult> bulk = mergesB.mergeAll(steps);

            assertThat(bulk).hasSize(steps.size());
            for (int i = 0; i < steps.size(); i++) {
                assertThat(bulk.get(i).mergedId()).isEqualTo(steps.get(i).mergedId());
            }
            assertSame(dump(b.dsl(), ORDER_DEPENDENT), dump(a.dsl(), ORDER_DEPENDENT),
                    "seed " + seed + ": bulk equals one by one");

            List<Long> newestFirst = new ArrayList<>(bulk.stream().map(MergeService.MergeResult::mergeId).toList());
            newestFirst.sort(Collections.reverseOrder());
            for (long mergeId : newestFirst) {
                mergesB.undo(mergeId);
            }
            Map<String, List<String>> undone = dump(b.dsl(), UNDO_SKIPS);
            assertThat(undone.remove("MERGE_RECORD")).as("every merge is marked undone")
                    .hasSize(steps.size()).noneMatch(row -> row.contains("UNDONE_AT=null"));
            Map<String, List<String>> expected = new TreeMap<>(beforeUndoView);
            expected.remove("MERGE_RECORD");
            // the review queue is the scan's: an undo queues the pair of the two again, the next scan the rest
            expected.remove("DUPLICATE_PAIR");
            undone.remove("DUPLICATE_PAIR");
            assertSame(undone, expected, "seed " + seed + ": undoing every merge gives the workspace back");
        }
    }

    /** Contacts that look alike, with the kinds of data a merge must carry. */
    private static List<Long> world(Workspace ws, TestClock clock, Random random) {
        AuditLog audit = new AuditLog(clock, "tester");
        ContactService contacts = TestWorkspaces.contacts(ws);
        ConsentService consent = new ConsentService(ws, audit);
        String[] firsts = {"Lucía", "Lucia", "L.", "Pedro", "María", "Masha", null};
        String[] lasts = {"Martín", "Martin", "Gil", "Ruiz", null};
        String[] streets = {"Calle Mayor 5", "C/ Mayor 5", "Calle Sol 1", null};
        List<Long> ids = new ArrayList<>();
        int n = 14 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
            String email = random.nextInt(4) == 0 ? null : "p" + i + "@example.org";
            String phone = email != null && random.nextInt(3) == 0 ? null : "+34 612 345 " + (100 + i);
            LocalDate birth = random.nextBoolean() ? null : LocalDate.of(1970 + random.nextInt(3), 3, 9);
            List<String> tags = random.nextBoolean() ? List.of("Volunteer") : List.of();
            long id = contacts.create(new ContactDraft(pick(random, firsts), pick(random, lasts), email, phone,
                    birth, random.nextBoolean() ? "Acme" : null, null, pick(random, streets), "28013", "Madrid",
                    null, "ES", random.nextBoolean() ? "es" : null, tags));
            ids.add(id);
            clock.advance(Duration.ofMinutes(1 + random.nextInt(30)));
            if (random.nextInt(3) == 0) {
                contacts.addTag(id, random.nextBoolean() ? "Donor" : "Volunteer");
            }
            if (random.nextInt(3) == 0) {
                consent.record(new ConsentService.Change(id, "email", null,
                        random.nextBoolean() ? Consent.GRANTED : Consent.WITHDRAWN, Consent.METHOD_FORM, null,
                        clock.instant(), "form"));
            }
        }
        DSLContext dsl = ws.dsl();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        long field = dsl.insertInto(Tables.FIELD_DEFINITION).set(Tables.FIELD_DEFINITION.FIELD_KEY, "shoe")
                .set(Tables.FIELD_DEFINITION.LABEL, "Shoe size").set(Tables.FIELD_DEFINITION.DATA_TYPE, "text")
                .set(Tables.FIELD_DEFINITION.CREATED_AT, now).returning(Tables.FIELD_DEFINITION.ID).fetchOne()
                .getId();
        for (long id : ids) {
            if (random.nextInt(3) == 0) {
                dsl.insertInto(Tables.CONTACT_VALUE).set(Tables.CONTACT_VALUE.CONTACT_ID, id)
                        .set(Tables.CONTACT_VALUE.FIELD_ID, field)
                        .set(Tables.CONTACT_VALUE.VALUE_TEXT, String.valueOf(36 + random.nextInt(8)))
                        .set(Tables.CONTACT_VALUE.UPDATED_AT, now.plusMinutes(random.nextInt(100))).execute();
            }
            if (random.nextInt(4) == 0) {
                var p = contacts.profile(id).orElseThrow();
                clock.advance(Duration.ofMinutes(3));
                contacts.update(id, new ContactDraft(p.firstName(), p.lastName(), p.email(), p.phone(),
                        p.birthDate(), p.organization(), p.jobTitle(), "Calle Nueva " + random.nextInt(9),
                        p.postalCode(), p.city(), p.region(), p.country(), p.language(), List.of()));
            }
        }
        for (int k = 0; k < n; k++) {
            long x = ids.get(random.nextInt(n));
            long y = ids.get(random.nextInt(n));
            if (x == y) {
                continue;
            }
            long lo = Math.min(x, y);
            long hi = Math.max(x, y);
            if (random.nextBoolean()) {
                dsl.insertInto(Tables.DUPLICATE_PAIR).set(Tables.DUPLICATE_PAIR.CONTACT_A, lo)
                        .set(Tables.DUPLICATE_PAIR.CONTACT_B, hi)
                        .set(Tables.DUPLICATE_PAIR.SCORE, java.math.BigDecimal.valueOf(70 + random.nextInt(30)))
                        .set(Tables.DUPLICATE_PAIR.WEIGHT, java.math.BigDecimal.ONE)
                        .set(Tables.DUPLICATE_PAIR.FOUND_AT, now).onDuplicateKeyIgnore().execute();
            } else {
                dsl.insertInto(Tables.IDENTITY_CONFLICT).set(Tables.IDENTITY_CONFLICT.CONTACT_ID, x)
                        .set(Tables.IDENTITY_CONFLICT.OTHER_CONTACT_ID, y)
                        .set(Tables.IDENTITY_CONFLICT.IDENTIFIER_KIND, "email")
                        .set(Tables.IDENTITY_CONFLICT.DETECTED_AT, now).execute();
            }
        }
        clock.advance(Duration.ofHours(1));
        return ids;
    }

    /** Disjoint groups of two to four contacts; the oldest survives, as an automatic merge does. */
    private static List<MergeService.Step> steps(List<Long> ids, Random random) {
        List<Long> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, random);
        List<MergeService.Step> steps = new ArrayList<>();
        int i = 0;
        while (i + 1 < shuffled.size() && random.nextInt(5) != 0) {
            int size = Math.min(shuffled.size() - i, 2 + random.nextInt(3));
            List<Long> group = shuffled.subList(i, i + size);
            long survivor = Collections.min(group);
            for (long other : group) {
                if (other != survivor) {
                    steps.add(new MergeService.Step(survivor, other, 90.0 + random.nextInt(10)));
                }
            }
            i += size;
        }
        Collections.shuffle(steps, random);
        steps.sort((x, y) -> Long.compare(x.survivorId(), y.survivorId()));
        return steps;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Table by table, the rows only one side has. */
    private static void assertSame(Map<String, List<String>> actual, Map<String, List<String>> expected,
                                   String what) {
        assertThat(actual.keySet()).as(what).isEqualTo(expected.keySet());
        for (String table : expected.keySet()) {
            List<String> extra = new ArrayList<>(actual.get(table));
            extra.removeAll(expected.get(table));
            List<String> missing = new ArrayList<>(expected.get(table));
            missing.removeAll(actual.get(table));
            assertThat(extra).as("%s: %s rows not expected (missing: %s)", what, table, missing).isEmpty();
            assertThat(missing).as("%s: %s rows missing", what, table).isEmpty();
        }
    }

    private static Map<String, List<String>> dump(DSLContext dsl, Set<String> skipped) {
        Map<String, List<String>> all = new TreeMap<>();
        for (Table<?> table : TABLES) {
            all.put(table.getName(), dumpTable(dsl, table, skipped));
        }
        return all;
    }

    private static List<String> dumpTable(DSLContext dsl, Table<?> table, Set<String> skipped) {
        List<String> rows = new ArrayList<>();
        for (Record r : dsl.selectFrom(table).fetch()) {
            StringBuilder row = new StringBuilder();
            for (Field<?> f : r.fields()) {
                if (!skipped.contains(table.getName() + "." + f.getName())) {
                    Object v = r.get(f);
                    row.append(f.getName()).append('=')
                            .append(v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString() : v)
                            .append(' ');
                }
            }
            rows.add(row.toString());
        }
        Collections.sort(rows);
        return rows;
    }
}
