package org.registro.segment;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_NEXT;
import static org.registro.db.Tables.CONTENT_ITEM;
import static org.registro.db.Tables.CONTENT_ITEM_TOPIC;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.registro.common.RegistroException;
import org.registro.common.TextKeys;
import org.registro.consent.Consent;
import org.registro.consent.ConsentConditions;
import org.registro.consent.Purpose;

/**
 * Compiles a rule into one SQL condition on {@code CONTACT}: every condition becomes a column comparison or an
 * {@code id IN (…)} over the table that holds the fact (values, tags, identifiers, events, consent state,
 * scores, segment members). Nothing loops over contacts in Java. References to things that do not exist (a
 * deleted field or segment) are clear errors.
 */
public final class RuleCompiler {

    /** The built-in fields a rule can name, with their type. */
    static final Map<String, Field<?>> BUILT_IN = Map.ofEntries(
            Map.entry("firstName", CONTACT.FIRST_NAME), Map.entry("lastName", CONTACT.LAST_NAME),
            Map.entry("email", CONTACT.EMAIL), Map.entry("phone", CONTACT.PHONE),
            Map.entry("birthDate", CONTACT.BIRTH_DATE), Map.entry("gender", CONTACT.GENDER),
            Map.entry("language", CONTACT.LANGUAGE), Map.entry("organization", CONTACT.ORGANIZATION),
            Map.entry("jobTitle", CONTACT.JOB_TITLE), Map.entry("street", CONTACT.STREET),
            Map.entry("postalCode", CONTACT.POSTAL_CODE), Map.entry("city", CONTACT.CITY),
            Map.entry("region", CONTACT.REGION), Map.entry("country", CONTACT.COUNTRY),
            Map.entry("createdAt", CONTACT.CREATED_AT), Map.entry("updatedAt", CONTACT.UPDATED_AT));

    /** True for a field every contact has (firstName, city, birthDate…), false for a custom field's key. */
    public static boolean isBuiltIn(String key) {
        return BUILT_IN.containsKey(key);
    }

    /** The built-in fields in the order the builder lists them. */
    static final List<String> BUILT_IN_ORDER = List.of("firstName", "lastName", "email", "phone", "city",
            "postalCode", "region", "country", "birthDate", "gender", "language", "organization", "jobTitle",
            "street", "createdAt", "updatedAt");

    /** The built-in text fields, by the name rules use, in the builder's order (for the audience index). */
    @SuppressWarnings("unchecked")
    public static Map<String, Field<String>> textFields() {
        Map<String, Field<String>> text = new java.util.LinkedHashMap<>();
        for (String name : BUILT_IN_ORDER) {
            Field<?> f = BUILT_IN.get(name);
            if (f.getType() == String.class) {
                text.put(name, (Field<String>) f);
            }
        }
        return java.util.Collections.unmodifiableMap(text);
    }

    /** Who a rule can select at all: live contacts (not erased, not merged into another). */
    public static final Condition ACTIVE = CONTACT.STATUS.notIn("erased", "merged");

    private final DSLContext dsl;
    private final OffsetDateTime now;
    private final Deque<String> segmentsBeingCompiled = new ArrayDeque<>();

    public RuleCompiler(DSLContext dsl, OffsetDateTime now) {
        this.dsl = dsl;
        this.now = now;
    }

    /** The whole rule, limited to live contacts. */
    public Condition compile(Rule rule) {
        return ACTIVE.and(condition(rule));
    }

    /** One node of the rule, without the live-contacts limit (for explanations). */
    public Condition condition(Rule rule) {
        if (rule instanceof Rule.Group g) {
            return group(g);
        } else if (rule instanceof Rule.Field f) {
            return field(f);
        } else if (rule instanceof Rule.Tag t) {
            return tag(t);
        } else if (rule instanceof Rule.Identifier i) {
            return identifier(i);
        } else if (rule instanceof Rule.Source s) {
            return source(s);
        } else if (rule instanceof Rule.Events e) {
            return events(e);
        } else if (rule instanceof Rule.Consent c) {
            return consent(c);
        } else if (rule instanceof Rule.Segment s) {
            return segment(s);
        } else if (rule instanceof Rule.Recommended r) {
            return recommended(r);
        }
        return score((Rule.Score) rule);
    }

    private Condition group(Rule.Group g) {
        List<Condition> parts = new ArrayList<>();
        for (Rule r : g.conditions()) {
            parts.add(condition(r));
        }
        if (parts.isEmpty()) {
            return DSL.trueCondition();
        }
        return switch (g.match()) {
            case ALL -> DSL.and(parts);
            case ANY -> DSL.or(parts);
            case NONE -> DSL.not(DSL.or(parts));
        };
    }

    // ---------------------------------------------------------------- fields

    @SuppressWarnings("unchecked")
    private Condition field(Rule.Field f) {
        String op = RuleValues.required(f.op(), "op");
        Field<?> builtIn = BUILT_IN.get(RuleValues.required(f.field(), "field"));
        if (builtIn != null) {
            Class<?> type = builtIn.getType();
            if (type == String.class) {
                return text((Field<String>) builtIn, op, f, builtIn == CONTACT.COUNTRY);
            }
            if (type == LocalDate.class) {
                return date((Field<LocalDate>) builtIn, op, f);
            }
            return timestamp((Field<OffsetDateTime>) builtIn, op, f);
        }
        var definition = dsl.select(FIELD_DEFINITION.ID, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.FIELD_KEY.eq(f.field()).and(FIELD_DEFINITION.ARCHIVED_AT.isNull()))
                .fetchOptional()
                .orElseThrow(() -> new RegistroException("error.segment.noField", f.field()));
        long fieldId = definition.value1();
        Condition ofField = CONTACT_VALUE.FIELD_ID.eq(fieldId);
        if (op.equals("isEmpty") || op.equals("isNotEmpty")) {
            Condition has = CONTACT.ID.in(DSL.select(CONTACT_VALUE.CONTACT_ID).from(CONTACT_VALUE).where(ofField));
            return op.equals("isEmpty") ? DSL.not(has) : has;
        }
        Condition valueCondition = switch (definition.value2()) {
            case "number" -> number(CONTACT_VALUE.VALUE_NUMBER, op, f);
            case "date" -> date(CONTACT_VALUE.VALUE_DATE, op, f);
            case "boolean" -> bool(CONTACT_VALUE.VALUE_BOOL, op, f);
            default -> text(CONTACT_VALUE.VALUE_TEXT, op, f, false);
        };
        if (op.equals("notEquals")) {
            // "is not X" includes the people without a value, as a marketer means it.
            Condition equal = text(CONTACT_VALUE.VALUE_TEXT, "equals", f, false);
            return DSL.not(CONTACT.ID.in(DSL.select(CONTACT_VALUE.CONTACT_ID).from(CONTACT_VALUE)
                    .where(ofField.and(equal))));
        }
        return CONTACT.ID.in(DSL.select(CONTACT_VALUE.CONTACT_ID).from(CONTACT_VALUE).where(ofField.and(valueCondition)));
    }

    /** Text compares case- and accent-insensitively where the user types (equals, contains, starts with). */
    private Condition text(Field<String> column, String op, Rule.Field f, boolean code) {
        Field<String> folded = code ? org.registro.workspace.Folded.upper(column)
                : org.registro.workspace.Folded.lower(column);
        return switch (op) {
            case "equals" -> folded.eq(normal(RuleValues.required(f.value(), "value"), code));
            case "notEquals" -> folded.ne(normal(RuleValues.required(f.value(), "value"), code)).or(column.isNull());
            case "contains" -> folded.contains(normal(RuleValues.required(f.value(), "value"), code));
            case "startsWith" -> folded.startsWith(normal(RuleValues.required(f.value(), "value"), code));
            case "inList" -> folded.in(RuleValues.list(f).stream().map(v -> normal(v, code)).toList());
            case "isEmpty" -> column.isNull().or(column.eq(""));
            case "isNotEmpty" -> column.isNotNull().and(column.ne(""));
            default -> throw unknownOp(op, "text");
        };
    }

    private static String normal(String value, boolean code) {
        String v = value.strip();
        return code ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT);
    }

    private Condition number(Field<BigDecimal> column, String op, Rule.Field f) {
        return switch (op) {
            case "equals" -> column.eq(RuleValues.decimal(f.value()));
            case "greaterThan" -> column.gt(RuleValues.decimal(f.value()));
            case "atLeast" -> column.ge(RuleValues.decimal(f.value()));
            case "lessThan" -> column.lt(RuleValues.decimal(f.value()));
            case "atMost" -> column.le(RuleValues.decimal(f.value()));
            case "between" -> column.between(RuleValues.decimal(f.value()), RuleValues.decimal(f.value2()));
            default -> throw unknownOp(op, "number");
        };
    }

    private Condition date(Field<LocalDate> column, String op, Rule.Field f) {
        LocalDate today = now.toLocalDate();
        return switch (op) {
            case "before" -> column.lt(RuleValues.date(f.value()));
            case "after" -> column.gt(RuleValues.date(f.value()));
            case "between" -> column.between(RuleValues.date(f.value()), RuleValues.date(f.value2()));
            case "withinLastDays" -> column.between(today.minusDays(RuleValues.days(f)), today);
            case "anniversaryWithinDays" -> anniversary(column, today, RuleValues.days(f));
            case "isEmpty" -> column.isNull();
            case "isNotEmpty" -> column.isNotNull();
            default -> throw unknownOp(op, "date");
        };
    }

    private Condition timestamp(Field<OffsetDateTime> column, String op, Rule.Field f) {
        return switch (op) {
            case "before" -> column.lt(RuleValues.date(f.value()).atStartOfDay().atOffset(ZoneOffset.UTC));
            case "after" -> column.ge(RuleValues.date(f.value()).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            case "between" -> column.ge(RuleValues.date(f.value()).atStartOfDay().atOffset(ZoneOffset.UTC))
                    .and(column.lt(RuleValues.date(f.value2()).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)));
            case "withinLastDays" -> column.ge(now.minusDays(RuleValues.days(f)));
            default -> throw unknownOp(op, "date");
        };
    }

    /**
     * The day of year of the date falls in the next {@code days} days (birthdays, first-gift anniversaries),
     * across the turn of the year. Compared as month*100+day so 29 February is simply 229.
     */
    private static Condition anniversary(Field<LocalDate> column, LocalDate today, int days) {
        Field<Integer> monthDay = DSL.month(column).mul(100).add(DSL.day(column));
        LocalDate end = today.plusDays(days);
        int from = today.getMonthValue() * 100 + today.getDayOfMonth();
        int to = end.getMonthValue() * 100 + end.getDayOfMonth();
        if (days >= 365) {
            return column.isNotNull();
        }
        return from <= to ? monthDay.between(from, to) : monthDay.ge(from).or(monthDay.le(to));
    }

    private Condition bool(Field<Boolean> column, String op, Rule.Field f) {
        return switch (op) {
            case "isTrue" -> column.isTrue();
            case "isFalse" -> column.isFalse();
            default -> throw unknownOp(op, "boolean");
        };
    }

    // ---------------------------------------------------------------- tags, identifiers, sources

    private Condition tag(Rule.Tag t) {
        String key = TextKeys.fold(RuleValues.required(t.tag(), "tag"));
        Long tagId = dsl.select(TAG.ID).from(TAG).where(TAG.NAME_KEY.eq(key)).fetchOptional(TAG.ID).orElse(null);
        Condition has = tagId == null ? DSL.falseCondition()
                : CONTACT.ID.in(DSL.select(CONTACT_TAG.CONTACT_ID).from(CONTACT_TAG).where(CONTACT_TAG.TAG_ID.eq(tagId)));
        return t.has() == null || t.has() ? has : DSL.not(has);
    }

    private Condition identifier(Rule.Identifier i) {
        Condition has = CONTACT.ID.in(DSL.select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                .where(IDENTIFIER.KIND.eq(RuleValues.required(i.kind(), "kind"))));
        return i.present() == null || i.present() ? has : DSL.not(has);
    }

    private Condition source(Rule.Source s) {
        Condition which;
        if (s.source() != null) {
            Long id = dsl.select(SOURCE.ID).from(SOURCE).where(SOURCE.NAME.eq(s.source())).fetchOptional(SOURCE.ID)
                    .orElseThrow(() -> new RegistroException("error.segment.noSource", s.source()));
            which = SOURCE.ID.eq(id);
        } else {
            which = SOURCE.DATA_PARTY.eq(RuleValues.required(s.party(), "source or party"));
        }
        var sources = DSL.select(SOURCE.ID).from(SOURCE).where(which);
        return CONTACT.CREATED_SOURCE_ID.in(sources)
                .or(CONTACT.ID.in(DSL.select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                        .where(IDENTIFIER.SOURCE_ID.in(sources))));
    }

    // ---------------------------------------------------------------- events, consent, segments, scores

    private Condition events(Rule.Events e) {
        Condition where = DSL.trueCondition();
        if (e.eventType() != null && !e.eventType().isBlank()) {
            where = where.and(EVENT.EVENT_TYPE.eq(e.eventType()));
        }
        if (e.withinDays() != null) {
            where = where.and(EVENT.OCCURRED_AT.ge(now.minusDays(e.withinDays())));
        }
        if (e.campaign() != null && !e.campaign().isBlank()) {
            where = where.and(EVENT.CAMPAIGN.eq(e.campaign()));
        }
        int atLeast = e.atLeast() == null ? 1 : e.atLeast();
        Condition having = DSL.count().ge(atLeast);
        if (e.totalAtLeast() != null) {
            having = having.and(DSL.sum(EVENT.AMOUNT).ge(e.totalAtLeast()));
        }
        var query = atLeast <= 1 && e.totalAtLeast() == null
                ? DSL.select(EVENT.CONTACT_ID).from(EVENT).where(where)
                : DSL.select(EVENT.CONTACT_ID).from(EVENT).where(where).groupBy(EVENT.CONTACT_ID).having(having);
        Condition did = CONTACT.ID.in(query);
        return e.did() == null || e.did() ? did : DSL.not(did);
    }

    private Condition consent(Rule.Consent c) {
        String channel = RuleValues.required(c.channel(), "channel");
        String topic = c.topic() == null || c.topic().isBlank() ? null : c.topic();
        if (c.status() != null) {
            if (!Consent.STATUSES.contains(c.status())) {
                throw new RegistroException("error.consent.status", c.status(), String.join(", ", Consent.STATUSES));
            }
            return ConsentConditions.statusIn(channel, topic, c.status());
        }
        return ConsentConditions.mayReceive(Purpose.of(c.purpose() == null ? "commercial" : c.purpose()), channel,
                topic);
    }

    private Condition segment(Rule.Segment s) {
        String name = RuleValues.required(s.segment(), "segment");
        var row = dsl.select(SEGMENT.ID, SEGMENT.KIND, SEGMENT.RULE_JSON).from(SEGMENT)
                .where(SEGMENT.NAME.eq(name).and(SEGMENT.ARCHIVED_AT.isNull())).fetchOptional()
                .orElseThrow(() -> new RegistroException("error.segment.noSegment", name));
        Condition member;
        if ("snapshot".equals(row.value2())) {
            member = CONTACT.ID.in(DSL.select(SEGMENT_MEMBER.CONTACT_ID).from(SEGMENT_MEMBER)
                    .where(SEGMENT_MEMBER.SEGMENT_ID.eq(row.value1())));
        } else {
            if (segmentsBeingCompiled.contains(name)) {
                throw new RegistroException("error.segment.cycle", name);
            }
            segmentsBeingCompiled.push(name);
            try {
                member = condition(RuleDocument.parse(row.value3()).rule());
            } finally {
                segmentsBeingCompiled.pop();
            }
        }
        return s.member() == null || s.member() ? member : DSL.not(member);
    }

    private Condition score(Rule.Score s) {
        Condition where = CONTACT_SCORE.MODEL.eq(RuleValues.required(s.model(), "model"));
        if (s.label() != null) {
            where = where.and(CONTACT_SCORE.LABEL.eq(s.label()));
        } else {
            BigDecimal value = s.value();
            if (value == null) {
                throw new RegistroException("error.segment.missing", "value");
            }
            where = where.and(switch (s.op() == null ? "atLeast" : s.op()) {
                case "atLeast" -> CONTACT_SCORE.SCORE.ge(value);
                case "atMost" -> CONTACT_SCORE.SCORE.le(value);
                case "equals" -> CONTACT_SCORE.SCORE.eq(value);
                default -> throw unknownOp(s.op(), "score");
            });
        }
        return CONTACT.ID.in(DSL.select(CONTACT_SCORE.CONTACT_ID).from(CONTACT_SCORE).where(where));
    }

    private Condition recommended(Rule.Recommended r) {
        org.jooq.Select<org.jooq.Record1<Long>> items;
        if (r.item() != null && !r.item().isBlank()) {
            items = DSL.select(CONTENT_ITEM.ID).from(CONTENT_ITEM)
                    .where(DSL.lower(CONTENT_ITEM.ITEM_KEY).eq(r.item().strip().toLowerCase(java.util.Locale.ROOT)));
        } else if (r.topic() != null && !r.topic().isBlank()) {
            items = DSL.select(CONTENT_ITEM_TOPIC.ITEM_ID).from(CONTENT_ITEM_TOPIC)
                    .where(CONTENT_ITEM_TOPIC.TOPIC.eq(r.topic().strip()));
        } else {
            throw new RegistroException("error.segment.missing", "item");
        }
        Condition among = CONTACT_NEXT.ITEM_1_ID.in(items);
        if (!r.firstOnly()) {
            among = among.or(CONTACT_NEXT.ITEM_2_ID.in(items)).or(CONTACT_NEXT.ITEM_3_ID.in(items));
        }
        return CONTACT.ID.in(DSL.select(CONTACT_NEXT.CONTACT_ID).from(CONTACT_NEXT).where(among));
    }

    // ---------------------------------------------------------------- helpers

    private static RegistroException unknownOp(String op, String type) {
        return new RegistroException("error.segment.op", op, type);
    }
}
