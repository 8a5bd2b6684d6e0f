package org.registro.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.registro.common.Json;

/**
 * What a column of an export holds. Codes are stable: templates and the audit refer to them. A custom field
 * is written {@code custom:<key>}, see {@link ExportColumn}.
 */
public enum ExportField {
    CONTACT_ID("contact_id", r -> Long.toString(r.id())),
    EMAIL("email", ExportRow::email),
    FIRST_NAME("first_name", ExportRow::firstName),
    LAST_NAME("last_name", ExportRow::lastName),
    FULL_NAME("full_name", r -> join(" ", r.firstName(), r.lastName())),
    PHONE("phone", ExportRow::phone),
    BIRTH_DATE("birth_date", r -> r.birthDate() == null ? "" : r.birthDate().toString()),
    /** Month and day only, as Mailchimp's birthday field takes it: MM/DD. */
    BIRTHDAY("birthday", r -> r.birthDate() == null ? "" : r.birthDate().format(DateTimeFormatter.ofPattern("MM/dd"))),
    GENDER("gender", ExportRow::gender),
    LANGUAGE("language", ExportRow::language),
    ORGANIZATION("organization", ExportRow::organization),
    JOB_TITLE("job_title", ExportRow::jobTitle),
    STREET("street", ExportRow::street),
    POSTAL_CODE("postal_code", ExportRow::postalCode),
    CITY("city", ExportRow::city),
    REGION("region", ExportRow::region),
    COUNTRY("country", ExportRow::country),
    /**
     * The whole postal address in one cell with its parts separated by two spaces and the country last, which is
     * how Mailchimp's address field is imported; empty when there is no street.
     */
    ADDRESS("address", r -> blank(r.street()) ? "" : join("  ", r.street(), r.city(), r.region(), r.postalCode(),
            r.country())),
    TAGS("tags", r -> String.join(",", r.tags())),
    /** When the consent the person is exported on was given (the channel's, or the topic's). */
    CONSENT_SINCE("consent_since", r -> r.consentSince() == null ? "" : r.consentSince().toString()),
    /** listmonk's attributes column: a JSON object of everything that is not email or name. */
    ATTRIBUTES("attributes", ExportField::attributes);

    public static final String CUSTOM_PREFIX = "custom:";

    private final String code;
    private final Function<ExportRow, String> value;

    ExportField(String code, Function<ExportRow, String> value) {
        this.code = code;
        this.value = value;
    }

    public String code() {
        return code;
    }

    String value(ExportRow row) {
        String v = value.apply(row);
        return v == null ? "" : v;
    }

    public static Optional<ExportField> byCode(String code) {
        return Arrays.stream(values()).filter(f -> f.code.equals(code)).findFirst();
    }

    private static String attributes(ExportRow r) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        // the name column joins first and last names; these keep them apart, so a re-import splits them right
        put(node, "first_name", r.firstName());
        put(node, "last_name", r.lastName());
        put(node, "phone", r.phone());
        put(node, "city", r.city());
        put(node, "country", r.country());
        put(node, "language", r.language());
        put(node, "organization", r.organization());
        if (r.birthDate() != null) {
            node.put("birth_date", r.birthDate().toString());
        }
        if (!r.tags().isEmpty()) {
            var tags = node.putArray("tags");
            r.tags().forEach(tags::add);
        }
        r.custom().forEach((k, v) -> put(node, k, v));
        return Json.write(node);
    }

    private static void put(ObjectNode node, String key, String value) {
        if (!blank(value)) {
            node.put(key, value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String join(String separator, String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!blank(part)) {
                if (out.length() > 0) {
                    out.append(separator);
                }
                out.append(part.trim());
            }
        }
        return out.toString();
    }
}
