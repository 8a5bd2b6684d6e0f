package org.registro.ingest;

import java.util.Locale;
import java.util.Set;

/**
 * Tidies person names from exports: trims and folds spaces, and turns names typed all in capitals or all
 * in lower case into the usual form ("JOSÉ DE LA FUENTE" → "José de la Fuente", "o'brien" → "O'Brien",
 * "garcía-pérez" → "García-Pérez"). A name in mixed case is kept as typed ("McDonald", "van der Berg").
 */
public final class NameCase {

    /** Particles kept lower case inside a name (not as its first word). */
    private static final Set<String> PARTICLES = Set.of("de", "del", "la", "las", "los", "y", "e", "da", "das",
            "do", "dos", "di", "du", "van", "von", "der", "den", "ter", "ten", "af", "zu", "le");

    private NameCase() {
    }

    /** The tidied name; null for a blank one. */
    public static String tidy(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw.strip().replaceAll("\\s+", " ");
        if (name.isEmpty()) {
            return null;
        }
        boolean allUpper = name.equals(name.toUpperCase(Locale.ROOT));
        boolean allLower = name.equals(name.toLowerCase(Locale.ROOT));
        if (!allUpper && !allLower) {
            return name;
        }
        if (allUpper && name.length() <= 2 && name.endsWith(".")) {
            return name; // an initial such as "M."
        }
        String[] words = name.toLowerCase(Locale.ROOT).split(" ");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(i > 0 && PARTICLES.contains(words[i]) ? words[i] : capitalizeParts(words[i]));
        }
        return out.toString();
    }

    /** Capitalizes after the start, a hyphen and an apostrophe: "garcía-pérez", "o'brien". */
    private static String capitalizeParts(String word) {
        StringBuilder out = new StringBuilder(word.length());
        boolean start = true;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append(start ? Character.toTitleCase(c) : c);
            start = c == '-' || c == '\'' || c == '’';
        }
        return out.toString();
    }
}
