package org.registro.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.registro.common.TextKeys;

/**
 * What duplicate detection compares of one contact: names, every email and phone it is known by, birth date
 * and address, with the folded forms computed once.
 *
 * @param emails normalized emails (primary first)
 * @param phones E.164 phone numbers (primary first)
 */
public record MatchRecord(long id, String firstName, String lastName, List<String> emails, List<String> phones,
                          LocalDate birthDate, String street, String postalCode, String city, String country) {

    /** Words that join Spanish, Danish, Dutch or German surnames and tell nothing apart. */
    private static final Set<String> PARTICLES = Set.of("de", "del", "la", "las", "los", "y", "i", "e", "van",
            "von", "der", "den", "da", "di", "du", "le", "mc", "san");

    public MatchRecord {
        emails = emails == null ? List.of() : List.copyOf(emails);
        phones = phones == null ? List.of() : List.copyOf(phones);
    }

    String firstKey() {
        return fold(firstName);
    }

    String lastKey() {
        return fold(lastName);
    }

    /** "García-López de la Vega" gives [garcia, lopez, vega]; initials ("M.") give a one-letter token. */
    static List<String> tokens(String name) {
        String folded = fold(name);
        List<String> tokens = new ArrayList<>();
        if (folded == null) {
            return tokens;
        }
        for (String token : folded.split("[\\s\\-.,']+")) {
            if (!token.isEmpty() && !PARTICLES.contains(token)) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** The postal code without spaces, else the city, folded; null when neither is known. */
    String placeKey() {
        if (postalCode != null && !postalCode.isBlank()) {
            return postalCode.replace(" ", "").toLowerCase(Locale.ROOT);
        }
        return fold(city);
    }

    static String fold(String text) {
        String folded = TextKeys.fold(text);
        if (folded == null) {
            return null;
        }
        String plain = folded.replace(".", "").strip();
        return plain.isEmpty() ? null : plain;
    }
}
