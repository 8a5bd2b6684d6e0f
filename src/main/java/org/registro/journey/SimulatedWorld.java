package org.registro.journey;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_NEXT;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.registro.export.ConsentCheck;
import org.registro.export.Exclusion;
import org.registro.export.ExportService;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;

/**
 * The workspace as a simulation sees it: what people are (fields, tags, consent, dates) is read from the
 * workspace once, as it is now; what they do from then on (open, click, give, reach the goal) is drawn from the
 * {@link Assumptions} with the seed; and what the journey does to them is counted, never written. A simulated
 * newcomer is a copy of a recent real arrival and answers every question as that person would.
 */
final class SimulatedWorld implements World {

    /** From how many people a consent question is answered for everyone in one pass. */
    private static final int ALL_AT_ONCE = 5_000;
    /** Mean time from a send to its open, in days. */
    private static final double OPEN_DELAY_DAYS = 0.75;

    private final DSLContext dsl;
    private final SegmentService segments;
    private final ExportService exports;
    private final JourneyDocument doc;
    private final Assumptions assumptions;
    private final long seed;
    private final ZoneId zone;
    private final OffsetDateTime start;
    private final String goalKey;
    private final List<Rule> goalRules = new ArrayList<>();
    private final Set<String> eventWaits = new HashSet<>();

    /** Each simulated newcomer's real model (negative ids for newcomers). */
    private final Map<Long, Long> models = new HashMap<>();
    private long lastNewcomer;
    private long lastEnrolment;
    private OffsetDateTime tick;

    private record Parked(Token token, OffsetDateTime due, boolean eventWait) {
    }

    private final Map<Long, Parked> parked = new LinkedHashMap<>();
    private final Map<Long, OffsetDateTime> goalAt = new HashMap<>();
    private final Map<Long, Map<String, OffsetDateTime>> sends = new HashMap<>();
    private final Map<Long, List<OffsetDateTime>> commercialSends = new HashMap<>();
    private final Map<Rule, Set<Long>> staticMembers = new IdentityHashMap<>();
    private final Map<String, Map<Long, String>> consent = new HashMap<>();
    private final Map<String, Map<Long, LocalDate>> dates = new HashMap<>();
    /** Each real person's recommendations (per channel, with their opt-ins) and best hour, read once. */
    private final Map<String, Map<Long, BestItems.Person>> people = new HashMap<>();
    private final Map<Long, Integer> hours = new HashMap<>();
    private final Map<Long, Set<Long>> itemsSent = new HashMap<>();
    private BestItems bestItems;

    final Map<String, Long> arrived = new HashMap<>();
    final Map<String, Map<String, Long>> outcomes = new HashMap<>();
    final Map<String, Long> skipped = new HashMap<>();
    final Map<String, Long> actions = new HashMap<>();
    long entered;
    long converted;
    long completed;
    long exited;
    long listed;

    SimulatedWorld(DSLContext dsl, SegmentService segments, ExportService exports, JourneyDocument doc,
                   Assumptions assumptions, long seed, ZoneId zone, OffsetDateTime start) {
        this.dsl = dsl;
        this.segments = segments;
        this.exports = exports;
        this.doc = doc;
        this.assumptions = assumptions;
        this.seed = seed;
        this.zone = zone;
        this.start = start;
        this.tick = start;
        String firstGoal = null;
        for (Step.Goal g : doc.goals()) {
            if (g.rule() != null) {
                goalRules.add(g.rule());
                firstGoal = firstGoal == null ? g.key() : firstGoal;
            }
        }
        this.goalKey = firstGoal;
        doc.steps().stream().filter(s -> s instanceof Step.Wait w && Step.Wait.EVENT.equals(w.mode()))
                .forEach(s -> eventWaits.add(s.key()));
    }

    static boolean isMessageActivity(String eventType) {
        return "email_sent".equals(eventType) || "email_opened".equals(eventType)
                || "email_clicked".equals(eventType);
    }

    // ---------------------------------------------------------------- people coming and going

    /** A new simulated person, modelled on a real one. */
    long newcomer() {
        return --lastNewcomer;
    }

    /** The person enters the journey at {@code at}; they may reach the goal some time later. */
    Token enter(long contact, long model, OffsetDateTime at) {
        if (contact != model) {
            models.put(contact, model);
        }
        entered++;
        long enrolment = ++lastEnrolment;
        double perDay = Assumptions.perDay(assumptions.goalPer30Days());
        if (goalKey != null && perDay > 0) {
            double u = Branching.unit(seed, enrolment, "goal");
            double days = -Math.log(1 - u) / perDay;
            if (days < 3 * 365) {
                goalAt.put(enrolment, at.plusSeconds((long) (days * 86_400)));
            }
        }
        return new Token(enrolment, contact, 0, doc.entry().orElseThrow().key(), at, true);
    }

    /** Everyone who matches the entry now (for "also enrol everyone who matches now"). */
    List<Long> existing(Step.Entry entry, OffsetDateTime now) {
        return dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.eq("active")
                .and(JourneyEntry.members(segments, entry, now))).orderBy(CONTACT.ID).fetch(CONTACT.ID);
    }

    /** For a date entry: who enters on each of the days from {@code from}. */
    Map<LocalDate, List<Long>> onDays(Step.Entry entry, LocalDate from, int days) {
        Map<LocalDate, List<Long>> out = new TreeMap<>();
        boolean anniversary = entry.days() == null || Boolean.TRUE.equals(entry.anniversary());
        for (LocalDate day = from; day.isBefore(from.plusDays(days)); day = day.plusDays(1)) {
            out.put(day, new ArrayList<>());
        }
        new TreeMap<>(datesOf(entry.dateField())).forEach((id, date) -> {
            if (anniversary) {
                for (LocalDate day : out.keySet()) {
                    boolean leapDay = date.getMonthValue() == 2 && date.getDayOfMonth() == 29 && !day.isLeapYear()
                            && day.getMonthValue() == 2 && day.getDayOfMonth() == 28;
                    if (leapDay || (day.getMonthValue() == date.getMonthValue()
                            && day.getDayOfMonth() == date.getDayOfMonth())) {
                        out.get(day).add(id);
                    }
                }
            } else {
                List<Long> on = out.get(date.plusDays(entry.days()));
                if (on != null) {
                    on.add(id);
                }
            }
        });
        return out;
    }

    /**
     * Goals at the tick: newcomers who already meet a goal convert on entry (as a run would find them), and
     * everyone waiting whose drawn time to the goal has come converts.
     */
    void goals(List<Token> newcomers, OffsetDateTime now) {
        tick = now;
        if (goalKey == null) {
            return;
        }
        newcomers.removeIf(t -> {
            boolean meets = goalRules.stream().anyMatch(r -> meetsNow(r, t.contact()));
            if (meets) {
                convert(t, t.at());
            }
            return meets;
        });
        List<Parked> reached = parked.values().stream().filter(p -> {
            OffsetDateTime at = goalAt.get(p.token().enrolment());
            return at != null && !at.isAfter(now);
        }).toList();
        reached.forEach(p -> convert(p.token(), goalAt.get(p.token().enrolment())));
    }

    private void convert(Token t, OffsetDateTime at) {
        passed(t, JourneyService.CONVERTED, at);
        arrived.merge(goalKey, 1L, Long::sum);
        converted++;
        parked.remove(t.enrolment());
        goalAt.remove(t.enrolment());
    }

    /** Everyone whose wait may end at the tick: their time has come, or they wait for an event. */
    List<Token> due(OffsetDateTime now) {
        tick = now;
        List<Token> out = new ArrayList<>();
        parked.values().removeIf(p -> {
            if (p.eventWait() || !p.due().isAfter(now)) {
                out.add(p.token());
                return true;
            }
            return false;
        });
        return out;
    }

    /** How many wait at each step now. */
    Map<String, Long> waitingNow() {
        Map<String, Long> out = new TreeMap<>();
        parked.values().forEach(p -> out.merge(p.token().step(), 1L, Long::sum));
        return out;
    }

    private long model(long contact) {
        return models.getOrDefault(contact, contact);
    }

    // ---------------------------------------------------------------- questions

    @Override
    public Set<Long> matching(Rule rule, Collection<Long> contacts) {
        Set<Long> out = new HashSet<>();
        contacts.stream().filter(c -> meetsNow(rule, c)).forEach(out::add);
        return out;
    }

    /**
     * Whether the person meets the rule at the tick: opens and clicks of the journey's own messages as drawn,
     * everything else as the workspace says of them (or of their model) today.
     */
    private boolean meetsNow(Rule rule, long contact) {
        if (rule instanceof Rule.Group g) {
            return switch (g.match()) {
                case ALL -> g.conditions().stream().allMatch(c -> meetsNow(c, contact));
                case ANY -> g.conditions().isEmpty() || g.conditions().stream().anyMatch(c -> meetsNow(c, contact));
                case NONE -> g.conditions().stream().noneMatch(c -> meetsNow(c, contact));
            };
        }
        // a rule selects active people only (neither erased nor merged)
        boolean known = staticMembers.computeIfAbsent(rule, r -> segments.memberIds(r, start)).contains(model(contact));
        if (rule instanceof Rule.Events e && e.eventType() != null && isMessageActivity(e.eventType())) {
            OffsetDateTime since = e.withinDays() == null ? start : tick.minusDays(e.withinDays());
            boolean did = drawnMessageActivity(contact, e.eventType(), e.campaign(), since);
            return Boolean.FALSE.equals(e.did()) ? known && !did : known || did;
        }
        return known;
    }

    /** Whether the person opened (clicked, was sent) one of the journey's messages since then, as drawn. */
    private boolean drawnMessageActivity(long contact, String type, String campaign, OffsetDateTime since) {
        Map<String, OffsetDateTime> sent = sends.getOrDefault(contact, Map.of());
        for (Map.Entry<String, OffsetDateTime> s : sent.entrySet()) {
            if (campaign != null && !campaign.isBlank() && !s.getKey().equals(key(campaign))) {
                continue;
            }
            OffsetDateTime at = activityAt(contact, type, s.getKey(), s.getValue());
            if (at != null && !at.isBefore(since) && !at.isAfter(tick)) {
                return true;
            }
        }
        return false;
    }

    /** When the person sent this message opens (clicks) it, or null if they never do. */
    private OffsetDateTime activityAt(long contact, String type, String message, OffsetDateTime sentAt) {
        if ("email_sent".equals(type)) {
            return sentAt;
        }
        double u = Branching.unit(seed, contact, "open:" + message);
        boolean opens = u < assumptions.openRate();
        if (!opens || ("email_clicked".equals(type) && u >= Math.min(assumptions.clickRate(), assumptions.openRate()))) {
            return null;
        }
        double delay = -Math.log(1 - Branching.unit(seed, contact, "delay:" + message)) * OPEN_DELAY_DAYS;
        OffsetDateTime opened = sentAt.plusSeconds((long) (delay * 86_400));
        return "email_clicked".equals(type) ? opened.plusMinutes(2) : opened;
    }

    private static String key(String message) {
        return message.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public Map<Long, LocalDate> dates(String field, Collection<Long> contacts) {
        Map<Long, LocalDate> all = datesOf(field);
        Map<Long, LocalDate> out = new HashMap<>();
        for (Long c : contacts) {
            LocalDate d = all.get(model(c));
            if (d != null) {
                out.put(c, d);
            }
        }
        return out;
    }

    private Map<Long, LocalDate> datesOf(String field) {
        return dates.computeIfAbsent(field, f -> WorkspaceWorld.dates(dsl, f, id -> id.in(
                org.jooq.impl.DSL.select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.eq("active")))));
    }

    @Override
    public Map<Long, OffsetDateTime> firstEvent(String eventType, String campaign,
                                                Map<Long, OffsetDateTime[]> windows) {
        Map<Long, OffsetDateTime> out = new HashMap<>();
        double perDay = Assumptions.perDay(assumptions.eventsPer30Days().getOrDefault(eventType,
                JourneySimulator.DEFAULT_EVENT));
        windows.forEach((contact, w) -> {
            OffsetDateTime at = null;
            if (isMessageActivity(eventType)) {
                for (Map.Entry<String, OffsetDateTime> s : sends.getOrDefault(contact, Map.of()).entrySet()) {
                    if (campaign == null || campaign.isBlank() || s.getKey().equals(key(campaign))) {
                        OffsetDateTime t = activityAt(contact, eventType, s.getKey(), s.getValue());
                        if (t != null && !t.isBefore(w[0]) && (at == null || t.isBefore(at))) {
                            at = t;
                        }
                    }
                }
            } else if (perDay > 0) {
                double u = Branching.unit(seed, contact, eventType + "|" + campaign + "|" + w[0].toEpochSecond());
                at = w[0].plusSeconds((long) (-Math.log(1 - u) / perDay * 86_400));
            }
            if (at != null && !at.isAfter(w[1])) {
                out.put(contact, at);
            }
        });
        return out;
    }

    @Override
    public Map<Long, String> blocked(Message message, Map<Long, OffsetDateTime> sendAt, Integer weeklyCap) {
        Map<Long, String> decided = consent.computeIfAbsent(message.purposeValue().code() + "\u0000"
                + message.channel() + "\u0000" + message.topic(), k -> new HashMap<>());
        List<Long> unknown = sendAt.keySet().stream().map(this::model).filter(m -> !decided.containsKey(m))
                .distinct().toList();
        if (!unknown.isEmpty()) {
            ConsentCheck check = exports.consentCheck(message.purposeValue(), message.channel(), message.topic());
            // the first day often asks about most of the workspace: then one pass over everyone is cheaper
            boolean many = unknown.size() > ALL_AT_ONCE;
            ConsentCheck.Result result = many ? check.checkAll() : check.check(unknown);
            if (many) {
                result.allowed().forEach(m -> decided.put(m, ""));
                result.excluded().forEach((m, why) -> decided.put(m, why.code()));
            }
            for (Long m : unknown) {
                Exclusion why = result.excluded().get(m);
                decided.put(m, why != null ? why.code() : result.allowed().contains(m) ? "" : Exclusion.ERASED.code());
            }
        }
        Map<Long, String> out = new HashMap<>();
        sendAt.forEach((contact, at) -> {
            String reason = decided.get(model(contact));
            if (!reason.isEmpty()) {
                out.put(contact, reason);
            } else if (weeklyCap != null && weeklyCap > 0 && message.commercial()) {
                long inWeek = commercialSends.getOrDefault(contact, List.of()).stream()
                        .filter(t -> t.isAfter(at.minusDays(7)) && !t.isAfter(at)).count();
                if (inWeek >= weeklyCap) {
                    out.put(contact, WorkspaceWorld.FREQUENCY_CAP);
                }
            }
        });
        return out;
    }

    @Override
    public Map<Long, Long> items(Message message, Map<Long, OffsetDateTime> sendAt) {
        if (bestItems == null) {
            bestItems = new BestItems(dsl);
        }
        Map<Long, BestItems.Person> known = people.computeIfAbsent(message.channel(), k -> new HashMap<>());
        List<Long> unknown = sendAt.keySet().stream().map(this::model).filter(m -> !known.containsKey(m))
                .distinct().toList();
        Map<Long, BestItems.Person> read = BestItems.read(dsl, unknown, message.channel());
        unknown.forEach(m -> known.put(m, read.getOrDefault(m, BestItems.Person.NONE)));
        return bestItems.choose(message, sendAt, zone, contact -> known.get(model(contact)),
                contact -> itemsSent.getOrDefault(contact, Set.of()));
    }

    @Override
    public Map<Long, Integer> bestHours(Collection<Long> contacts) {
        List<Long> unknown = contacts.stream().map(this::model).filter(m -> !hours.containsKey(m)).distinct()
                .toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(m -> hours.put(m, null));
            dsl.select(CONTACT_NEXT.CONTACT_ID, CONTACT_NEXT.BEST_HOUR).from(CONTACT_NEXT)
                    .where(org.registro.common.Ids.in(CONTACT_NEXT.CONTACT_ID, unknown))
                    .forEach(r -> hours.put(r.value1(), r.value2()));
        }
        Map<Long, Integer> out = new HashMap<>();
        contacts.forEach(c -> {
            Integer h = hours.get(model(c));
            if (h != null) {
                out.put(c, h);
            }
        });
        return out;
    }

    @Override
    public void act(Step action, Collection<Long> contacts, OffsetDateTime at) {
        actions.merge(action.key(), (long) contacts.size(), Long::sum);
    }

    // ---------------------------------------------------------------- what happened

    @Override
    public void passed(Token token, String outcome, OffsetDateTime leftAt) {
        if (token.fresh()) {
            arrived.merge(token.step(), 1L, Long::sum);
        }
        outcomes.computeIfAbsent(token.step(), k -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
    }

    @Override
    public void parked(Token token, OffsetDateTime dueAt) {
        if (token.fresh()) {
            arrived.merge(token.step(), 1L, Long::sum);
        }
        Token waiting = new Token(token.enrolment(), token.contact(), token.version(), token.step(), token.at(), false);
        parked.put(token.enrolment(), new Parked(waiting, dueAt, eventWaits.contains(token.step())));
    }

    @Override
    public void finished(Token token, String status, String outcome, OffsetDateTime at) {
        if (JourneyService.COMPLETED.equals(status)) {
            completed++;
        } else {
            exited++;
        }
        parked.remove(token.enrolment());
        goalAt.remove(token.enrolment());
    }

    @Override
    public void sent(Token token, Message message, OffsetDateTime sendAt, String reason, Long item) {
        if (reason != null) {
            skipped.merge(reason, 1L, Long::sum);
            return;
        }
        listed++;
        if (item != null) {
            itemsSent.computeIfAbsent(token.contact(), k -> new HashSet<>()).add(item);
        }
        sends.computeIfAbsent(token.contact(), k -> new LinkedHashMap<>()).putIfAbsent(key(message.name()), sendAt);
        if (message.commercial()) {
            commercialSends.computeIfAbsent(token.contact(), k -> new ArrayList<>()).add(sendAt);
        }
    }
}
