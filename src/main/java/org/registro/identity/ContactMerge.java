package org.registro.identity;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.DUPLICATE_PAIR;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.MERGE_RECORD;
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
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.registro.common.RegistroException;
import org.registro.common.Json;
import org.registro.consent.ConsentLedger;
import org.registro.contact.ContactLinks;
import org.registro.contact.ContactService;
import org.registro.contact.Emails;
import org.registro.db.tables.records.ContactRecord;
import org.registro.db.tables.records.ContactValueRecord;
import org.registro.db.tables.records.DuplicatePairRecord;
import org.registro.db.tables.records.ValueProvenanceRecord;
import org.registro.workspace.AuditLog;

/**
 * Merges written inside the caller's transaction, any number at once: each survivor takes the chosen values (with
 * their provenance and history), every link of the merged record moves or is united ({@link ContactLinks}), the
 * consent ledgers are united, the merged record is marked and the undo data recorded with each merge, so every
 * merge stays undoable on its own. The merges are applied in rounds in which no contact appears twice (a third
 * record of one person waits for the round after the second), and each round takes a fixed number of statements
 * whatever its size: thousands of merges cost a few hundred statements, not tens of thousands.
 */
final class ContactMerge {

    /** At most this many merges in a round, so every list of ids stays a reasonable IN list. */
    static final int ROUND = 500;

    /** One merge to apply. */
    record Request(long survivorId, long mergedId, Map<MergeService.Part, MergeService.Side> overrides,
                   Double score) {
    }

    /** What one merge changes on its survivor, worked out before anything is written. */
    private static final class Change {
        final Request request;
        final ContactRecord s;
        final ContactRecord m;
        final Map<String, String> before = new LinkedHashMap<>();
        final Map<String, String> after = new LinkedHashMap<>();
        final List<String> changedKeys = new ArrayList<>();
        final boolean dncBefore;
        final List<MergeService.SavedProvenance> provenanceBefore = new ArrayList<>();
        final List<String> addedProvenance = new ArrayList<>();
        final Map<Long, Boolean> primaryBefore = new HashMap<>();
        final List<Long> addedHistory = new ArrayList<>();
        final List<MergeService.SavedValue> valuesBefore = new ArrayList<>();
        final List<Long> addedValueFields = new ArrayList<>();
        final List<Long> enrolments = new ArrayList<>();
        final List<Long> resolvedConflicts = new ArrayList<>();

        Change(Request request, ContactRecord s, ContactRecord m, boolean dncBefore) {
            this.request = request;
            this.s = s;
            this.m = m;
            this.dncBefore = dncBefore;
        }

        long survivor() {
            return request.survivorId();
        }

        long merged() {
            return request.mergedId();
        }
    }

    private ContactMerge() {
    }

    /** Applies the merges in the order given; the results come in the same order. */
    static List<MergeService.MergeResult> apply(DSLContext tx, AuditLog audit, OffsetDateTime now,
                                                List<Request> requests) {
        List<List<Integer>> rounds = new ArrayList<>();
        Map<Long, Integer> lastRound = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (r.survivorId() == r.mergedId()) {
                throw new RegistroException("error.dedupe.samecontact", r.survivorId());
            }
            int round = Math.max(lastRound.getOrDefault(r.survivorId(), -1),
                    lastRound.getOrDefault(r.mergedId(), -1)) + 1;
            while (round < rounds.size() && rounds.get(round).size() >= ROUND) {
                round++;
            }
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
            lastRound.put(r.survivorId(), round);
            lastRound.put(r.mergedId(), round);
        }
        MergeService.MergeResult[] results = new MergeService.MergeResult[requests.size()];
        Map<Long, Integer> trust = Survivorship.trust(tx);
        for (List<Integer> round : rounds) {
            List<MergeService.MergeResult> done = round(tx, audit, now, trust,
                    round.stream().map(requests::get).toList());
            for (int i = 0; i < round.size(); i++) {
                results[round.get(i)] = done.get(i);
            }
        }
        return List.of(results);
    }

    /** One round: no contact in two of its merges. */
    private static List<MergeService.MergeResult> round(DSLContext tx, AuditLog audit, OffsetDateTime now,
                                                        Map<Long, Integer> trust, List<Request> round) {
        Map<Long, Long> survivorOf = new LinkedHashMap<>();
        round.forEach(r -> survivorOf.put(r.mergedId(), r.survivorId()));
        List<Long> everyone = new ArrayList<>(survivorOf.keySet());
        everyone.addAll(survivorOf.values());
        Map<Long, ContactRecord> contacts = new HashMap<>();
        // read without a lock: the writes below only apply to a record still as it was read (optimistic lock)
        tx.selectFrom(CONTACT).where(CONTACT.ID.in(everyone)).forEach(c -> contacts.put(c.getId(), c));
        Map<Long, OffsetDateTime> readAt = new HashMap<>();
        contacts.values().forEach(c -> readAt.put(c.getId(), c.getUpdatedAt()));
        Map<Long, List<ValueProvenanceRecord>> provenance = Survivorship.provenance(tx, everyone);

        List<Change> changes = new ArrayList<>();
        for (Request r : round) {
            ContactRecord s = MergeService.active(contacts.get(r.survivorId()), r.survivorId());
            ContactRecord m = MergeService.active(contacts.get(r.mergedId()), r.mergedId());
            List<ValueProvenanceRecord> provenanceS = provenance.getOrDefault(s.getId(), List.of());
            List<ValueProvenanceRecord> provenanceM = provenance.getOrDefault(m.getId(), List.of());
            MergeService.MergePlan plan = Survivorship.plan(trust, provenanceS, provenanceM, s, m, r.overrides());
            Change change = new Change(r, s, m, Boolean.TRUE.equals(s.getDoNotContact()));
            for (MergeService.PartChoice choice : plan.parts()) {
                if (choice.chosen() != MergeService.Side.MERGED || !choice.differs()) {
                    continue;
                }
                for (TableField<ContactRecord, ?> column : choice.part().columns) {
                    Object old = s.get(column);
                    Object value = m.get(column);
                    if (!Objects.equals(old, value)) {
                        String key = MergeService.KEYS.get(column);
                        change.before.put(key, MergeService.text(old));
                        change.after.put(key, MergeService.text(value));
                        change.changedKeys.add(key);
                        MergeService.set(s, column, value);
                    }
                }
            }
            if (Boolean.TRUE.equals(m.getDoNotContact())) {
                s.setDoNotContact(true);
            }
            s.setFirstNameKey(ContactService.nameKey(s.getFirstName()));
            s.setLastNameKey(ContactService.nameKey(s.getLastName()));
            s.setUpdatedAt(now);
            changes.add(change);
        }
        updateSurvivors(tx, changes, readAt);

        moveProvenance(tx, changes, provenance);
        Map<Long, Change> byContact = new HashMap<>();
        changes.forEach(c -> {
            byContact.put(c.survivor(), c);
            byContact.put(c.merged(), c);
        });
        // identifiers: all of both stay, on the survivor; the primaries follow the chosen email and phone
        tx.select(IDENTIFIER.ID, IDENTIFIER.CONTACT_ID, IDENTIFIER.IS_PRIMARY).from(IDENTIFIER)
                .where(IDENTIFIER.CONTACT_ID.in(everyone))
                .forEach(r -> byContact.get(r.value2()).primaryBefore.put(r.value1(), r.value3()));
        // identifiers, events and value history move; tags and snapshot-segment membership are united
        Map<Long, ContactLinks.Moved> links = ContactLinks.mergeAll(tx, survivorOf, MergeService.OWN_LINKS);
        var primary = tx.batch(tx.update(IDENTIFIER)
                .set(IDENTIFIER.IS_PRIMARY, DSL.coalesce(DSL.field(IDENTIFIER.VALUE_NORM.eq(
                        DSL.param("value", String.class))), DSL.inline(false)))
                .where(IDENTIFIER.CONTACT_ID.eq(DSL.param("contact", Long.class))
                        .and(IDENTIFIER.KIND.eq(DSL.param("kind", String.class)))));
        for (Change c : changes) {
            primary.bind(c.s.getEmail() == null ? null : Emails.normalize(c.s.getEmail()), c.survivor(),
                    ContactService.KIND_EMAIL);
            primary.bind(c.s.getPhone(), c.survivor(), ContactService.KIND_PHONE);
        }
        primary.execute();
        writeHistory(tx, audit, now, changes);
        Map<Long, List<Long>> consentEvents = ConsentLedger.uniteAll(tx, survivorOf);
        uniteCustomValues(tx, changes, everyone);
        moveEnrolments(tx, changes, everyone, byContact);
        resolveConflicts(tx, now, changes, everyone, byContact);

        var mark = tx.batch(tx.update(CONTACT).set(CONTACT.STATUS, DSL.inline("merged"))
                .set(CONTACT.MERGED_INTO_ID, DSL.param("survivor", Long.class))
                .set(CONTACT.UPDATED_AT, DSL.param("at", OffsetDateTime.class))
                .where(CONTACT.ID.eq(DSL.param("merged", Long.class))
                        .and(CONTACT.STATUS.eq(DSL.inline(ContactService.STATUS_ACTIVE)))
                        .and(CONTACT.UPDATED_AT.eq(DSL.param("read", OffsetDateTime.class)))));
        changes.forEach(c -> mark.bind(c.survivor(), now, c.merged(), readAt.get(c.merged())));
        requireAll(mark.execute(), changes.stream().map(Change::merged).toList());
        repointPairs(tx, survivorOf);

        var record = tx.batch(tx.insertInto(MERGE_RECORD, MERGE_RECORD.SURVIVOR_ID, MERGE_RECORD.MERGED_ID,
                        MERGE_RECORD.SCORE, MERGE_RECORD.DECIDED_BY, MERGE_RECORD.UNDO_JSON, MERGE_RECORD.MERGED_AT)
                .values((Long) null, null, null, null, null, null));
        for (Change c : changes) {
            MergeService.Undo undo = new MergeService.Undo(c.before, c.after, c.dncBefore,
                    Boolean.TRUE.equals(c.s.getDoNotContact()), null, c.primaryBefore, null, null, c.addedHistory,
                    consentEvents.get(c.merged()), null, c.valuesBefore, c.addedValueFields, c.provenanceBefore,
                    c.addedProvenance, null, c.enrolments, c.resolvedConflicts, links.get(c.merged()));
            Double score = c.request.score();
            record.bind(c.survivor(), c.merged(), score == null ? null : DuplicateService.decimal(score),
                    audit.actor(), Json.write(undo), now);
        }
        record.execute();
        Map<Long, Long> mergeIdOf = new HashMap<>();
        tx.select(MERGE_RECORD.ID, MERGE_RECORD.MERGED_ID).from(MERGE_RECORD)
                .where(MERGE_RECORD.MERGED_ID.in(survivorOf.keySet()).and(MERGE_RECORD.UNDONE_AT.isNull()))
                .forEach(r -> mergeIdOf.merge(r.value2(), r.value1(), Math::max));

        List<AuditLog.Entry> entries = new ArrayList<>();
        List<MergeService.MergeResult> results = new ArrayList<>();
        for (Change c : changes) {
            long mergeId = mergeIdOf.get(c.merged());
            ContactLinks.Moved moved = links.get(c.merged());
            int identifiers = moved.moved().get(ContactLinks.IDENTIFIERS.name()).size();
            int events = moved.moved().get(ContactLinks.EVENTS.name()).size();
            int consent = consentEvents.get(c.merged()).size();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mergeId", mergeId);
            details.put("mergedId", c.merged());
            details.put("fields", c.after);
            details.put("identifiers", identifiers);
            details.put("events", events);
            details.put("consentEvents", consent);
            entries.add(new AuditLog.Entry("contact.merge", "contact", c.survivor(),
                    "Merged contact #" + c.merged() + " into #" + c.survivor() + " (merge #" + mergeId + ")",
                    details));
            results.add(new MergeService.MergeResult(mergeId, c.survivor(), c.merged(), identifiers, events, consent,
                    moved.copied().get(ContactLinks.TAGS.name()).size()));
        }
        audit.recordAll(tx, entries);
        return results;
    }

    /** Every column a merge may change on its survivor. */
    private static final List<TableField<ContactRecord, ?>> SURVIVOR_COLUMNS = survivorColumns();

    private static List<TableField<ContactRecord, ?>> survivorColumns() {
        List<TableField<ContactRecord, ?>> columns = new ArrayList<>();
        for (MergeService.Part part : MergeService.Part.values()) {
            columns.addAll(part.columns);
        }
        columns.addAll(List.of(CONTACT.FIRST_NAME_KEY, CONTACT.LAST_NAME_KEY, CONTACT.DO_NOT_CONTACT,
                CONTACT.UPDATED_AT));
        return List.copyOf(columns);
    }

    /** The survivors take their new values, one statement for all, if nobody changed them since they were read. */
    private static void updateSurvivors(DSLContext tx, List<Change> changes, Map<Long, OffsetDateTime> readAt) {
        Map<org.jooq.Field<?>, org.jooq.Field<?>> params = new LinkedHashMap<>();
        for (TableField<ContactRecord, ?> column : SURVIVOR_COLUMNS) {
            params.put(column, DSL.param(column.getName(), column.getDataType()));
        }
        var batch = tx.batch(tx.update(CONTACT).set(params).where(CONTACT.ID.eq(DSL.param("id", Long.class))
                .and(CONTACT.STATUS.eq(DSL.inline(ContactService.STATUS_ACTIVE)))
                .and(CONTACT.UPDATED_AT.eq(DSL.param("read", OffsetDateTime.class)))));
        for (Change c : changes) {
            Object[] values = new Object[SURVIVOR_COLUMNS.size() + 2];
            for (int i = 0; i < SURVIVOR_COLUMNS.size(); i++) {
                values[i] = c.s.get(SURVIVOR_COLUMNS.get(i));
            }
            values[SURVIVOR_COLUMNS.size()] = c.survivor();
            values[SURVIVOR_COLUMNS.size() + 1] = readAt.get(c.survivor());
            batch.bind(values);
        }
        requireAll(batch.execute(), changes.stream().map(Change::survivor).toList());
    }

    /** Each statement of a batch changed its row, or a record changed since it was read: nothing is written. */
    private static void requireAll(int[] counts, List<Long> ids) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                throw new RegistroException("error.dedupe.changed", ids.get(i));
            }
        }
    }

    /** A value taken from the merged record keeps the merged record's source. */
    private static void moveProvenance(DSLContext tx, List<Change> changes,
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
        for (Change c : changes) {
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
    private static void writeHistory(DSLContext tx, AuditLog audit, OffsetDateTime now, List<Change> changes) {
        if (changes.stream().allMatch(c -> c.changedKeys.isEmpty())) {
            return;
        }
        Long last = tx.select(DSL.max(VALUE_HISTORY.ID)).from(VALUE_HISTORY).fetchOne(0, Long.class);
        var insert = tx.batch(tx.insertInto(VALUE_HISTORY, VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.FIELD_KEY,
                        VALUE_HISTORY.OLD_VALUE, VALUE_HISTORY.NEW_VALUE, VALUE_HISTORY.CHANGED_BY,
                        VALUE_HISTORY.CHANGED_AT)
                .values((Long) null, null, null, null, null, null));
        Map<Long, Change> bySurvivor = new HashMap<>();
        for (Change c : changes) {
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
                    Change c = bySurvivor.get(r.value2());
                    if (changedBy(audit, c).equals(r.value4())) {
                        written.computeIfAbsent(r.value2(), k -> new HashMap<>()).put(r.value3(), r.value1());
                    }
                });
        for (Change c : changes) {
            for (String key : c.changedKeys) {
                c.addedHistory.add(written.get(c.survivor()).get(key));
            }
        }
    }

    private static String changedBy(AuditLog audit, Change c) {
        return audit.actor() + " (merge of #" + c.merged() + ")";
    }

    /** Custom fields: the merged record's value where the survivor has none, or a more recent one. */
    private static void uniteCustomValues(DSLContext tx, List<Change> changes, List<Long> everyone) {
        Map<Long, List<ContactValueRecord>> values = new HashMap<>();
        tx.selectFrom(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.in(everyone)).orderBy(CONTACT_VALUE.FIELD_ID)
                .forEach(v -> values.computeIfAbsent(v.getContactId(), k -> new ArrayList<>()).add(v));
        var delete = tx.batch(tx.deleteFrom(CONTACT_VALUE)
                .where(CONTACT_VALUE.CONTACT_ID.eq(DSL.param("contact", Long.class))
                        .and(CONTACT_VALUE.FIELD_ID.eq(DSL.param("field", Long.class)))));
        int deletes = 0;
        List<ContactValueRecord> copies = new ArrayList<>();
        for (Change c : changes) {
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
    private static void moveEnrolments(DSLContext tx, List<Change> changes, List<Long> everyone,
                                       Map<Long, Change> byContact) {
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
            Change c = byContact.get(r.value2());
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
    private static void resolveConflicts(DSLContext tx, OffsetDateTime now, List<Change> changes,
                                         List<Long> everyone, Map<Long, Change> byContact) {
        List<Long> resolved = new ArrayList<>();
        tx.select(IDENTITY_CONFLICT.ID, IDENTITY_CONFLICT.CONTACT_ID, IDENTITY_CONFLICT.OTHER_CONTACT_ID)
                .from(IDENTITY_CONFLICT)
                .where(IDENTITY_CONFLICT.RESOLVED_AT.isNull().and(IDENTITY_CONFLICT.CONTACT_ID.in(everyone)))
                .orderBy(IDENTITY_CONFLICT.ID)
                .forEach(r -> {
                    Change c = byContact.get(r.value2());
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
    private static void repointPairs(DSLContext tx, Map<Long, Long> survivorOf) {
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
