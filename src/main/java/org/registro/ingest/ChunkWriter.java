package org.registro.ingest;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.VALUE_HISTORY;
import static org.registro.db.Tables.VALUE_PROVENANCE;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.TableField;
import org.registro.common.TextKeys;
import org.registro.db.tables.records.ContactRecord;
import org.registro.contact.FirstNames;
import org.registro.ingest.ParsedRow.Identifier;
import org.registro.ingest.ParsedRow.Problem;
import org.registro.workspace.JdbcBatch;

/**
 * One chunk of a batch written in one transaction: each row linked to the contact its most specific identifier
 * belongs to (in the workspace or earlier in the chunk), new contacts inserted, known ones updated by the
 * survivorship rules (a blank never overwrites; a different value replaces the current one, which goes to the
 * value history, unless the current one came from a more trusted source), then identifiers, custom values,
 * tags, consent, events and conflicts. Counts and rejects go to the {@link BatchRun} it belongs to.
 */
final class ChunkWriter {



    private final BatchRun run;
    private final DSLContext tx;
    private final List<ParsedRow> rows;
    private final OffsetDateTime now;

    ChunkWriter(BatchRun run, DSLContext tx, List<ParsedRow> rows) {
        this.run = run;
        this.tx = tx;
        this.rows = rows;
        this.now = run.service.now();
    }

    void write() {
        if (rows.isEmpty()) {
            return;
        }
        RowLinker linker = new RowLinker(run, tx);
        List<ChunkGroup> targets = linker.link(rows);
        List<ChunkGroup> fresh = targets.stream().filter(t -> !t.existing).toList();
        List<ChunkGroup> known = targets.stream().filter(t -> t.existing).toList();
        insertContacts(fresh);
        updateContacts(known);
        insertIdentifiers(targets);
        ChunkFacts facts = new ChunkFacts(run, tx, now);
        facts.writeCustomValues(targets);
        facts.writeTags(targets);
        facts.writeConsents(targets, known);
        facts.writeEvents(targets, known);
        facts.writeConflicts(linker.conflicts());
        run.recordSeen(tx, targets);
        for (ChunkGroup t : targets) {
            for (int i = 0; i < t.rows.size(); i++) {
                boolean repeat = i > 0 && t.rows.get(i).cells().equals(t.rows.get(i - 1).cells());
                if (!t.existing && i == 0) {
                    run.created++;
                } else if (!repeat && (t.changed || !t.existing)) {
                    run.updated++;
                } else {
                    run.unchanged++; // nothing new, or the same line again
                }
            }
            for (ParsedRow row : t.rows) {
                if (!row.problems().isEmpty()) {
                    run.withProblems++;
                    for (Problem problem : row.problems()) {
                        run.rejectFile().partly(row.line(), row.cells(), problem);
                    }
                }
            }
        }
    }


    private void insertContacts(List<ChunkGroup> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        var insert = JdbcBatch.insertReturningIds(CONTACT, CONTACT.FIRST_NAME, CONTACT.LAST_NAME,
                CONTACT.FIRST_NAME_KEY, CONTACT.LAST_NAME_KEY, CONTACT.EMAIL, CONTACT.PHONE, CONTACT.BIRTH_DATE,
                CONTACT.GENDER, CONTACT.ORGANIZATION, CONTACT.JOB_TITLE, CONTACT.STREET, CONTACT.POSTAL_CODE,
                CONTACT.CITY, CONTACT.REGION, CONTACT.COUNTRY, CONTACT.LANGUAGE, CONTACT.CREATED_SOURCE_ID,
                CONTACT.CREATED_BATCH_ID, CONTACT.CREATED_AT, CONTACT.UPDATED_AT);
        for (ChunkGroup t : fresh) {
            Map<BuiltInField, Object> f = t.fields;
            insert.add(t.text(BuiltInField.FIRST_NAME), t.text(BuiltInField.LAST_NAME),
                    nameKey(t.text(BuiltInField.FIRST_NAME)), nameKey(t.text(BuiltInField.LAST_NAME)),
                    t.text(BuiltInField.EMAIL), t.text(BuiltInField.PHONE),
                    (LocalDate) f.get(BuiltInField.BIRTH_DATE), t.text(BuiltInField.GENDER),
                    t.text(BuiltInField.ORGANIZATION), t.text(BuiltInField.JOB_TITLE),
                    t.text(BuiltInField.STREET), t.text(BuiltInField.POSTAL_CODE), t.text(BuiltInField.CITY),
                    t.text(BuiltInField.REGION), t.text(BuiltInField.COUNTRY), t.text(BuiltInField.LANGUAGE),
                    run.sourceId, run.batchId, now, now);
        }
        List<Long> ids = insert.executeReturningIds(tx);
        for (int i = 0; i < fresh.size(); i++) {
            fresh.get(i).contactId = ids.get(i);
        }
    }

    private void updateContacts(List<ChunkGroup> known) {
        if (known.isEmpty()) {
            return;
        }
        List<Long> ids = known.stream().map(t -> t.contactId).toList();
        Map<Long, ContactRecord> current = new HashMap<>();
        tx.selectFrom(CONTACT).where(CONTACT.ID.in(ids)).forEach(r -> current.put(r.getId(), r));
        Map<String, Long> provenance = new HashMap<>();
        tx.select(VALUE_PROVENANCE.CONTACT_ID, VALUE_PROVENANCE.FIELD_KEY, VALUE_PROVENANCE.SOURCE_ID)
                .from(VALUE_PROVENANCE).where(VALUE_PROVENANCE.CONTACT_ID.in(ids))
                .forEach(r -> provenance.put(r.value1() + "|" + r.value2(), r.value3()));
        int ourTrust = run.trustOf(run.sourceId);
        var history = tx.batch(tx.insertInto(VALUE_HISTORY, VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.FIELD_KEY,
                VALUE_HISTORY.OLD_VALUE, VALUE_HISTORY.NEW_VALUE, VALUE_HISTORY.SOURCE_ID, VALUE_HISTORY.BATCH_ID,
                VALUE_HISTORY.CHANGED_BY, VALUE_HISTORY.CHANGED_AT).values((Long) null, null, null, null, null,
                null, null, null));
        List<Object[]> provenanceRows = new ArrayList<>();
        for (ChunkGroup t : known) {
            ContactRecord c = current.get(t.contactId);
            if (c == null) {
                continue;
            }
            for (var entry : t.fields.entrySet()) {
                TableField<ContactRecord, ?> column = BatchRun.column(entry.getKey());
                Object before = c.get(column);
                Object after = entry.getValue();
                if (column == null || after == null || Objects.equals(before, after)) {
                    continue;
                }
                if (entry.getKey() == BuiltInField.FIRST_NAME && FirstNames.isInitialsOf(text(after), text(before))) {
                    continue; // "J." says less than the "Juan" already known
                }
                String field = entry.getKey().key();
                if (before != null) {
                    Long from = provenance.getOrDefault(t.contactId + "|" + field, c.getCreatedSourceId());
                    if (run.trustOf(from) > ourTrust) {
                        continue; // a more trusted value (typed by hand) stays
                    }
                }
                c.set((TableField<ContactRecord, Object>) (TableField<?, ?>) column, after);
                history.bind(t.contactId, field, text(before), text(after), run.sourceId, run.batchId,
                        run.service.audit().actor(), now);
                provenanceRows.add(new Object[] {t.contactId, field});
                t.changed = true;
                if (entry.getKey() == BuiltInField.EMAIL || entry.getKey() == BuiltInField.PHONE) {
                    promote(t.contactId, entry.getKey().key(), (String) after);
                }
            }
            if (c.changed()) {
                c.setFirstNameKey(nameKey(c.getFirstName()));
                c.setLastNameKey(nameKey(c.getLastName()));
                c.setUpdatedAt(now);
                tx.executeUpdate(c);
            }
        }
        if (history.size() > 0) {
            history.execute();
        }
        for (Object[] p : provenanceRows) {
            setProvenance((Long) p[0], (String) p[1]);
        }
    }

    /** A changed email or phone becomes the primary one; the one it replaces stays as a further identifier. */
    private void promote(long contactId, String kind, String value) {
        tx.update(IDENTIFIER).set(IDENTIFIER.IS_PRIMARY, false)
                .where(IDENTIFIER.CONTACT_ID.eq(contactId).and(IDENTIFIER.KIND.eq(kind))
                        .and(IDENTIFIER.SYSTEM.eq(""))).execute();
        tx.update(IDENTIFIER).set(IDENTIFIER.IS_PRIMARY, true)
                .where(IDENTIFIER.CONTACT_ID.eq(contactId).and(IDENTIFIER.KIND.eq(kind))
                        .and(IDENTIFIER.SYSTEM.eq("")).and(IDENTIFIER.VALUE_NORM.eq(value))).execute();
    }

    private void setProvenance(long contactId, String field) {
        tx.mergeInto(VALUE_PROVENANCE)
                .using(org.jooq.impl.DSL.selectOne())
                .on(VALUE_PROVENANCE.CONTACT_ID.eq(contactId).and(VALUE_PROVENANCE.FIELD_KEY.eq(field)))
                .whenMatchedThenUpdate()
                .set(VALUE_PROVENANCE.SOURCE_ID, run.sourceId).set(VALUE_PROVENANCE.BATCH_ID, run.batchId)
                .set(VALUE_PROVENANCE.SET_BY, run.service.audit().actor()).set(VALUE_PROVENANCE.SET_AT, now)
                .whenNotMatchedThenInsert(VALUE_PROVENANCE.CONTACT_ID, VALUE_PROVENANCE.FIELD_KEY,
                        VALUE_PROVENANCE.SOURCE_ID, VALUE_PROVENANCE.BATCH_ID, VALUE_PROVENANCE.SET_BY,
                        VALUE_PROVENANCE.SET_AT)
                .values(contactId, field, run.sourceId, run.batchId, run.service.audit().actor(), now)
                .execute();
    }

    private void insertIdentifiers(List<ChunkGroup> targets) {
        var insert = JdbcBatch.insert(IDENTIFIER, IDENTIFIER.CONTACT_ID, IDENTIFIER.KIND, IDENTIFIER.SYSTEM,
                IDENTIFIER.VALUE_RAW, IDENTIFIER.VALUE_NORM, IDENTIFIER.IS_PRIMARY, IDENTIFIER.SOURCE_ID,
                IDENTIFIER.BATCH_ID, IDENTIFIER.CREATED_AT);
        for (ChunkGroup t : targets) {
            String email = t.text(BuiltInField.EMAIL);
            String phone = t.text(BuiltInField.PHONE);
            for (Identifier id : t.identifiers) {
                boolean primary = !t.existing && (("email".equals(id.kind()) && id.normalized().equals(email))
                        || ("phone".equals(id.kind()) && id.normalized().equals(phone)));
                if (t.existing && (("email".equals(id.kind()) && id.normalized().equals(email))
                        || ("phone".equals(id.kind()) && id.normalized().equals(phone)))) {
                    primary = t.changed && isCurrent(t.contactId, id);
                }
                insert.add(t.contactId, id.kind(), id.system(), id.raw(), id.normalized(), primary, run.sourceId,
                        run.batchId, now);
                t.changed |= t.existing;
            }
        }
        insert.execute(tx);
    }

    /** Whether the contact's email or phone column now holds this identifier (it was just changed to it). */
    private boolean isCurrent(long contactId, Identifier id) {
        var column = "email".equals(id.kind()) ? CONTACT.EMAIL : CONTACT.PHONE;
        return id.normalized().equals(tx.select(column).from(CONTACT).where(CONTACT.ID.eq(contactId))
                .fetchOne(column));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String nameKey(String name) {
        String key = TextKeys.fold(name);
        return key == null ? "" : key;
    }
}
