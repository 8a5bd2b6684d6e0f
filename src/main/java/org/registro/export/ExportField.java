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
    /** The first item recommended to the person (its title), from the last refresh of recommendations. */
    RECOMMENDED_1("recommended_1", r -> r.next().title(1)),
    RECOMMENDED_1_URL("recommended_1_url", r -> r.next().url(1)),
    RECOMMENDED_2("recommended_2", r -> r.next().title(2)),
    RECOMMENDED_2_URL("recommended_2_url", r -> r.next().url(2)),
    RECOMMENDED_3("recommended_3", r -> r.next().title(3)),
    RECOMMENDED_3_URL("recommended_3_url", r -> r.next().url(3)),
    /** The hour the person opens or clicks most (their own, else the organization's), as 09:00. */
    BEST_HOUR("best_hour", r -> r.next().hour() == null ? "" : String.format("%02d:00", r.next().hour())),
    /** The weekday they respond on most, in English (monday … sunday), as send-time fields take it. */
    BEST_DAY("best_day", r -> r.next().weekday() == null ? ""
            : java.time.DayOfWeek.of(r.next().weekday()).name().toLowerCase(java.util.Locale.ROOT)),
    BEST_CHANNEL("best_channel", r -> r.next().channel()),
    /** On a journey's list of the best item for each person: the item chosen for them (its title), and its URL. */
    ITEM("item", r -> r.next().item()),
    ITEM_URL("item_url", r -> r.next().itemUrl()),
    /** listmonk's attributes column: a JSON object of everything that is not email or name. */
    ATTRIBUTES("attributes", ExportField::attributes);

    public static final String CUSTOM_PREFIX = "custom:";

    /** Whether the column reads the person's recommendations or best moment. */
    boolean readsRecommendations() {
        return code.startsWith("recommended_") || code.startsWith("best_");
    }

    /** Whether the column reads the item a journey chose for the person (only a journey's list has one). */
    public boolean readsJourneyItem() {
        return this == ITEM || this == ITEM_URL;
    }

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
        put(node, "item", r.next().item());
        put(node, "item_url", r.next().itemUrl());
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
