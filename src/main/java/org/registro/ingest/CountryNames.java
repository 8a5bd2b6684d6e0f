package org.registro.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import org.registro.common.TextKeys;

/**
 * Country cells to ISO 3166 codes: two- and three-letter codes, and the country names the JDK knows in the
 * languages of our users (English and Spanish first, then Danish, the other European languages, Catalan,
 * Basque and Galician), in their
 * plain and accent-free forms, plus the common forms no locale gives: "UK", "USA", "EE. UU.", "Holanda",
 * "Costa de Marfil", ISO's "Korea, Republic of" style. Apostrophes, dots, commas and a leading "the" are ignored.
 */
public final class CountryNames {

    private static final Map<String, String> BY_NAME = build();

    private CountryNames() {
    }

    private static Map<String, String> build() {
        Map<String, String> names = new HashMap<>();
        // The app's languages first (a name keeps the country it has there), then those of exports we meet.
        java.util.List<Locale> languages = java.util.List.of(Locale.ENGLISH, new Locale("es"), new Locale("da"),
                Locale.GERMAN, Locale.FRENCH, Locale.ITALIAN, new Locale("pt"), new Locale("nl"), new Locale("sv"),
                new Locale("nb"), new Locale("fi"), new Locale("pl"), new Locale("ca"), new Locale("eu"),
                new Locale("gl"));
        for (String code : Locale.getISOCountries()) {
            names.put(key(code), code);
            try {
                names.put(key(new Locale("", code).getISO3Country()), code);
            } catch (MissingResourceException e) {
                // no three-letter code for this one
            }
        }
        for (Locale language : languages) {
            for (String code : Locale.getISOCountries()) {
                String name = key(new Locale("", code).getDisplayCountry(language));
                if (name != null && !name.equalsIgnoreCase(code)) {
                    names.putIfAbsent(name, code);
                    names.putIfAbsent(name.replace("-", " "), code);
                }
            }
        }
        String[][] aliases = {
            {"uk", "GB"}, {"great britain", "GB"}, {"england", "GB"}, {"scotland", "GB"}, {"wales", "GB"},
            {"northern ireland", "GB"}, {"gran bretaña", "GB"}, {"inglaterra", "GB"}, {"escocia", "GB"},
            {"storbritannien", "GB"}, {"usa", "US"}, {"us", "US"}, {"united states of america", "US"},
            {"ee uu", "US"}, {"eeuu", "US"}, {"estados unidos de america", "US"},
            {"holland", "NL"}, {"holanda", "NL"}, {"the netherlands", "NL"}, {"españa", "ES"}, {"spanien", "ES"},
            {"danmark", "DK"}, {"deutschland", "DE"}, {"tyskland", "DE"}, {"sverige", "SE"}, {"norge", "NO"},
            {"suomi", "FI"}, {"czech republic", "CZ"}, {"republica checa", "CZ"}, {"russia", "RU"},
            {"russian federation", "RU"}, {"rusia", "RU"}, {"south korea", "KR"}, {"korea", "KR"},
            {"corea", "KR"}, {"corea del sur", "KR"}, {"north korea", "KP"}, {"corea del norte", "KP"},
            {"vatican", "VA"}, {"ivory coast", "CI"}, {"costa de marfil", "CI"}, {"cote divoire", "CI"},
            {"turkey", "TR"}, {"turquia", "TR"}, {"turkiye", "TR"}, {"burma", "MM"}, {"birmania", "MM"},
            {"swaziland", "SZ"}, {"suazilandia", "SZ"}, {"macedonia", "MK"}, {"cape verde", "CV"},
            {"cabo verde", "CV"}, {"east timor", "TL"}, {"timor oriental", "TL"}, {"viet nam", "VN"},
            {"palestine", "PS"}, {"palestina", "PS"}, {"congo, the democratic republic of the", "CD"},
            {"congo, democratic republic of the", "CD"}, {"dr congo", "CD"}, {"drc", "CD"},
            {"republica democratica del congo", "CD"}, {"congo brazzaville", "CG"}, {"congo kinshasa", "CD"},
            {"lao people's democratic republic", "LA"}, {"syrian arab republic", "SY"}, {"brasil", "BR"},
            {"mejico", "MX"}, {"peru", "PE"}, {"belgie", "BE"}, {"belgique", "BE"}, {"schweiz", "CH"},
            {"suisse", "CH"}, {"svizzera", "CH"}, {"osterreich", "AT"}, {"italia", "IT"}, {"polska", "PL"}};
        for (String[] alias : aliases) {
            names.put(key(alias[0]), alias[1]);
        }
        return Map.copyOf(names);
    }

    /** Folded (lower case, no accents), apostrophes and dots dropped, commas and dashes as spaces, no "the". */
    static String key(String text) {
        String folded = TextKeys.fold(text);
        if (folded == null) {
            return null;
        }
        String key = folded.replaceAll("['\u2019\u2018`\u00b4.]", "").replaceAll("[,()]", " ")
                .replaceAll("\\s+", " ").strip();
        if (key.startsWith("the ")) {
            key = key.substring(4);
        }
        return key.isEmpty() ? null : key;
    }

    /**
     * The ISO code for a country cell ("España", "Danmark", "ESP", "es", "United Kingdom", "Costa de Marfil",
     * "Korea, Republic of"), if known.
     */
    public static Optional<String> toCode(String cell) {
        String key = key(cell);
        if (key == null) {
            return Optional.empty();
        }
        String code = BY_NAME.get(key);
        if (code == null && cell.contains(",")) {
            // ISO's official short names put the qualifier last: "Bolivia, Plurinational State of"
            code = BY_NAME.get(key(cell.substring(0, cell.indexOf(','))));
        }
        return Optional.ofNullable(code);
    }
}
