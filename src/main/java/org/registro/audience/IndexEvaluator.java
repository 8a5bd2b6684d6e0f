package org.registro.audience;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.registro.common.RegistroException;
import org.registro.common.TextKeys;
import org.registro.consent.Consent;
import org.registro.consent.Purpose;
import org.registro.segment.Rule;
import org.registro.segment.RuleValues;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates a segment rule on an {@link AudienceIndex}, answering exactly what the SQL compiler's condition
 * answers (the property test holds them to it). SQL compares with three values: a comparison with a missing
 * value is neither true nor false, and "none of" such a condition does not select the person either; so each
 * condition here is a pair of bitmaps, who it is true for and who it is unknown for, combined by Kleene's rules.
 * Rules with conditions the index does not hold yet (custom fields, sources, other segments, scores) give
 * empty: the caller counts them in SQL.
 */
public final class IndexEvaluator {

    /** Who a condition is true for, and who it is unknown for (the rest: false). */
    private record Truth(RoaringBitmap yes, RoaringBitmap unknown) {
        static Truth of(RoaringBitmap yes) {
            return new Truth(yes, new RoaringBitmap());
        }
    }

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
            RoaringBitmap has = index.tags.getOrDefault(TextKeys.fold(RuleValues.required(t.tag(), "tag")), new RoaringBitmap());
            return Truth.of(t.has() == null || t.has() ? has.clone() : without(has));
        } else if (rule instanceof Rule.Identifier i) {
            RoaringBitmap has = index.identifiers.getOrDefault(RuleValues.required(i.kind(), "kind"), new RoaringBitmap());
            return Truth.of(i.present() == null || i.present() ? has.clone() : without(has));
        } else if (rule instanceof Rule.Events e) {
            RoaringBitmap did = events(e);
            return Truth.of(e.did() == null || e.did() ? did : without(did));
        } else if (rule instanceof Rule.Consent c) {
            return Truth.of(consent(c));
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

    // ---------------------------------------------------------------- fields

    private Truth field(Rule.Field f) {
        String op = RuleValues.required(f.op(), "op");
        String field = RuleValues.required(f.field(), "field");
        AudienceIndex.TextColumn column = index.text.get(field);
        if (column != null) {
            return text(column, op, f, field.equals("country"));
        }
        return switch (field) {
            case "birthDate" -> date(op, f);
            case "createdAt" -> timestamp(index.createdAt, op, f);
            case "updatedAt" -> timestamp(index.updatedAt, op, f);
            default -> throw new NotIndexed(); // a custom field
        };
    }

    /** Text compared as the SQL does: lower case (country: upper case) against the stripped value. */
    private Truth text(AudienceIndex.TextColumn column, String op, Rule.Field f, boolean code) {
        List<String> values = column.values();
        boolean[] match = new boolean[values.size()];
        boolean twoValued = op.equals("isEmpty") || op.equals("isNotEmpty") || op.equals("notEquals");
        String wanted = switch (op) {
            case "equals", "notEquals", "contains", "startsWith" -> normal(RuleValues.required(f.value(), "value"), code);
            default -> null;
        };
        Set<String> inList = new HashSet<>();
        if (op.equals("inList")) {
            RuleValues.list(f).forEach(v -> inList.add(normal(v, code)));
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            String folded = code ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT);
            match[i] = switch (op) {
                case "equals" -> folded.equals(wanted);
                case "notEquals" -> !folded.equals(wanted);
                case "contains" -> folded.contains(wanted);
                case "startsWith" -> folded.startsWith(wanted);
                case "inList" -> inList.contains(folded);
                case "isEmpty" -> v.isEmpty();
                case "isNotEmpty" -> !v.isEmpty();
                default -> throw new RegistroException("error.segment.op", op, "text");
            };
        }
        RoaringBitmap yes = new RoaringBitmap();
        RoaringBitmap unknown = new RoaringBitmap();
        int[] codes = column.codes();
        for (int p = 0; p < codes.length; p++) {
            int c = codes[p];
            if (c < 0) {
                if (op.equals("isEmpty") || op.equals("notEquals")) {
                    yes.add(p);
                } else if (!twoValued) {
                    unknown.add(p);
                }
            } else if (match[c]) {
                yes.add(p);
            }
        }
        return new Truth(yes, unknown);
    }

    private static String normal(String value, boolean code) {
        String v = value.strip();
        return code ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT);
    }

    private Truth date(String op, Rule.Field f) {
        LocalDate today = now.toLocalDate();
        int[] days = index.birthDate;
        RoaringBitmap yes = new RoaringBitmap();
        RoaringBitmap unknown = new RoaringBitmap();
        long from;
        long to;
        switch (op) {
            case "before" -> {
                from = Long.MIN_VALUE;
                to = RuleValues.date(f.value()).toEpochDay() - 1;
            }
            case "after" -> {
                from = RuleValues.date(f.value()).toEpochDay() + 1;
                to = Long.MAX_VALUE;
            }
            case "between" -> {
                from = RuleValues.date(f.value()).toEpochDay();
                to = RuleValues.date(f.value2()).toEpochDay();
            }
            case "withinLastDays" -> {
                from = today.minusDays(RuleValues.days(f)).toEpochDay();
                to = today.toEpochDay();
            }
            case "anniversaryWithinDays", "isEmpty", "isNotEmpty" -> {
                from = 0;
                to = 0;
            }
            default -> throw new RegistroException("error.segment.op", op, "date");
        }
        int window = op.equals("anniversaryWithinDays") ? RuleValues.days(f) : 0;
        LocalDate end = today.plusDays(window);
        int start = today.getMonthValue() * 100 + today.getDayOfMonth();
        int stop = end.getMonthValue() * 100 + end.getDayOfMonth();
        for (int p = 0; p < days.length; p++) {
            int d = days[p];
            boolean missing = d == Integer.MIN_VALUE;
            if (op.equals("isEmpty") || op.equals("isNotEmpty")) {
                if (missing == op.equals("isEmpty")) {
                    yes.add(p);
                }
                continue;
            }
            if (missing) {
                if (!(op.equals("anniversaryWithinDays") && window >= 365)) {
                    unknown.add(p); // a comparison with no date; "every anniversary" is "has a date" in SQL
                }
                continue;
            }
            boolean in;
            if (op.equals("anniversaryWithinDays")) {
                if (window >= 365) {
                    in = true;
                } else {
                    LocalDate date = LocalDate.ofEpochDay(d);
                    int md = date.getMonthValue() * 100 + date.getDayOfMonth();
                    in = start <= stop ? md >= start && md <= stop : md >= start || md <= stop;
                }
            } else {
                in = d >= from && d <= to;
            }
            if (in) {
                yes.add(p);
            }
        }
        return new Truth(yes, unknown);
    }

    /** created_at / updated_at, never missing: the day bounds the SQL compiler draws, in UTC. */
    private Truth timestamp(long[] column, String op, Rule.Field f) {
        long from;
        long to;
        switch (op) {
            case "before" -> {
                from = Long.MIN_VALUE;
                to = startOfDay(RuleValues.date(f.value())) - 1;
            }
            case "after" -> {
                from = startOfDay(RuleValues.date(f.value()).plusDays(1));
                to = Long.MAX_VALUE;
            }
            case "between" -> {
                from = startOfDay(RuleValues.date(f.value()));
                to = startOfDay(RuleValues.date(f.value2()).plusDays(1)) - 1;
            }
            case "withinLastDays" -> {
                from = AudienceIndex.micros(now.minusDays(RuleValues.days(f)));
                to = Long.MAX_VALUE;
            }
            default -> throw new RegistroException("error.segment.op", op, "date");
        }
        RoaringBitmap yes = new RoaringBitmap();
        for (int p = 0; p < column.length; p++) {
            if (column[p] >= from && column[p] <= to) {
                yes.add(p);
            }
        }
        return Truth.of(yes);
    }

    private static long startOfDay(LocalDate day) {
        return AudienceIndex.micros(day.atStartOfDay().atOffset(ZoneOffset.UTC));
    }

    // ---------------------------------------------------------------- events and consent

    /** Who did events of the kind: one pass over the events, which are sorted by contact. */
    private RoaringBitmap events(Rule.Events e) {
        AudienceIndex.Events ev = index.events();
        int type = e.eventType() == null || e.eventType().isBlank() ? -2 : ev.types().indexOf(e.eventType());
        int campaign = e.campaign() == null || e.campaign().isBlank() ? -2 : ev.campaigns().indexOf(e.campaign());
        RoaringBitmap did = new RoaringBitmap();
        if (type == -1 || campaign == -1) {
            return did; // nobody did an event of a type or campaign nobody has
        }
        long since = e.withinDays() == null ? Long.MIN_VALUE : AudienceIndex.micros(now.minusDays(e.withinDays()));
        int atLeast = e.atLeast() == null ? 1 : e.atLeast();
        BigDecimal totalAtLeast = e.totalAtLeast();
        int n = ev.position().length;
        int i = 0;
        while (i < n) {
            int p = ev.position()[i];
            int count = 0;
            BigDecimal total = null;
            for (; i < n && ev.position()[i] == p; i++) {
                if ((type >= 0 && ev.type()[i] != type) || (campaign >= 0 && ev.campaign()[i] != campaign)
                        || ev.occurredAt()[i] < since) {
                    continue;
                }
                count++;
                if (ev.amount()[i] != null) {
                    total = total == null ? ev.amount()[i] : total.add(ev.amount()[i]);
                }
            }
            boolean ok = count >= Math.max(1, atLeast)
                    && (totalAtLeast == null || total != null && total.compareTo(totalAtLeast) >= 0);
            if (ok) {
                did.add(p);
            }
        }
        return did;
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
