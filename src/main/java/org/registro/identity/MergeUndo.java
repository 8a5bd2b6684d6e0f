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
import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.registro.common.Phrase;
import org.registro.common.Json;
import org.registro.common.RegistroException;
import org.registro.consent.ConsentLedger;
import org.registro.contact.ContactLinks;
import org.registro.contact.ContactService;
import org.registro.db.tables.records.ContactRecord;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;
import org.registro.identity.MergeService.SavedProvenance;
import org.registro.identity.MergeService.SavedValue;
import org.registro.identity.MergeService.Undo;
import org.registro.identity.MergeService.UndoResult;

/** Takes a merge back: everything the merge moved or changed, as its stored undo data says. */
final class MergeUndo {

    private final Workspace workspace;
    private final AuditLog audit;

    MergeUndo(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
    }

    /**
     * Undoes a merge: the merged record is active again with everything that was its own; the survivor gets back
     * its earlier values, except fields edited since the merge, which keep their new value. A merge that a later
     * merge builds on (the survivor merged again, or merged away) must wait until that one is undone.
     */
    UndoResult undo(long mergeId) {
        return workspace.dsl().transactionResult(c -> {
            DSLContext tx = c.dsl();
            var record = tx.selectFrom(MERGE_RECORD).where(MERGE_RECORD.ID.eq(mergeId)).forUpdate().fetchOne();
            if (record == null) {
                throw new RegistroException("error.dedupe.nomerge", mergeId);
            }
            if (record.getUndoneAt() != null) {
                throw new RegistroException("error.dedupe.undone", mergeId);
            }
            long survivorId = record.getSurvivorId();
            long mergedId = record.getMergedId();
            Long later = tx.select(MERGE_RECORD.ID).from(MERGE_RECORD)
                    .where(MERGE_RECORD.ID.gt(mergeId).and(MERGE_RECORD.UNDONE_AT.isNull())
                            .and(MERGE_RECORD.SURVIVOR_ID.in(survivorId, mergedId)
                                    .or(MERGE_RECORD.MERGED_ID.in(survivorId, mergedId))))
                    .orderBy(MERGE_RECORD.ID.desc()).limit(1).fetchOne(MERGE_RECORD.ID);
            if (later != null) {
                throw new RegistroException("error.dedupe.undolater", mergeId, later);
            }
            ContactRecord s = tx.selectFrom(CONTACT).where(CONTACT.ID.eq(survivorId)).forUpdate().fetchOne();
            ContactRecord m = tx.selectFrom(CONTACT).where(CONTACT.ID.eq(mergedId)).forUpdate().fetchOne();
            if (!ContactService.STATUS_ACTIVE.equals(s.getStatus()) || !"merged".equals(m.getStatus())) {
                throw new RegistroException("error.dedupe.undoerased", mergeId);
            }
            Undo undo = Json.read(record.getUndoJson(), new TypeReference<Undo>() { });
            OffsetDateTime now = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
            List<String> keptEdits = new ArrayList<>();
            for (Map.Entry<String, String> e : undo.before().entrySet()) {
                TableField<ContactRecord, ?> column = MergeService.column(e.getKey());
                if (Objects.equals(MergeService.text(s.get(column)), undo.after().get(e.getKey()))) {
                    MergeService.set(s, column, MergeService.parse(column, e.getValue()));
                } else {
                    keptEdits.add(e.getKey());
                }
            }
            if (Boolean.TRUE.equals(s.getDoNotContact()) == undo.doNotContactAfter()) {
                s.setDoNotContact(undo.doNotContactBefore());
            }
            s.setFirstNameKey(ContactService.nameKey(s.getFirstName()));
            s.setLastNameKey(ContactService.nameKey(s.getLastName()));
            s.setUpdatedAt(now);
            s.store();
            for (String key : undo.after().keySet()) {
                if (!keptEdits.contains(key)) {
                    tx.deleteFrom(VALUE_PROVENANCE)
                            .where(VALUE_PROVENANCE.CONTACT_ID.eq(survivorId).and(VALUE_PROVENANCE.FIELD_KEY.eq(key)))
                            .execute();
                }
            }
            for (SavedProvenance p : undo.provenanceBefore()) {
                if (!keptEdits.contains(p.fieldKey())) {
                    tx.insertInto(VALUE_PROVENANCE).set(VALUE_PROVENANCE.CONTACT_ID, survivorId)
                            .set(VALUE_PROVENANCE.FIELD_KEY, p.fieldKey()).set(VALUE_PROVENANCE.SOURCE_ID, p.sourceId())
                            .set(VALUE_PROVENANCE.BATCH_ID, p.batchId()).set(VALUE_PROVENANCE.SET_BY, p.setBy())
                            .set(VALUE_PROVENANCE.SET_AT, p.setAt()).execute();
                }
            }
            ContactLinks.unmerge(tx, survivorId, mergedId, undo.moved());
            for (Map.Entry<Long, Boolean> p : undo.primaryBefore().entrySet()) {
                tx.update(IDENTIFIER).set(IDENTIFIER.IS_PRIMARY, p.getValue()).where(IDENTIFIER.ID.eq(p.getKey()))
                        .execute();
            }
            if (!undo.addedHistory().isEmpty()) {
                tx.deleteFrom(VALUE_HISTORY).where(VALUE_HISTORY.ID.in(undo.addedHistory())).execute();
            }
            ConsentLedger.separate(tx, survivorId, mergedId, undo.consentEvents());
            List<Long> replaced = undo.valuesBefore().stream().map(SavedValue::fieldId).toList();
            List<Long> touched = new ArrayList<>(undo.addedValueFields());
            touched.addAll(replaced);
            if (!touched.isEmpty()) {
                tx.deleteFrom(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.eq(survivorId)
                        .and(CONTACT_VALUE.FIELD_ID.in(touched))).execute();
            }
            for (SavedValue v : undo.valuesBefore()) {
                tx.insertInto(CONTACT_VALUE).set(CONTACT_VALUE.CONTACT_ID, survivorId)
                        .set(CONTACT_VALUE.FIELD_ID, v.fieldId()).set(CONTACT_VALUE.VALUE_TEXT, v.text())
                        .set(CONTACT_VALUE.VALUE_NUMBER, v.number()).set(CONTACT_VALUE.VALUE_DATE, v.date())
                        .set(CONTACT_VALUE.VALUE_BOOL, v.bool()).set(CONTACT_VALUE.SOURCE_ID, v.sourceId())
                        .set(CONTACT_VALUE.BATCH_ID, v.batchId()).set(CONTACT_VALUE.UPDATED_AT, v.updatedAt())
                        .execute();
            }
            for (int i = 0; i < undo.enrolments().size(); i += 1000) {
                tx.update(JOURNEY_ENROLMENT).set(JOURNEY_ENROLMENT.CONTACT_ID, mergedId).where(JOURNEY_ENROLMENT.ID
                        .in(undo.enrolments().subList(i, Math.min(undo.enrolments().size(), i + 1000)))).execute();
            }
            if (!undo.resolvedConflicts().isEmpty()) {
                tx.update(IDENTITY_CONFLICT).setNull(IDENTITY_CONFLICT.RESOLVED_AT)
                        .setNull(IDENTITY_CONFLICT.RESOLUTION).where(IDENTITY_CONFLICT.ID.in(undo.resolvedConflicts()))
                        .execute();
            }
            tx.update(CONTACT).set(CONTACT.STATUS, ContactService.STATUS_ACTIVE).setNull(CONTACT.MERGED_INTO_ID)
                    .set(CONTACT.UPDATED_AT, now).where(CONTACT.ID.eq(mergedId)).execute();
            record.setUndoneAt(now);
            record.store();
            // the pair goes back to the queue with the score it was merged on
            long a = Math.min(survivorId, mergedId);
            long b = Math.max(survivorId, mergedId);
            if (record.getScore() != null
                    && !tx.fetchExists(DUPLICATE_PAIR,
                    DUPLICATE_PAIR.CONTACT_A.eq(a).and(DUPLICATE_PAIR.CONTACT_B.eq(b)))) {
                tx.insertInto(DUPLICATE_PAIR).set(DUPLICATE_PAIR.CONTACT_A, a).set(DUPLICATE_PAIR.CONTACT_B, b)
                        .set(DUPLICATE_PAIR.SCORE, record.getScore()).set(DUPLICATE_PAIR.WEIGHT, BigDecimal.ZERO)
                        .set(DUPLICATE_PAIR.FOUND_AT, now).execute();
            }
            audit.record(tx, "contact.unmerge", "contact", survivorId,
                    Phrase.of("audit.contact.unmerge", mergeId, mergedId), Map.of(
                            "mergeId", mergeId, "mergedId", mergedId, "keptEdits", keptEdits));
            return new UndoResult(mergeId, survivorId, mergedId, List.copyOf(keptEdits));
        });
    }
}
