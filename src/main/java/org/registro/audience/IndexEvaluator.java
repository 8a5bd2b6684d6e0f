package org.registro.audience;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.registro.common.RegistroException;
import org.registro.common.TextKeys;
import org.registro.consent.Consent;
import org.registro.consent.Purpose;
import org.registro.segment.Rule;
import org.registro.segment.RuleValues;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * Evaluates a segment rule on an {@link AudienceIndex}, answering exactly what the SQL compiler's condition
 * answers (the property test holds them to it). SQL compares with three values: a comparison with a missing
 * value is neither true nor false, and "none of" such a condition does not select the person either; so each
 * condition here is a pair of bitmaps, who it is true for and who it is unknown for, combined by Kleene's rules.
 * Every condition a rule can hold is answered here; {@link #members} gives empty only for a kind of condition
 * added to rules and not yet to the index, which the caller then counts in SQL.
 */
public final class IndexEvaluator {

    /** A rule the index cannot answer. */
    private static final class NotIndexed extends RuntimeException {
        NotIndexed() {
            super(null, null, false, false);
        }
    }

    private final AudienceIndex index;
    private final OffsetDateTime now;

    public IndexEvaluator(AudienceIndex index, OffsetDateTime now) {
        this.index = index;
        this.now = now;
    }

    /** The positions of the live contacts the rule selects, or empty when the index cannot answer it. */
    public Optional<RoaringBitmap> members(Rule rule) {
        try {
            return Optional.of(RoaringBitmap.and(index.live, truth(rule).yes()));
        } catch (NotIndexed e) {
            return Optional.empty();
        }
    }

    private Truth truth(Rule rule) {
        if (rule instanceof Rule.Group g) {
            return group(g);
        } else if (rule instanceof Rule.Field f) {
            return field(f);
        } else if (rule instanceof Rule.Tag t) {
            RoaringBitmap has = index.tag(TextKeys.fold(RuleValues.required(t.tag(), "tag")));
            return Truth.of(t.has() == null || t.has() ? has.clone() : without(has));
        } else if (rule instanceof Rule.Identifier i) {
            RoaringBitmap has = index.identifiers.getOrDefault(RuleValues.required(i.kind(), "kind"), new RoaringBitmap());
            return Truth.of(i.present() == null || i.present() ? has.clone() : without(has));
        } else if (rule instanceof Rule.Events e) {
            RoaringBitmap did = events(e);
            return Truth.of(e.did() == null || e.did() ? did : without(did));
        } else if (rule instanceof Rule.Consent c) {
            return Truth.of(consent(c));
        } else if (rule instanceof Rule.Source s) {
            return source(s);
        } else if (rule instanceof Rule.Segment s) {
            return segment(s);
        } else if (rule instanceof Rule.Score s) {
            return Truth.of(score(s));
        } else if (rule instanceof Rule.Recommended r) {
            return Truth.of(recommended(r));
        }
        throw new NotIndexed();
    }

    private RoaringBitmap without(RoaringBitmap set) {
        return RoaringBitmap.andNot(index.all, set);
    }

    private Truth group(Rule.Group g) {
        if (g.conditions().isEmpty()) {
            return Truth.of(index.all.clone());
        }
        Truth result = null;
        for (Rule r : g.conditions()) {
            Truth t = truth(r);
            if (result == null) {
                result = t;
            } else if (g.match() == Rule.Match.ALL) {
                result = and(result, t);
            } else {
                result = or(result, t);
            }
        }
        return g.match() == Rule.Match.NONE ? not(result) : result;
    }

    private RoaringBitmap no(Truth t) {
        return RoaringBitmap.andNot(RoaringBitmap.andNot(index.all, t.yes()), t.unknown());
    }

    private Truth and(Truth a, Truth b) {
        RoaringBitmap yes = RoaringBitmap.and(a.yes(), b.yes());
        RoaringBitmap no = RoaringBitmap.or(no(a), no(b));
        return new Truth(yes, RoaringBitmap.andNot(RoaringBitmap.andNot(index.all, yes), no));
    }

    private Truth or(Truth a, Truth b) {
        RoaringBitmap yes = RoaringBitmap.or(a.yes(), b.yes());
        RoaringBitmap no = RoaringBitmap.and(no(a), no(b));
        return new Truth(yes, RoaringBitmap.andNot(RoaringBitmap.andNot(index.all, yes), no));
    }

    private Truth not(Truth t) {
        return new Truth(no(t), t.unknown().clone());
    }

    private Truth field(Rule.Field f) {
        return new FieldConditions(index, now).truth(f);
    }

    // ---------------------------------------------------------------- sources, segments, scores

    /**
     * Created by one of the sources, or given an identifier by one. As SQL reads it, a contact with no creating
     * source recorded is unknown (not false) for the first part, unless no source matches at all.
     */
    private Truth source(Rule.Source s) {
        List<Long> which;
        if (s.source() != null) {
            Long id = index.catalogue.sourceByName().get(s.source());
            if (id == null) {
                throw new RegistroException("error.segment.noSource", s.source());
            }
            which = List.of(id);
        } else {
            which = index.catalogue.sourcesByParty().getOrDefault(RuleValues.required(s.party(), "source or party"), List.of());
        }
        RoaringBitmap from = new RoaringBitmap();
        which.forEach(id -> from.or(index.sources.getOrDefault(id, new RoaringBitmap())));
        RoaringBitmap unknown = which.isEmpty() ? new RoaringBitmap()
                : RoaringBitmap.andNot(index.noCreatingSource, from);
        return new Truth(from, unknown);
    }

    private final java.util.Deque<String> segmentsBeingEvaluated = new java.util.ArrayDeque<>();

    /** A snapshot's members (in or out), or a dynamic segment's rule as if written here. */
    private Truth segment(Rule.Segment s) {
        String name = RuleValues.required(s.segment(), "segment");
        boolean member = s.member() == null || s.member();
        RoaringBitmap snapshot = index.catalogue.snapshots().get(name);
        if (snapshot != null) {
            return Truth.of(member ? snapshot.clone() : without(snapshot));
        }
        String json = index.catalogue.dynamicRules().get(name);
        if (json == null) {
            throw new RegistroException("error.segment.noSegment", name);
        }
        if (segmentsBeingEvaluated.contains(name)) {
            throw new RegistroException("error.segment.cycle", name);
        }
        segmentsBeingEvaluated.push(name);
        try {
            Truth t = truth(org.registro.segment.RuleDocument.parse(json).rule());
            return member ? t : not(t);
        } finally {
            segmentsBeingEvaluated.pop();
        }
    }

    private RoaringBitmap recommended(Rule.Recommended r) {
        List<Long> items;
        if (r.item() != null && !r.item().isBlank()) {
            Long id = index.catalogue.itemByKey().get(r.item().strip().toLowerCase(java.util.Locale.ROOT));
            items = id == null ? List.of() : List.of(id);
        } else if (r.topic() != null && !r.topic().isBlank()) {
            items = index.catalogue.itemsByTopic().getOrDefault(r.topic().strip(), List.of());
        } else {
            throw new RegistroException("error.segment.missing", "item");
        }
        RoaringBitmap who = new RoaringBitmap();
        for (int rank = 0; rank < (r.firstOnly() ? 1 : 3); rank++) {
            for (long item : items) {
                RoaringBitmap has = index.next.get(rank).get(item);
                if (has != null) {
                    who.or(has);
                }
            }
        }
        return who;
    }

    private RoaringBitmap score(Rule.Score s) {
        AudienceIndex.Scores scores = index.scores.get(RuleValues.required(s.model(), "model"));
        java.util.function.IntPredicate row;
        if (s.label() != null) {
            row = i -> s.label().equals(scores.label()[i]);
        } else {
            BigDecimal value = s.value();
            if (value == null) {
                throw new RegistroException("error.segment.missing", "value");
            }
            String op = s.op() == null ? "atLeast" : s.op();
            row = switch (op) {
                case "atLeast" -> i -> scores.score()[i] != null && scores.score()[i].compareTo(value) >= 0;
                case "atMost" -> i -> scores.score()[i] != null && scores.score()[i].compareTo(value) <= 0;
                case "equals" -> i -> scores.score()[i] != null && scores.score()[i].compareTo(value) == 0;
                default -> throw new RegistroException("error.segment.op", s.op(), "score");
            };
        }
        RoaringBitmap yes = new RoaringBitmap();
        if (scores != null) {
            for (int i = 0; i < scores.position().length; i++) {
                if (row.test(i)) {
                    yes.add(scores.position()[i]);
                }
            }
        }
        return yes;
    }

    // ---------------------------------------------------------------- events and consent

    /** Who did events of the kind: one pass over the events, which are sorted by contact. */
    private RoaringBitmap events(Rule.Events e) {
        AudienceIndex.Events ev = index.events();
        int type = e.eventType() == null || e.eventType().isBlank() ? -2 : ev.types.indexOf(e.eventType());
        int campaign = e.campaign() == null || e.campaign().isBlank() ? -2 : ev.campaigns.indexOf(e.campaign());
        if (type == -1 || campaign == -1) {
            return new RoaringBitmap(); // nobody did an event of a type or campaign nobody has
        }
        long since = e.withinDays() == null ? Long.MIN_VALUE : AudienceIndex.micros(now.minusDays(e.withinDays()));
        int atLeast = Math.max(1, e.atLeast() == null ? 1 : e.atLeast());
        BigDecimal totalAtLeast = e.totalAtLeast();
        // total >= X, in ten-thousandths: total >= ceil(X * 10^4); X too large for a long: compare as decimals
        long threshold = Long.MIN_VALUE;
        boolean exact = true;
        if (totalAtLeast != null) {
            try {
                threshold = totalAtLeast.movePointRight(4).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
            } catch (ArithmeticException tooLarge) {
                exact = false;
            }
        }
        int[] start = ev.start;
        int[] types = ev.type;
        long[] at = ev.occurredAt;
        RoaringBitmapWriter<RoaringBitmap> writer = RoaringBitmapWriter.writer().get();
        int contacts = start.length - 1;
        for (int p = 0; p < contacts; p++) {
            int from = start[p];
            int to = start[p + 1];
            if (to - from < atLeast) {
                continue;
            }
            int count = 0;
            boolean anyAmount = false;
            long total = 0;
            boolean overflow = false;
            for (int i = from; i < to; i++) {
                if ((type >= 0 && types[i] != type) || (campaign >= 0 && ev.campaign(i) != campaign) || at[i] < since) {
                    continue;
                }
                count++;
                if (totalAtLeast != null) {
                    long amount = ev.amount(i);
                    if (amount == AudienceIndex.NO_AMOUNT) {
                        continue;
                    }
                    anyAmount = true;
                    if (amount == AudienceIndex.HUGE_AMOUNT) {
                        overflow = true;
                    } else if (!overflow) {
                        try {
                            total = Math.addExact(total, amount);
                        } catch (ArithmeticException tooLarge) {
                            overflow = true;
                        }
                    }
                }
            }
            if (count < atLeast) {
                continue;
            }
            if (totalAtLeast != null) {
                if (!anyAmount) {
                    continue; // SQL: the sum of no amounts is null, never at least X
                }
                boolean enough = overflow || !exact ? exactTotal(ev, from, to, type, campaign, since)
                        .compareTo(totalAtLeast) >= 0 : total >= threshold;
                if (!enough) {
                    continue;
                }
            }
            writer.add(p);
        }
        RoaringBitmap did = writer.get();
        return did;
    }

    /** The total of the events from {@code from} to {@code to} that count, as a decimal (for amounts beyond a long). */
    private static BigDecimal exactTotal(AudienceIndex.Events ev, int from, int to, int type, int campaign, long since) {
        BigDecimal total = BigDecimal.ZERO;
        for (int i = from; i < to; i++) {
            long amount = ev.amount(i);
            if ((type >= 0 && ev.type[i] != type) || (campaign >= 0 && ev.campaign(i) != campaign)
                    || ev.occurredAt[i] < since || amount == AudienceIndex.NO_AMOUNT) {
                continue;
            }
            total = total.add(amount == AudienceIndex.HUGE_AMOUNT ? ev.huge.get(i) : BigDecimal.valueOf(amount, 4));
        }
        return total;
    }

    private RoaringBitmap consent(Rule.Consent c) {
        String channel = RuleValues.required(c.channel(), "channel");
        String topic = c.topic() == null || c.topic().isBlank() ? null : c.topic();
        if (c.status() != null) {
            if (!Consent.STATUSES.contains(c.status())) {
                throw new RegistroException("error.consent.status", c.status(), String.join(", ", Consent.STATUSES));
            }
            return state(channel, topic, c.status()).clone();
        }
        if (Purpose.of(c.purpose() == null ? "commercial" : c.purpose()) == Purpose.TRANSACTIONAL) {
            return index.reachable.clone();
        }
        RoaringBitmap may = RoaringBitmap.and(index.reachable, optedIn(channel, ""));
        return topic == null ? may : RoaringBitmap.and(may, optedIn(channel, topic));
    }

    private RoaringBitmap optedIn(String channel, String topic) {
        return RoaringBitmap.or(state(channel, topic, Consent.GRANTED), state(channel, topic, Consent.CONFIRMED));
    }

    private RoaringBitmap state(String channel, String topic, String status) {
        return index.consent.getOrDefault(AudienceIndex.consentKey(channel, topic, status), new RoaringBitmap());
    }
}
