package org.registro.contact;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email normalization and validation: trimmed, lower-cased, checked for a plausible shape. */
public final class Emails {

    // Local part: the RFC 5322 "atext" characters and dots (no leading, trailing or double dot);
    // domain: labels of letters, digits and hyphens, with a top-level domain of two or more letters.
    private static final Pattern VALID = Pattern.compile(
            "^(?!\\.)(?!.*\\.\\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\\.)@"
                    + "(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

    private Emails() {
    }

    /** Trims spaces, angle brackets and a "mailto:" prefix, and lower-cases; null when blank. */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.regionMatches(true, 0, "mailto:", 0, 7)) {
            value = value.substring(7);
        }
        if (value.startsWith("<") && value.endsWith(">")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return value.isEmpty() ? null : value.toLowerCase(Locale.ROOT);
    }

    /** True when the normalized form of {@code raw} is a plausible address. */
    public static boolean isValid(String raw) {
        String normalized = normalize(raw);
        return normalized != null && VALID.matcher(normalized).matches();
    }
}
