package org.registro.ingest;

import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;
import static org.registro.db.Tables.MERGE_RECORD;
import static org.registro.db.Tables.NOT_SAME_PAIR;
import static org.registro.db.Tables.PRIVACY_REQUEST;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.SUPPRESSION;
import static org.registro.db.Tables.VALUE_HISTORY;
import static org.registro.db.Tables.VALUE_PROVENANCE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.registro.common.MemberList;
import org.registro.common.Progress;
import org.registro.common.TextKeys;
import org.registro.consent.ConsentLedger;
import org.registro.db.tables.records.ContactRecord;
import org.registro.workspace.Workspace;

/**
 * Takes a batch back out of the workspace: contacts it created are removed (unless they were merged or
 * exported since, which is reported), values it changed get their previous value back (unless they were
 * changed again since), and the identifiers, tags, events and consent events it added are removed, the
 * consent state being derived again from what remains of the ledger. Every step finds its rows by batch id
 * and can run again, so an undo interrupted by a crash completes at the next open.
 */
final class BatchUndo {

    private final Workspace workspace;
    private final long batchId;
    private final OffsetDateTime now;
    private long contactsRemoved;
    private long contactsKept;
    private long valuesRestored;
    private long valuesChangedSince;

    BatchUndo(Workspace workspace, long batchId, OffsetDateTime now) {
        this.workspace = workspace;
        this.batchId = batchId;
        this.now = now;
    }

    ImportRecords.UndoSummary run(Progress progress) {
        DSLContext dsl = workspace.dsl();
        List<Long> createdIds = dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.CREATED_BATCH_ID.eq(batchId))
                .fetch(CONTACT.ID);
        Set<Long> kept = new HashSet<>(keptContacts(dsl, createdIds));
        List<Long> toRemove = createdIds.stream().filter(id -> !kept.contains(id)).toList();
        contactsKept = kept.size();
        Set<Long> removing = new HashSet<>(toRemove);
        dsl.transaction(cfg -> restoreValues(cfg.dsl(), removing));
        long[] removed = new long[5];
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            Set<Long> touched = new LinkedHashSet<>(tx.selectDistinct(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                    .where(IDENTIFIER.BATCH_ID.eq(batchId)).fetch(IDENTIFIER.CONTACT_ID));
            removed[0] = tx.deleteFrom(IDENTIFIER).where(IDENTIFIER.BATCH_ID.eq(batchId)).execute();
            touched.removeAll(removing);
            fixPrimaryFlags(tx, touched);
            removed[1] = tx.deleteFrom(CONTACT_TAG).where(CONTACT_TAG.BATCH_ID.eq(batchId)).execute();
            removed[2] = tx.deleteFrom(EVENT).where(EVENT.BATCH_ID.eq(batchId)).execute();
            Set<Long> consentContacts = new LinkedHashSet<>(tx.selectDistinct(CONSENT_EVENT.CONTACT_ID)
                    .from(CONSENT_EVENT).where(CONSENT_EVENT.BATCH_ID.eq(batchId)).fetch(CONSENT_EVENT.CONTACT_ID));
            tx.deleteFrom(CONSENT_STATE).where(CONSENT_STATE.EVENT_ID.in(DSL.select(CONSENT_EVENT.ID)
                    .from(CONSENT_EVENT).where(CONSENT_EVENT.BATCH_ID.eq(batchId)))).execute();
            removed[3] = tx.deleteFrom(CONSENT_EVENT).where(CONSENT_EVENT.BATCH_ID.eq(batchId)).execute();
            consentContacts.removeAll(removing);
            ConsentLedger.recompute(tx, consentContacts);
            tx.deleteFrom(IDENTITY_CONFLICT).where(IDENTITY_CONFLICT.BATCH_ID.eq(batchId)).execute();
        });
        for (List<Long> part : BatchRun.parts(toRemove)) {
            progress.checkCancelled();
            dsl.transaction(cfg -> removeContacts(cfg.dsl(), part));
            contactsRemoved += part.size();
        }
        return new ImportRecords.UndoSummary(batchId, contactsRemoved, contactsKept, valuesRestored,
                valuesChangedSince, removed[0], removed[1], removed[2], removed[3]);
    }

    /** Contacts the batch created that have a life of their own since: merged, or sent in an export. */
    private static List<Long> keptContacts(DSLContext dsl, List<Long> created) {
        Set<Long> exported = new HashSet<>();
        Set<Long> candidates = new HashSet<>(created);
        dsl.select(EXPORT_RUN.MEMBERS_BIN).from(EXPORT_RUN).forEach(r -> MemberList.read(r.value1(),
                (position, id, event) -> {
                    if (candidates.contains(id)) {
                        exported.add(id);
                    }
                    return true;
                }));
        List<Long> kept = new ArrayList<>(exported);
        for (List<Long> part : BatchRun.parts(created)) {
            kept.addAll(dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.ID.in(part)).and(
                    CONTACT.STATUS.eq("merged")
                            .or(DSL.exists(DSL.selectOne().from(CONTACT.as("m"))
                                    .where(CONTACT.as("m").MERGED_INTO_ID.eq(CONTACT.ID))))
                            .or(DSL.exists(DSL.selectOne().from(MERGE_RECORD)
                                    .where(MERGE_RECORD.SURVIVOR_ID.eq(CONTACT.ID)
                                            .or(MERGE_RECORD.MERGED_ID.eq(CONTACT.ID))))))
                    .fetch(CONTACT.ID).stream().filter(id -> !exported.contains(id)).toList());
        }
        return kept;
    }

    /** Puts back the values the batch replaced, newest change first, where nobody changed them since. */
    private void restoreValues(DSLContext tx, Set<Long> removing) {
        var history = tx.selectFrom(VALUE_HISTORY).where(VALUE_HISTORY.BATCH_ID.eq(batchId))
                .orderBy(VALUE_HISTORY.ID.desc()).fetch();
        for (var h : history) {
            if (removing.contains(h.getContactId())) {
                continue;
            }
            boolean restored = BuiltInField.byKey(h.getFieldKey())
                    .map(f -> restoreField(tx, h.getContactId(), f, h.getOldValue(), h.getNewValue()))
                    .orElseGet(() -> restoreCustom(tx, h.getContactId(), h.getFieldKey(), h.getOldValue(),
                            h.getNewValue()));
            if (restored) {
                valuesRestored++;
            } else {
                valuesChangedSince++;
            }
        }
        tx.deleteFrom(VALUE_HISTORY).where(VALUE_HISTORY.BATCH_ID.eq(batchId)).execute();
        tx.deleteFrom(VALUE_PROVENANCE).where(VALUE_PROVENANCE.BATCH_ID.eq(batchId)).execute();
    }

    @SuppressWarnings("unchecked")
    private boolean restoreField(DSLContext tx, long contactId, BuiltInField field, String oldValue, String newValue) {
        ContactRecord c = tx.selectFrom(CONTACT).where(CONTACT.ID.eq(contactId)).fetchOne();
        TableField<ContactRecord, Object> column = (TableField<ContactRecord, Object>) (TableField<?, ?>)
                BatchRun.column(field);
        if (c == null || column == null) {
            return false;
        }
        Object current = c.get(column);
        if (!Objects.equals(current == null ? null : current.toString(), newValue)) {
            return false;
        }
        c.set(column, field == BuiltInField.BIRTH_DATE && oldValue != null ? LocalDate.parse(oldValue) : oldValue);
        String first = TextKeys.fold(c.getFirstName());
        String last = TextKeys.fold(c.getLastName());
        c.setFirstNameKey(first == null ? "" : first);
        c.setLastNameKey(last == null ? "" : last);
        c.setUpdatedAt(now);
        tx.executeUpdate(c);
        return true;
    }

    private boolean restoreCustom(DSLContext tx, long contactId, String key, String oldValue, String newValue) {
        var definition = tx.select(FIELD_DEFINITION.ID, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.FIELD_KEY.eq(key)).fetchOne();
        if (definition == null) {
            return false;
        }
        var current = tx.selectFrom(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.eq(contactId)
                .and(CONTACT_VALUE.FIELD_ID.eq(definition.value1()))).fetchOne();
        if (current == null || !Objects.equals(BatchRun.valueText(current), newValue)) {
            return false;
        }
        if (oldValue == null) {
            current.delete();
            return true;
        }
        String type = definition.value2();
        current.setValueText("text".equals(type) ? oldValue : null);
        current.setValueNumber("number".equals(type) ? new BigDecimal(oldValue) : null);
        current.setValueDate("date".equals(type) ? LocalDate.parse(oldValue) : null);
        current.setValueBool("boolean".equals(type) ? Boolean.valueOf(oldValue) : null);
        current.setUpdatedAt(now);
        current.update();
        return true;
    }

    /** The primary email and phone are the ones in the contact's own columns. */
    private static void fixPrimaryFlags(DSLContext tx, Set<Long> contacts) {
        for (List<Long> part : BatchRun.parts(contacts)) {
            for (var c : tx.select(CONTACT.ID, CONTACT.EMAIL, CONTACT.PHONE).from(CONTACT).where(CONTACT.ID.in(part))
                    .fetch()) {
                for (String kind : List.of("email", "phone")) {
                    String value = "email".equals(kind) ? c.value2() : c.value3();
                    tx.update(IDENTIFIER)
                            .set(IDENTIFIER.IS_PRIMARY, value == null ? DSL.inline(false)
                                    : DSL.field(IDENTIFIER.VALUE_NORM.eq(value)))
                            .where(IDENTIFIER.CONTACT_ID.eq(c.value1()).and(IDENTIFIER.KIND.eq(kind))
                                    .and(IDENTIFIER.SYSTEM.eq("")))
                            .execute();
                }
            }
        }
    }

    private static void removeContacts(DSLContext tx, List<Long> ids) {
        tx.deleteFrom(IDENTIFIER).where(IDENTIFIER.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(VALUE_PROVENANCE).where(VALUE_PROVENANCE.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(VALUE_HISTORY).where(VALUE_HISTORY.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(CONTACT_TAG).where(CONTACT_TAG.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(EVENT).where(EVENT.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(CONSENT_EVENT).where(CONSENT_EVENT.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(SEGMENT_MEMBER).where(SEGMENT_MEMBER.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(CONTACT_SCORE).where(CONTACT_SCORE.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(JOURNEY_STEP_LOG).where(JOURNEY_STEP_LOG.ENROLMENT_ID.in(DSL.select(JOURNEY_ENROLMENT.ID)
                .from(JOURNEY_ENROLMENT).where(JOURNEY_ENROLMENT.CONTACT_ID.in(ids)))).execute();
        tx.deleteFrom(JOURNEY_ENROLMENT).where(JOURNEY_ENROLMENT.CONTACT_ID.in(ids)).execute();
        tx.deleteFrom(IDENTITY_CONFLICT).where(IDENTITY_CONFLICT.CONTACT_ID.in(ids)
                .or(IDENTITY_CONFLICT.OTHER_CONTACT_ID.in(ids))).execute();
        tx.deleteFrom(NOT_SAME_PAIR).where(NOT_SAME_PAIR.CONTACT_A.in(ids).or(NOT_SAME_PAIR.CONTACT_B.in(ids)))
                .execute();
        tx.update(SUPPRESSION).setNull(SUPPRESSION.CONTACT_ID).where(SUPPRESSION.CONTACT_ID.in(ids)).execute();
        tx.update(PRIVACY_REQUEST).setNull(PRIVACY_REQUEST.CONTACT_ID).where(PRIVACY_REQUEST.CONTACT_ID.in(ids))
                .execute();
        tx.deleteFrom(CONTACT).where(CONTACT.ID.in(ids)).execute();
    }
}
