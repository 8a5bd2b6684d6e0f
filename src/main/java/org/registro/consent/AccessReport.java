package org.registro.consent;

import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.DESTINATION;
import static org.registro.db.Tables.DESTINATION_TOLD;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IMPORT_BATCH;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.PRIVACY_REQUEST;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.VALUE_HISTORY;
import static org.registro.db.Tables.VALUE_PROVENANCE;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.registro.common.Json;
import org.registro.common.MemberList;
import org.registro.common.Messages;
import org.registro.common.RegistroException;

/**
 * Everything Registro holds about one person, section by section, for an access request: written as JSON
 * (complete, for machines and for portability) and as an HTML page a person can read.
 */
public record AccessReport(long contactId, String name, Instant generatedAt, Map<String, Section> sections) {

    /** One part of the report: its rows as column → value, columns in a stable order. */
    public record Section(List<String> columns, List<Map<String, Object>> rows) {
    }

    /** The two files written. */
    public record Files(Path json, Path html) {
    }

    static AccessReport collect(DSLContext dsl, long contactId, Instant now) {
        Record contact = dsl.selectFrom(CONTACT).where(CONTACT.ID.eq(contactId)).fetchOne();
        if (contact == null) {
            throw new RegistroException("error.contact.notFound", contactId);
        }
        Map<String, Section> sections = new LinkedHashMap<>();
        Map<String, Object> profile = new LinkedHashMap<>();
        for (Field<?> f : CONTACT.fields()) {
            Object value = contact.get(f);
            String column = f.getName().toLowerCase(java.util.Locale.ROOT);
            boolean internal = column.endsWith("_key") || column.equals("created_source_id")
                    || column.equals("created_batch_id");
            if (value != null && !internal) {
                profile.put(camel(column), value);
            }
        }
        dsl.select(SOURCE.NAME, IMPORT_BATCH.FILE_NAME).from(CONTACT)
                .leftJoin(SOURCE).on(SOURCE.ID.eq(CONTACT.CREATED_SOURCE_ID))
                .leftJoin(IMPORT_BATCH).on(IMPORT_BATCH.ID.eq(CONTACT.CREATED_BATCH_ID))
                .where(CONTACT.ID.eq(contactId)).fetchOptional().ifPresent(r -> {
                    if (r.value1() != null) {
                        profile.put("createdFromSource", r.value1());
                    }
                    if (r.value2() != null) {
                        profile.put("createdFromFile", r.value2());
                    }
                });
        sections.put("profile", new Section(List.copyOf(profile.keySet()), List.of(profile)));
        sections.put("identifiers", section(dsl.select(IDENTIFIER.KIND.as("kind"), IDENTIFIER.SYSTEM.as("system"),
                        IDENTIFIER.VALUE_RAW.as("value"), IDENTIFIER.IS_PRIMARY.as("primary"),
                        IDENTIFIER.IS_VALID.as("valid"), IDENTIFIER.BOUNCED_AT.as("bouncedAt"),
                        SOURCE.NAME.as("source"), IDENTIFIER.CREATED_AT.as("addedAt"))
                .from(IDENTIFIER).leftJoin(SOURCE).on(SOURCE.ID.eq(IDENTIFIER.SOURCE_ID))
                .where(IDENTIFIER.CONTACT_ID.eq(contactId)).orderBy(IDENTIFIER.ID).fetch()));
        List<Map<String, Object>> fields = new ArrayList<>();
        dsl.select(FIELD_DEFINITION.LABEL, CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER,
                        CONTACT_VALUE.VALUE_DATE, CONTACT_VALUE.VALUE_BOOL, SOURCE.NAME, CONTACT_VALUE.UPDATED_AT)
                .from(CONTACT_VALUE).join(FIELD_DEFINITION).on(FIELD_DEFINITION.ID.eq(CONTACT_VALUE.FIELD_ID))
                .leftJoin(SOURCE).on(SOURCE.ID.eq(CONTACT_VALUE.SOURCE_ID))
                .where(CONTACT_VALUE.CONTACT_ID.eq(contactId)).orderBy(FIELD_DEFINITION.POSITION)
                .forEach(r -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("field", r.value1());
                    row.put("value", r.value2() != null ? r.value2() : r.value3() != null
                            ? r.value3().stripTrailingZeros().toPlainString() : r.value4() != null ? r.value4() : r.value5());
                    row.put("source", r.value6());
                    row.put("updatedAt", r.value7());
                    fields.add(row);
                });
        sections.put("fields", new Section(List.of("field", "value", "source", "updatedAt"), fields));
        sections.put("provenance", section(dsl.select(VALUE_PROVENANCE.FIELD_KEY.as("field"),
                        SOURCE.NAME.as("source"), IMPORT_BATCH.FILE_NAME.as("file"), VALUE_PROVENANCE.SET_BY.as("setBy"),
                        VALUE_PROVENANCE.SET_AT.as("setAt"))
                .from(VALUE_PROVENANCE).leftJoin(SOURCE).on(SOURCE.ID.eq(VALUE_PROVENANCE.SOURCE_ID))
                .leftJoin(IMPORT_BATCH).on(IMPORT_BATCH.ID.eq(VALUE_PROVENANCE.BATCH_ID))
                .where(VALUE_PROVENANCE.CONTACT_ID.eq(contactId)).orderBy(VALUE_PROVENANCE.FIELD_KEY).fetch()));
        sections.put("history", section(dsl.select(VALUE_HISTORY.FIELD_KEY.as("field"),
                        VALUE_HISTORY.OLD_VALUE.as("oldValue"), VALUE_HISTORY.NEW_VALUE.as("newValue"),
                        SOURCE.NAME.as("source"), VALUE_HISTORY.CHANGED_BY.as("changedBy"),
                        VALUE_HISTORY.CHANGED_AT.as("changedAt"))
                .from(VALUE_HISTORY).leftJoin(SOURCE).on(SOURCE.ID.eq(VALUE_HISTORY.SOURCE_ID))
                .where(VALUE_HISTORY.CONTACT_ID.eq(contactId)).orderBy(VALUE_HISTORY.CHANGED_AT, VALUE_HISTORY.ID)
                .fetch()));
        sections.put("tags", section(dsl.select(TAG.NAME.as("tag"), SOURCE.NAME.as("source"),
                        CONTACT_TAG.ADDED_AT.as("addedAt"))
                .from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .leftJoin(SOURCE).on(SOURCE.ID.eq(CONTACT_TAG.SOURCE_ID))
                .where(CONTACT_TAG.CONTACT_ID.eq(contactId)).orderBy(TAG.NAME).fetch()));
        sections.put("events", section(dsl.select(EVENT.EVENT_TYPE.as("type"), EVENT.OCCURRED_AT.as("occurredAt"),
                        EVENT.CHANNEL.as("channel"), EVENT.CAMPAIGN.as("campaign"), EVENT.AMOUNT.as("amount"),
                        EVENT.CURRENCY.as("currency"), EVENT.EXTERNAL_REF.as("reference"), SOURCE.NAME.as("source"))
                .from(EVENT).leftJoin(SOURCE).on(SOURCE.ID.eq(EVENT.SOURCE_ID))
                .where(EVENT.CONTACT_ID.eq(contactId)).orderBy(EVENT.OCCURRED_AT, EVENT.ID).fetch()));
        sections.put("consentNow", section(dsl.select(CONSENT_STATE.CHANNEL.as("channel"),
                        CONSENT_STATE.TOPIC.as("topic"), CONSENT_STATE.STATUS.as("status"),
                        CONSENT_STATE.METHOD.as("method"), CONSENT_STATE.OCCURRED_AT.as("since"))
                .from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(contactId))
                .orderBy(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC).fetch()));
        sections.put("consentLedger", section(dsl.select(CONSENT_EVENT.OCCURRED_AT.as("occurredAt"),
                        CONSENT_EVENT.CHANNEL.as("channel"), CONSENT_EVENT.TOPIC.as("topic"),
                        CONSENT_EVENT.STATUS.as("status"), CONSENT_EVENT.METHOD.as("method"),
                        CONSENT_EVENT.LEGAL_BASIS.as("legalBasis"), SOURCE.NAME.as("source"),
                        CONSENT_EVENT.SOURCE_SYSTEM.as("system"), CONSENT_EVENT.EVIDENCE_URL.as("formUrl"),
                        CONSENT_EVENT.EVIDENCE_WORDING.as("wording"), CONSENT_EVENT.EVIDENCE_IP.as("ip"),
                        CONSENT_EVENT.EVIDENCE_TEXT.as("evidence"), CONSENT_EVENT.RECORDED_AT.as("recordedAt"),
                        CONSENT_EVENT.RECORDED_BY.as("recordedBy"))
                .from(CONSENT_EVENT).leftJoin(SOURCE).on(SOURCE.ID.eq(CONSENT_EVENT.SOURCE_ID))
                .where(CONSENT_EVENT.CONTACT_ID.eq(contactId))
                .orderBy(CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID).fetch()));
        sections.put("segments", section(dsl.select(SEGMENT.NAME.as("segment"), SEGMENT.KIND.as("kind"))
                .from(SEGMENT_MEMBER).join(SEGMENT).on(SEGMENT.ID.eq(SEGMENT_MEMBER.SEGMENT_ID))
                .where(SEGMENT_MEMBER.CONTACT_ID.eq(contactId)).orderBy(SEGMENT.NAME).fetch()));
        List<Map<String, Object>> exports = new ArrayList<>();
        dsl.select(EXPORT_RUN.CREATED_AT, EXPORT_RUN.DESTINATION, EXPORT_RUN.PURPOSE, EXPORT_RUN.CHANNEL,
                        EXPORT_RUN.TOPIC, EXPORT_RUN.FILE_NAME, EXPORT_RUN.MEMBERS_BIN)
                .from(EXPORT_RUN).orderBy(EXPORT_RUN.CREATED_AT).forEach(r -> {
                    long[] member = MemberList.find(r.value7(), contactId);
                    if (member != null) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("exportedAt", r.value1());
                        row.put("destination", r.value2());
                        row.put("purpose", r.value3());
                        row.put("channel", r.value4());
                        row.put("topic", r.value5());
                        row.put("file", r.value6());
                        row.put("consentEvent", member[1] < 0 ? null : member[1]);
                        exports.add(row);
                    }
                });
        sections.put("exports", new Section(List.of("exportedAt", "destination", "purpose", "channel", "topic", "file",
                "consentEvent"), exports));
        // what each email tool was told about the person, and when: lists sent, its own exports, changes files
        sections.put("emailTools", section(dsl.select(DESTINATION_TOLD.TOLD_AT.as("toldAt"),
                        DESTINATION.NAME.as("emailTool"), DESTINATION_TOLD.EMAIL.as("address"),
                        DESTINATION_TOLD.STATUS.as("status"), DESTINATION_TOLD.REASON.as("reason"),
                        DESTINATION_TOLD.SINCE.as("changedAt"))
                .from(DESTINATION_TOLD).join(DESTINATION).on(DESTINATION.ID.eq(DESTINATION_TOLD.DESTINATION_ID))
                .where(DESTINATION_TOLD.CONTACT_ID.eq(contactId))
                .orderBy(DESTINATION_TOLD.TOLD_AT, DESTINATION_TOLD.ID).fetch()));
        sections.put("journeys", section(dsl.select(JOURNEY.NAME.as("journey"),
                        JOURNEY_ENROLMENT.STEP_KEY.as("step"), JOURNEY_ENROLMENT.STATUS.as("status"),
                        JOURNEY_ENROLMENT.ENROLLED_AT.as("enrolledAt"))
                .from(JOURNEY_ENROLMENT).join(JOURNEY).on(JOURNEY.ID.eq(JOURNEY_ENROLMENT.JOURNEY_ID))
                .where(JOURNEY_ENROLMENT.CONTACT_ID.eq(contactId)).fetch()));
        sections.put("scores", section(dsl.select(CONTACT_SCORE.MODEL.as("model"), CONTACT_SCORE.SCORE.as("score"),
                        CONTACT_SCORE.LABEL.as("label"), CONTACT_SCORE.COMPUTED_AT.as("computedAt"))
                .from(CONTACT_SCORE).where(CONTACT_SCORE.CONTACT_ID.eq(contactId)).fetch()));
        sections.put("requests", section(dsl.select(PRIVACY_REQUEST.KIND.as("kind"),
                        PRIVACY_REQUEST.STATUS.as("status"), PRIVACY_REQUEST.RECEIVED_AT.as("receivedAt"),
                        PRIVACY_REQUEST.DUE_AT.as("dueAt"), PRIVACY_REQUEST.COMPLETED_AT.as("completedAt"))
                .from(PRIVACY_REQUEST).where(PRIVACY_REQUEST.CONTACT_ID.eq(contactId))
                .orderBy(PRIVACY_REQUEST.RECEIVED_AT).fetch()));
        String name = ((contact.get(CONTACT.FIRST_NAME) == null ? "" : contact.get(CONTACT.FIRST_NAME)) + " "
                + (contact.get(CONTACT.LAST_NAME) == null ? "" : contact.get(CONTACT.LAST_NAME))).strip();
        return new AccessReport(contactId, name, now, sections);
    }

    private static Section section(Result<? extends Record> result) {
        List<String> columns = new ArrayList<>();
        for (Field<?> f : result.fields()) {
            columns.add(f.getName());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Record r : result) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Field<?> f : result.fields()) {
                row.put(f.getName(), r.get(f));
            }
            rows.add(row);
        }
        return new Section(columns, rows);
    }

    /** Writes {@code registro-access-<id>-<date>.json} and {@code .html} into the folder. */
    Files writeTo(Path folder) {
        String base = "registro-access-" + contactId + "-" + LocalDate.ofInstant(generatedAt, ZoneOffset.UTC);
        Path json = folder.resolve(base + ".json");
        Path html = folder.resolve(base + ".html");
        try {
            java.nio.file.Files.createDirectories(folder);
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("contactId", contactId);
            document.put("generatedAt", generatedAt);
            Map<String, Object> parts = new LinkedHashMap<>();
            sections.forEach((key, section) -> parts.put(key, section.rows()));
            document.put("data", parts);
            java.nio.file.Files.writeString(json, Json.writePretty(document), StandardCharsets.UTF_8);
            java.nio.file.Files.writeString(html, html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegistroException(e, "error.privacy.write", folder.toString(), e.getMessage());
        }
        return new Files(json, html);
    }

    /** The readable page: one table per section, an explanatory line where a section is empty. */
    String html() {
        StringBuilder out = new StringBuilder(8192);
        String title = Messages.get("access.title", name.isEmpty() ? "#" + contactId : name);
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;"
                        + "color:#1f2328}h1{font-size:1.6em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px "
                        + "solid #d0d7de;padding-bottom:.2em}table{border-collapse:collapse;width:100%;font-size:.9em}"
                        + "th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid #eaeef2;vertical-align:top}"
                        + "th{background:#f6f8fa}.none{color:#656d76;font-style:italic}</style></head><body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n<p>")
                .append(escape(Messages.get("access.intro", contactId, text(generatedAt.atOffset(ZoneOffset.UTC)))))
                .append("</p>\n");
        sections.forEach((key, section) -> {
            out.append("<h2>").append(escape(Messages.get("access.section." + key))).append("</h2>\n");
            if (section.rows().isEmpty()) {
                out.append("<p class=\"none\">").append(escape(Messages.get("access.none"))).append("</p>\n");
                return;
            }
            out.append("<table><tr>");
            section.columns().forEach(c -> out.append("<th>").append(escape(header(c))).append("</th>"));
            out.append("</tr>\n");
            for (Map<String, Object> row : section.rows()) {
                out.append("<tr>");
                section.columns().forEach(c -> out.append("<td>").append(escape(readable(key, c, row.get(c))))
                        .append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</table>\n");
        });
        return out.append("</body></html>\n").toString();
    }

    /** Codes in words where the app has them: statuses, methods, identifier kinds. */
    private static String readable(String section, String column, Object value) {
        if (value instanceof String code && !code.isEmpty()) {
            switch (column) {
                case "status" -> {
                    return section.startsWith("consent") ? Messages.getOr("consent.status." + code, code)
                            : section.equals("emailTools") ? Messages.getOr("destination.status." + code, code) : code;
                }
                case "reason" -> {
                    return Messages.getOr("destination.why." + code, code);
                }
                case "method" -> {
                    return Messages.getOr("consent.method." + code, code);
                }
                case "kind" -> {
                    return section.equals("identifiers") ? Messages.getOr("identifier." + code, code)
                            : section.equals("requests") ? Messages.getOr("privacy.kind." + code, code) : code;
                }
                default -> {
                    return code;
                }
            }
        }
        return text(value);
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().withNano(0).toString().replace('T', ' ')
                    + " UTC";
        }
        if (value instanceof java.math.BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof TemporalAccessor || value instanceof Number) {
            return value.toString();
        }
        if (value instanceof Boolean b) {
            return Messages.get(b ? "access.yes" : "access.no");
        }
        return value.toString();
    }

    /** "occurredAt" → "Occurred at". */
    private static String header(String column) {
        String spaced = column.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
