package org.registro.journey;

import static org.registro.db.Tables.CHANNEL;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TOPIC;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.registro.segment.Rule;
import org.registro.segment.RuleCompiler;
import org.registro.segment.SegmentService;

/**
 * What a journey needs from the workspace it runs in: the saved segments its rules and entry name, the frozen
 * segments it adds people to, the channels and topics of its messages, the custom fields it reads or sets, and
 * the source its import entry listens to. A journey opened from a file names what is missing.
 */
public record JourneyNeeds(Set<String> segments, Set<String> frozenSegments, Set<String> channels,
                           Set<String> topics, Set<String> fields, Set<String> sources) {

    /** The built-in date field ("birthDate", as segment rules call it). */
    public static final String BIRTH_DATE = "birthDate";

    static boolean isBirthDate(String field) {
        return BIRTH_DATE.equals(field) || "birth_date".equals(field);
    }

    public static JourneyNeeds of(JourneyDocument doc) {
        JourneyNeeds n = new JourneyNeeds(new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(),
                new TreeSet<>(), new TreeSet<>());
        for (Step step : doc.steps()) {
            if (step instanceof Step.Entry e) {
                add(n.segments, e.segment());
                n.rule(e.rule());
                if (Step.Entry.DATE.equals(e.kind())) {
                    n.field(e.dateField());
                }
                if (Step.Entry.IMPORT.equals(e.kind())) {
                    add(n.sources, e.source());
                }
            } else if (step instanceof Step.Wait w && Step.Wait.DATE.equals(w.mode())) {
                n.field(w.dateField());
            } else if (step instanceof Step.Split s) {
                s.branches().forEach(b -> n.rule(b.rule()));
            } else if (step instanceof Step.Send s && s.message() != null) {
                add(n.channels, s.message().channel());
                add(n.topics, s.message().topic());
            } else if (step instanceof Step.SetField f) {
                n.field(f.field());
            } else if (step instanceof Step.RequestOptIn r) {
                add(n.channels, r.channel() == null || r.channel().isBlank() ? "email" : r.channel());
            } else if (step instanceof Step.AddToSegment a) {
                add(n.frozenSegments, a.segment());
            } else if (step instanceof Step.Goal g) {
                n.rule(g.rule());
            }
        }
        return n;
    }

    private void rule(Rule rule) {
        if (rule instanceof Rule.Group g) {
            g.conditions().forEach(this::rule);
        } else if (rule instanceof Rule.Segment s) {
            add(segments, s.segment());
        } else if (rule instanceof Rule.Field f) {
            field(f.field());
        } else if (rule instanceof Rule.Consent c) {
            add(channels, c.channel());
            add(topics, c.topic());
        }
    }

    private void field(String key) {
        if (key != null && !key.isBlank() && !RuleCompiler.isBuiltIn(key) && !isBirthDate(key)) {
            fields.add(key);
        }
    }

    private static void add(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value.strip());
        }
    }

    /** What the workspace lacks, as problems on the journey (errors: it cannot run without them). */
    public List<JourneyCheck.Problem> problems(DSLContext dsl) {
        List<JourneyCheck.Problem> out = new ArrayList<>();
        missing(dsl).forEach((kind, names) -> names.forEach(name -> out.add(new JourneyCheck.Problem(null,
                "source".equals(kind) ? JourneyCheck.Severity.WARNING : JourneyCheck.Severity.ERROR,
                "missing." + kind, List.of(name)))));
        return out;
    }

    /** Per kind (segment, frozenSegment, channel, topic, field, source), the names the workspace lacks. */
    public java.util.Map<String, List<String>> missing(DSLContext dsl) {
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        put(out, "segment", segments.stream().filter(s -> !dsl.fetchExists(SEGMENT, SEGMENT.NAME.eq(s)
                .and(SEGMENT.ARCHIVED_AT.isNull()))).toList());
        put(out, "frozenSegment", frozenSegments.stream().filter(s -> !dsl.fetchExists(SEGMENT, SEGMENT.NAME.eq(s)
                .and(SEGMENT.ARCHIVED_AT.isNull()).and(SEGMENT.KIND.eq(SegmentService.SNAPSHOT)))).toList());
        put(out, "channel", channels.stream().filter(c -> !dsl.fetchExists(CHANNEL, CHANNEL.CODE.eq(c))).toList());
        put(out, "topic", topics.stream().filter(t -> !dsl.fetchExists(TOPIC, TOPIC.CODE.eq(t))).toList());
        put(out, "field", fields.stream().filter(f -> !dsl.fetchExists(FIELD_DEFINITION,
                FIELD_DEFINITION.FIELD_KEY.eq(f).and(FIELD_DEFINITION.ARCHIVED_AT.isNull()))).toList());
        put(out, "source", sources.stream().filter(s -> !dsl.fetchExists(SOURCE,
                org.jooq.impl.DSL.lower(SOURCE.NAME).eq(s.toLowerCase(java.util.Locale.ROOT)))).toList());
        return out;
    }

    private static void put(java.util.Map<String, List<String>> out, String kind, List<String> names) {
        if (!names.isEmpty()) {
            out.put(kind, names);
        }
    }
}
