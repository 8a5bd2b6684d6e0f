package org.registro.generate;

import org.registro.contact.Nicknames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.datafaker.Faker;
import org.registro.common.Progress;
import org.registro.common.TextKeys;
import org.registro.contact.Nicknames;

/**
 * Realistic CRM-style export rows: names, emails, phones, addresses, birth dates, donations or orders,
 * consent columns. A known fraction of rows are near-duplicates of an earlier person (an initial for
 * the first name, a diminutive, a typo, a second email, swapped first and last name, a reformatted
 * phone), and the column {@code true_person_id} names the person each row belongs to. The same options
 * always give the same rows.
 */
public final class SyntheticData {

    private static final int POOL = 400;

    private final GeneratorOptions options;
    private final LocaleProfile profile;
    private final List<String> femaleNames;
    private final List<String> maleNames;
    private final List<String> lastNames;
    private final List<String> streets;
    private final Nicknames nicknames = Nicknames.defaults();

    public SyntheticData(GeneratorOptions options) {
        this.options = options;
        this.profile = LocaleProfile.of(options.locale());
        Faker faker = new Faker(profile.locale, new Random(options.seed()));
        this.femaleNames = pool(faker.name()::femaleFirstName);
        this.maleNames = pool(faker.name()::maleFirstName);
        this.lastNames = pool(faker.name()::lastName);
        this.streets = pool(faker.address()::streetName);
    }

    private static List<String> pool(Supplier<String> source) {
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < POOL * 5 && values.size() < POOL; i++) {
            String value = source.get().strip();
            if (!value.isEmpty() && !value.contains("'")) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    public List<String> headers() {
        return profile.headers;
    }

    public char delimiter() {
        return profile.delimiter;
    }

    /** One output row; dates and amounts are kept typed so the Excel writer can make real cells of them. */
    public record Row(String recordId, String truePersonId, String firstName, String lastName, String email,
                      String phone, LocalDate birthDate, String street, String postalCode, String city,
                      String country, int donations, BigDecimal total, LocalDate lastDonation, boolean emailOptIn,
                      LocalDateTime emailOptInAt, boolean smsOptIn, LocalDateTime createdAt) {
    }

    /** What was generated. */
    public record Summary(int rows, int persons, int duplicateRows) {
    }

    /** Produces every row in order, reporting progress every 10,000 rows. */
    public Summary generate(Consumer<Row> sink, Progress progress) {
        Random random = new Random(options.seed() * 31 + 17);
        List<String> emails = new ArrayList<>();
        Set<String> usedEmails = new HashSet<>();
        int persons = 0;
        int duplicates = 0;
        for (int i = 0; i < options.rows(); i++) {
            if (i % 10_000 == 0) {
                progress.checkCancelled();
                progress.update(i, options.rows(), null);
            }
            String recordId = recordId(i);
            if (persons > 0 && !options.namesakes() && random.nextDouble() < options.duplicateRate()) {
                int k = random.nextInt(persons);
                Person person = person(k, emails.get(k));
                sink.accept(variant(person, recordId, random, usedEmails));
                duplicates++;
            } else {
                int k = persons++;
                Person base = person(k, null);
                // the hard profile leaves three in ten people without an email
                String email = options.hard() && new Random(options.seed() * 7 + k).nextDouble() < 0.3 ? null
                        : uniqueEmail(base.emailLocal, base.domain, usedEmails);
                emails.add(email);
                sink.accept(base.withEmail(email).toRow(recordId, profile));
            }
        }
        progress.update(options.rows(), options.rows(), null);
        return new Summary(options.rows(), persons, duplicates);
    }

    private String recordId(int i) {
        return switch (profile) {
            case ES -> "D-" + (100_000 + i);
            case EN -> "CRM" + (500_000 + i);
            case DA -> String.valueOf(10_000 + i);
        };
    }

    private static String uniqueEmail(String local, String domain, Set<String> used) {
        String candidate = local + "@" + domain;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = local + n + "@" + domain;
        }
        return candidate;
    }

    /** Person {@code k}, always the same for the same seed; its email is given when already chosen. */
    private Person person(int k, String email) {
        Random r = new Random(options.seed() * 1_000_003L + k * 7_919L);
        boolean female = r.nextBoolean();
        String first = name(female ? femaleNames : maleNames, r);
        String last = name(lastNames, r);
        if (profile == LocaleProfile.ES && r.nextDouble() < 0.75) {
            last = last + " " + name(lastNames, r);
        }
        LocalDate birth = LocalDate.of(1940 + r.nextInt(66), 1 + r.nextInt(12), 1 + r.nextInt(28));
        LocaleProfile.City city = profile.cities.get(r.nextInt(profile.cities.size()));
        String postal = city.postalCode(r);
        String street = pick(streets, r) + " " + (1 + r.nextInt(140));
        String phone = r.nextDouble() < 0.8 || options.namesakes() ? profile.nationalNumber(k, options.seed()) : null;
        if (options.hard() && k > 0 && r.nextDouble() < 0.2) {
            // one in five lives with someone already listed: their address and landline, and their surname (in
            // Spain a sibling's two surnames or a child's first one); a family does not give two of its members
            // one first name, so a member named like the head is named again
            Person head = person(r.nextInt(k), null);
            for (int tries = 0; tries < 10 && TextKeys.fold(first).equals(TextKeys.fold(head.first)); tries++) {
                first = name(female ? femaleNames : maleNames, r);
            }
            last = profile == LocaleProfile.ES && r.nextBoolean()
                    ? head.last.split(" ")[0] + " " + name(lastNames, r) : head.last;
            street = head.street;
            postal = head.postal;
            city = profile.cities.stream().filter(c -> c.name().equals(head.city)).findFirst().orElse(city);
            phone = head.phone != null ? head.phone : phone;
        }
        String local = emailLocal(first, last, birth, r);
        String domain = pick(profile.domains, r);
        int donations = r.nextDouble() < 0.6 ? 1 + r.nextInt(15) : 0;
        BigDecimal total = BigDecimal.valueOf(donations * (5 + r.nextInt(96)) + r.nextInt(100) / 100.0)
                .setScale(2, RoundingMode.HALF_UP);
        if (donations == 0) {
            total = BigDecimal.ZERO.setScale(2);
        }
        LocalDate lastDonation = donations == 0 ? null : LocalDate.of(2021, 1, 1).plusDays(r.nextInt(1800));
        boolean optIn = r.nextDouble() < 0.7;
        LocalDateTime created = LocalDateTime.of(2015, 1, 1, 8, 0).plusMinutes(r.nextInt(5_000_000));
        LocalDateTime optInAt = optIn ? created.plusDays(r.nextInt(30)).plusMinutes(r.nextInt(1440)) : null;
        boolean smsOptIn = phone != null && r.nextDouble() < 0.3;
        return new Person(k, first, last, email, local, domain, phone, r.nextInt(4), birth, street, postal,
                city.name(), donations, total, lastDonation, optIn, optInAt, smsOptIn, created);
    }

    private String emailLocal(String first, String last, LocalDate birth, Random r) {
        String f = slug(first);
        String l = slug(last.split(" ")[0]);
        return switch (r.nextInt(6)) {
            case 0 -> f + "." + l;
            case 1 -> f + l;
            case 2 -> f.charAt(0) + "." + l;
            case 3 -> f + "_" + l;
            case 4 -> l + "." + f;
            default -> f + "." + l + String.format("%02d", birth.getYear() % 100);
        };
    }

    private static String slug(String text) {
        String folded = TextKeys.fold(text);
        return folded == null ? "x" : folded.replaceAll("[^a-z0-9]", "");
    }

    /** A near-duplicate row of {@code p}: how a second system or a second sign-up would record the person. */
    private Row variant(Person p, String recordId, Random r, Set<String> usedEmails) {
        String first = p.first;
        String last = p.last;
        switch (r.nextInt(6)) {
            case 0 -> first = first.charAt(0) + ".";                                  // "M. Kelley"
            case 1 -> {                                                               // "Pepe" for "José"
                List<String> nicks = nicknames.nicknamesOf(first);
                first = nicks.isEmpty() ? typo(first, r) : nicks.get(r.nextInt(nicks.size()));
            }
            case 2 -> last = typo(last, r);                                           // "Kelly" for "Kelley"
            case 3 -> {                                                               // swapped fields
                String swap = first;
                first = last;
                last = swap;
            }
            case 4 -> {                                                               // lower case, no accents
                first = TextKeys.fold(first);
                last = TextKeys.fold(last);
            }
            default -> {                                                              // first surname only
                last = last.split(" ")[0];
                first = first.toUpperCase(Locale.ROOT);
            }
        }
        boolean hard = options.hard();
        if (hard && r.nextDouble() < 0.3) {                                       // and a slip in the other name
            if (r.nextBoolean()) {
                last = typo(last, r);
            } else if (first.length() > 2) {
                first = typo(first, r);
            }
        }
        String email;
        double e = r.nextDouble();
        if (e < (hard ? 0.3 : 0.35)) {
            email = hard && p.email != null && r.nextDouble() < 0.3 ? typoEmail(p.email, r, usedEmails) : p.email;
        } else if (e < (hard ? 0.6 : 0.75)) {
            String local = r.nextBoolean() ? p.emailLocal : emailLocal(p.first, p.last, p.birth, r);
            email = uniqueEmail(local, pick(profile.domains, r), usedEmails);
        } else {
            email = null;
        }
        String phone = r.nextDouble() < 0.8 ? p.phone : null;
        int phoneStyle = p.phoneStyle + 1 + r.nextInt(3);
        if (hard && phone != null && r.nextDouble() < 0.2) {
            phone = digitSlip(phone, r);
        }
        LocalDate birth = r.nextDouble() < 0.7 ? p.birth : null;
        if (hard && birth != null && r.nextDouble() < 0.2) {
            birth = birth.getDayOfMonth() <= 12 && r.nextBoolean()
                    ? LocalDate.of(birth.getYear(), birth.getDayOfMonth(), birth.getMonthValue())
                    : birth.withDayOfMonth(1 + (birth.getDayOfMonth() + r.nextInt(9)) % 28);
        }
        String street = r.nextDouble() < 0.7 ? p.street : null;
        if (hard && street != null && r.nextDouble() < 0.3) {
            street = typo(street, r);
        }
        Person changed = new Person(p.k, first, last, email, p.emailLocal, p.domain,
                phone, phoneStyle, birth, street, p.postal, p.city,
                r.nextInt(4), p.total.divide(BigDecimal.valueOf(2), RoundingMode.HALF_UP), p.lastDonation,
                r.nextBoolean(), p.optInAt, p.smsOptIn && r.nextBoolean(), p.created.plusDays(r.nextInt(2000)));
        return changed.toRow(recordId, profile);
    }

    /** The same address with a slip in its user part, unless that address is someone else's. */
    private static String typoEmail(String email, Random r, Set<String> used) {
        int at = email.indexOf('@');
        String slipped = typo(email.substring(0, at), r) + email.substring(at);
        return used.add(slipped) ? slipped : email;
    }

    /** One digit of the number changed (not the first, which says what kind of number it is). */
    private static String digitSlip(String phone, Random r) {
        char[] chars = phone.toCharArray();
        for (int tries = 0; tries < 10; tries++) {
            int i = 1 + r.nextInt(chars.length - 1);
            if (Character.isDigit(chars[i])) {
                chars[i] = (char) ('0' + (chars[i] - '0' + 1 + r.nextInt(9)) % 10);
                return new String(chars);
            }
        }
        return phone;
    }

    private static String typo(String text, Random r) {
        if (text.length() < 4) {
            return text + text.charAt(text.length() - 1);
        }
        int i = 1 + r.nextInt(text.length() - 2);
        char[] chars = text.toCharArray();
        return switch (r.nextInt(3)) {
            case 0 -> { // swap two neighbours
                char c = chars[i];
                chars[i] = chars[i + 1];
                chars[i + 1] = c;
                yield new String(chars);
            }
            case 1 -> text.substring(0, i) + text.substring(i + 1);          // drop a letter
            default -> text.substring(0, i) + text.charAt(i) + text.substring(i); // double a letter
        };
    }

    /**
     * A name from the pool: evenly in the standard profile; in the hard one the first names of the pool far more
     * often than the last (a few names carry a large share of people, as in real registers); for namesakes only
     * the twenty most common.
     */
    private String name(List<String> pool, Random r) {
        if (options.namesakes()) {
            return pool.get((int) (Math.min(20, pool.size()) * Math.pow(r.nextDouble(), 1.5)));
        }
        if (options.hard()) {
            return pool.get((int) (pool.size() * Math.pow(r.nextDouble(), 2)));
        }
        return pick(pool, r);
    }

    private static <T> T pick(List<T> values, Random r) {
        return values.get(r.nextInt(values.size()));
    }

    private record Person(int k, String first, String last, String email, String emailLocal, String domain,
                          String phone, int phoneStyle, LocalDate birth, String street, String postal, String city,
                          int donations, BigDecimal total, LocalDate lastDonation, boolean optIn,
                          LocalDateTime optInAt, boolean smsOptIn, LocalDateTime created) {

        Person withEmail(String newEmail) {
            return new Person(k, first, last, newEmail, emailLocal, domain, phone, phoneStyle, birth, street, postal,
                    city, donations, total, lastDonation, optIn, optInAt, smsOptIn, created);
        }

        Row toRow(String recordId, LocaleProfile profile) {
            return new Row(recordId, "P" + k, first, last, email,
                    phone == null ? null : profile.formatPhone(phone, phoneStyle), birth, street, postal, city,
                    profile.country, donations, total, lastDonation, optIn, optIn ? optInAt : null, smsOptIn,
                    created);
        }
    }
}
