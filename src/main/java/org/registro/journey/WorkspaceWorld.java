package org.registro.journey;

import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_NEXT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_SEND;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.VALUE_HISTORY;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Ids;
import org.registro.common.RegistroException;
import org.registro.consent.Consent;
import org.registro.consent.ConsentLedger;
import org.registro.contact.ContactService;
import org.registro.export.Exclusion;
import org.registro.export.ConsentCheck;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;

/**
 * The workspace as a journey run sees it, inside the transaction of one batch of people: questions go to the
 * database (seeing this batch's own writes), and what happened is written in JDBC batches at {@link #flush()}.
 */
final class WorkspaceWorld implements World {

    /** The reason a send is skipped when the person already had the week's commercial messages. */
    static final String FREQUENCY_CAP = "frequency_cap";

    private final DSLContext tx;
    private final SegmentService segments;
    /** The consent check of each message, read once per run (see {@link JourneyEngine}). */
    private final java.util.function.Function<Message, ConsentCheck> checks;
    private final long journeyId;
    private final String actor;
    private final ZoneId zone;
    private final OffsetDateTime now;
    /** Each loaded enrolment's due time, so a wait that has not changed is not written again. */
    private final Map<Long, OffsetDateTime> loadedDue;
    private final Map<Rule, Condition> compiled = new IdentityHashMap<>();
    private BestItems bestItems;

    private final List<Object[]> visits = new ArrayList<>();
    private final List<Object[]> closes = new ArrayList<>();
    private final List<Object[]> parks = new ArrayList<>();
    private final List<Object[]> ends = new ArrayList<>();
    private final List<Object[]> sends = new ArrayList<>();
    final Counts counts = new Counts();

    /** What one run did, for the summary and the audit. */
    static final class Counts {
        long moved;
        long listed;
        long skipped;
        long finished;
        /** How many action steps changed people's data (tags, fields, consent, frozen segments). */
        long acted;

        void add(Counts other) {
            moved += other.moved;
            listed += other.listed;
            skipped += other.skipped;
            finished += other.finished;
            acted += other.acted;
        }
    }

    WorkspaceWorld(DSLContext tx, SegmentService segments, java.util.function.Function<Message, ConsentCheck> checks,
                   long journeyId, String actor,
                   ZoneId zone, OffsetDateTime now, Map<Long, OffsetDateTime> loadedDue) {
        this.tx = tx;
        this.segments = segments;
        this.checks = checks;
        this.journeyId = journeyId;
        this.actor = actor;
        this.zone = zone;
        this.now = now;
        this.loadedDue = loadedDue;
    }

    // ---------------------------------------------------------------- questions

    @Override
    public Set<Long> matching(Rule rule, Collection<Long> contacts) {
        if (contacts.isEmpty()) {
            return Set.of();
        }
        Condition condition = compiled.computeIfAbsent(rule, r -> segments.condition(r, now));
        return new HashSet<>(tx.select(CONTACT.ID).from(CONTACT).where(Ids.in(CONTACT.ID, contacts).and(condition))
                .fetch(CONTACT.ID));
    }

    @Override
    public Map<Long, LocalDate> dates(String field, Collection<Long> contacts) {
        return dates(tx, field, id -> Ids.in(id, contacts));
    }

    /**
     * The value of a date field (birth date, or a custom date field) of the contacts {@code who} picks out by
     * their id column; contacts without one are missing.
     */
    static Map<Long, LocalDate> dates(DSLContext dsl, String field,
                                      java.util.function.Function<org.jooq.Field<Long>, Condition> who) {
        Map<Long, LocalDate> out = new HashMap<>();
        if (JourneyNeeds.isBirthDate(field)) {
            dsl.select(CONTACT.ID, CONTACT.BIRTH_DATE).from(CONTACT)
                    .where(who.apply(CONTACT.ID).and(CONTACT.BIRTH_DATE.isNotNull()))
                    .forEach(r -> out.put(r.value1(), r.value2()));
        } else {
            dsl.select(CONTACT_VALUE.CONTACT_ID, CONTACT_VALUE.VALUE_DATE).from(CONTACT_VALUE)
                    .join(FIELD_DEFINITION).on(FIELD_DEFINITION.ID.eq(CONTACT_VALUE.FIELD_ID))
                    .where(FIELD_DEFINITION.FIELD_KEY.eq(field).and(who.apply(CONTACT_VALUE.CONTACT_ID))
                            .and(CONTACT_VALUE.VALUE_DATE.isNotNull()))
                    .forEach(r -> out.put(r.value1(), r.value2()));
        }
        return out;
    }

    @Override
    public Map<Long, OffsetDateTime> firstEvent(String eventType, String campaign,
                                                Map<Long, OffsetDateTime[]> windows) {
        Map<Long, OffsetDateTime> out = new HashMap<>();
        if (windows.isEmpty()) {
            return out;
        }
        OffsetDateTime from = windows.values().stream().map(w -> w[0]).min(OffsetDateTime::compareTo).orElseThrow();
        OffsetDateTime to = windows.values().stream().map(w -> w[1]).max(OffsetDateTime::compareTo).orElseThrow();
        Condition c = Ids.in(EVENT.CONTACT_ID, windows.keySet()).and(EVENT.EVENT_TYPE.eq(eventType))
                .and(EVENT.OCCURRED_AT.between(from, to)).and(JourneyEntry.aboutCampaign(campaign));
        tx.select(EVENT.CONTACT_ID, EVENT.OCCURRED_AT).from(EVENT).where(c).forEach(r -> {
            OffsetDateTime[] w = windows.get(r.value1());
            OffsetDateTime at = r.value2();
            if (!at.isBefore(w[0]) && !at.isAfter(w[1])) {
                out.merge(r.value1(), at, (a, b) -> a.isBefore(b) ? a : b);
            }
        });
        return out;
    }

    @Override
    public Map<Long, String> blocked(Message message, Map<Long, OffsetDateTime> sendAt, Integer weeklyCap) {
        flushSends();
        Map<Long, String> out = new HashMap<>();
        ConsentCheck.Result decided = checks.apply(message).check(sendAt.keySet());
        decided.excluded().forEach((id, reason) -> out.put(id, reason.code()));
        // someone the check did not find (merged away since) may not receive it either
        sendAt.keySet().stream().filter(id -> !decided.allowed().contains(id) && !out.containsKey(id))
                .forEach(id -> out.put(id, Exclusion.ERASED.code()));
        if (weeklyCap != null && weeklyCap > 0 && message.commercial()) {
            List<Long> free = sendAt.keySet().stream().filter(id -> !out.containsKey(id)).toList();
            if (!free.isEmpty()) {
                OffsetDateTime earliest = sendAt.values().stream().min(OffsetDateTime::compareTo).orElseThrow()
                        .minusDays(7);
                Map<Long, List<OffsetDateTime>> before = new HashMap<>();
                tx.select(JOURNEY_SEND.CONTACT_ID, JOURNEY_SEND.SEND_AT).from(JOURNEY_SEND)
                        .where(Ids.in(JOURNEY_SEND.CONTACT_ID, free).and(JOURNEY_SEND.STATUS.eq(JourneyService.LISTED))
                                .and(JOURNEY_SEND.PURPOSE.eq("commercial")).and(JOURNEY_SEND.SEND_AT.gt(earliest)))
                        .forEach(r -> before.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
                for (Long id : free) {
                    OffsetDateTime at = sendAt.get(id);
                    long inWeek = before.getOrDefault(id, List.of()).stream()
                            .filter(t -> t.isAfter(at.minusDays(7)) && !t.isAfter(at)).count();
                    if (inWeek >= weeklyCap) {
                        out.put(id, FREQUENCY_CAP);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Map<Long, Long> items(Message message, Map<Long, OffsetDateTime> sendAt) {
        if (sendAt.isEmpty()) {
            return Map.of();
        }
        if (bestItems == null) {
            bestItems = new BestItems(tx);
        }
        Map<Long, BestItems.Person> people = BestItems.read(tx, sendAt.keySet(), message.channel());
        Map<Long, Set<Long>> sent = new HashMap<>();
        tx.select(JOURNEY_SEND.CONTACT_ID, JOURNEY_SEND.ITEM_ID).from(JOURNEY_SEND)
                .where(JOURNEY_SEND.JOURNEY_ID.eq(journeyId).and(Ids.in(JOURNEY_SEND.CONTACT_ID, sendAt.keySet()))
                        .and(JOURNEY_SEND.STATUS.eq(JourneyService.LISTED)).and(JOURNEY_SEND.ITEM_ID.isNotNull()))
                .forEach(r -> sent.computeIfAbsent(r.value1(), k -> new HashSet<>()).add(r.value2()));
        return bestItems.choose(message, sendAt, zone, id -> people.getOrDefault(id, BestItems.Person.NONE),
                id -> sent.getOrDefault(id, Set.of()));
    }

    @Override
    public Map<Long, Integer> bestHours(Collection<Long> contacts) {
        Map<Long, Integer> out = new HashMap<>();
        if (!contacts.isEmpty()) {
            tx.select(CONTACT_NEXT.CONTACT_ID, CONTACT_NEXT.BEST_HOUR).from(CONTACT_NEXT)
                    .where(Ids.in(CONTACT_NEXT.CONTACT_ID, contacts).and(CONTACT_NEXT.BEST_HOUR.isNotNull()))
                    .forEach(r -> out.put(r.value1(), r.value2()));
        }
        return out;
    }

    // ---------------------------------------------------------------- actions

    @Override
    public void act(Step action, Collection<Long> contacts, OffsetDateTime at) {
        List<Long> active = tx.select(CONTACT.ID).from(CONTACT)
                .where(Ids.in(CONTACT.ID, contacts).and(CONTACT.STATUS.eq("active"))).fetch(CONTACT.ID);
        if (active.isEmpty()) {
            return;
        }
        counts.acted++;
        if (action instanceof Step.Tag t) {
            long tagId = ContactService.tagId(tx, t.tag(), now);
            if (Boolean.TRUE.equals(t.remove())) {
                tx.deleteFrom(CONTACT_TAG).where(CONTACT_TAG.TAG_ID.eq(tagId).and(Ids.in(CONTACT_TAG.CONTACT_ID, active)))
                        .execute();
            } else {
                var insert = tx.batch(tx.insertInto(CONTACT_TAG, CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID,
                        CONTACT_TAG.ADDED_AT).values((Long) null, null, null).onDuplicateKeyIgnore());
                active.forEach(id -> insert.bind(id, tagId, at));
                insert.execute();
            }
        } else if (action instanceof Step.SetField f) {
            setField(f, active, at);
        } else if (action instanceof Step.RequestOptIn r) {
            String channel = r.channel() == null || r.channel().isBlank() ? "email" : r.channel();
            // only a plain opt-in can be asked to be confirmed; confirmed, pending and withdrawn stay as they are
            List<Long> granted = tx.select(CONSENT_STATE.CONTACT_ID).from(CONSENT_STATE)
                    .where(Ids.in(CONSENT_STATE.CONTACT_ID, active).and(CONSENT_STATE.CHANNEL.eq(channel))
                            .and(CONSENT_STATE.TOPIC.eq(ConsentLedger.CHANNEL_ITSELF))
                            .and(CONSENT_STATE.STATUS.eq(Consent.GRANTED)))
                    .fetch(CONSENT_STATE.CONTACT_ID);
            List<ConsentLedger.Entry> entries = granted.stream().map(id -> new ConsentLedger.Entry(id, channel,
                    ConsentLedger.CHANNEL_ITSELF, Consent.PENDING, Consent.METHOD_DOUBLE_OPT_IN, null, null,
                    "journey", null, "Asked to confirm by a journey", at)).toList();
            ConsentLedger.append(tx, entries, granted, now, actor);
        } else if (action instanceof Step.AddToSegment a) {
            Long segmentId = tx.select(SEGMENT.ID).from(SEGMENT).where(SEGMENT.NAME.eq(a.segment())
                            .and(SEGMENT.KIND.eq(SegmentService.SNAPSHOT)).and(SEGMENT.ARCHIVED_AT.isNull()))
                    .fetchOptional(SEGMENT.ID)
                    .orElseThrow(() -> new RegistroException("error.journey.frozenSegment", a.segment()));
            var insert = tx.batch(tx.insertInto(SEGMENT_MEMBER, SEGMENT_MEMBER.SEGMENT_ID, SEGMENT_MEMBER.CONTACT_ID)
                    .values((Long) null, null).onDuplicateKeyIgnore());
            active.forEach(id -> insert.bind(segmentId, id));
            insert.execute();
        }
    }

    private void setField(Step.SetField f, List<Long> contacts, OffsetDateTime at) {
        var def = tx.select(FIELD_DEFINITION.ID, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.FIELD_KEY.eq(f.field()).and(FIELD_DEFINITION.ARCHIVED_AT.isNull()))
                .fetchOptional().orElseThrow(() -> new RegistroException("error.journey.field", f.field()));
        long fieldId = def.value1();
        String value = f.value() == null || f.value().isBlank() ? null : f.value().strip();
        Map<Long, String> before = new HashMap<>();
        tx.select(CONTACT_VALUE.CONTACT_ID, DSL.coalesce(CONTACT_VALUE.VALUE_TEXT,
                        CONTACT_VALUE.VALUE_NUMBER.cast(String.class), CONTACT_VALUE.VALUE_DATE.cast(String.class),
                        CONTACT_VALUE.VALUE_BOOL.cast(String.class)))
                .from(CONTACT_VALUE).where(CONTACT_VALUE.FIELD_ID.eq(fieldId).and(Ids.in(CONTACT_VALUE.CONTACT_ID, contacts)))
                .forEach(r -> before.put(r.value1(), r.value2()));
        tx.deleteFrom(CONTACT_VALUE).where(CONTACT_VALUE.FIELD_ID.eq(fieldId).and(Ids.in(CONTACT_VALUE.CONTACT_ID, contacts)))
                .execute();
        if (value != null) {
            var insert = tx.batch(tx.insertInto(CONTACT_VALUE, CONTACT_VALUE.CONTACT_ID, CONTACT_VALUE.FIELD_ID,
                    CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER, CONTACT_VALUE.VALUE_DATE,
                    CONTACT_VALUE.VALUE_BOOL, CONTACT_VALUE.UPDATED_AT).values((Long) null, null, null, null, null,
                    null, null));
            Object typed = typed(def.value2(), value);
            for (Long id : contacts) {
                insert.bind(id, fieldId, typed instanceof String ? typed : null,
                        typed instanceof BigDecimal ? typed : null, typed instanceof LocalDate ? typed : null,
                        typed instanceof Boolean ? typed : null, at);
            }
            insert.execute();
        }
        var history = tx.batch(tx.insertInto(VALUE_HISTORY, VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.FIELD_KEY,
                VALUE_HISTORY.OLD_VALUE, VALUE_HISTORY.NEW_VALUE, VALUE_HISTORY.CHANGED_BY, VALUE_HISTORY.CHANGED_AT)
                .values((Long) null, null, null, null, null, null));
        contacts.stream().filter(id -> !java.util.Objects.equals(before.get(id), value))
                .forEach(id -> history.bind(id, f.field(), before.get(id), value, "journey " + actor, at));
        if (history.size() > 0) {
            history.execute();
        }
    }

    /**
     * A set-field step's value as the field's type stores it: text as is, a number, an ISO date, true or false.
     * Checked before activation, so a run never meets a value it cannot store.
     */
    static Object typed(String type, String value) {
        try {
            return switch (type) {
                case "number" -> new BigDecimal(value.strip());
                case "date" -> LocalDate.parse(value.strip());
                case "boolean" -> {
                    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException(value);
                    }
                    yield Boolean.valueOf(v);
                }
                default -> value;
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    // ---------------------------------------------------------------- what happened

    @Override
    public void passed(Token token, String outcome, OffsetDateTime leftAt) {
        counts.moved++;
        if (token.fresh()) {
            visits.add(new Object[]{token.enrolment(), token.step(), outcome, token.at(), leftAt});
        } else {
            closes.add(new Object[]{leftAt, outcome, token.enrolment(), token.step()});
        }
    }

    @Override
    public void parked(Token token, OffsetDateTime dueAt) {
        if (token.fresh()) {
            visits.add(new Object[]{token.enrolment(), token.step(), null, token.at(), null});
        } else if (dueAt.isEqual(loadedDue.getOrDefault(token.enrolment(), OffsetDateTime.MIN))) {
            return;
        }
        parks.add(new Object[]{token.step(), token.at(), dueAt, token.enrolment()});
    }

    @Override
    public void finished(Token token, String status, String outcome, OffsetDateTime at) {
        counts.finished++;
        ends.add(new Object[]{token.step(), status, outcome, at, null, token.at(), token.enrolment()});
    }

    @Override
    public void sent(Token token, Message message, OffsetDateTime sendAt, String reason, Long item) {
        if (reason == null) {
            counts.listed++;
        } else {
            counts.skipped++;
        }
        sends.add(new Object[]{journeyId, token.version(), token.step(), token.enrolment(), token.contact(),
                message.name(), message.commercial() ? "commercial" : "transactional", message.channel(),
                message.topic(), sendAt, sendAt.atZoneSameInstant(zone).toLocalDate(),
                reason == null ? JourneyService.LISTED : JourneyService.SKIPPED, reason, item});
    }

    /** Writes what happened in this batch of people. */
    void flush() {
        flushSends();
        if (!visits.isEmpty()) {
            var b = tx.batch(tx.insertInto(JOURNEY_STEP_LOG, JOURNEY_STEP_LOG.ENROLMENT_ID, JOURNEY_STEP_LOG.STEP_KEY,
                    JOURNEY_STEP_LOG.OUTCOME, JOURNEY_STEP_LOG.ENTERED_AT, JOURNEY_STEP_LOG.LEFT_AT)
                    .values((Long) null, null, null, null, null));
            visits.forEach(b::bind);
            b.execute();
            visits.clear();
        }
        if (!closes.isEmpty()) {
            var b = tx.batch(tx.update(JOURNEY_STEP_LOG).set(JOURNEY_STEP_LOG.LEFT_AT, (OffsetDateTime) null)
                    .set(JOURNEY_STEP_LOG.OUTCOME, (String) null)
                    .where(JOURNEY_STEP_LOG.ENROLMENT_ID.eq((Long) null).and(JOURNEY_STEP_LOG.STEP_KEY.eq((String) null))
                            .and(JOURNEY_STEP_LOG.LEFT_AT.isNull())));
            closes.forEach(b::bind);
            b.execute();
            closes.clear();
        }
        if (!parks.isEmpty()) {
            var b = tx.batch(tx.update(JOURNEY_ENROLMENT).set(JOURNEY_ENROLMENT.STEP_KEY, (String) null)
                    .set(JOURNEY_ENROLMENT.STEP_ENTERED_AT, (OffsetDateTime) null)
                    .set(JOURNEY_ENROLMENT.DUE_AT, (OffsetDateTime) null)
                    .where(JOURNEY_ENROLMENT.ID.eq((Long) null)));
            parks.forEach(b::bind);
            b.execute();
            counts.moved += parks.size();
            parks.clear();
        }
        if (!ends.isEmpty()) {
            var b = tx.batch(tx.update(JOURNEY_ENROLMENT).set(JOURNEY_ENROLMENT.STEP_KEY, (String) null)
                    .set(JOURNEY_ENROLMENT.STATUS, (String) null).set(JOURNEY_ENROLMENT.OUTCOME, (String) null)
                    .set(JOURNEY_ENROLMENT.FINISHED_AT, (OffsetDateTime) null)
                    .set(JOURNEY_ENROLMENT.DUE_AT, (OffsetDateTime) null)
                    .set(JOURNEY_ENROLMENT.STEP_ENTERED_AT, (OffsetDateTime) null)
                    .where(JOURNEY_ENROLMENT.ID.eq((Long) null)));
            ends.forEach(b::bind);
            b.execute();
            ends.clear();
        }
    }

    private void flushSends() {
        if (sends.isEmpty()) {
            return;
        }
        var b = tx.batch(tx.insertInto(JOURNEY_SEND, JOURNEY_SEND.JOURNEY_ID, JOURNEY_SEND.VERSION,
                JOURNEY_SEND.STEP_KEY, JOURNEY_SEND.ENROLMENT_ID, JOURNEY_SEND.CONTACT_ID, JOURNEY_SEND.MESSAGE,
                JOURNEY_SEND.PURPOSE, JOURNEY_SEND.CHANNEL, JOURNEY_SEND.TOPIC, JOURNEY_SEND.SEND_AT,
                JOURNEY_SEND.LIST_DAY, JOURNEY_SEND.STATUS, JOURNEY_SEND.REASON, JOURNEY_SEND.ITEM_ID)
                .values((Long) null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        sends.forEach(b::bind);
        b.execute();
        sends.clear();
    }
}
