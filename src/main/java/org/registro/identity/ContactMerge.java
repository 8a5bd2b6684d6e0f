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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.registro.common.Json;
import org.registro.consent.ConsentLedger;
import org.registro.contact.ContactLinks;
import org.registro.contact.ContactService;
import org.registro.contact.Emails;
import org.registro.db.tables.records.ContactRecord;
import org.registro.db.tables.records.ContactValueRecord;
import org.registro.db.tables.records.ValueProvenanceRecord;
import org.registro.workspace.AuditLog;

/**
 * One merge written inside the caller's transaction: the survivor takes the chosen values (with their
 * provenance and history), every link of the merged record moves or is united ({@link ContactLinks}), the
 * consent ledgers are united, the merged record is marked and the undo data recorded with the merge.
 */
final class ContactMerge {

    private ContactMerge() {
    }

    static MergeService.MergeResult apply(DSLContext tx, AuditLog audit, OffsetDateTime now, long survivorId,
                                          long mergedId, Map<MergeService.Part, MergeService.Side> overrides,
                                          Double score) {
        ContactRecord s = MergeService.active(tx.selectFrom(CONTACT).where(CONTACT.ID.eq(survivorId)).forUpdate()
                .fetchOne(), survivorId);
        ContactRecord m = MergeService.active(tx.selectFrom(CONTACT).where(CONTACT.ID.eq(mergedId)).forUpdate()
                .fetchOne(), mergedId);
        MergeService.MergePlan plan = Survivorship.plan(tx, s, m, overrides);
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>();
        List<String> changedKeys = new ArrayList<>();
        for (MergeService.PartChoice choice : plan.parts()) {
            if (choice.chosen() != MergeService.Side.MERGED || !choice.differs()) {
                continue;
            }
            for (TableField<ContactRecord, ?> column : choice.part().columns) {
                Object old = s.get(column);
                Object value = m.get(column);
                if (!Objects.equals(old, value)) {
                    String key = MergeService.KEYS.get(column);
                    before.put(key, MergeService.text(old));
                    after.put(key, MergeService.text(value));
                    changedKeys.add(key);
                    MergeService.set(s, column, value);
                }
            }
        }
        boolean dncBefore = Boolean.TRUE.equals(s.getDoNotContact());
        if (Boolean.TRUE.equals(m.getDoNotContact())) {
            s.setDoNotContact(true);
        }
        s.setFirstNameKey(ContactService.nameKey(s.getFirstName()));
        s.setLastNameKey(ContactService.nameKey(s.getLastName()));
        s.setUpdatedAt(now);
        s.store();

        // provenance: a value taken from the merged record keeps the merged record's source
        List<MergeService.SavedProvenance> provenanceBefore = new ArrayList<>();
        List<String> addedProvenance = new ArrayList<>();
        for (String key : changedKeys) {
            ValueProvenanceRecord old = tx.selectFrom(VALUE_PROVENANCE)
                    .where(VALUE_PROVENANCE.CONTACT_ID.eq(survivorId).and(VALUE_PROVENANCE.FIELD_KEY.eq(key)))
                    .fetchOne();
            if (old != null) {
                provenanceBefore.add(new MergeService.SavedProvenance(key, old.getSourceId(), old.getBatchId(),
                        old.getSetBy(), old.getSetAt()));
                old.delete();
            } else {
                addedProvenance.add(key);
            }
            ValueProvenanceRecord from = tx.selectFrom(VALUE_PROVENANCE)
                    .where(VALUE_PROVENANCE.CONTACT_ID.eq(mergedId).and(VALUE_PROVENANCE.FIELD_KEY.eq(key)))
                    .fetchOne();
            tx.insertInto(VALUE_PROVENANCE).set(VALUE_PROVENANCE.CONTACT_ID, survivorId)
                    .set(VALUE_PROVENANCE.FIELD_KEY, key)
                    .set(VALUE_PROVENANCE.SOURCE_ID, from != null ? from.getSourceId() : m.getCreatedSourceId())
                    .set(VALUE_PROVENANCE.BATCH_ID, from != null ? from.getBatchId() : m.getCreatedBatchId())
                    .set(VALUE_PROVENANCE.SET_BY, "merge of #" + mergedId)
                    .set(VALUE_PROVENANCE.SET_AT, from != null ? from.getSetAt() : m.getCreatedAt())
                    .execute();
        }

        // identifiers: all of both stay, on the survivor; the primaries follow the chosen email and phone
        Map<Long, Boolean> primaryBefore = new HashMap<>();
        tx.select(IDENTIFIER.ID, IDENTIFIER.IS_PRIMARY).from(IDENTIFIER)
                .where(IDENTIFIER.CONTACT_ID.in(survivorId, mergedId))
                .forEach(r -> primaryBefore.put(r.value1(), r.value2()));
        // identifiers, events and value history move; tags and snapshot-segment membership are united
        ContactLinks.Moved links = ContactLinks.merge(tx, survivorId, mergedId, MergeService.OWN_LINKS);
        setPrimary(tx, survivorId, ContactService.KIND_EMAIL,
                s.getEmail() == null ? null : Emails.normalize(s.getEmail()));
        setPrimary(tx, survivorId, ContactService.KIND_PHONE, s.getPhone());
        List<Long> addedHistory = new ArrayList<>();
        for (String key : changedKeys) {
            addedHistory.add(tx.insertInto(VALUE_HISTORY).set(VALUE_HISTORY.CONTACT_ID, survivorId)
                    .set(VALUE_HISTORY.FIELD_KEY, key).set(VALUE_HISTORY.OLD_VALUE, before.get(key))
                    .set(VALUE_HISTORY.NEW_VALUE, after.get(key))
                    .set(VALUE_HISTORY.CHANGED_BY, audit.actor() + " (merge of #" + mergedId + ")")
                    .set(VALUE_HISTORY.CHANGED_AT, now).returning(VALUE_HISTORY.ID).fetchOne().getId());
        }
        List<Long> consentEvents = ConsentLedger.unite(tx, survivorId, mergedId);

        // custom fields: the merged record's value where the survivor has none, or a more recent one
        List<MergeService.SavedValue> valuesBefore = new ArrayList<>();
        List<Long> addedValueFields = new ArrayList<>();
        Map<Long, ContactValueRecord> mine = new HashMap<>();
        tx.selectFrom(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.eq(survivorId))
                .forEach(v -> mine.put(v.getFieldId(), v));
        for (ContactValueRecord theirs : tx.selectFrom(CONTACT_VALUE)
                .where(CONTACT_VALUE.CONTACT_ID.eq(mergedId)).fetch()) {
            ContactValueRecord own = mine.get(theirs.getFieldId());
            if (own == null) {
                addedValueFields.add(theirs.getFieldId());
            } else if (theirs.getUpdatedAt().isAfter(own.getUpdatedAt()) && !sameValue(own, theirs)) {
                valuesBefore.add(new MergeService.SavedValue(own.getFieldId(), own.getValueText(), own.getValueNumber(),
                        own.getValueDate(), own.getValueBool(), own.getSourceId(), own.getBatchId(),
                        own.getUpdatedAt()));
                own.delete();
            } else {
                continue;
            }
            ContactValueRecord copy = theirs.copy();
            copy.setContactId(survivorId);
            copy.setFieldId(theirs.getFieldId());
            tx.executeInsert(copy);
        }

        List<Long> enrolments = tx.select(JOURNEY_ENROLMENT.ID).from(JOURNEY_ENROLMENT)
                .where(JOURNEY_ENROLMENT.CONTACT_ID.eq(mergedId).and(JOURNEY_ENROLMENT.JOURNEY_ID.notIn(
                        tx.select(JOURNEY_ENROLMENT.JOURNEY_ID).from(JOURNEY_ENROLMENT)
                                .where(JOURNEY_ENROLMENT.CONTACT_ID.eq(survivorId)))))
                .fetch(JOURNEY_ENROLMENT.ID);
        if (!enrolments.isEmpty()) {
            tx.update(JOURNEY_ENROLMENT).set(JOURNEY_ENROLMENT.CONTACT_ID, survivorId)
                    .where(JOURNEY_ENROLMENT.ID.in(enrolments)).execute();
        }
        List<Long> resolvedConflicts = tx.select(IDENTITY_CONFLICT.ID).from(IDENTITY_CONFLICT)
                .where(IDENTITY_CONFLICT.RESOLVED_AT.isNull().and(
                        IDENTITY_CONFLICT.CONTACT_ID.eq(survivorId)
                                .and(IDENTITY_CONFLICT.OTHER_CONTACT_ID.eq(mergedId))
                                .or(IDENTITY_CONFLICT.CONTACT_ID.eq(mergedId)
                                        .and(IDENTITY_CONFLICT.OTHER_CONTACT_ID.eq(survivorId)))))
                .fetch(IDENTITY_CONFLICT.ID);
        if (!resolvedConflicts.isEmpty()) {
            tx.update(IDENTITY_CONFLICT).set(IDENTITY_CONFLICT.RESOLVED_AT, now)
                    .set(IDENTITY_CONFLICT.RESOLUTION, "merged").where(IDENTITY_CONFLICT.ID.in(resolvedConflicts))
                    .execute();
        }

        tx.update(CONTACT).set(CONTACT.STATUS, "merged").set(CONTACT.MERGED_INTO_ID, survivorId)
                .set(CONTACT.UPDATED_AT, now).where(CONTACT.ID.eq(mergedId)).execute();
        repointPairs(tx, survivorId, mergedId);

        MergeService.Undo undo = new MergeService.Undo(before, after, dncBefore,
                Boolean.TRUE.equals(s.getDoNotContact()), null,
                primaryBefore, null, null, addedHistory, consentEvents, null,
                valuesBefore, addedValueFields, provenanceBefore, addedProvenance, null, enrolments,
                resolvedConflicts, links);
        long mergeId = tx.insertInto(MERGE_RECORD).set(MERGE_RECORD.SURVIVOR_ID, survivorId)
                .set(MERGE_RECORD.MERGED_ID, mergedId)
                .set(MERGE_RECORD.SCORE, score == null ? null : DuplicateService.decimal(score))
                .set(MERGE_RECORD.DECIDED_BY, audit.actor()).set(MERGE_RECORD.UNDO_JSON, Json.write(undo))
                .set(MERGE_RECORD.MERGED_AT, now).returning(MERGE_RECORD.ID).fetchOne().getId();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mergeId", mergeId);
        details.put("mergedId", mergedId);
        details.put("fields", after);
        int identifiers = links.moved().get(ContactLinks.IDENTIFIERS.name()).size();
        int events = links.moved().get(ContactLinks.EVENTS.name()).size();
        details.put("identifiers", identifiers);
        details.put("events", events);
        details.put("consentEvents", consentEvents.size());
        audit.record(tx, "contact.merge", "contact", survivorId,
                "Merged contact #" + mergedId + " into #" + survivorId + " (merge #" + mergeId + ")", details);
        return new MergeService.MergeResult(mergeId, survivorId, mergedId, identifiers, events,
                consentEvents.size(), links.copied().get(ContactLinks.TAGS.name()).size());
    }

    private static boolean sameValue(ContactValueRecord a, ContactValueRecord b) {
        return Objects.equals(a.getValueText(), b.getValueText())
                && Objects.equals(a.getValueNumber() == null ? null : a.getValueNumber().stripTrailingZeros(),
                b.getValueNumber() == null ? null : b.getValueNumber().stripTrailingZeros())
                && Objects.equals(a.getValueDate(), b.getValueDate())
                && Objects.equals(a.getValueBool(), b.getValueBool());
    }

    private static void setPrimary(DSLContext tx, long contactId, String kind, String value) {
        tx.update(IDENTIFIER).set(IDENTIFIER.IS_PRIMARY, value == null ? org.jooq.impl.DSL.inline(false)
                        : IDENTIFIER.VALUE_NORM.eq(value))
                .where(IDENTIFIER.CONTACT_ID.eq(contactId).and(IDENTIFIER.KIND.eq(kind)))
                .execute();
    }

    /** The merged record's pairs in the queue now concern the survivor; the pair of the two is settled. */
    private static void repointPairs(DSLContext tx, long survivorId, long mergedId) {
        var pairs = tx.selectFrom(DUPLICATE_PAIR)
                .where(DUPLICATE_PAIR.CONTACT_A.eq(mergedId).or(DUPLICATE_PAIR.CONTACT_B.eq(mergedId))).fetch();
        tx.deleteFrom(DUPLICATE_PAIR)
                .where(DUPLICATE_PAIR.CONTACT_A.eq(mergedId).or(DUPLICATE_PAIR.CONTACT_B.eq(mergedId))).execute();
        for (var p : pairs) {
            long other = p.getContactA() == mergedId ? p.getContactB() : p.getContactA();
            if (other == survivorId) {
                continue;
            }
            long a = Math.min(other, survivorId);
            long b = Math.max(other, survivorId);
            if (!tx.fetchExists(DUPLICATE_PAIR, DUPLICATE_PAIR.CONTACT_A.eq(a).and(DUPLICATE_PAIR.CONTACT_B.eq(b)))) {
                tx.insertInto(DUPLICATE_PAIR).set(DUPLICATE_PAIR.CONTACT_A, a).set(DUPLICATE_PAIR.CONTACT_B, b)
                        .set(DUPLICATE_PAIR.SCORE, p.getScore()).set(DUPLICATE_PAIR.WEIGHT, p.getWeight())
                        .set(DUPLICATE_PAIR.FOUND_AT, p.getFoundAt()).execute();
            }
        }
    }
}
