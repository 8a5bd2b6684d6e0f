package org.registro.segment;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.registro.common.RegistroException;

/**
 * Reading a condition's parameters the one way every evaluator of rules does (the SQL compiler and the audience
 * index): what is missing, a list typed as "a, b; c", a date, a number of days.
 */
public final class RuleValues {

    private RuleValues() {
    }

    public static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new RegistroException("error.segment.missing", what);
        }
        return value;
    }

    /** The values of an "in list" condition: its list, or its value split at commas and semicolons. */
    public static List<String> list(Rule.Field f) {
        if (f.values() != null && !f.values().isEmpty()) {
            return f.values();
        }
        return List.of(required(f.value(), "values").split("\\s*[,;]\\s*"));
    }

    public static LocalDate date(String text) {
        try {
            return LocalDate.parse(required(text, "value").strip());
        } catch (DateTimeParseException e) {
            throw new RegistroException("error.segment.date", text);
        }
    }

    /** A number typed with a point or a comma. */
    public static java.math.BigDecimal decimal(String text) {
        try {
            return new java.math.BigDecimal(required(text, "value").strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new RegistroException("error.segment.number", text);
        }
    }

    public static int days(Rule.Field f) {
        if (f.days() == null || f.days() < 0) {
            throw new RegistroException("error.segment.missing", "days");
        }
        return f.days();
    }
}
