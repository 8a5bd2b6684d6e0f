package org.registro.identity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed Fellegi-Sunter table: for each field and level, m (how often two records of the same person compare
 * at that level) and u (how often two different people do). The figures are judgement informed by the
 * literature on person records (names agree for most true matches, an exact birth date or phone is rare
 * between strangers, people keep several emails so a different email is weak evidence). A scan starts from
 * them and learns the workspace's own ({@link MatchModel}); they stand in where it has too little to learn from.
 * {@code registro dedupe weights} prints both.
 */
public final class MatchWeights {

    /** m and u of one level. */
    public record Entry(MatchField field, MatchLevel level, double m, double u) {
    }

    private static final Map<MatchField, Map<MatchLevel, Entry>> TABLE = new EnumMap<>(MatchField.class);

    static {
        put(MatchField.FIRST_NAME, MatchLevel.EXACT, 0.70, 0.015);
        put(MatchField.FIRST_NAME, MatchLevel.NICKNAME, 0.08, 0.001);
        put(MatchField.FIRST_NAME, MatchLevel.PARTIAL, 0.04, 0.004);
        put(MatchField.FIRST_NAME, MatchLevel.INITIAL, 0.06, 0.004);
        put(MatchField.FIRST_NAME, MatchLevel.SIMILAR, 0.07, 0.01);
        put(MatchField.FIRST_NAME, MatchLevel.DIFFERENT, 0.05, 0.966);

        put(MatchField.LAST_NAME, MatchLevel.EXACT, 0.70, 0.01);
        put(MatchField.LAST_NAME, MatchLevel.PARTIAL, 0.12, 0.01);
        put(MatchField.LAST_NAME, MatchLevel.SIMILAR, 0.13, 0.01);
        put(MatchField.LAST_NAME, MatchLevel.DIFFERENT, 0.05, 0.97);

        put(MatchField.EMAIL, MatchLevel.EXACT, 0.35, 0.0001);
        put(MatchField.EMAIL, MatchLevel.SIMILAR, 0.10, 0.0005);
        put(MatchField.EMAIL, MatchLevel.NAME_ONLY, 0.05, 0.05);
        put(MatchField.EMAIL, MatchLevel.DIFFERENT, 0.50, 0.9494);

        put(MatchField.PHONE, MatchLevel.EXACT, 0.75, 0.0001);
        put(MatchField.PHONE, MatchLevel.SIMILAR, 0.03, 0.0005);
        put(MatchField.PHONE, MatchLevel.DIFFERENT, 0.22, 0.9994);

        put(MatchField.BIRTH_DATE, MatchLevel.EXACT, 0.91, 0.0003);
        put(MatchField.BIRTH_DATE, MatchLevel.NEAR, 0.03, 0.006);
        put(MatchField.BIRTH_DATE, MatchLevel.DIFFERENT, 0.06, 0.9937);

        put(MatchField.ADDRESS, MatchLevel.SAME_STREET, 0.60, 0.002);
        put(MatchField.ADDRESS, MatchLevel.SAME_AREA, 0.30, 0.05);
        put(MatchField.ADDRESS, MatchLevel.DIFFERENT, 0.10, 0.948);
    }

    private MatchWeights() {
    }

    private static void put(MatchField field, MatchLevel level, double m, double u) {
        TABLE.computeIfAbsent(field, f -> new EnumMap<>(MatchLevel.class)).put(level, new Entry(field, level, m, u));
    }

    /** Every level of every field. */
    public static List<Entry> table() {
        List<Entry> entries = new ArrayList<>();
        TABLE.values().forEach(levels -> entries.addAll(levels.values()));
        return entries;
    }
}
