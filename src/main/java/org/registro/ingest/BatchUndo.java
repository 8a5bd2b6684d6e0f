package org.registro.ingest;

import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.VALUE_HISTORY;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.registro.common.MemberList;
import org.registro.common.Progress;
import org.registro.common.TextKeys;
import org.registro.consent.ConsentLedger;
import org.registro.contact.ContactLinks;
import org.registro.db.tables.records.ContactRecord;
import org.registro.workspace.Workspace;

/**
 * Takes a batch back out of the workspace: contacts it created are removed (unless they were merged or
 * exported since, which is reported), values it changed get their previous value back (unless they were
 * changed again since), the identifiers, tags and events it added are removed, and the consent events it
 * appended are retracted (the ledger stays append-only; the state is derived again without them). What the
 * batch wrote is found through {@link ContactLinks}. Every step finds its rows by batch id and can run again,
 * so an undo interrupted by a crash completes at the next open.
 */
final class BatchUndo {

    private final Workspace workspace;
    private final long batchId;
    private final OffsetDateTime now;
    private final String actor;
    private long contactsRemoved;
    private long contactsKept;
    private long valuesRestored;
    private long valuesChangedSince;
    /** Contacts whose email or phone column was put back: their primary identifier flags follow it. */
    private final Set<Long> primariesToFix = new HashSet<>();

    BatchUndo(Workspace workspace, long batchId, OffsetDateTime now, String actor) {
        this.workspace = workspace;
        this.batchId = batchId;
        this.now = now;
        this.actor = actor;
    }

    ImportRecords.UndoSummary run(Progress progress) {
        DSLContext dsl = workspace.dsl();
        List<Long> createdIds = dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.CREATED_BATCH_ID.eq(batchId))
                .fetch(CONTACT.ID);
        Set<Long> exported = exportedAmong(dsl, createdIds);
        Set<Long> kept = new HashSet<>();
        for (List<Long> part : BatchRun.parts(createdIds)) {
            kept.addAll(ContactLinks.protectedAmong(dsl, part, Map.of(ContactLinks.EXPORT_MEMBERS,
                    (tx, ids) -> ids.stream().filter(exported::contains).collect(Collectors.toSet()))));
        }
        List<Long> toRemove = createdIds.stream().filter(id -> !kept.contains(id)).toList();
        contactsKept = kept.size();
        Set<Long> removing = new HashSet<>(toRemove);
        long[] removed = new long[5];
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            Set<Long> touched = new LinkedHashSet<>(tx.selectDistinct(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                    .where(IDENTIFIER.BATCH_ID.eq(batchId)).fetch(IDENTIFIER.CONTACT_ID));
            for (ContactLinks.BatchLink link : ContactLinks.batchLinks()) {
                switch (link.onUndo()) {
                    case DELETE -> removed[counter(link)] += tx.deleteFrom(link.table())
                            .where(link.column().eq(batchId)).execute();
                    case RETRACT -> removed[3] += retractConsent(tx, removing);
                    case OWNER -> {
                        if (link.table() == VALUE_HISTORY) {
                            restoreValues(tx, removing);
                        } else if (link.table() != CONTACT_VALUE) { // custom values come back with their history
                            throw new IllegalStateException("An import undo does not handle " + link);
                        }
                    }
                    case REMOVE_CREATED, KEEP -> { }
                }
            }
            touched.addAll(primariesToFix);
            touched.removeAll(removing);
            fixPrimaryFlags(tx, touched);
        });
        for (List<Long> part : BatchRun.parts(toRemove)) {
            progress.checkCancelled();
            dsl.transaction(cfg -> ContactLinks.remove(cfg.dsl(), part));
            contactsRemoved += part.size();
        }
        return new ImportRecords.UndoSummary(batchId, contactsRemoved, contactsKept, valuesRestored,
                valuesChangedSince, removed[0], removed[1], removed[2], removed[3]);
    }

    /** Which count of the summary a deleted row adds to: identifiers, tags, events (the rest are not reported). */
    private static int counter(ContactLinks.BatchLink link) {
        return link.table() == IDENTIFIER ? 0 : link.table() == CONTACT_TAG ? 1 : link.table() == EVENT ? 2 : 4;
    }

    /**
     * The batch's consent events stay in the ledger; a retraction naming the batch is appended and the state of
     * the people who stay is derived again without them. Returns how many events the retraction covers.
     */
    private int retractConsent(DSLContext tx, Set<Long> removing) {
        int events = tx.fetchCount(CONSENT_EVENT, CONSENT_EVENT.BATCH_ID.eq(batchId));
        if (events == 0) {
            return 0;
        }
        Set<Long> consentContacts = new LinkedHashSet<>(tx.selectDistinct(CONSENT_EVENT.CONTACT_ID)
                .from(CONSENT_EVENT).where(CONSENT_EVENT.BATCH_ID.eq(batchId)).fetch(CONSENT_EVENT.CONTACT_ID));
        ConsentLedger.retractBatch(tx, batchId, now, actor, "Import batch " + batchId + " undone");
        consentContacts.removeAll(removing);
        ConsentLedger.recompute(tx, consentContacts);
        return events;
    }

    /** The contacts among {@code ids} that were written to a list sent out. */
    private static Set<Long> exportedAmong(DSLContext tx, java.util.Collection<Long> ids) {
        Set<Long> exported = new HashSet<>();
        Set<Long> candidates = new HashSet<>(ids);
        tx.select(EXPORT_RUN.MEMBERS_BIN).from(EXPORT_RUN).forEach(r -> MemberList.read(r.value1(),
                (position, id, event) -> {
                    if (candidates.contains(id)) {
                        exported.add(id);
                    }
                    return true;
                }));
        return exported;
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
        if (field == BuiltInField.EMAIL || field == BuiltInField.PHONE) {
            primariesToFix.add(contactId);
        }
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
        if (current == null || !Objects.equals(CustomFields.valueText(current), newValue)) {
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
}
