package org.registro.contact;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes. */
public final class Countries {

    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    public static boolean isCode(String code) {
        return code != null && CODES.contains(code);
    }

    /** The country's name in {@code locale}, or the code when unknown. */
    public static String displayName(String code, Locale locale) {
        if (!isCode(code)) {
            return code;
        }
        return new Locale("", code).getDisplayCountry(locale);
    }
}
