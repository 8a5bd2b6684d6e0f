package org.registro.ingest;

import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.VALUE_HISTORY;

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
import org.registro.common.TextKeys;
import org.registro.consent.Consent;
import org.registro.consent.ConsentLedger;
import org.registro.workspace.JdbcBatch;

/**
 * What a chunk's rows say about their people besides the contact row and its identifiers: custom values (with
 * their history), tags, consent, events, and the identity conflicts met while linking. Written by
 * {@link ChunkWriter} in the chunk's transaction, once its contacts have ids.
 */
final class ChunkFacts {

    private final BatchRun run;
    private final DSLContext tx;
    private final OffsetDateTime now;

    ChunkFacts(BatchRun run, DSLContext tx, OffsetDateTime now) {
        this.run = run;
        this.tx = tx;
        this.now = now;
    }

    void writeCustomValues(List<ChunkGroup> targets) {
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
        var inserts = JdbcBatch.insert(CONTACT_VALUE, CONTACT_VALUE.CONTACT_ID, CONTACT_VALUE.FIELD_ID,
                CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER, CONTACT_VALUE.VALUE_DATE,
                CONTACT_VALUE.VALUE_BOOL, CONTACT_VALUE.SOURCE_ID, CONTACT_VALUE.BATCH_ID, CONTACT_VALUE.UPDATED_AT);
        var updates = JdbcBatch.update(CONTACT_VALUE, List.of(CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER,
                CONTACT_VALUE.VALUE_DATE, CONTACT_VALUE.VALUE_BOOL, CONTACT_VALUE.SOURCE_ID, CONTACT_VALUE.BATCH_ID,
                CONTACT_VALUE.UPDATED_AT), List.of(CONTACT_VALUE.CONTACT_ID, CONTACT_VALUE.FIELD_ID));
        var history = JdbcBatch.insert(VALUE_HISTORY, VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.FIELD_KEY,
                VALUE_HISTORY.OLD_VALUE, VALUE_HISTORY.NEW_VALUE, VALUE_HISTORY.SOURCE_ID, VALUE_HISTORY.BATCH_ID,
                VALUE_HISTORY.CHANGED_BY, VALUE_HISTORY.CHANGED_AT);
        for (ChunkGroup t : withValues) {
            for (var entry : t.custom.entrySet()) {
                Long fieldId = run.customFields.id(entry.getKey());
                if (fieldId == null) { // a name first met in this row's attributes
                    fieldId = run.customFields.create(tx, entry.getKey(), entry.getValue());
                }
                Object value = CustomFields.asType(run.customFields.type(entry.getKey()), entry.getValue());
                if (value == null) {
                    continue; // a value that does not fit the field's type (a word in a number field)
                }
                org.jooq.Record before = current.get(t.contactId + "|" + fieldId);
                String beforeText = before == null ? null : CustomFields.valueText(before);
                String afterText = value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                        : value.toString();
                if (Objects.equals(beforeText, afterText)) {
                    continue;
                }
                if (before != null && run.trustOf(before.get(CONTACT_VALUE.SOURCE_ID)) > ourTrust) {
                    continue;
                }
                String type = run.customFields.type(entry.getKey());
                String text = "text".equals(type) ? (String) value : null;
                BigDecimal number = value instanceof BigDecimal d ? d : null;
                LocalDate date = value instanceof LocalDate d ? d : null;
                Boolean bool = value instanceof Boolean b ? b : null;
                if (before == null) {
                    inserts.add(t.contactId, fieldId, text, number, date, bool, run.sourceId, run.batchId, now);
                } else {
                    updates.add(text, number, date, bool, run.sourceId, run.batchId, now, t.contactId, fieldId);
                }
                if (t.existing) {
                    history.add(t.contactId, entry.getKey(), beforeText, afterText, run.sourceId, run.batchId,
                            run.service.audit().actor(), now);
                    t.changed = true;
                }
            }
        }
        for (JdbcBatch batch : List.of(inserts, updates, history)) {
            batch.execute(tx);
        }
    }

    void writeTags(List<ChunkGroup> targets) {
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

    void writeConsents(List<ChunkGroup> targets, List<ChunkGroup> known) {
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

    void writeEvents(List<ChunkGroup> targets, List<ChunkGroup> known) {
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

    void writeConflicts(List<RowLinker.Conflict> conflicts) {
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
}
