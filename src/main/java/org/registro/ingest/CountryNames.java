package org.registro.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import org.registro.common.TextKeys;

/**
 * Country cells to ISO 3166 codes: two- and three-letter codes, and names in English, Spanish, Danish,
 * German, French, Italian, Portuguese, Dutch, Swedish and Norwegian (from the JDK's own translations),
 * plus the usual short forms ("UK", "USA", "EE. UU.").
 */
public final class CountryNames {

    private static final Map<String, String> BY_NAME = build();

    private CountryNames() {
    }

    private static Map<String, String> build() {
        Map<String, String> names = new HashMap<>();
        Locale[] languages = {Locale.ENGLISH, new Locale("es"), new Locale("da"), Locale.GERMAN, Locale.FRENCH,
            Locale.ITALIAN, new Locale("pt"), new Locale("nl"), new Locale("sv"), new Locale("nb")};
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            names.put(TextKeys.fold(code), code);
            try {
                names.put(TextKeys.fold(country.getISO3Country()), code);
            } catch (MissingResourceException e) {
                // no three-letter code for this one
            }
            for (Locale language : languages) {
                String name = TextKeys.fold(country.getDisplayCountry(language));
                if (name != null) {
                    names.putIfAbsent(name, code);
                    names.putIfAbsent(name.replace("-", " "), code);
                }
            }
        }
        String[][] aliases = {
            {"uk", "GB"}, {"great britain", "GB"}, {"england", "GB"}, {"scotland", "GB"}, {"wales", "GB"},
            {"reino unido", "GB"}, {"storbritannien", "GB"}, {"usa", "US"}, {"u.s.a.", "US"}, {"u.s.", "US"},
            {"united states of america", "US"}, {"ee. uu.", "US"}, {"ee.uu.", "US"}, {"eeuu", "US"},
            {"estados unidos de america", "US"}, {"holland", "NL"}, {"holanda", "NL"}, {"españa", "ES"},
            {"espana", "ES"}, {"spanien", "ES"}, {"danmark", "DK"}, {"dinamarca", "DK"}, {"deutschland", "DE"},
            {"alemania", "DE"}, {"tyskland", "DE"}, {"sverige", "SE"}, {"norge", "NO"}, {"suomi", "FI"},
            {"czech republic", "CZ"}, {"republica checa", "CZ"}, {"russia", "RU"}, {"south korea", "KR"},
            {"korea", "KR"}, {"vatican", "VA"}, {"ivory coast", "CI"}, {"turkey", "TR"}, {"turquia", "TR"}};
        for (String[] alias : aliases) {
            names.put(TextKeys.fold(alias[0]), alias[1]);
        }
        return Map.copyOf(names);
    }

    /** The ISO code for a country cell ("España", "Danmark", "ESP", "es", "United Kingdom"), if known. */
    public static Optional<String> toCode(String cell) {
        String key = TextKeys.fold(cell);
        if (key == null) {
            return Optional.empty();
        }
        String code = BY_NAME.get(key);
        if (code == null && key.endsWith(".")) {
            code = BY_NAME.get(key.substring(0, key.length() - 1));
        }
        return Optional.ofNullable(code);
    }
}
