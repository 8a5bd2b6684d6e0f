package org.registro.identity;

import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.DUPLICATE_PAIR;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.VALUE_HISTORY;
import static org.registro.db.Tables.VALUE_PROVENANCE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.db.tables.records.ContactValueRecord;
import org.registro.db.tables.records.DuplicatePairRecord;
import org.registro.db.tables.records.ValueProvenanceRecord;
import org.registro.workspace.AuditLog;

/**
 * The rows beside a contact that a round of merges carries over, one statement (or one batch) per table for the
 * whole round: provenance, value history, custom values, journeys, conflicts and the review queue.
 */
final class MergeTables {

    private MergeTables() {
    }

    /** A value taken from the merged record keeps the merged record's source. */
    static void moveProvenance(DSLContext tx, List<MergeChange> changes,
                                       Map<Long, List<ValueProvenanceRecord>> provenance) {
        var delete = tx.batch(tx.deleteFrom(VALUE_PROVENANCE)
                .where(VALUE_PROVENANCE.CONTACT_ID.eq(DSL.param("contact", Long.class))
                        .and(VALUE_PROVENANCE.FIELD_KEY.eq(DSL.param("key", String.class)))));
        var insert = tx.batch(tx.insertInto(VALUE_PROVENANCE, VALUE_PROVENANCE.CONTACT_ID, VALUE_PROVENANCE.FIELD_KEY,
                        VALUE_PROVENANCE.SOURCE_ID, VALUE_PROVENANCE.BATCH_ID, VALUE_PROVENANCE.SET_BY,
                        VALUE_PROVENANCE.SET_AT)
                .values((Long) null, null, null, null, null, null));
        int deletes = 0;
        int inserts = 0;
        for (MergeChange c : changes) {
            Map<String, ValueProvenanceRecord> ofS = byKey(provenance.get(c.survivor()));
            Map<String, ValueProvenanceRecord> ofM = byKey(provenance.get(c.merged()));
            for (String key : c.changedKeys) {
                ValueProvenanceRecord old = ofS.get(key);
                if (old != null) {
                    c.provenanceBefore.add(new MergeService.SavedProvenance(key, old.getSourceId(), old.getBatchId(),
                            old.getSetBy(), old.getSetAt()));
                    delete.bind(c.survivor(), key);
                    deletes++;
                } else {
                    c.addedProvenance.add(key);
                }
                ValueProvenanceRecord from = ofM.get(key);
                insert.bind(c.survivor(), key, from != null ? from.getSourceId() : c.m.getCreatedSourceId(),
                        from != null ? from.getBatchId() : c.m.getCreatedBatchId(), "merge of #" + c.merged(),
                        from != null ? from.getSetAt() : c.m.getCreatedAt());
                inserts++;
            }
        }
        if (deletes > 0) {
            delete.execute();
        }
        if (inserts > 0) {
            insert.execute();
        }
    }

    private static Map<String, ValueProvenanceRecord> byKey(List<ValueProvenanceRecord> rows) {
        Map<String, ValueProvenanceRecord> byKey = new HashMap<>();
        if (rows != null) {
            rows.forEach(r -> byKey.put(r.getFieldKey(), r));
        }
        return byKey;
    }

    /** The survivor's history says which values the merge brought; the ids are kept for the undo. */
    static void writeHistory(DSLContext tx, AuditLog audit, OffsetDateTime now, List<MergeChange> changes) {
        if (changes.stream().allMatch(c -> c.changedKeys.isEmpty())) {
            return;
        }
        Long last = tx.select(DSL.max(VALUE_HISTORY.ID)).from(VALUE_HISTORY).fetchOne(0, Long.class);
        var insert = tx.batch(tx.insertInto(VALUE_HISTORY, VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.FIELD_KEY,
                        VALUE_HISTORY.OLD_VALUE, VALUE_HISTORY.NEW_VALUE, VALUE_HISTORY.CHANGED_BY,
                        VALUE_HISTORY.CHANGED_AT)
                .values((Long) null, null, null, null, null, null));
        Map<Long, MergeChange> bySurvivor = new HashMap<>();
        for (MergeChange c : changes) {
            bySurvivor.put(c.survivor(), c);
            for (String key : c.changedKeys) {
                insert.bind(c.survivor(), key, c.before.get(key), c.after.get(key), changedBy(audit, c), now);
            }
        }
        insert.execute();
        Map<Long, Map<String, Long>> written = new HashMap<>();
        tx.select(VALUE_HISTORY.ID, VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.FIELD_KEY, VALUE_HISTORY.CHANGED_BY)
                .from(VALUE_HISTORY)
                .where(VALUE_HISTORY.ID.gt(last == null ? 0L : last)
                        .and(VALUE_HISTORY.CONTACT_ID.in(bySurvivor.keySet())))
                .forEach(r -> {
                    MergeChange c = bySurvivor.get(r.value2());
                    if (changedBy(audit, c).equals(r.value4())) {
                        written.computeIfAbsent(r.value2(), k -> new HashMap<>()).put(r.value3(), r.value1());
                    }
                });
        for (MergeChange c : changes) {
            for (String key : c.changedKeys) {
                c.addedHistory.add(written.get(c.survivor()).get(key));
            }
        }
    }

    private static String changedBy(AuditLog audit, MergeChange c) {
        return audit.actor() + " (merge of #" + c.merged() + ")";
    }

    /** Custom fields: the merged record's value where the survivor has none, or a more recent one. */
    static void uniteCustomValues(DSLContext tx, List<MergeChange> changes, List<Long> everyone) {
        Map<Long, List<ContactValueRecord>> values = new HashMap<>();
        tx.selectFrom(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.in(everyone)).orderBy(CONTACT_VALUE.FIELD_ID)
                .forEach(v -> values.computeIfAbsent(v.getContactId(), k -> new ArrayList<>()).add(v));
        var delete = tx.batch(tx.deleteFrom(CONTACT_VALUE)
                .where(CONTACT_VALUE.CONTACT_ID.eq(DSL.param("contact", Long.class))
                        .and(CONTACT_VALUE.FIELD_ID.eq(DSL.param("field", Long.class)))));
        int deletes = 0;
        List<ContactValueRecord> copies = new ArrayList<>();
        for (MergeChange c : changes) {
            Map<Long, ContactValueRecord> mine = new HashMap<>();
            values.getOrDefault(c.survivor(), List.of()).forEach(v -> mine.put(v.getFieldId(), v));
            for (ContactValueRecord theirs : values.getOrDefault(c.merged(), List.of())) {
                ContactValueRecord own = mine.get(theirs.getFieldId());
                if (own == null) {
                    c.addedValueFields.add(theirs.getFieldId());
                } else if (theirs.getUpdatedAt().isAfter(own.getUpdatedAt()) && !sameValue(own, theirs)) {
                    c.valuesBefore.add(new MergeService.SavedValue(own.getFieldId(), own.getValueText(),
                            own.getValueNumber(), own.getValueDate(), own.getValueBool(), own.getSourceId(),
                            own.getBatchId(), own.getUpdatedAt()));
                    delete.bind(c.survivor(), own.getFieldId());
                    deletes++;
                } else {
                    continue;
                }
                ContactValueRecord copy = theirs.copy();
                copy.setContactId(c.survivor());
                copy.setFieldId(theirs.getFieldId());
                copies.add(copy);
            }
        }
        if (deletes > 0) {
            delete.execute();
        }
        if (!copies.isEmpty()) {
            tx.batchInsert(copies).execute();
        }
    }

    /** The merged record's journeys the survivor is not on follow the person. */
    static void moveEnrolments(DSLContext tx, List<MergeChange> changes, List<Long> everyone,
                                       Map<Long, MergeChange> byContact) {
        Map<Long, Set<Long>> journeysOf = new HashMap<>();
        List<org.jooq.Record3<Long, Long, Long>> rows = tx.select(JOURNEY_ENROLMENT.ID, JOURNEY_ENROLMENT.CONTACT_ID,
                        JOURNEY_ENROLMENT.JOURNEY_ID).from(JOURNEY_ENROLMENT)
                .where(JOURNEY_ENROLMENT.CONTACT_ID.in(everyone)).orderBy(JOURNEY_ENROLMENT.ID).fetch();
        rows.forEach(r -> journeysOf.computeIfAbsent(r.value2(), k -> new HashSet<>()).add(r.value3()));
        var move = tx.batch(tx.update(JOURNEY_ENROLMENT)
                .set(JOURNEY_ENROLMENT.CONTACT_ID, DSL.param("survivor", Long.class))
                .where(JOURNEY_ENROLMENT.ID.eq(DSL.param("id", Long.class))));
        int moves = 0;
        for (var r : rows) {
            MergeChange c = byContact.get(r.value2());
            if (c.merged() == r.value2()
                    && !journeysOf.getOrDefault(c.survivor(), Set.of()).contains(r.value3())) {
                c.enrolments.add(r.value1());
                move.bind(c.survivor(), r.value1());
                moves++;
            }
        }
        if (moves > 0) {
            move.execute();
        }
    }

    /** A conflict between the two records is settled by their merge. */
    static void resolveConflicts(DSLContext tx, OffsetDateTime now, List<MergeChange> changes,
                                         List<Long> everyone, Map<Long, MergeChange> byContact) {
        List<Long> resolved = new ArrayList<>();
        tx.select(IDENTITY_CONFLICT.ID, IDENTITY_CONFLICT.CONTACT_ID, IDENTITY_CONFLICT.OTHER_CONTACT_ID)
                .from(IDENTITY_CONFLICT)
                .where(IDENTITY_CONFLICT.RESOLVED_AT.isNull().and(IDENTITY_CONFLICT.CONTACT_ID.in(everyone)))
                .orderBy(IDENTITY_CONFLICT.ID)
                .forEach(r -> {
                    MergeChange c = byContact.get(r.value2());
                    Long other = r.value3();
                    boolean between = other != null && (c.survivor() == r.value2() && c.merged() == other
                            || c.merged() == r.value2() && c.survivor() == other);
                    if (between) {
                        c.resolvedConflicts.add(r.value1());
                        resolved.add(r.value1());
                    }
                });
        if (!resolved.isEmpty()) {
            tx.update(IDENTITY_CONFLICT).set(IDENTITY_CONFLICT.RESOLVED_AT, now)
                    .set(IDENTITY_CONFLICT.RESOLUTION, "merged").where(IDENTITY_CONFLICT.ID.in(resolved)).execute();
        }
    }

    private static boolean sameValue(ContactValueRecord a, ContactValueRecord b) {
        return Objects.equals(a.getValueText(), b.getValueText())
                && Objects.equals(a.getValueNumber() == null ? null : a.getValueNumber().stripTrailingZeros(),
                b.getValueNumber() == null ? null : b.getValueNumber().stripTrailingZeros())
                && Objects.equals(a.getValueDate(), b.getValueDate())
                && Objects.equals(a.getValueBool(), b.getValueBool());
    }

    /**
     * The merged records' pairs in the queue now concern their survivors; the pair of the two is settled. Pairs
     * that land on one pair keep the highest score, whatever the order of the merges.
     */
    static void repointPairs(DSLContext tx, Map<Long, Long> survivorOf) {
        List<DuplicatePairRecord> touched = new ArrayList<>(tx.selectFrom(DUPLICATE_PAIR)
                .where(DUPLICATE_PAIR.CONTACT_A.in(survivorOf.keySet())).fetch());
        touched.addAll(tx.selectFrom(DUPLICATE_PAIR).where(DUPLICATE_PAIR.CONTACT_B.in(survivorOf.keySet())
                .and(DUPLICATE_PAIR.CONTACT_A.notIn(survivorOf.keySet()))).fetch());
        if (touched.isEmpty()) {
            return;
        }
        var delete = tx.batch(tx.deleteFrom(DUPLICATE_PAIR)
                .where(DUPLICATE_PAIR.CONTACT_A.eq(DSL.param("a", Long.class))
                        .and(DUPLICATE_PAIR.CONTACT_B.eq(DSL.param("b", Long.class)))));
        touched.forEach(p -> delete.bind(p.getContactA(), p.getContactB()));
        delete.execute();
        touched.sort(java.util.Comparator.comparing(DuplicatePairRecord::getScore).reversed());
        Map<List<Long>, DuplicatePairRecord> repointed = new LinkedHashMap<>();
        for (DuplicatePairRecord p : touched) {
            long x = survivorOf.getOrDefault(p.getContactA(), p.getContactA());
            long y = survivorOf.getOrDefault(p.getContactB(), p.getContactB());
            if (x != y) {
                repointed.putIfAbsent(List.of(Math.min(x, y), Math.max(x, y)), p);
            }
        }
        if (repointed.isEmpty()) {
            return;
        }
        Set<Long> firsts = new HashSet<>();
        repointed.keySet().forEach(k -> firsts.add(k.get(0)));
        List<DuplicatePairRecord> higher = new ArrayList<>();
        for (DuplicatePairRecord queued : tx.selectFrom(DUPLICATE_PAIR).where(DUPLICATE_PAIR.CONTACT_A.in(firsts))) {
            DuplicatePairRecord p = repointed.remove(List.of(queued.getContactA(), queued.getContactB()));
            if (p != null && p.getScore().compareTo(queued.getScore()) > 0) {
                queued.setScore(p.getScore());
                queued.setWeight(p.getWeight());
                queued.setFoundAt(p.getFoundAt());
                higher.add(queued);
            }
        }
        if (!higher.isEmpty()) {
            tx.batchUpdate(higher).execute();
        }
        if (repointed.isEmpty()) {
            return;
        }
        var insert = tx.batch(tx.insertInto(DUPLICATE_PAIR, DUPLICATE_PAIR.CONTACT_A, DUPLICATE_PAIR.CONTACT_B,
                DUPLICATE_PAIR.SCORE, DUPLICATE_PAIR.WEIGHT, DUPLICATE_PAIR.FOUND_AT)
                .values((Long) null, null, null, null, null));
        repointed.forEach((key, p) -> insert.bind(key.get(0), key.get(1), p.getScore(), p.getWeight(),
                p.getFoundAt()));
        insert.execute();
    }
}
