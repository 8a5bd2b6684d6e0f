package org.registro.journey;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IMPORT_BATCH;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_ENTRY_SEEN;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;
import static org.registro.db.Tables.SOURCE;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.registro.common.Ids;
import org.registro.ingest.ImportService;
import org.registro.segment.SegmentService;
import org.registro.workspace.Workspace;

/**
 * Who enters a journey in a run: people who joined its segment since the last run, who did its event, whom an
 * import from its source created, or whose date came round. Each kind keeps a mark in the journey row (members
 * seen, last event, last import, last day) that moves in the same transaction as the enrolments it produced, so
 * a run at the same moment enrols nobody twice.
 */
final class JourneyEntry {

    /** A date entry catches up at most this many missed days (a birthday greeting a month late is no greeting). */
    static final int DATE_CATCH_UP_DAYS = 7;

    /** Takes newcomers on from the entry step, inside the transaction that enrolled them. */
    interface Walker {
        void walk(DSLContext tx, List<World.Token> newcomers);
    }

    private final Workspace workspace;
    private final RunMemo memo;
    private final JourneyService.Loaded journey;
    private final OffsetDateTime now;
    private final Walker walker;
    private final Step.Entry entry;

    JourneyEntry(Workspace workspace, RunMemo memo, JourneyService.Loaded journey, OffsetDateTime now,
                 Walker walker) {
        this.workspace = workspace;
        this.memo = memo;
        this.journey = journey;
        this.now = now;
        this.walker = walker;
        this.entry = journey.latest().entry().orElseThrow();
    }

    /** Enrols everyone who arrived since the last run; returns how many. */
    long enrol() {
        return switch (entry.kind()) {
            case Step.Entry.SEGMENT -> segment();
            case Step.Entry.EVENT -> event();
            case Step.Entry.IMPORT -> imported();
            case Step.Entry.DATE -> dates();
            default -> 0;
        };
    }

    /** The condition on CONTACT for the entry segment's members at {@code at}. */
    static Condition members(SegmentService segments, Step.Entry entry, OffsetDateTime at) {
        return entry.segment() != null && !entry.segment().isBlank() ? segments.membersOf(entry.segment(), at)
                : segments.condition(entry.rule(), at);
    }

    /** Events about the campaign, named as people type it (case and surrounding spaces aside); any when blank. */
    static Condition aboutCampaign(String campaign) {
        return campaign == null || campaign.isBlank() ? DSL.trueCondition()
                : DSL.lower(EVENT.CAMPAIGN).eq(campaign.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** Import batches from the source, by name (case aside); any batch when blank. */
    static Condition fromSource(String source) {
        return source == null || source.isBlank() ? DSL.trueCondition()
                : IMPORT_BATCH.SOURCE_ID.in(DSL.select(SOURCE.ID).from(SOURCE)
                .where(DSL.lower(SOURCE.NAME).eq(source.strip().toLowerCase(java.util.Locale.ROOT))));
    }

    /** Records the current members as seen, so that only people who join from now on enter. */
    static void markSeen(DSLContext tx, long journeyId, Condition members) {
        tx.deleteFrom(JOURNEY_ENTRY_SEEN).where(JOURNEY_ENTRY_SEEN.JOURNEY_ID.eq(journeyId)).execute();
        tx.insertInto(JOURNEY_ENTRY_SEEN, JOURNEY_ENTRY_SEEN.JOURNEY_ID, JOURNEY_ENTRY_SEEN.CONTACT_ID)
                .select(DSL.select(DSL.val(journeyId), CONTACT.ID).from(CONTACT).where(members)).execute();
    }

    private long segment() {
        DSLContext dsl = workspace.dsl();
        Set<Long> current = memo.entryMembers(entry);
        Set<Long> seen = new HashSet<>(dsl.select(JOURNEY_ENTRY_SEEN.CONTACT_ID).from(JOURNEY_ENTRY_SEEN)
                .where(JOURNEY_ENTRY_SEEN.JOURNEY_ID.eq(journey.id())).fetch(JOURNEY_ENTRY_SEEN.CONTACT_ID));
        List<Long> joined = current.stream().filter(id -> !seen.contains(id)).sorted().toList();
        List<Long> left = seen.stream().filter(id -> !current.contains(id)).sorted().toList();
        long entered = 0;
        // people who left the segment may join again later (and enter again, as re-entry allows)
        for (List<Long> part : parts(left)) {
            dsl.deleteFrom(JOURNEY_ENTRY_SEEN).where(JOURNEY_ENTRY_SEEN.JOURNEY_ID.eq(journey.id())
                    .and(Ids.in(JOURNEY_ENTRY_SEEN.CONTACT_ID, part))).execute();
        }
        for (List<Long> part : parts(joined)) {
            entered += workspace.dsl().transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                var seenInsert = tx.batch(tx.insertInto(JOURNEY_ENTRY_SEEN, JOURNEY_ENTRY_SEEN.JOURNEY_ID,
                        JOURNEY_ENTRY_SEEN.CONTACT_ID).values((Long) null, null));
                part.forEach(id -> seenInsert.bind(journey.id(), id));
                seenInsert.execute();
                Map<Long, OffsetDateTime> arrivals = new LinkedHashMap<>();
                part.forEach(id -> arrivals.put(id, now));
                return (long) insert(tx, arrivals);
            });
        }
        return entered;
    }

    private long event() {
        DSLContext dsl = workspace.dsl();
        long mark = journey.eventMark();
        Condition c = EVENT.ID.gt(mark).and(EVENT.EVENT_TYPE.eq(entry.eventType()))
                .and(aboutCampaign(entry.campaign()));
        if (Boolean.TRUE.equals(entry.firstOnly())) {
            var earlier = EVENT.as("earlier");
            c = c.andNotExists(DSL.selectOne().from(earlier).where(earlier.CONTACT_ID.eq(EVENT.CONTACT_ID)
                    .and(earlier.EVENT_TYPE.eq(EVENT.EVENT_TYPE)).and(earlier.OCCURRED_AT.lt(EVENT.OCCURRED_AT)
                            .or(earlier.OCCURRED_AT.eq(EVENT.OCCURRED_AT).and(earlier.ID.lt(EVENT.ID))))));
        }
        Long last = dsl.select(DSL.max(EVENT.ID)).from(EVENT).fetchOne(0, Long.class);
        if (last == null || last <= mark) {
            return 0;
        }
        Map<Long, OffsetDateTime> arrivals = new LinkedHashMap<>();
        dsl.select(EVENT.CONTACT_ID, EVENT.OCCURRED_AT).from(EVENT).where(c.and(EVENT.ID.le(last)))
                .orderBy(EVENT.ID).forEach(r -> arrivals.putIfAbsent(r.value1(), clamp(r.value2())));
        return enrolAndMark(arrivals, JOURNEY.ENTRY_EVENT_MARK, last);
    }

    private long imported() {
        DSLContext dsl = workspace.dsl();
        long mark = journey.batchMark();
        // the mark stops before the first import still running: its people enter when it has finished
        Long running = dsl.select(DSL.min(IMPORT_BATCH.ID)).from(IMPORT_BATCH).where(IMPORT_BATCH.ID.gt(mark)
                .and(IMPORT_BATCH.STATUS.in(ImportService.STATUS_RUNNING, ImportService.STATUS_UNDOING)))
                .fetchOne(0, Long.class);
        Long last = running != null ? Long.valueOf(running - 1)
                : dsl.select(DSL.max(IMPORT_BATCH.ID)).from(IMPORT_BATCH).fetchOne(0, Long.class);
        if (last == null || last <= mark) {
            return 0;
        }
        Condition batches = IMPORT_BATCH.ID.gt(mark).and(IMPORT_BATCH.ID.le(last))
                .and(IMPORT_BATCH.STATUS.eq(ImportService.STATUS_COMPLETED)).and(fromSource(entry.source()));
        Map<Long, OffsetDateTime> arrivals = new LinkedHashMap<>();
        dsl.select(CONTACT.ID, IMPORT_BATCH.FINISHED_AT).from(CONTACT).join(IMPORT_BATCH)
                .on(IMPORT_BATCH.ID.eq(CONTACT.CREATED_BATCH_ID))
                .where(batches.and(CONTACT.STATUS.eq("active"))).orderBy(CONTACT.ID)
                .forEach(r -> arrivals.put(r.value1(), clamp(r.value2())));
        return enrolAndMark(arrivals, JOURNEY.ENTRY_BATCH_MARK, last);
    }

    private long dates() {
        ZoneId zone = workspace.zone();
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        LocalDate from = journey.entryDay() == null ? today : journey.entryDay().plusDays(1);
        if (from.isBefore(today.minusDays(DATE_CATCH_UP_DAYS))) {
            from = today.minusDays(DATE_CATCH_UP_DAYS);
        }
        if (from.isAfter(today)) {
            return 0;
        }
        Map<Long, OffsetDateTime> arrivals = new LinkedHashMap<>();
        for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
            OffsetDateTime at = clamp(Times.utc(day.atStartOfDay(zone)));
            for (Long id : onDay(day)) {
                arrivals.putIfAbsent(id, at);
            }
        }
        return enrolAndMark(arrivals, null, today);
    }

    /** People whose date field falls on this day: its anniversary, or the date {@code days} before. */
    private List<Long> onDay(LocalDate day) {
        DSLContext dsl = workspace.dsl();
        boolean builtIn = JourneyNeeds.isBirthDate(entry.dateField());
        Field<LocalDate> date = builtIn ? CONTACT.BIRTH_DATE : CONTACT_VALUE.VALUE_DATE;
        Condition on;
        if (entry.days() != null && !Boolean.TRUE.equals(entry.anniversary())) {
            on = date.eq(day.minusDays(entry.days()));
        } else {
            on = DSL.month(date).eq(day.getMonthValue()).and(DSL.day(date).eq(day.getDayOfMonth()));
            if (day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear()) {
                on = on.or(DSL.month(date).eq(2).and(DSL.day(date).eq(29)));
            }
        }
        var query = builtIn ? dsl.select(CONTACT.ID).from(CONTACT)
                : dsl.select(CONTACT.ID).from(CONTACT).join(CONTACT_VALUE).on(CONTACT_VALUE.CONTACT_ID.eq(CONTACT.ID))
                .join(FIELD_DEFINITION).on(FIELD_DEFINITION.ID.eq(CONTACT_VALUE.FIELD_ID)
                        .and(FIELD_DEFINITION.FIELD_KEY.eq(entry.dateField())));
        return query.where(on.and(CONTACT.STATUS.eq("active"))).orderBy(CONTACT.ID).fetch(CONTACT.ID);
    }

    /** Enrols in batches; the last batch moves the mark (a number column, or the entry day when null). */
    private long enrolAndMark(Map<Long, OffsetDateTime> arrivals, Field<Long> markColumn, Object markValue) {
        List<Long> ids = new ArrayList<>(arrivals.keySet());
        List<List<Long>> parts = parts(ids);
        if (parts.isEmpty()) {
            parts = List.of(List.of());
        }
        long entered = 0;
        for (int i = 0; i < parts.size(); i++) {
            List<Long> part = parts.get(i);
            boolean lastPart = i == parts.size() - 1;
            entered += workspace.dsl().transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                Map<Long, OffsetDateTime> some = new LinkedHashMap<>();
                part.forEach(id -> some.put(id, arrivals.get(id)));
                int n = insert(tx, some);
                if (lastPart) {
                    var update = markColumn != null
                            ? tx.update(JOURNEY).set(markColumn, (Long) markValue)
                            : tx.update(JOURNEY).set(JOURNEY.ENTRY_DAY, (LocalDate) markValue);
                    update.where(JOURNEY.ID.eq(journey.id())).execute();
                }
                return (long) n;
            });
        }
        return entered;
    }

    /**
     * Enrols those of these people the re-entry setting lets in, at the entry step, each at their arrival time.
     * Who already meets a goal waits there, with their visit open, for the goal check that follows the entry;
     * everyone else goes on at once, in this transaction, as far as the journey takes them.
     */
    private int insert(DSLContext tx, Map<Long, OffsetDateTime> arrivals) {
        if (arrivals.isEmpty()) {
            return 0;
        }
        Set<Long> allowed = new HashSet<>(tx.select(CONTACT.ID).from(CONTACT)
                .where(Ids.in(CONTACT.ID, arrivals.keySet()).and(CONTACT.STATUS.eq("active"))
                        .andNotExists(DSL.selectOne().from(JOURNEY_ENROLMENT)
                                .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journey.id())
                                        .and(JOURNEY_ENROLMENT.CONTACT_ID.eq(CONTACT.ID))
                                        .and(blocksReentry()))))
                .fetch(CONTACT.ID));
        if (allowed.isEmpty()) {
            return 0;
        }
        String entryKey = entry.key();
        int version = journey.latestVersion();
        Long before = tx.select(DSL.max(JOURNEY_ENROLMENT.ID)).from(JOURNEY_ENROLMENT).fetchOne(0, Long.class);
        var batch = tx.batch(tx.insertInto(JOURNEY_ENROLMENT, JOURNEY_ENROLMENT.JOURNEY_ID,
                JOURNEY_ENROLMENT.CONTACT_ID, JOURNEY_ENROLMENT.VERSION, JOURNEY_ENROLMENT.STEP_KEY,
                JOURNEY_ENROLMENT.STATUS, JOURNEY_ENROLMENT.ENROLLED_AT, JOURNEY_ENROLMENT.STEP_ENTERED_AT,
                JOURNEY_ENROLMENT.DUE_AT).values((Long) null, null, null, null, null, null, null, null));
        int n = 0;
        for (Map.Entry<Long, OffsetDateTime> a : arrivals.entrySet()) {
            if (allowed.contains(a.getKey())) {
                batch.bind(journey.id(), a.getKey(), version, entryKey, "active", a.getValue(), a.getValue(),
                        a.getValue());
                n++;
            }
        }
        batch.execute();
        List<Set<Long>> goals = journey.latest().goals().stream().filter(g -> g.rule() != null)
                .map(g -> memo.meeting(g.rule())).toList();
        var openVisits = tx.batch(tx.insertInto(JOURNEY_STEP_LOG, JOURNEY_STEP_LOG.ENROLMENT_ID,
                JOURNEY_STEP_LOG.STEP_KEY, JOURNEY_STEP_LOG.ENTERED_AT).values((Long) null, null, null));
        List<World.Token> newcomers = new ArrayList<>();
        tx.select(JOURNEY_ENROLMENT.ID, JOURNEY_ENROLMENT.CONTACT_ID, JOURNEY_ENROLMENT.ENROLLED_AT)
                .from(JOURNEY_ENROLMENT).where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(journey.id())
                        .and(JOURNEY_ENROLMENT.ID.gt(before == null ? 0L : before)))
                .orderBy(JOURNEY_ENROLMENT.ID).forEach(r -> {
                    if (goals.stream().anyMatch(g -> g.contains(r.value2()))) {
                        openVisits.bind(r.value1(), entryKey, r.value3());
                    } else {
                        newcomers.add(new World.Token(r.value1(), r.value2(), version, entryKey, r.value3(), true));
                    }
                });
        if (openVisits.size() > 0) {
            openVisits.execute();
        }
        walker.walk(tx, newcomers);
        return n;
    }

    /** An earlier enrolment that keeps this person out: per the journey's re-entry setting. */
    private Condition blocksReentry() {
        Settings settings = journey.latest().settings();
        return switch (settings.reentry()) {
            case Settings.ALWAYS -> JOURNEY_ENROLMENT.STATUS.eq("active");
            case Settings.AFTER -> JOURNEY_ENROLMENT.STATUS.eq("active").or(JOURNEY_ENROLMENT.FINISHED_AT
                    .gt(now.minusDays(JourneyCheck.nz(settings.reentryDays()))));
            default -> DSL.trueCondition();
        };
    }

    /** An arrival time no earlier than the activation and no later than now. */
    private OffsetDateTime clamp(OffsetDateTime t) {
        if (t == null || t.isAfter(now)) {
            return now;
        }
        OffsetDateTime activated = journey.activatedAt();
        return activated != null && t.isBefore(activated) ? activated : t;
    }

    static <T> List<List<T>> parts(List<T> ids) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += JourneyEngine.BATCH) {
            out.add(ids.subList(i, Math.min(ids.size(), i + JourneyEngine.BATCH)));
        }
        return out;
    }
}
