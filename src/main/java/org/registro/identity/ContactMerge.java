package org.registro.identity;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.MERGE_RECORD;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.common.Json;
import org.registro.consent.ConsentLedger;
import org.registro.contact.ContactLinks;
import org.registro.contact.ContactService;
import org.registro.contact.Emails;
import org.registro.db.tables.records.ContactRecord;
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

    private ContactMerge() {
    }

    /** One merge to apply. */
    record Request(long survivorId, long mergedId, Map<MergeService.Part, MergeService.Side> overrides,
                   Double score) {
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

        List<MergeChange> changes = new ArrayList<>();
        for (Request r : round) {
            ContactRecord s = MergeService.active(contacts.get(r.survivorId()), r.survivorId());
            ContactRecord m = MergeService.active(contacts.get(r.mergedId()), r.mergedId());
            List<ValueProvenanceRecord> provenanceS = provenance.getOrDefault(s.getId(), List.of());
            List<ValueProvenanceRecord> provenanceM = provenance.getOrDefault(m.getId(), List.of());
            MergeService.MergePlan plan = Survivorship.plan(trust, provenanceS, provenanceM, s, m, r.overrides());
            MergeChange change = new MergeChange(r, s, m, Boolean.TRUE.equals(s.getDoNotContact()));
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

        MergeTables.moveProvenance(tx, changes, provenance);
        Map<Long, MergeChange> byContact = new HashMap<>();
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
        for (MergeChange c : changes) {
            primary.bind(c.s.getEmail() == null ? null : Emails.normalize(c.s.getEmail()), c.survivor(),
                    ContactService.KIND_EMAIL);
            primary.bind(c.s.getPhone(), c.survivor(), ContactService.KIND_PHONE);
        }
        primary.execute();
        MergeTables.writeHistory(tx, audit, now, changes);
        Map<Long, List<Long>> consentEvents = ConsentLedger.uniteAll(tx, survivorOf);
        MergeTables.uniteCustomValues(tx, changes, everyone);
        MergeTables.moveEnrolments(tx, changes, everyone, byContact);
        MergeTables.resolveConflicts(tx, now, changes, everyone, byContact);

        var mark = tx.batch(tx.update(CONTACT).set(CONTACT.STATUS, DSL.inline("merged"))
                .set(CONTACT.MERGED_INTO_ID, DSL.param("survivor", Long.class))
                .set(CONTACT.UPDATED_AT, DSL.param("at", OffsetDateTime.class))
                .where(CONTACT.ID.eq(DSL.param("merged", Long.class))
                        .and(CONTACT.STATUS.eq(DSL.inline(ContactService.STATUS_ACTIVE)))
                        .and(CONTACT.UPDATED_AT.eq(DSL.param("read", OffsetDateTime.class)))));
        changes.forEach(c -> mark.bind(c.survivor(), now, c.merged(), readAt.get(c.merged())));
        requireAll(mark.execute(), changes.stream().map(MergeChange::merged).toList());
        MergeTables.repointPairs(tx, survivorOf);

        var record = tx.batch(tx.insertInto(MERGE_RECORD, MERGE_RECORD.SURVIVOR_ID, MERGE_RECORD.MERGED_ID,
                        MERGE_RECORD.SCORE, MERGE_RECORD.DECIDED_BY, MERGE_RECORD.UNDO_JSON, MERGE_RECORD.MERGED_AT)
                .values((Long) null, null, null, null, null, null));
        for (MergeChange c : changes) {
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
        for (MergeChange c : changes) {
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
                    Phrase.of("audit.contact.merge", c.merged(), c.survivor(), mergeId),
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
    private static void updateSurvivors(DSLContext tx, List<MergeChange> changes, Map<Long, OffsetDateTime> readAt) {
        Map<org.jooq.Field<?>, org.jooq.Field<?>> params = new LinkedHashMap<>();
        for (TableField<ContactRecord, ?> column : SURVIVOR_COLUMNS) {
            params.put(column, DSL.param(column.getName(), column.getDataType()));
        }
        var batch = tx.batch(tx.update(CONTACT).set(params).where(CONTACT.ID.eq(DSL.param("id", Long.class))
                .and(CONTACT.STATUS.eq(DSL.inline(ContactService.STATUS_ACTIVE)))
                .and(CONTACT.UPDATED_AT.eq(DSL.param("read", OffsetDateTime.class)))));
        for (MergeChange c : changes) {
            Object[] values = new Object[SURVIVOR_COLUMNS.size() + 2];
            for (int i = 0; i < SURVIVOR_COLUMNS.size(); i++) {
                values[i] = c.s.get(SURVIVOR_COLUMNS.get(i));
            }
            values[SURVIVOR_COLUMNS.size()] = c.survivor();
            values[SURVIVOR_COLUMNS.size() + 1] = readAt.get(c.survivor());
            batch.bind(values);
        }
        requireAll(batch.execute(), changes.stream().map(MergeChange::survivor).toList());
    }

    /** Each statement of a batch changed its row, or a record changed since it was read: nothing is written. */
    private static void requireAll(int[] counts, List<Long> ids) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                throw new RegistroException("error.dedupe.changed", ids.get(i));
            }
        }
    }

}
