package org.registro.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one column of a file becomes. Only the properties of its {@link Target} are set:
 * <ul>
 *   <li>FIELD: {@code field}, a {@link BuiltInField} key;</li>
 *   <li>IDENTIFIER: {@code identifierKind} (customer_number, source_key, national_id, email, phone);</li>
 *   <li>CUSTOM: {@code customKey}, {@code customType} (text, number, date, boolean), {@code customLabel};</li>
 *   <li>TAGS: {@code separator};</li>
 *   <li>CONSENT: {@code channel}, {@code topic}; the cell says yes or no, or a status word. With
 *       {@code inverted} a yes means "do not contact" (CiviCRM's "Do Not Email"); with {@code status} a yes
 *       means that status (Brevo's DOUBLE_OPT-IN means confirmed) and a no means nothing. {@code timeColumn}
 *       names the column holding when it happened;</li>
 *   <li>CONSENT_TIME: the cell is the time {@code status} was reached on {@code channel} by {@code method},
 *       with optional {@code ipColumn} and {@code evidenceColumn} (Mailchimp's OPTIN_TIME and OPTIN_IP);</li>
 *   <li>EVENT: {@code eventPart}.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ColumnMapping(String column, Target target, String field, String identifierKind, String customKey,
                            String customType, String customLabel, String separator, String channel, String topic,
                            String status, String method, boolean inverted, String timeColumn, String ipColumn,
                            String evidenceColumn, String eventPart) {

    public static final String KIND_CUSTOMER_NUMBER = "customer_number";
    public static final String KIND_SOURCE_KEY = "source_key";
    /** A national identity or tax number (DNI/NIE/NIF, CPR, social security number): one person's for life. */
    public static final String KIND_NATIONAL_ID = "national_id";

    public ColumnMapping {
        target = target == null ? Target.IGNORE : target;
    }

    /** A custom field key from a header: "Nº de socio" becomes "n_de_socio". */
    public static String customKeyFor(String column) {
        String folded = org.registro.common.TextKeys.fold(column);
        String key = folded == null ? "" : folded.replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (key.isEmpty() || !Character.isLetter(key.charAt(0))) {
            key = "field_" + key;
        }
        if (BuiltInField.byKey(key).isPresent()) {
            key = key + "_custom";
        }
        return key.length() > 100 ? key.substring(0, 100) : key;
    }

    public static ColumnMapping ignore(String column) {
        return new ColumnMapping(column, Target.IGNORE, null, null, null, null, null, null, null, null, null, null,
                false, null, null, null, null);
    }

    public static ColumnMapping field(String column, BuiltInField field) {
        return ignore(column).with(Target.FIELD).withField(field.key());
    }

    public static ColumnMapping identifier(String column, String kind) {
        return new ColumnMapping(column, Target.IDENTIFIER, null, kind, null, null, null, null, null, null, null,
                null, false, null, null, null, null);
    }

    public static ColumnMapping custom(String column, String key, String type, String label) {
        return new ColumnMapping(column, Target.CUSTOM, null, null, key, type, label, null, null, null, null, null,
                false, null, null, null, null);
    }

    /** A JSON object of named values (listmonk's attributes). */
    public static ColumnMapping attributes(String column) {
        return ignore(column).with(Target.ATTRIBUTES);
    }

    public static ColumnMapping tags(String column, String separator) {
        return new ColumnMapping(column, Target.TAGS, null, null, null, null, null, separator, null, null, null,
                null, false, null, null, null, null);
    }

    /** A yes/no or status column for a channel (and topic). */
    public static ColumnMapping consent(String column, String channel, String topic, String method) {
        return new ColumnMapping(column, Target.CONSENT, null, null, null, null, null, null, channel, topic, null,
                method, false, null, null, null, null);
    }

    /** A column whose time is when {@code status} was reached on {@code channel} by {@code method}. */
    public static ColumnMapping consentTime(String column, String channel, String status, String method) {
        return new ColumnMapping(column, Target.CONSENT_TIME, null, null, null, null, null, null, channel, null,
                status, method, false, null, null, null, null);
    }

    public static ColumnMapping event(String column, EventPart part) {
        return new ColumnMapping(column, Target.EVENT, null, null, null, null, null, null, null, null, null, null,
                false, null, null, null, part.key());
    }

    public ColumnMapping with(Target newTarget) {
        return new ColumnMapping(column, newTarget, field, identifierKind, customKey, customType, customLabel,
                separator, channel, topic, status, method, inverted, timeColumn, ipColumn, evidenceColumn, eventPart);
    }

    public ColumnMapping withField(String newField) {
        return new ColumnMapping(column, target, newField, identifierKind, customKey, customType, customLabel,
                separator, channel, topic, status, method, inverted, timeColumn, ipColumn, evidenceColumn, eventPart);
    }

    /** A yes in the cell means the opposite: the person must not be contacted on the channel. */
    public ColumnMapping invertedConsent() {
        return new ColumnMapping(column, target, field, identifierKind, customKey, customType, customLabel,
                separator, channel, topic, status, method, true, timeColumn, ipColumn, evidenceColumn, eventPart);
    }

    /** A yes in the cell means {@code newStatus}; a no means nothing. */
    public ColumnMapping yesMeans(String newStatus) {
        return new ColumnMapping(column, target, field, identifierKind, customKey, customType, customLabel,
                separator, channel, topic, newStatus, method, inverted, timeColumn, ipColumn, evidenceColumn,
                eventPart);
    }

    public ColumnMapping withTimeColumn(String newTimeColumn) {
        return new ColumnMapping(column, target, field, identifierKind, customKey, customType, customLabel,
                separator, channel, topic, status, method, inverted, newTimeColumn, ipColumn, evidenceColumn,
                eventPart);
    }

    public ColumnMapping withEvidence(String newIpColumn, String newEvidenceColumn) {
        return new ColumnMapping(column, target, field, identifierKind, customKey, customType, customLabel,
                separator, channel, topic, status, method, inverted, timeColumn, newIpColumn, newEvidenceColumn,
                eventPart);
    }

    public ColumnMapping withColumn(String newColumn) {
        return new ColumnMapping(newColumn, target, field, identifierKind, customKey, customType, customLabel,
                separator, channel, topic, status, method, inverted, timeColumn, ipColumn, evidenceColumn, eventPart);
    }
}
