package org.registro.journey;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.registro.journey.World.Token;

/**
 * Moves people through one journey up to {@code now}: each person goes on from step to step until a wait that
 * has not ended holds them, or their journey ends. People at the same step are handled together (one question
 * to the world per step, not per person), in rounds until nobody moves. The same walk runs journeys on the
 * workspace and in the simulation; only the {@link World} differs.
 */
final class Walk {

    /** More rounds than any journey without a loop needs; a loop without a wait is refused on activation. */
    private static final int MAX_ROUNDS = 100_000;

    private final long journeyId;
    private final IntFunction<JourneyDocument> versions;
    private final ZoneId zone;
    private final OffsetDateTime now;
    private final World world;

    Walk(long journeyId, IntFunction<JourneyDocument> versions, ZoneId zone, OffsetDateTime now, World world) {
        this.journeyId = journeyId;
        this.versions = versions;
        this.zone = zone;
        this.now = now;
        this.world = world;
    }

    void run(List<Token> tokens) {
        List<Token> round = tokens;
        for (int rounds = 0; !round.isEmpty(); rounds++) {
            if (rounds > MAX_ROUNDS) {
                throw new IllegalStateException("journey " + journeyId + " goes round without waiting");
            }
            Map<String, List<Token>> groups = new LinkedHashMap<>();
            for (Token t : round) {
                groups.computeIfAbsent(t.version() + "\u0000" + t.step(), k -> new ArrayList<>()).add(t);
            }
            List<Token> moved = new ArrayList<>();
            for (List<Token> group : groups.values()) {
                Token first = group.get(0);
                JourneyDocument doc = versions.apply(first.version());
                Step step = doc.step(first.step()).orElse(null);
                if (step == null) {
                    group.forEach(t -> world.finished(t, JourneyService.EXITED, "missing_step", t.at()));
                    continue;
                }
                moved.addAll(step(doc, step, group));
            }
            round = moved;
        }
    }

    private List<Token> step(JourneyDocument doc, Step step, List<Token> group) {
        List<Token> out = new ArrayList<>();
        if (step instanceof Step.Entry e) {
            group.forEach(t -> leave(t, "entered", t.at(), e.next(), out));
        } else if (step instanceof Step.Wait w) {
            waitStep(w, group, out);
        } else if (step instanceof Step.Split s) {
            splitStep(s, group, out);
        } else if (step instanceof Step.RandomSplit r) {
            for (Token t : group) {
                Step.Branch b = Branching.pick(r.branches(), Branching.bucket(journeyId, r.key(), t.contact()));
                leave(t, b.key(), t.at(), b.next(), out);
            }
        } else if (step instanceof Step.Send s) {
            sendStep(doc.settings(), s, group, out);
        } else if (step instanceof Step.Exit) {
            for (Token t : group) {
                world.passed(t, "exit", t.at());
                world.finished(t, JourneyService.COMPLETED, "exit", t.at());
            }
        } else if (step instanceof Step.Goal) {
            group.forEach(t -> world.finished(t, JourneyService.EXITED, "missing_step", t.at()));
        } else {
            // an action: tag, field, double opt-in request, frozen segment; each person at their own time
            Map<OffsetDateTime, List<Long>> byTime = new LinkedHashMap<>();
            group.forEach(t -> byTime.computeIfAbsent(t.at(), k -> new ArrayList<>()).add(t.contact()));
            byTime.forEach((at, contacts) -> world.act(step, contacts, at));
            group.forEach(t -> leave(t, "done", t.at(), step.successors().get(0), out));
        }
        return out;
    }

    private void waitStep(Step.Wait w, List<Token> group, List<Token> out) {
        switch (w.mode()) {
            case Step.Wait.EVENT -> {
                Map<Long, OffsetDateTime[]> windows = new HashMap<>();
                Map<Long, OffsetDateTime> due = new HashMap<>();
                for (Token t : group) {
                    OffsetDateTime ends = t.at().plusDays(JourneyCheck.nz(w.days()));
                    due.put(t.enrolment(), ends);
                    windows.put(t.contact(), new OffsetDateTime[]{t.at(), ends.isBefore(now) ? ends : now});
                }
                Map<Long, OffsetDateTime> happened = world.firstEvent(w.eventType(), w.campaign(), windows);
                for (Token t : group) {
                    OffsetDateTime when = happened.get(t.contact());
                    OffsetDateTime ends = due.get(t.enrolment());
                    if (when != null) {
                        leave(t, "event", when, w.next(), out);
                    } else if (!ends.isAfter(now)) {
                        leave(t, "timeout", ends, w.timeoutNext(), out);
                    } else {
                        world.parked(t, ends);
                    }
                }
            }
            case Step.Wait.DATE -> {
                Map<Long, LocalDate> dates = world.dates(w.dateField(), group.stream().map(Token::contact).toList());
                for (Token t : group) {
                    OffsetDateTime ends = Times.onDate(dates.get(t.contact()), w.days(), w.time(), zone);
                    // no date, or a date already past when they arrived: nothing to wait for
                    holdUntil(t, ends == null || ends.isBefore(t.at()) ? t.at() : ends, w.next(), out);
                }
            }
            case Step.Wait.WEEKDAY -> group.forEach(t -> holdUntil(t,
                    Times.nextWeekday(t.at(), w.weekdays(), w.time(), zone), w.next(), out));
            default -> group.forEach(t -> holdUntil(t, Times.afterDuration(t.at(), w, zone), w.next(), out));
        }
    }

    private void holdUntil(Token t, OffsetDateTime ends, String next, List<Token> out) {
        if (ends.isAfter(now)) {
            world.parked(t, ends);
        } else {
            leave(t, "waited", ends, next, out);
        }
    }

    private void splitStep(Step.Split s, List<Token> group, List<Token> out) {
        Set<Long> left = new HashSet<>();
        group.forEach(t -> left.add(t.contact()));
        Map<Long, Step.Branch> chosen = new HashMap<>();
        for (Step.Branch b : s.branches()) {
            if (left.isEmpty()) {
                break;
            }
            Set<Long> matched = world.matching(b.rule(), List.copyOf(left));
            matched.forEach(id -> chosen.put(id, b));
            left.removeAll(matched);
        }
        for (Token t : group) {
            Step.Branch b = chosen.get(t.contact());
            if (b != null) {
                leave(t, b.key(), t.at(), b.next(), out);
            } else {
                leave(t, "else", t.at(), s.elseNext(), out);
            }
        }
    }

    private void sendStep(Settings settings, Step.Send s, List<Token> group, List<Token> out) {
        Map<Long, OffsetDateTime> sendAt = new LinkedHashMap<>();
        List<Token> ready = new ArrayList<>();
        Times.Window window = Times.Window.of(settings.sendWindow());
        Map<Long, Integer> hours = settings.atBestHour()
                ? world.bestHours(group.stream().map(Token::contact).toList()) : Map.of();
        for (Token t : group) {
            OffsetDateTime when = Times.sendTime(window, hours.get(t.contact()), t.at(), zone);
            if (when.isAfter(now)) {
                world.parked(t, when);
            } else {
                sendAt.put(t.contact(), when);
                ready.add(t);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        Map<Long, String> blocked = new HashMap<>(world.blocked(s.message(), sendAt, settings.weeklyCap()));
        Map<Long, Long> items = Map.of();
        if (s.message().sendsBestItem()) {
            Map<Long, OffsetDateTime> free = new LinkedHashMap<>(sendAt);
            free.keySet().removeAll(blocked.keySet());
            items = world.items(s.message(), free);
            for (Long contact : free.keySet()) {
                if (!items.containsKey(contact)) {
                    blocked.put(contact, BestItems.NO_ITEM);
                }
            }
        }
        for (Token t : ready) {
            OffsetDateTime when = sendAt.get(t.contact());
            String reason = blocked.get(t.contact());
            world.sent(t, s.message(), when, reason, reason == null ? items.get(t.contact()) : null);
            if (reason == null) {
                leave(t, "listed", when, s.next(), out);
            } else if (Boolean.TRUE.equals(s.exitIfSkipped())) {
                world.passed(t, "skipped:" + reason, when);
                world.finished(t, JourneyService.EXITED, "skipped:" + reason, when);
            } else {
                leave(t, "skipped:" + reason, when, s.next(), out);
            }
        }
    }

    /** The person leaves the step at {@code when} for {@code next}; with nowhere to go, their journey ends. */
    private void leave(Token t, String outcome, OffsetDateTime when, String next, List<Token> out) {
        world.passed(t, outcome, when);
        if (next == null) {
            world.finished(t, JourneyService.COMPLETED, "end", when);
        } else {
            out.add(t.to(next, when));
        }
    }
}
