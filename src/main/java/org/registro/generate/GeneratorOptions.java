package org.registro.generate;

import java.util.List;
import org.registro.common.RegistroException;

/**
 * What to generate.
 *
 * @param rows          rows in the file, duplicates included
 * @param duplicateRate fraction of rows that are near-duplicates of an earlier person (0 to 0.9)
 * @param seed          the same seed gives the same file
 * @param locale        es, en or da
 * @param profile       {@link #STANDARD}, {@link #HARD} or {@link #NAMESAKES}
 */
public record GeneratorOptions(int rows, double duplicateRate, long seed, String locale, String profile) {

    /** Names spread over a few hundred of each; duplicates differ in one way. */
    public static final String STANDARD = "standard";
    /**
     * Common names far more common than rare ones (namesakes everywhere), households sharing an address, a
     * surname and a landline, fewer emails, and duplicates with a slip in every field they repeat.
     */
    public static final String HARD = "hard";
    /** Only the most common names, each person with their own email, phone and birth date: no duplicates. */
    public static final String NAMESAKES = "namesakes";
    public static final List<String> PROFILES = List.of(STANDARD, HARD, NAMESAKES);

    public GeneratorOptions {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0");
        }
        if (duplicateRate < 0 || duplicateRate > 0.9 || Double.isNaN(duplicateRate)) {
            throw new RegistroException("error.generate.rate", duplicateRate);
        }
        LocaleProfile.of(locale);
        if (!PROFILES.contains(profile)) {
            throw new IllegalArgumentException("profile must be one of " + PROFILES + ": " + profile);
        }
    }

    public GeneratorOptions(int rows, double duplicateRate, long seed, String locale) {
        this(rows, duplicateRate, seed, locale, STANDARD);
    }

    boolean hard() {
        return HARD.equals(profile);
    }

    boolean namesakes() {
        return NAMESAKES.equals(profile);
    }
}
