package org.registro.ingest;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.VALUE_HISTORY;
import static org.registro.db.Tables.VALUE_PROVENANCE;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.TableField;
import org.registro.common.TextKeys;
import org.registro.consent.Consent;
import org.registro.consent.ConsentLedger;
import org.registro.db.tables.records.ContactRecord;
import org.registro.contact.FirstNames;
import org.registro.ingest.ParsedRow.Identifier;
import org.registro.ingest.ParsedRow.Problem;

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
        writeCustomValues(targets);
        writeTags(targets);
        writeConsents(targets, known);
        writeEvents(targets, known);
        writeConflicts(linker.conflicts());
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
        var insert = tx.insertInto(CONTACT, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.FIRST_NAME_KEY,
                CONTACT.LAST_NAME_KEY, CONTACT.EMAIL, CONTACT.PHONE, CONTACT.BIRTH_DATE, CONTACT.GENDER,
                CONTACT.ORGANIZATION, CONTACT.JOB_TITLE, CONTACT.STREET, CONTACT.POSTAL_CODE, CONTACT.CITY,
                CONTACT.REGION, CONTACT.COUNTRY, CONTACT.LANGUAGE, CONTACT.CREATED_SOURCE_ID,
                CONTACT.CREATED_BATCH_ID, CONTACT.CREATED_AT, CONTACT.UPDATED_AT);
        for (ChunkGroup t : fresh) {
            Map<BuiltInField, Object> f = t.fields;
            insert = insert.values(t.text(BuiltInField.FIRST_NAME), t.text(BuiltInField.LAST_NAME),
                    nameKey(t.text(BuiltInField.FIRST_NAME)), nameKey(t.text(BuiltInField.LAST_NAME)),
                    t.text(BuiltInField.EMAIL), t.text(BuiltInField.PHONE),
                    (LocalDate) f.get(BuiltInField.BIRTH_DATE), t.text(BuiltInField.GENDER),
                    t.text(BuiltInField.ORGANIZATION), t.text(BuiltInField.JOB_TITLE),
                    t.text(BuiltInField.STREET), t.text(BuiltInField.POSTAL_CODE), t.text(BuiltInField.CITY),
                    t.text(BuiltInField.REGION), t.text(BuiltInField.COUNTRY), t.text(BuiltInField.LANGUAGE),
                    run.sourceId, run.batchId, now, now);
        }
        List<Long> ids = insert.returningResult(CONTACT.ID).fetch(Record1::value1);
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
        var insert = tx.batch(tx.insertInto(IDENTIFIER, IDENTIFIER.CONTACT_ID, IDENTIFIER.KIND,
                IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_RAW, IDENTIFIER.VALUE_NORM, IDENTIFIER.IS_PRIMARY,
                IDENTIFIER.SOURCE_ID, IDENTIFIER.BATCH_ID, IDENTIFIER.CREATED_AT)
                .values((Long) null, null, null, null, null, null, null, null, null));
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
                insert.bind(t.contactId, id.kind(), id.system(), id.raw(), id.normalized(), primary, run.sourceId,
                        run.batchId, now);
                t.changed |= t.existing;
            }
        }
        if (insert.size() > 0) {
            insert.execute();
        }
    }

    /** Whether the contact's email or phone column now holds this identifier (it was just changed to it). */
    private boolean isCurrent(long contactId, Identifier id) {
        var column = "email".equals(id.kind()) ? CONTACT.EMAIL : CONTACT.PHONE;
        return id.normalized().equals(tx.select(column).from(CONTACT).where(CONTACT.ID.eq(contactId))
                .fetchOne(column));
    }

    private void writeCustomValues(List<ChunkGroup> targets) {
        List<ChunkGroup> withValues = targets.stream().filter(t -> !t.custom.isEmpty()).toList();
        if (withValues.isEmpty()) {
            return;
        }
        Map<String, org.jooq.Record> current = new HashMap<>();
        List<Long> existingIds = withValues.stream().filter(t -> t.existing).map(t -> t.contactId).toList();
        if (!existingIds.isEmpty()) {
            tx.select(CONTACT_VALUE.CONTACT_ID, CONTACT_VALUE.FIELD_ID, CONTACT_VALUE.VALUE_TEXT,
                            CONTACT_VALUE.VALUE_NUMBER, CONTACT_VALUE.VALUE_DATE, CONTACT_VALUE.VALUE_BOOL,
                            CONTACT_VALUE.SOURCE_ID)
                    .from(CONTACT_VALUE).where(CONTACT_VALUE.CONTACT_ID.in(existingIds))
                    .forEach(r -> current.put(r.value1() + "|" + r.value2(), r));
        }
        int ourTrust = run.trustOf(run.sourceId);
        // one prepared statement each, bound once per value and sent in batches: a statement per value was a
        // third of an import's time (issue 24)
        var inserts = tx.batch(tx.insertInto(CONTACT_VALUE, CONTACT_VALUE.CONTACT_ID, CONTACT_VALUE.FIELD_ID,
                        CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER, CONTACT_VALUE.VALUE_DATE,
                        CONTACT_VALUE.VALUE_BOOL, CONTACT_VALUE.SOURCE_ID, CONTACT_VALUE.BATCH_ID,
                        CONTACT_VALUE.UPDATED_AT)
                .values((Long) null, null, null, null, null, null, null, null, null));
        var updates = tx.batch(tx.update(CONTACT_VALUE)
                .set(CONTACT_VALUE.VALUE_TEXT, org.jooq.impl.DSL.param("text", String.class))
                .set(CONTACT_VALUE.VALUE_NUMBER, org.jooq.impl.DSL.param("number", BigDecimal.class))
                .set(CONTACT_VALUE.VALUE_DATE, org.jooq.impl.DSL.param("date", LocalDate.class))
                .set(CONTACT_VALUE.VALUE_BOOL, org.jooq.impl.DSL.param("bool", Boolean.class))
                .set(CONTACT_VALUE.SOURCE_ID, org.jooq.impl.DSL.param("source", Long.class))
                .set(CONTACT_VALUE.BATCH_ID, org.jooq.impl.DSL.param("batch", Long.class))
                .set(CONTACT_VALUE.UPDATED_AT, org.jooq.impl.DSL.param("at", java.time.OffsetDateTime.class))
                .where(CONTACT_VALUE.CONTACT_ID.eq(org.jooq.impl.DSL.param("contact", Long.class)))
                .and(CONTACT_VALUE.FIELD_ID.eq(org.jooq.impl.DSL.param("field", Long.class))));
        var history = tx.batch(tx.insertInto(VALUE_HISTORY, VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.FIELD_KEY,
                        VALUE_HISTORY.OLD_VALUE, VALUE_HISTORY.NEW_VALUE, VALUE_HISTORY.SOURCE_ID, VALUE_HISTORY.BATCH_ID,
                        VALUE_HISTORY.CHANGED_BY, VALUE_HISTORY.CHANGED_AT)
                .values((Long) null, null, null, null, null, null, null, null));
        for (ChunkGroup t : withValues) {
            for (var entry : t.custom.entrySet()) {
                Long fieldId = run.customFieldIds.get(entry.getKey());
                if (fieldId == null) { // a name first met in this row's attributes
                    fieldId = run.createCustomField(tx, entry.getKey(), entry.getValue());
                }
                Object value = BatchRun.asType(run.customTypes.get(entry.getKey()), entry.getValue());
                if (value == null) {
                    continue; // a value that does not fit the field's type (a word in a number field)
                }
                org.jooq.Record before = current.get(t.contactId + "|" + fieldId);
                String beforeText = before == null ? null : BatchRun.valueText(before);
                String afterText = value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                        : value.toString();
                if (Objects.equals(beforeText, afterText)) {
                    continue;
                }
                if (before != null && run.trustOf(before.get(CONTACT_VALUE.SOURCE_ID)) > ourTrust) {
                    continue;
                }
                String type = run.customTypes.get(entry.getKey());
                String text = "text".equals(type) ? (String) value : null;
                BigDecimal number = value instanceof BigDecimal d ? d : null;
                LocalDate date = value instanceof LocalDate d ? d : null;
                Boolean bool = value instanceof Boolean b ? b : null;
                if (before == null) {
                    inserts.bind(t.contactId, fieldId, text, number, date, bool, run.sourceId, run.batchId, now);
                } else {
                    updates.bind(text, number, date, bool, run.sourceId, run.batchId, now, t.contactId, fieldId);
                }
                if (t.existing) {
                    history.bind(t.contactId, entry.getKey(), beforeText, afterText, run.sourceId, run.batchId,
                            run.service.audit().actor(), now);
                    t.changed = true;
                }
            }
        }
        for (var batch : List.of(inserts, updates, history)) {
            if (batch.size() > 0) {
                batch.execute();
            }
        }
    }

    private void writeTags(List<ChunkGroup> targets) {
        var insert = tx.batch(tx.insertInto(CONTACT_TAG, CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID,
                CONTACT_TAG.SOURCE_ID, CONTACT_TAG.BATCH_ID, CONTACT_TAG.ADDED_AT)
                .values((Long) null, null, null, null, null).onDuplicateKeyIgnore());
        Set<String> present = new HashSet<>();
        List<Long> existingIds = targets.stream().filter(t -> t.existing && !t.tags.isEmpty())
                .map(t -> t.contactId).toList();
        if (!existingIds.isEmpty()) {
            tx.select(CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID).from(CONTACT_TAG)
                    .where(CONTACT_TAG.CONTACT_ID.in(existingIds))
                    .forEach(r -> present.add(r.value1() + "|" + r.value2()));
        }
        for (ChunkGroup t : targets) {
            for (String tag : t.tags) {
                long tagId = tagId(tag);
                if (present.add(t.contactId + "|" + tagId)) {
                    insert.bind(t.contactId, tagId, run.sourceId, run.batchId, now);
                    t.changed |= t.existing;
                }
            }
        }
        if (insert.size() > 0) {
            insert.execute();
        }
    }

    private long tagId(String name) {
        String key = TextKeys.fold(name);
        return run.tagIds.computeIfAbsent(key, k -> {
            tx.insertInto(TAG).set(TAG.NAME, name.strip()).set(TAG.NAME_KEY, k).set(TAG.CREATED_AT, now)
                    .onDuplicateKeyIgnore().execute();
            return tx.select(TAG.ID).from(TAG).where(TAG.NAME_KEY.eq(k)).fetchSingle(TAG.ID);
        });
    }

    private void writeConsents(List<ChunkGroup> targets, List<ChunkGroup> known) {
        List<ConsentLedger.Entry> entries = new ArrayList<>();
        Map<Long, ChunkGroup> byContact = new HashMap<>();
        String system = run.request.mapping().system() == null ? run.request.sourceName() : run.request.mapping().system();
        for (ChunkGroup t : targets) {
            byContact.put(t.contactId, t);
            for (ParsedRow row : t.rows) {
                for (ParsedRow.ConsentFact fact : row.consents()) {
                    entries.add(new ConsentLedger.Entry(t.contactId, fact.channel(), fact.topic(), fact.status(),
                            fact.method(), run.sourceId, run.batchId, system, fact.ip(), fact.evidence(),
                            fact.at() == null ? null : fact.at().atOffset(ZoneOffset.UTC)));
                }
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        flagBounces(targets);
        List<Long> existing = known.stream().map(t -> t.contactId).toList();
        for (Long contact : ConsentLedger.append(tx, entries, existing, now, run.service.audit().actor())) {
            ChunkGroup t = byContact.get(contact);
            if (t != null && t.existing) {
                t.changed = true;
            }
        }
    }

    /**
     * A hard bounce says the address is dead, whatever the person wants: the row's email addresses are marked
     * bounced (at the bounce's time), so every later list leaves them out even if the person opts in again.
     */
    private void flagBounces(List<ChunkGroup> targets) {
        for (ChunkGroup t : targets) {
            for (ParsedRow row : t.rows) {
                for (ParsedRow.ConsentFact fact : row.consents()) {
                    if (!Consent.METHOD_BOUNCE.equals(fact.method()) || !"email".equals(fact.channel())) {
                        continue;
                    }
                    List<String> emails = row.identifiers().stream().filter(i -> i.kind().equals("email"))
                            .map(ParsedRow.Identifier::normalized).toList();
                    OffsetDateTime at = fact.at() == null ? now : fact.at().atOffset(ZoneOffset.UTC);
                    if (!emails.isEmpty()) {
                        tx.update(IDENTIFIER).set(IDENTIFIER.BOUNCED_AT, at)
                                .where(IDENTIFIER.CONTACT_ID.eq(t.contactId).and(IDENTIFIER.KIND.eq("email"))
                                        .and(IDENTIFIER.VALUE_NORM.in(emails))
                                        .and(IDENTIFIER.BOUNCED_AT.isNull().or(IDENTIFIER.BOUNCED_AT.lt(at))))
                                .execute();
                    }
                }
            }
        }
    }

    private void writeEvents(List<ChunkGroup> targets, List<ChunkGroup> known) {
        Set<String> present = new HashSet<>();
        List<Long> existingIds = known.stream().map(t -> t.contactId).toList();
        boolean anyEvent = targets.stream().anyMatch(t -> t.rows.stream().anyMatch(r -> r.event() != null));
        if (!anyEvent) {
            return;
        }
        if (!existingIds.isEmpty()) {
            tx.select(EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT, EVENT.AMOUNT, EVENT.EXTERNAL_REF)
                    .from(EVENT).where(EVENT.CONTACT_ID.in(existingIds))
                    .forEach(r -> present.add(eventKey(r.value1(), r.value2(), r.value3(), r.value4(),
                            r.value5())));
        }
        var insert = tx.batch(tx.insertInto(EVENT, EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT,
                EVENT.AMOUNT, EVENT.CURRENCY, EVENT.CAMPAIGN, EVENT.EXTERNAL_REF, EVENT.SOURCE_ID, EVENT.BATCH_ID,
                EVENT.RECORDED_AT).values((Long) null, null, null, null, null, null, null, null, null, null));
        for (ChunkGroup t : targets) {
            for (ParsedRow row : t.rows) {
                ParsedRow.EventFact e = row.event();
                if (e == null) {
                    continue;
                }
                OffsetDateTime at = e.at() == null ? now : e.at().atOffset(ZoneOffset.UTC);
                if (present.add(eventKey(t.contactId, e.type(), at, e.amount(), e.reference()))) {
                    insert.bind(t.contactId, e.type(), at, e.amount(), e.currency(), e.campaign(), e.reference(),
                            run.sourceId, run.batchId, now);
                    t.changed |= t.existing;
                }
            }
        }
        if (insert.size() > 0) {
            insert.execute();
        }
    }

    /** An event is the same when its reference is, or (without one) its type, time and amount are. */
    private String eventKey(Long contactId, String type, OffsetDateTime at, BigDecimal amount, String ref) {
        if (ref != null) {
            return contactId + "|" + type + "|ref|" + ref;
        }
        return contactId + "|" + type + "|" + at.toInstant() + "|"
                + (amount == null ? "" : amount.stripTrailingZeros().toPlainString());
    }

    private void writeConflicts(List<RowLinker.Conflict> conflicts) {
        for (RowLinker.Conflict c : conflicts) {
            if (Objects.equals(c.target().contactId, c.other().contactId)) {
                continue;
            }
            tx.insertInto(IDENTITY_CONFLICT)
                    .set(IDENTITY_CONFLICT.BATCH_ID, run.batchId)
                    .set(IDENTITY_CONFLICT.ROW_NUMBER, (int) c.row().line())
                    .set(IDENTITY_CONFLICT.CONTACT_ID, c.target().contactId)
                    .set(IDENTITY_CONFLICT.OTHER_CONTACT_ID, c.other().contactId)
                    .set(IDENTITY_CONFLICT.IDENTIFIER_KIND, c.identifier().kind())
                    .set(IDENTITY_CONFLICT.IDENTIFIER_VALUE, c.identifier().normalized())
                    .set(IDENTITY_CONFLICT.DETECTED_AT, now)
                    .execute();
        }
    }


    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String nameKey(String name) {
        String key = TextKeys.fold(name);
        return key == null ? "" : key;
    }
}
