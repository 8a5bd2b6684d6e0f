package org.registro.generate;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How a CRM export looks in one country: headers, separator, date and number formats, yes/no words,
 * email domains, cities with their postal codes, and how people write phone numbers.
 */
enum LocaleProfile {

    ES(new Locale("es", "ES"), "ES", ';', "dd/MM/yyyy", ',', "sí", "no", "España",
            List.of("id_registro", "true_person_id", "nombre", "apellidos", "email", "telefono", "fecha_nacimiento",
                    "direccion", "codigo_postal", "ciudad", "pais", "num_donaciones", "total_donado",
                    "ultima_donacion", "acepta_email", "fecha_alta_email", "acepta_sms", "fecha_alta"),
            List.of("gmail.com", "hotmail.com", "yahoo.es", "outlook.es", "telefonica.net", "icloud.com"),
            List.of(new City("Madrid", "28", 5), new City("Barcelona", "08", 5), new City("Valencia", "46", 5),
                    new City("Sevilla", "41", 5), new City("Zaragoza", "50", 5), new City("Málaga", "29", 5),
                    new City("Bilbao", "48", 5), new City("Granada", "18", 5), new City("Salamanca", "37", 5),
                    new City("A Coruña", "15", 5), new City("Murcia", "30", 5), new City("Valladolid", "47", 5),
                    new City("Alicante", "03", 5), new City("Córdoba", "14", 5), new City("Palma", "07", 5))),
    EN(new Locale("en", "GB"), "GB", ',', "yyyy-MM-dd", '.', "yes", "no", "United Kingdom",
            List.of("record_id", "true_person_id", "first_name", "last_name", "email", "phone", "birth_date",
                    "street", "postal_code", "city", "country", "donations_count", "donations_total",
                    "last_donation_date", "email_opt_in", "email_opt_in_date", "sms_opt_in", "created_at"),
            List.of("gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "hotmail.co.uk", "icloud.com"),
            List.of(new City("London", "SW", 0), new City("Manchester", "M", 0), new City("Birmingham", "B", 0),
                    new City("Leeds", "LS", 0), new City("Glasgow", "G", 0), new City("Bristol", "BS", 0),
                    new City("Liverpool", "L", 0), new City("Edinburgh", "EH", 0), new City("Cardiff", "CF", 0))),
    DA(new Locale("da", "DK"), "DK", ';', "dd-MM-yyyy", ',', "ja", "nej", "Danmark",
            List.of("kunde_id", "true_person_id", "fornavn", "efternavn", "email", "telefon", "foedselsdato",
                    "adresse", "postnummer", "by", "land", "antal_ordrer", "omsaetning", "seneste_ordre",
                    "nyhedsbrev", "nyhedsbrev_dato", "sms_tilladelse", "oprettet"),
            List.of("gmail.com", "hotmail.dk", "mail.dk", "jubii.dk", "outlook.dk", "live.dk"),
            List.of(new City("København", "2", 4), new City("Aarhus", "8", 4), new City("Odense", "5", 4),
                    new City("Aalborg", "9", 4), new City("Esbjerg", "67", 4), new City("Randers", "89", 4),
                    new City("Kolding", "60", 4), new City("Vejle", "71", 4), new City("Roskilde", "40", 4)));

    final Locale locale;
    final String region;
    final char delimiter;
    final DateTimeFormatter dateFormat;
    final DateTimeFormatter dateTimeFormat;
    final char decimalSeparator;
    final String yes;
    final String no;
    final String country;
    final List<String> headers;
    final List<String> domains;
    final List<City> cities;

    LocaleProfile(Locale locale, String region, char delimiter, String datePattern, char decimalSeparator,
                  String yes, String no, String country, List<String> headers, List<String> domains,
                  List<City> cities) {
        this.locale = locale;
        this.region = region;
        this.delimiter = delimiter;
        this.dateFormat = DateTimeFormatter.ofPattern(datePattern);
        this.dateTimeFormat = DateTimeFormatter.ofPattern(datePattern + " HH:mm");
        this.decimalSeparator = decimalSeparator;
        this.yes = yes;
        this.no = no;
        this.country = country;
        this.headers = headers;
        this.domains = domains;
        this.cities = cities;
    }

    static LocaleProfile of(String code) {
        return switch (code == null ? "es" : code.toLowerCase(Locale.ROOT)) {
            case "es" -> ES;
            case "en" -> EN;
            case "da" -> DA;
            default -> throw new org.registro.common.RegistroException("error.generate.locale", code);
        };
    }

    /**
     * The national significant number of person {@code k}: unique per person and valid for the region.
     * Mobile blocks that libphonenumber accepts in full: ES 6x, GB 71/73/75/78, DK 26–28. Multiplying by
     * a number coprime with the block size permutes it, so no two people share a number.
     */
    String nationalNumber(long k, long seed) {
        long mixed = k * 2654435761L + seed * 7919L;
        return switch (this) {
            case ES -> "6" + String.format("%08d", Math.floorMod(mixed, 100_000_000L));
            case EN -> {
                long n = Math.floorMod(mixed, 400_000_000L);
                yield "7" + "1358".charAt((int) (n / 100_000_000L)) + String.format("%08d", n % 100_000_000L);
            }
            case DA -> {
                long n = Math.floorMod(mixed, 3_000_000L);
                yield "2" + (6 + n / 1_000_000L) + String.format("%06d", n % 1_000_000L);
            }
        };
    }

    /** The number as a person would type it, in one of several styles. */
    String formatPhone(String national, int style) {
        return switch (this) {
            case ES -> switch (style % 4) {
                case 0 -> national.substring(0, 3) + " " + national.substring(3, 6) + " " + national.substring(6);
                case 1 -> "+34 " + national;
                case 2 -> national;
                default -> "0034" + national;
            };
            case EN -> switch (style % 4) {
                case 0 -> "0" + national.substring(0, 4) + " " + national.substring(4);
                case 1 -> "+44 " + national.substring(0, 4) + " " + national.substring(4);
                case 2 -> "0" + national;
                default -> "+44" + national;
            };
            case DA -> switch (style % 4) {
                case 0 -> national.substring(0, 2) + " " + national.substring(2, 4) + " " + national.substring(4, 6)
                        + " " + national.substring(6);
                case 1 -> "+45 " + national;
                case 2 -> national;
                default -> "0045" + national;
            };
        };
    }

    /** A city and a plausible postal code in it. */
    record City(String name, String postalPrefix, int postalLength) {
        String postalCode(Random random) {
            if (postalLength == 0) { // UK: "SW1A 2AB" style
                String letters = "ABDEFGHJLNPQRSTUWXYZ";
                return postalPrefix + (1 + random.nextInt(20)) + " " + random.nextInt(10)
                        + letters.charAt(random.nextInt(letters.length()))
                        + letters.charAt(random.nextInt(letters.length()));
            }
            StringBuilder code = new StringBuilder(postalPrefix);
            while (code.length() < postalLength) {
                code.append(random.nextInt(10));
            }
            return code.toString();
        }
    }
}
