package org.registro.consent;

import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_RETRACTION;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.registro.workspace.JdbcBatch;
import org.jooq.impl.DSL;

/**
 * The append-only consent ledger and the current state derived from it. Appending keeps the state (the
 * latest event per contact × channel × topic, by when it happened) up to date in the same transaction.
 * An event identical to one already in the ledger (same contact, channel, topic, status and time) is not
 * appended twice, so importing the same export again adds nothing.
 *
 * <p>Nothing is ever deleted from the ledger of a person who stays: undoing an import appends a retraction
 * naming its batch ({@link #retractBatch}); the state is derived without retracted events
 * ({@link #notRetracted()}), and the state believed on an earlier date still counts events retracted later
 * ({@link #notRetractedBy}).
 */
public final class ConsentLedger {

    /** Topic "" is the channel itself. */
    public static final String CHANNEL_ITSELF = "";

    /**
     * One change to append.
     *
     * @param occurredAt when it happened; null when unknown, in which case it is recorded at {@code recordedAt}
     *                   and only if it changes the current status
     */
    public record Entry(long contactId, String channel, String topic, String status, String method,
                        Long sourceId, Long batchId, String sourceSystem, String evidenceIp, String evidenceText,
                        OffsetDateTime occurredAt, String legalBasis, String evidenceUrl, String evidenceWording) {

        /** An entry without legal basis, form URL or wording version (imports, erasure, expiry). */
        public Entry(long contactId, String channel, String topic, String status, String method, Long sourceId,
                     Long batchId, String sourceSystem, String evidenceIp, String evidenceText,
                     OffsetDateTime occurredAt) {
            this(contactId, channel, topic, status, method, sourceId, batchId, sourceSystem, evidenceIp, evidenceText,
                    occurredAt, null, null, null);
        }

        Entry withStatus(String newStatus) {
            return new Entry(contactId, channel, topic, newStatus, method, sourceId, batchId, sourceSystem,
                    evidenceIp, evidenceText, occurredAt, legalBasis, evidenceUrl, evidenceWording);
        }
    }

    private record Key(long contactId, String channel, String topic) {
    }

    private record State(String status, OffsetDateTime occurredAt) {
    }

    private ConsentLedger() {
    }

    /**
     * Appends the entries in one go (an import chunk), skipping those already in the ledger.
     *
     * @param existingContacts contacts that may already have ledger events (others are new: nothing to compare)
     * @return the contacts that got at least one new event
     */
    public static Set<Long> append(DSLContext tx, List<Entry> entries, Collection<Long> existingContacts,
                             OffsetDateTime recordedAt, String recordedBy) {
        if (entries.isEmpty()) {
            return Set.of();
        }
        Map<Key, State> states = new HashMap<>();
        Set<String> known = new HashSet<>();
        Set<Key> stored = new HashSet<>();
        if (!existingContacts.isEmpty()) {
            for (List<Long> part : parts(existingContacts)) {
                tx.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS,
                                CONSENT_STATE.OCCURRED_AT)
                        .from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.in(part))
                        .forEach(r -> {
                            Key key = new Key(r.value1(), r.value2(), r.value3());
                            states.put(key, new State(r.value4(), r.value5()));
                            stored.add(key);
                        });
                tx.select(CONSENT_EVENT.CONTACT_ID, CONSENT_EVENT.CHANNEL, CONSENT_EVENT.TOPIC, CONSENT_EVENT.STATUS,
                                CONSENT_EVENT.OCCURRED_AT)
                        .from(CONSENT_EVENT).where(CONSENT_EVENT.CONTACT_ID.in(part).and(notRetracted()))
                        .forEach(r -> known.add(identity(r.value1(), r.value2(), r.value3(), r.value4(), r.value5())));
            }
        }
        Set<Long> confirmFirst = needingConfirmation(tx, entries);
        List<Entry> toAppend = new ArrayList<>();
        List<OffsetDateTime> times = new ArrayList<>();
        for (Entry given : entries) {
            String topic = given.topic() == null ? CHANNEL_ITSELF : given.topic();
            Key key = new Key(given.contactId(), given.channel(), topic);
            State current = states.get(key);
            Entry e = given;
            if (confirmFirst.contains(given.contactId()) && Consent.GRANTED.equals(given.status())
                    && topic.isEmpty() && !Consent.METHOD_DOUBLE_OPT_IN.equals(given.method())
                    && (current == null || !Consent.CONFIRMED.equals(current.status()))) {
                e = given.withStatus(Consent.PENDING); // double opt-in country: pending until confirmed
            }
            OffsetDateTime at = e.occurredAt() != null ? e.occurredAt() : recordedAt;
            if (e.occurredAt() == null && current != null && current.status().equals(e.status())) {
                continue; // no time and nothing new: the state already says so
            }
            if (known.contains(identity(e.contactId(), e.channel(), topic, given.status(), at))
                    || !known.add(identity(e.contactId(), e.channel(), topic, e.status(), at))) {
                continue;
            }
            toAppend.add(e);
            times.add(at);
            if (current == null || !at.isBefore(current.occurredAt())) {
                states.put(key, new State(e.status(), at));
            }
        }
        if (toAppend.isEmpty()) {
            return Set.of();
        }
        List<Long> ids = insertEvents(tx, toAppend, times, recordedAt, recordedBy);
        Map<Key, Integer> latest = new HashMap<>();
        for (int i = 0; i < toAppend.size(); i++) {
            Entry e = toAppend.get(i);
            Key key = new Key(e.contactId(), e.channel(), e.topic() == null ? CHANNEL_ITSELF : e.topic());
            State state = states.get(key);
            if (state.status().equals(e.status()) && state.occurredAt().equals(times.get(i))) {
                latest.put(key, i);
            }
        }
        // New states are inserted, changed ones updated, each as one JDBC batch.
        var inserts = JdbcBatch.insert(CONSENT_STATE, CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL,
                CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS, CONSENT_STATE.METHOD, CONSENT_STATE.EVENT_ID,
                CONSENT_STATE.OCCURRED_AT);
        var updates = JdbcBatch.update(CONSENT_STATE, List.of(CONSENT_STATE.STATUS, CONSENT_STATE.METHOD,
                CONSENT_STATE.EVENT_ID, CONSENT_STATE.OCCURRED_AT), List.of(CONSENT_STATE.CONTACT_ID,
                CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC));
        for (var entry : latest.entrySet()) {
            Key key = entry.getKey();
            int i = entry.getValue();
            Entry e = toAppend.get(i);
            if (stored.contains(key)) {
                updates.add(e.status(), e.method(), ids.get(i), times.get(i), key.contactId(), key.channel(),
                        key.topic());
            } else {
                inserts.add(key.contactId(), key.channel(), key.topic(), e.status(), e.method(), ids.get(i),
                        times.get(i));
            }
        }
        inserts.execute(tx);
        updates.execute(tx);
        Set<Long> contacts = new HashSet<>();
        toAppend.forEach(e -> contacts.add(e.contactId()));
        return contacts;
    }

    /**
     * Inserts the events as one JDBC batch of a single-row statement and returns their ids in the same order. (A
     * single INSERT with a row of values per event, as before, was a new statement of tens of thousands of
     * parameters for every chunk of an import: parsed each time, and kept by H2's statement cache.)
     */
    private static List<Long> insertEvents(DSLContext tx, List<Entry> events, List<OffsetDateTime> times,
                                           OffsetDateTime recordedAt, String recordedBy) {
        var insert = JdbcBatch.insertReturningIds(CONSENT_EVENT, CONSENT_EVENT.CONTACT_ID, CONSENT_EVENT.CHANNEL,
                CONSENT_EVENT.TOPIC, CONSENT_EVENT.STATUS, CONSENT_EVENT.METHOD, CONSENT_EVENT.SOURCE_ID,
                CONSENT_EVENT.BATCH_ID, CONSENT_EVENT.SOURCE_SYSTEM, CONSENT_EVENT.EVIDENCE_IP,
                CONSENT_EVENT.EVIDENCE_TEXT, CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.RECORDED_AT,
                CONSENT_EVENT.RECORDED_BY, CONSENT_EVENT.LEGAL_BASIS, CONSENT_EVENT.EVIDENCE_URL,
                CONSENT_EVENT.EVIDENCE_WORDING);
        for (int i = 0; i < events.size(); i++) {
            Entry e = events.get(i);
            insert.add(e.contactId(), e.channel(), e.topic() == null ? CHANNEL_ITSELF : e.topic(), e.status(),
                    e.method(), e.sourceId(), e.batchId(), e.sourceSystem(), e.evidenceIp(), e.evidenceText(),
                    times.get(i), recordedAt, recordedBy, e.legalBasis(), e.evidenceUrl(), e.evidenceWording());
        }
        return insert.executeReturningIds(tx);
    }

    /**
     * Moves the ledger of a merged contact to its survivor and derives the survivor's state from the united
     * ledger, so a withdrawal on either record stays in force. Returns the moved event ids, for an undo.
     */
    public static List<Long> unite(DSLContext tx, long survivorId, long mergedId) {
        return uniteAll(tx, Map.of(mergedId, survivorId)).get(mergedId);
    }

    /** {@link #unite} for many pairs at once ({@code survivorOf}: merged id → survivor id); moved ids by merged id. */
    public static Map<Long, List<Long>> uniteAll(DSLContext tx, Map<Long, Long> survivorOf) {
        Map<Long, List<Long>> moved = new HashMap<>();
        survivorOf.keySet().forEach(m -> moved.put(m, new ArrayList<>()));
        tx.select(CONSENT_EVENT.ID, CONSENT_EVENT.CONTACT_ID).from(CONSENT_EVENT)
                .where(CONSENT_EVENT.CONTACT_ID.in(survivorOf.keySet())).orderBy(CONSENT_EVENT.ID)
                .forEach(r -> moved.get(r.value2()).add(r.value1()));
        var move = tx.batch(tx.update(CONSENT_EVENT).set(CONSENT_EVENT.CONTACT_ID, DSL.param("survivor", Long.class))
                .where(CONSENT_EVENT.CONTACT_ID.eq(DSL.param("merged", Long.class))));
        int moving = 0;
        for (var e : moved.entrySet()) {
            if (!e.getValue().isEmpty()) {
                move.bind(survivorOf.get(e.getKey()), e.getKey());
                moving++;
            }
        }
        if (moving > 0) {
            move.execute();
        }
        List<Long> everyone = new ArrayList<>(survivorOf.keySet());
        everyone.addAll(survivorOf.values());
        recompute(tx, everyone);
        return moved;
    }

    /** Gives the events moved by {@link #unite} back to the merged contact (undoing a merge). */
    public static void separate(DSLContext tx, long survivorId, long mergedId, Collection<Long> eventIds) {
        for (List<Long> part : parts(eventIds)) {
            tx.update(CONSENT_EVENT).set(CONSENT_EVENT.CONTACT_ID, mergedId)
                    .where(CONSENT_EVENT.ID.in(part).and(CONSENT_EVENT.CONTACT_ID.eq(survivorId))).execute();
        }
        recompute(tx, List.of(survivorId, mergedId));
    }

    /**
     * Erasure: keeps each event's facts (channel, topic, status, method, source, times, form URL and wording
     * version) as proof, and removes what identifies the person (IP address, free text). Returns how many
     * events it anonymized.
     */
    static int anonymize(DSLContext tx, Collection<Long> contactIds, OffsetDateTime at) {
        int anonymized = 0;
        for (List<Long> part : parts(contactIds)) {
            anonymized += tx.update(CONSENT_EVENT).setNull(CONSENT_EVENT.EVIDENCE_IP)
                    .setNull(CONSENT_EVENT.EVIDENCE_TEXT).set(CONSENT_EVENT.ANONYMIZED_AT, at)
                    .where(CONSENT_EVENT.CONTACT_ID.in(part).and(CONSENT_EVENT.ANONYMIZED_AT.isNull())).execute();
        }
        return anonymized;
    }

    /** The contacts among the entries' opt-ins whose country and channel need a double opt-in. */
    private static Set<Long> needingConfirmation(DSLContext tx, List<Entry> entries) {
        DoubleOptInPolicy policy = DoubleOptInPolicy.load(tx);
        if (policy.countries().isEmpty()) {
            return Set.of();
        }
        Set<Long> candidates = new HashSet<>();
        for (Entry e : entries) {
            if (Consent.GRANTED.equals(e.status()) && policy.channels().contains(e.channel())
                    && (e.topic() == null || e.topic().isEmpty())) {
                candidates.add(e.contactId());
            }
        }
        Set<Long> found = new HashSet<>();
        for (List<Long> part : parts(candidates)) {
            found.addAll(tx.select(CONTACT.ID).from(CONTACT)
                    .where(CONTACT.ID.in(part).and(CONTACT.COUNTRY.in(policy.countries())))
                    .fetch(CONTACT.ID));
        }
        return found;
    }

    /**
     * Retracts every event the batch appended: the events stay, the retraction is appended (once; an undo that
     * runs again after a crash adds nothing). The caller derives the state of the people concerned again.
     */
    public static void retractBatch(DSLContext tx, long batchId, OffsetDateTime at, String by, String reason) {
        tx.insertInto(CONSENT_RETRACTION).set(CONSENT_RETRACTION.BATCH_ID, batchId)
                .set(CONSENT_RETRACTION.RETRACTED_AT, at).set(CONSENT_RETRACTION.RETRACTED_BY, by)
                .set(CONSENT_RETRACTION.REASON, reason).onDuplicateKeyIgnore().execute();
    }

    /** Events that count now: those of no retracted batch. */
    public static Condition notRetracted() {
        return CONSENT_EVENT.BATCH_ID.isNull().or(DSL.notExists(DSL.selectOne().from(CONSENT_RETRACTION)
                .where(CONSENT_RETRACTION.BATCH_ID.eq(CONSENT_EVENT.BATCH_ID))));
    }

    /** Events that counted at {@code at}: those not retracted by then. */
    public static Condition notRetractedBy(OffsetDateTime at) {
        return CONSENT_EVENT.BATCH_ID.isNull().or(DSL.notExists(DSL.selectOne().from(CONSENT_RETRACTION)
                .where(CONSENT_RETRACTION.BATCH_ID.eq(CONSENT_EVENT.BATCH_ID)
                        .and(CONSENT_RETRACTION.RETRACTED_AT.le(at)))));
    }

    /** Derives the state of these contacts again from their ledger, leaving out retracted events. */
    public static void recompute(DSLContext tx, Collection<Long> contactIds) {
        for (List<Long> part : parts(contactIds)) {
            tx.deleteFrom(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.in(part)).execute();
            Map<Key, org.jooq.Record> latest = new HashMap<>();
            tx.select(CONSENT_EVENT.ID, CONSENT_EVENT.CONTACT_ID, CONSENT_EVENT.CHANNEL, CONSENT_EVENT.TOPIC,
                            CONSENT_EVENT.STATUS, CONSENT_EVENT.METHOD, CONSENT_EVENT.OCCURRED_AT)
                    .from(CONSENT_EVENT).where(CONSENT_EVENT.CONTACT_ID.in(part).and(notRetracted()))
                    .orderBy(CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID)
                    .forEach(r -> latest.put(new Key(r.value2(), r.value3(), r.value4()), r));
            if (latest.isEmpty()) {
                continue;
            }
            var insert = tx.batch(tx.insertInto(CONSENT_STATE, CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL,
                    CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS, CONSENT_STATE.METHOD, CONSENT_STATE.EVENT_ID,
                    CONSENT_STATE.OCCURRED_AT).values((Long) null, null, null, null, null, null, null));
            for (var entry : latest.entrySet()) {
                var r = entry.getValue();
                insert.bind(entry.getKey().contactId(), entry.getKey().channel(), entry.getKey().topic(),
                        r.get(CONSENT_EVENT.STATUS), r.get(CONSENT_EVENT.METHOD), r.get(CONSENT_EVENT.ID),
                        r.get(CONSENT_EVENT.OCCURRED_AT));
            }
            insert.execute();
        }
    }

    /**
     * Makes the consent state the fold of the ledger again wherever it is not: for the contacts whose state rows
     * are not their latest events (or not those events' status). Run after a session ended without closing the workspace, since H2 may then
     * keep part of a transaction (h2database #2080) and the state is derived data. Returns how many contacts it
     * corrected.
     */
    public static int repair(DSLContext dsl) {
        Set<Long> wrong = disagreeing(dsl);
        if (!wrong.isEmpty()) {
            dsl.transaction(c -> recompute(c.dsl(), wrong));
        }
        return wrong.size();
    }

    /** The contacts whose consent state is not the fold of their ledger (see {@link #repair}). */
    public static Set<Long> disagreeing(DSLContext dsl) {
        // both tables walked once in contact order, side by side: the latest event per channel and topic against
        // the state row (a query joining them costs H2 a pass over the events per state row)
        String events = dsl.select(CONSENT_EVENT.CONTACT_ID, CONSENT_EVENT.CHANNEL, CONSENT_EVENT.TOPIC,
                        CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID, CONSENT_EVENT.STATUS).from(CONSENT_EVENT)
                .where(notRetracted())
                .orderBy(CONSENT_EVENT.CONTACT_ID).getSQL(org.jooq.conf.ParamType.INLINED);
        String states = dsl.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC,
                CONSENT_STATE.EVENT_ID, CONSENT_STATE.STATUS).from(CONSENT_STATE).orderBy(CONSENT_STATE.CONTACT_ID)
                .getSQL(org.jooq.conf.ParamType.INLINED);
        Set<Long> wrong = new java.util.TreeSet<>();
        dsl.connection(first -> dsl.connection(second -> org.registro.workspace.Streaming.lazily(() -> {
            try (var s1 = first.createStatement(); var e = s1.executeQuery(events);
                 var s2 = second.createStatement(); var st = s2.executeQuery(states)) {
                boolean moreEvents = e.next();
                boolean moreStates = st.next();
                while (moreEvents || moreStates) {
                    long contact = Math.min(moreEvents ? e.getLong(1) : Long.MAX_VALUE,
                            moreStates ? st.getLong(1) : Long.MAX_VALUE);
                    Map<String, Latest> latest = new HashMap<>();
                    while (moreEvents && e.getLong(1) == contact) {
                        Latest event = new Latest(e.getObject(4, OffsetDateTime.class), e.getLong(5), e.getString(6));
                        latest.merge(e.getString(2) + '\u0000' + e.getString(3), event, Latest::later);
                        moreEvents = e.next();
                    }
                    Map<String, String> state = new HashMap<>();
                    while (moreStates && st.getLong(1) == contact) {
                        state.put(st.getString(2) + '\u0000' + st.getString(3), st.getLong(4) + " " + st.getString(5));
                        moreStates = st.next();
                    }
                    Map<String, String> folded = new HashMap<>();
                    latest.forEach((k, v) -> folded.put(k, v.id() + " " + v.status()));
                    if (!folded.equals(state)) {
                        wrong.add(contact);
                    }
                }
            }
        }, first, second)));
        return wrong;
    }

    /** An event as the fold orders them: by when it happened, then by id. */
    private record Latest(OffsetDateTime at, long id, String status) {
        static Latest later(Latest a, Latest b) {
            int order = b.at().compareTo(a.at());
            return order > 0 || order == 0 && b.id() > a.id() ? b : a;
        }
    }

    private static String identity(long contactId, String channel, String topic, String status, OffsetDateTime at) {
        return contactId + "|" + channel + "|" + topic + "|" + status + "|" + at.toInstant();
    }

    static List<List<Long>> parts(Collection<Long> ids) {
        List<Long> all = new ArrayList<>(ids);
        List<List<Long>> parts = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 1000) {
            parts.add(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        return parts;
    }
}
