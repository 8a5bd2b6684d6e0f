package org.registro.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.registro.common.TextKeys;

/**
 * What duplicate detection compares of one contact: names, every email and phone it is known by, birth date
 * and address. The folded name words, place and street are computed once here, since a scan compares each
 * record with dozens of others.
 */
public final class MatchRecord {

    /** Words that join Spanish, Danish, Dutch or German surnames and tell nothing apart. */
    private static final Set<String> PARTICLES = Set.of("de", "del", "la", "las", "los", "y", "i", "e", "van",
            "von", "der", "den", "da", "di", "du", "le", "mc", "san");

    /** Street-type words and their abbreviations, which people write in many ways ("Calle Mayor", "C/ Mayor"). */
    private static final Set<String> STREET_TYPES = Set.of("calle", "c", "cl", "avenida", "av", "avda", "plaza",
            "pza", "pl", "paseo", "po", "pso", "camino", "cno", "carretera", "ctra", "travesia", "street", "st",
            "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "pasaje", "pje", "ronda", "rda", "rambla", "via",
            "glorieta", "gta", "urbanizacion", "urb", "poligono", "pol");

    private final long id;
    private final String firstName;
    private final String lastName;
    private final List<String> emails;
    private final List<String> phones;
    private final LocalDate birthDate;
    private final String street;
    private final String postalCode;
    private final String city;
    private final String country;
    private final List<String> firstTokens;
    private final List<String> lastTokens;
    private final String placeKey;
    private final String cityKey;
    private final String streetKey;
    private final String houseNumber;

    /**
     * @param emails normalized emails (primary first)
     * @param phones E.164 phone numbers (primary first)
     */
    public MatchRecord(long id, String firstName, String lastName, List<String> emails, List<String> phones,
                       LocalDate birthDate, String street, String postalCode, String city, String country) {
        this.id = id;
        this.firstName = firstName;
        this.lastName = lastName;
        this.emails = emails == null ? List.of() : List.copyOf(emails);
        this.phones = phones == null ? List.of() : List.copyOf(phones);
        this.birthDate = birthDate;
        this.street = street;
        this.postalCode = postalCode;
        this.city = city;
        this.country = country;
        this.firstTokens = tokens(firstName);
        this.lastTokens = tokens(lastName);
        this.cityKey = fold(city);
        this.placeKey = postalCode != null && !postalCode.isBlank()
                ? postalCode.replace(" ", "").toLowerCase(Locale.ROOT) : cityKey;
        this.streetKey = streetKey(street);
        this.houseNumber = houseNumber(streetKey);
    }

    public long id() {
        return id;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public List<String> emails() {
        return emails;
    }

    public List<String> phones() {
        return phones;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    public String street() {
        return street;
    }

    public String postalCode() {
        return postalCode;
    }

    public String city() {
        return city;
    }

    public String country() {
        return country;
    }

    /** The first name's folded words: "María José" gives [maria, jose]; an initial ("M.") gives [m]. */
    List<String> firstTokens() {
        return firstTokens;
    }

    /** The surname's folded words without particles: "García-López de la Vega" gives [garcia, lopez, vega]. */
    List<String> lastTokens() {
        return lastTokens;
    }

    /** The postal code without spaces, else the city, folded; null when neither is known. */
    String placeKey() {
        return placeKey;
    }

    String cityKey() {
        return cityKey;
    }

    String streetKey() {
        return streetKey;
    }

    /** The first word of the street with a digit in it ("5" of "mayor 5 2 b"); null when it names none. */
    String houseNumber() {
        return houseNumber;
    }

    static String houseNumber(String streetKey) {
        if (streetKey == null) {
            return null;
        }
        for (String word : streetKey.split(" ")) {
            for (int i = 0; i < word.length(); i++) {
                if (Character.isDigit(word.charAt(i))) {
                    return word;
                }
            }
        }
        return null;
    }

    /** First and last name folded, for sorting a big block by name. */
    String nameKey() {
        return String.join(" ", firstTokens) + " " + String.join(" ", lastTokens);
    }

    /** The street folded, without punctuation and street-type words: "C/ Mayor, 5" gives "mayor 5". */
    static String streetKey(String street) {
        String folded = fold(street);
        if (folded == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (String word : folded.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !STREET_TYPES.contains(word)) {
                words.add(word);
            }
        }
        return words.isEmpty() ? null : String.join(" ", words);
    }

    static List<String> tokens(String name) {
        String folded = fold(name);
        List<String> tokens = new ArrayList<>();
        if (folded == null) {
            return List.of();
        }
        for (String token : folded.split("[\\s\\-.,']+")) {
            if (!token.isEmpty() && !PARTICLES.contains(token)) {
                tokens.add(token);
            }
        }
        return List.copyOf(tokens);
    }

    static String fold(String text) {
        String folded = TextKeys.fold(text);
        if (folded == null) {
            return null;
        }
        String plain = folded.replace(".", "").strip();
        return plain.isEmpty() ? null : plain;
    }

    @Override
    public String toString() {
        return "MatchRecord[" + id + " " + firstName + " " + lastName + "]";
    }
}
