package org.registro.audience;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.registro.common.RegistroException;
import org.registro.segment.Rule;
import org.registro.segment.RuleValues;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * Field conditions on the index, as the SQL compiler asks them: text fields (folded, with SQL's unknown for a
 * missing value), birth dates and anniversaries, created and updated times (whole UTC days), and custom fields
 * of every type. Part of {@link IndexEvaluator}.
 */
final class FieldConditions {

    private final AudienceIndex index;
    private final OffsetDateTime now;

    FieldConditions(AudienceIndex index, OffsetDateTime now) {
        this.index = index;
        this.now = now;
    }

    private RoaringBitmap without(RoaringBitmap set) {
        return RoaringBitmap.andNot(index.all, set);
    }

    Truth truth(Rule.Field f) {
        String op = RuleValues.required(f.op(), "op");
        String field = RuleValues.required(f.field(), "field");
        TextColumn column = index.text.get(field);
        if (column != null) {
            return text(column, op, f, AudienceIndex.isCode(field));
        }
        return switch (field) {
            case "birthDate" -> date(op, f);
            case "createdAt" -> timestamp(index.createdAt, op, f);
            case "updatedAt" -> timestamp(index.updatedAt, op, f);
            default -> Truth.of(custom(field, op, f));
        };
    }

    /**
     * A custom field, as the SQL asks it: "is empty" is having no value row; "is not" is having no row equal to
     * the value (so people without one are in); the rest, having a row whose value meets the condition.
     */
    private RoaringBitmap custom(String key, String op, Rule.Field f) {
        String type = index.catalogue.fieldTypes().get(key);
        if (type == null) {
            throw new RegistroException("error.segment.noField", key);
        }
        AudienceIndex.CustomField field = index.custom(key, type);
        if (op.equals("isEmpty")) {
            return without(field.has());
        }
        if (op.equals("isNotEmpty")) {
            return field.has().clone();
        }
        // the condition for the field's type first: an operator that does not fit it is an error, as in SQL
        java.util.function.IntPredicate row = switch (field.type()) {
            case "number" -> numberRow(field.number(), op, f);
            case "date" -> dateRow(field.date(), op, f);
            case "boolean" -> switch (op) {
                case "isTrue" -> i -> Boolean.TRUE.equals(field.bool()[i]);
                case "isFalse" -> i -> Boolean.FALSE.equals(field.bool()[i]);
                default -> throw new RegistroException("error.segment.op", op, "boolean");
            };
            default -> textRow(field.text(), op, f);
        };
        if (op.equals("notEquals")) {
            String wanted = RuleValues.required(f.value(), "value").strip().toLowerCase(Locale.ROOT);
            RoaringBitmap equal = new RoaringBitmap();
            for (int i = 0; i < field.position().length; i++) {
                String v = field.text()[i];
                if (v != null && v.toLowerCase(Locale.ROOT).equals(wanted)) {
                    equal.add(field.position()[i]);
                }
            }
            return without(equal);
        }
        RoaringBitmap yes = new RoaringBitmap();
        for (int i = 0; i < field.position().length; i++) {
            if (row.test(i)) {
                yes.add(field.position()[i]);
            }
        }
        return yes;
    }

    private static java.util.function.IntPredicate textRow(String[] text, String op, Rule.Field f) {
        String wanted = switch (op) {
            case "equals", "contains", "startsWith" -> normal(RuleValues.required(f.value(), "value"), false);
            default -> null;
        };
        Set<String> inList = new HashSet<>();
        if (op.equals("inList")) {
            RuleValues.list(f).forEach(v -> inList.add(normal(v, false)));
        }
        return switch (op) {
            case "equals" -> i -> text[i] != null && text[i].toLowerCase(Locale.ROOT).equals(wanted);
            case "contains" -> i -> text[i] != null && text[i].toLowerCase(Locale.ROOT).contains(wanted);
            case "startsWith" -> i -> text[i] != null && text[i].toLowerCase(Locale.ROOT).startsWith(wanted);
            case "inList" -> i -> text[i] != null && inList.contains(text[i].toLowerCase(Locale.ROOT));
            case "notEquals" -> i -> false; // answered apart: no row equal to the value
            default -> throw new RegistroException("error.segment.op", op, "text");
        };
    }

    private static java.util.function.IntPredicate numberRow(BigDecimal[] number, String op, Rule.Field f) {
        BigDecimal a = RuleValues.decimal(f.value());
        BigDecimal b = op.equals("between") ? RuleValues.decimal(f.value2()) : null;
        return switch (op) {
            case "equals" -> i -> number[i] != null && number[i].compareTo(a) == 0;
            case "greaterThan" -> i -> number[i] != null && number[i].compareTo(a) > 0;
            case "atLeast" -> i -> number[i] != null && number[i].compareTo(a) >= 0;
            case "lessThan" -> i -> number[i] != null && number[i].compareTo(a) < 0;
            case "atMost" -> i -> number[i] != null && number[i].compareTo(a) <= 0;
            case "between" -> i -> number[i] != null && number[i].compareTo(a) >= 0 && number[i].compareTo(b) <= 0;
            default -> throw new RegistroException("error.segment.op", op, "number");
        };
    }

    /** A custom date field row meets the condition (a missing date never does). */
    private java.util.function.IntPredicate dateRow(int[] days, String op, Rule.Field f) {
        RoaringBitmap[] truth = {null};
        return i -> {
            if (truth[0] == null) {
                truth[0] = dates(days, op, f).yes();
            }
            return truth[0].contains(i);
        };
    }

    /** Text compared as the SQL does: lower case (country: upper case) against the stripped value. */
    private static final Set<String> TEXT_OPS = Set.of("equals", "notEquals", "contains", "startsWith", "inList",
            "isEmpty", "isNotEmpty");

    private Truth text(TextColumn column, String op, Rule.Field f, boolean code) {
        if (!TEXT_OPS.contains(op)) {
            throw new RegistroException("error.segment.op", op, "text");
        }
        boolean[] match = new boolean[column.values()];
        boolean twoValued = op.equals("isEmpty") || op.equals("isNotEmpty") || op.equals("notEquals");
        byte[] wanted = switch (op) {
            case "equals", "notEquals", "contains", "startsWith" -> normal(RuleValues.required(f.value(), "value"), code)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            default -> null;
        };
        List<byte[]> inList = new java.util.ArrayList<>();
        if (op.equals("inList")) {
            RuleValues.list(f).forEach(v -> inList.add(normal(v, code).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        java.util.function.IntPredicate test = switch (op) {
            case "equals" -> i -> column.equalsAt(i, wanted);
            case "notEquals" -> i -> !column.equalsAt(i, wanted);
            case "contains" -> i -> column.containsAt(i, wanted);
            case "startsWith" -> i -> column.startsWithAt(i, wanted);
            case "inList" -> i -> inList.stream().anyMatch(w -> column.equalsAt(i, w));
            case "isEmpty" -> column::isEmpty;
            default -> i -> !column.isEmpty(i); // isNotEmpty
        };
        for (int i = 0; i < match.length; i++) {
            match[i] = test.test(i);
        }
        RoaringBitmapWriter<RoaringBitmap> yes = RoaringBitmapWriter.writer().get();
        RoaringBitmapWriter<RoaringBitmap> unknown = RoaringBitmapWriter.writer().get();
        boolean missingIsYes = op.equals("isEmpty") || op.equals("notEquals");
        int contacts = column.length();
        for (int p = 0; p < contacts; p++) {
            int c = column.code(p);
            if (c < 0) {
                if (missingIsYes) {
                    yes.add(p);
                } else if (!twoValued) {
                    unknown.add(p);
                }
            } else if (match[c]) {
                yes.add(p);
            }
        }
        return new Truth(yes.get(), unknown.get());
    }

    private static String normal(String value, boolean code) {
        String v = value.strip();
        return code ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT);
    }

    private Truth date(String op, Rule.Field f) {
        return dates(index.birthDate, op, f);
    }

    /** Dates compared as the SQL does, over {@code days} (epoch days; {@link Integer#MIN_VALUE}: none). */
    private Truth dates(int[] days, String op, Rule.Field f) {
        LocalDate today = now.toLocalDate();
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
        boolean anniversary = op.equals("anniversaryWithinDays");
        boolean emptiness = op.equals("isEmpty") || op.equals("isNotEmpty");
        boolean wantEmpty = op.equals("isEmpty");
        int window = anniversary ? RuleValues.days(f) : 0;
        LocalDate end = today.plusDays(window);
        int start = today.getMonthValue() * 100 + today.getDayOfMonth();
        int stop = end.getMonthValue() * 100 + end.getDayOfMonth();
        RoaringBitmapWriter<RoaringBitmap> yesWriter = RoaringBitmapWriter.writer().get();
        RoaringBitmapWriter<RoaringBitmap> unknownWriter = RoaringBitmapWriter.writer().get();
        for (int p = 0; p < days.length; p++) {
            int d = days[p];
            boolean missing = d == Integer.MIN_VALUE;
            if (emptiness) {
                if (missing == wantEmpty) {
                    yesWriter.add(p);
                }
                continue;
            }
            if (missing) {
                if (!(anniversary && window >= 365)) {
                    unknownWriter.add(p); // a comparison with no date; "every anniversary" is "has a date" in SQL
                }
                continue;
            }
            boolean in;
            if (anniversary) {
                if (window >= 365) {
                    in = true;
                } else {
                    int md = monthDay(d);
                    in = start <= stop ? md >= start && md <= stop : md >= start || md <= stop;
                }
            } else {
                in = d >= from && d <= to;
            }
            if (in) {
                yesWriter.add(p);
            }
        }
        yes = yesWriter.get();
        unknown = unknownWriter.get();
        return new Truth(yes, unknown);
    }

    /**
     * Month * 100 + day of an epoch day, without building a LocalDate (a million per question): the civil
     * calendar from days, as in Howard Hinnant's "chrono-compatible low-level date algorithms".
     */
    static int monthDay(int epochDay) {
        long z = epochDay + 719_468L;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        return (int) (month * 100 + day);
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
        RoaringBitmapWriter<RoaringBitmap> yes = RoaringBitmapWriter.writer().get();
        for (int p = 0; p < column.length; p++) {
            if (column[p] >= from && column[p] <= to) {
                yes.add(p);
            }
        }
        return Truth.of(yes.get());
    }

    private static long startOfDay(LocalDate day) {
        return AudienceIndex.micros(day.atStartOfDay().atOffset(ZoneOffset.UTC));
    }
}
