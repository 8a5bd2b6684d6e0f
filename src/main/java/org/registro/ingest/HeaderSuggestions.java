package org.registro.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.registro.common.TextKeys;
import org.registro.consent.Consent;

/**
 * Suggests what a column is from its header, in English, Spanish and Danish ("Nombre", "E-mail",
 * "Postnummer", "Acepta newsletter"…). Headers are compared folded: case, accents, punctuation and spaces
 * do not matter.
 */
public final class HeaderSuggestions {

    private static final Map<String, ColumnMapping> BY_HEADER = new HashMap<>();

    static {
        field(BuiltInField.FIRST_NAME, "first name", "firstname", "fname", "given name", "forename", "nombre",
                "nombre de pila", "fornavn", "prenom", "vorname");
        field(BuiltInField.LAST_NAME, "last name", "lastname", "lname", "surname", "family name", "apellido",
                "apellidos", "primer apellido", "efternavn", "nom", "nachname");
        field(BuiltInField.FULL_NAME, "name", "full name", "fullname", "contact name", "display name",
                "nombre completo", "nombre y apellidos", "navn", "fulde navn", "fuldt navn");
        field(BuiltInField.EMAIL, "email", "e mail", "email address", "e mail address", "mail", "correo",
                "correo electronico", "email adresse", "e mailadresse", "emailadresse", "mailadresse");
        field(BuiltInField.PHONE, "phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell",
                "cell phone", "telefono", "telefono movil", "movil", "celular", "telefon", "telefonnummer", "mobil",
                "mobilnummer", "tlf", "tlf nr");
        field(BuiltInField.BIRTH_DATE, "birth date", "birthdate", "date of birth", "dob", "birthday",
                "fecha de nacimiento", "fecha nacimiento", "nacimiento", "fodselsdato", "fodselsdag");
        field(BuiltInField.GENDER, "gender", "sex", "genero", "sexo", "kon");
        field(BuiltInField.ORGANIZATION, "company", "company name", "organization", "organisation", "employer",
                "empresa", "organizacion", "entidad", "firma", "virksomhed");
        field(BuiltInField.JOB_TITLE, "job title", "position", "role", "cargo", "puesto", "stilling",
                "jobtitel");
        field(BuiltInField.STREET, "street", "address", "street address", "address line 1", "address1",
                "address 1", "direccion", "calle", "domicilio", "adresse", "gade", "vej",
                // further parts of the address are added to it
                "address line 2", "address2", "address 2", "street number", "street no", "house number",
                "numero", "n calle", "piso", "husnummer", "husnr");
        field(BuiltInField.POSTAL_CODE, "postal code", "postcode", "zip", "zip code", "zipcode", "codigo postal",
                "cp", "c p", "postnummer", "post nr");
        field(BuiltInField.CITY, "city", "town", "suburb", "locality", "ciudad", "localidad", "poblacion",
                "municipio", "by");
        field(BuiltInField.REGION, "state", "region", "province", "state region", "provincia", "comunidad",
                "comunidad autonoma", "landsdel");
        field(BuiltInField.COUNTRY, "country", "country region", "pais", "land");
        field(BuiltInField.LANGUAGE, "language", "preferred language", "locale", "idioma", "sprog");
        for (String h : List.of("customer number", "customer id", "customer no", "client id", "client number",
                "donor id", "donor number", "member number", "member id", "external id", "external identifier",
                "numero de cliente", "n cliente", "id cliente", "numero de socio", "n socio", "id socio",
                "id donante", "codigo donante", "kundenummer", "kunde id", "kundenr", "kunde nr", "medlemsnummer")) {
            put(h, ColumnMapping.identifier(h, ColumnMapping.KIND_CUSTOMER_NUMBER));
        }
        for (String h : List.of("national id", "national id number", "national identity number",
                "national identification number", "ssn", "social security number", "social security id",
                "soc sec id", "soc sec number", "tax id", "tax number", "dni", "nie", "nif", "dni nie", "nif nie",
                "dni nif", "documento", "documento de identidad", "numero de documento", "n documento",
                "numero de identificacion", "cpr", "cpr nummer", "cpr nr", "personnummer")) {
            put(h, ColumnMapping.identifier(h, ColumnMapping.KIND_NATIONAL_ID));
        }
        for (String h : List.of("id registro", "record id", "rec id", "contact id", "crm id", "id contacto",
                "registro id", "kontakt id")) {
            put(h, ColumnMapping.identifier(h, ColumnMapping.KIND_SOURCE_KEY));
        }
        for (String h : List.of("tags", "tag", "labels", "etiquetas", "etiqueta", "grupos", "tags etiketter",
                "etiketter", "maerker")) {
            put(h, ColumnMapping.tags(h, ","));
        }
        for (String h : List.of("newsletter", "email opt in", "opt in", "subscribed", "marketing consent",
                "accepts marketing", "acepta newsletter", "acepta comunicaciones", "acepta email", "acepta correo", "consentimiento", "boletin",
                "nyhedsbrev", "samtykke", "tilmeldt nyhedsbrev", "accepterer nyhedsbrev")) {
            put(h, ColumnMapping.consent(h, "email", null, Consent.METHOD_IMPORT));
        }
        // a yes in these means the person does not want bulk email: a withdrawal (CiviCRM, Salesforce, HubSpot…)
        for (String h : List.of("opt out", "email opt out", "is opt out", "do not email", "unsubscribed",
                "no bulk emails", "no bulk emails user opt out", "baja", "dado de baja", "no enviar email",
                "no desea recibir emails", "afmeldt")) {
            put(h, ColumnMapping.consent(h, "email", null, Consent.METHOD_UNSUBSCRIBE).invertedConsent());
        }
        // a preference-centre topic on email: the channel's own opt-in must also be there for it to count
        for (String h : List.of("invitaciones a eventos", "acepta invitaciones", "invitaciones eventos",
                "event invitations", "events opt in", "invite to events", "invitationer til arrangementer")) {
            put(h, ColumnMapping.consent(h, "email", "events", Consent.METHOD_IMPORT));
        }
        for (String h : List.of("llamamientos", "fundraising appeals", "appeals opt in", "acepta llamamientos")) {
            put(h, ColumnMapping.consent(h, "email", "fundraising", Consent.METHOD_IMPORT));
        }
        for (String h : List.of("sms opt in", "acepta sms", "sms samtykke", "sms tilladelse", "sms consent")) {
            put(h, ColumnMapping.consent(h, "sms", null, Consent.METHOD_IMPORT));
        }
        for (String h : List.of("amount", "total", "importe", "cantidad", "donativo", "belob", "beloeb", "pris")) {
            put(h, ColumnMapping.event(h, EventPart.AMOUNT));
        }
        for (String h : List.of("currency", "moneda", "divisa", "valuta")) {
            put(h, ColumnMapping.event(h, EventPart.CURRENCY));
        }
        for (String h : List.of("campaign", "campana", "kampagne", "event", "evento", "arrangement")) {
            put(h, ColumnMapping.event(h, EventPart.CAMPAIGN));
        }
        for (String h : List.of("order id", "order number", "order", "reference", "referencia", "n pedido",
                "pedido", "ordre", "ordrenummer", "ordre nr", "transaction id", "recibo", "n recibo", "numero de recibo")) {
            put(h, ColumnMapping.event(h, EventPart.REFERENCE));
        }
        for (String h : List.of("date", "fecha", "dato", "order date", "fecha donacion", "fecha pedido",
                "fecha inscripcion", "fecha de inscripcion", "ordredato", "tilmeldingsdato")) {
            put(h, ColumnMapping.event(h, EventPart.DATE));
        }
    }

    private HeaderSuggestions() {
    }

    private static void field(BuiltInField field, String... headers) {
        for (String h : headers) {
            put(h, ColumnMapping.field(h, field));
        }
    }

    private static void put(String header, ColumnMapping mapping) {
        BY_HEADER.put(key(header), mapping);
    }

    /** "E-mail Address" and "email_address" both become "email address". */
    static String key(String header) {
        String folded = TextKeys.fold(header);
        return folded == null ? "" : folded.replaceAll("[^\\p{Alnum}]+", " ").strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The suggested mapping of a column, or "ignore" when its header says nothing known. A header that ends in a
     * known name of two words or more ("Player First Name", "Guardian phone number") or in an email or phone word
     * ("Work email", "Tutor móvil") is read as that name.
     */
    public static ColumnMapping suggest(String header) {
        String key = key(header);
        ColumnMapping known = BY_HEADER.get(key);
        if (known == null) {
            String[] words = key.split(" ");
            for (int from = 1; from < words.length && known == null; from++) {
                String tail = String.join(" ", java.util.Arrays.copyOfRange(words, from, words.length));
                if (words.length - from >= 2 || CONTACT_WORDS.contains(tail)) {
                    known = BY_HEADER.get(tail);
                }
            }
        }
        return known == null ? ColumnMapping.ignore(header) : known.withColumn(header);
    }

    private static final java.util.Set<String> CONTACT_WORDS = java.util.Set.of("email", "e mail", "mail", "correo",
            "phone", "mobile", "cell", "telefono", "movil", "celular", "telefon", "mobil");

    /**
     * The column that says when a consent column's answer was given: "fecha_alta_email" for "acepta_email",
     * "nyhedsbrev_dato" for "nyhedsbrev", "email_opt_in_date" for "email_opt_in"; failing that, a date column
     * about consent itself ("Unsubscribed on" for "Opt Out", "Fecha de baja" for "Newsletter"), the one that
     * goes the same way (an opt-out date for an opt-out column) first. Empty when the file dates no consent:
     * the change is then dated at the import.
     */
    public static Optional<String> timeColumnFor(String consentHeader, List<String> headers) {
        String consent = key(consentHeader);
        String[] words = consent.split(" ");
        String subject = words[words.length - 1];
        List<String> aboutConsent = new java.util.ArrayList<>();
        for (String header : headers) {
            String k = key(header);
            if (k.equals(consent) || !k.matches(".*\\b(fecha|date|dato|datum|time|tid|timestamp|dia)\\b.*|.* (on|at)")) {
                continue;
            }
            if (k.contains(consent) || k.endsWith(" " + subject) || k.startsWith(subject + " ")) {
                return Optional.of(header);
            }
            if (k.matches(CONSENT_WORDS)) {
                aboutConsent.add(header);
            }
        }
        boolean out = consent.matches(OUT_WORDS);
        return aboutConsent.stream().filter(h -> key(h).matches(OUT_WORDS) == out).findFirst()
                .or(() -> aboutConsent.size() == 1 ? Optional.of(aboutConsent.get(0)) : Optional.empty());
    }

    private static final String CONSENT_WORDS =
            ".*\\b(opt|opted|optin|optout|unsub\\w*|subscri\\w*|suscri\\w*|consent\\w*|baja|alta|samtykke|afmeld\\w*|"
                    + "tilmeld\\w*|gdpr|rgpd)\\b.*";
    private static final String OUT_WORDS =
            ".*\\b(out|optout|unsub\\w*|baja|afmeld\\w*|do not|no bulk|withdrawn|revoked)\\b.*";

    /** What the file name says the rows record: donations, purchases, sign-ups; empty for contacts only. */
    public static Optional<String> eventTypeFromFileName(String fileName) {
        String name = TextKeys.fold(fileName == null ? "" : fileName);
        if (name == null) {
            return Optional.empty();
        }
        if (name.matches(".*(donat|donaci|donativ|gift|gave|donor_gifts).*")) {
            return Optional.of("donation");
        }
        if (name.matches(".*(order|pedido|ordre|bestilling|purchase|compra|sales|ventas|salg).*")) {
            return Optional.of("purchase");
        }
        if (name.matches(".*(inscrip|signup|sign-up|sign_up|registr|tilmeld|attend|asisten).*")) {
            return Optional.of("event_signup");
        }
        return Optional.empty();
    }
}
