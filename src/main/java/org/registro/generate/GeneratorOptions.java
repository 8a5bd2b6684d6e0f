package org.registro.generate;

import org.registro.common.RegistroException;

/**
 * What to generate.
 *
 * @param rows          rows in the file, duplicates included
 * @param duplicateRate fraction of rows that are near-duplicates of an earlier person (0 to 0.9)
 * @param seed          the same seed gives the same file
 * @param locale        es, en or da
 */
public record GeneratorOptions(int rows, double duplicateRate, long seed, String locale) {
    public GeneratorOptions {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0");
        }
        if (duplicateRate < 0 || duplicateRate > 0.9 || Double.isNaN(duplicateRate)) {
            throw new RegistroException("error.generate.rate", duplicateRate);
        }
        LocaleProfile.of(locale);
    }
}
