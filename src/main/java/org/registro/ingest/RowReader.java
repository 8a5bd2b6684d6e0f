package org.registro.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.registro.common.TextKeys;
import org.registro.consent.Consent;
import org.registro.contact.Emails;
import org.registro.contact.Phones;
import org.registro.ingest.ParsedRow.ConsentFact;
import org.registro.ingest.ParsedRow.EventFact;
import org.registro.ingest.ParsedRow.Identifier;
import org.registro.ingest.ParsedRow.Problem;

/**
 * Turns rows of one file into {@link ParsedRow}s under a mapping: trims and validates emails, writes phones
 * in E.164 with the workspace's region, tidies names, reads countries, booleans, numbers and dates (the
 * order of day and month decided per column from sample values), splits tags, and collects the consent
 * changes and the event a row records. It never touches the database.
 */
public final class RowReader {

    private static final Map<BuiltInField, Integer> MAX_LENGTH = new EnumMap<>(Map.ofEntries(
            Map.entry(BuiltInField.FIRST_NAME, 200), Map.entry(BuiltInField.LAST_NAME, 200),
            Map.entry(BuiltInField.EMAIL, 320), Map.entry(BuiltInField.GENDER, 20),
            Map.entry(BuiltInField.ORGANIZATION, 300), Map.entry(BuiltInField.JOB_TITLE, 200),
            Map.entry(BuiltInField.STREET, 300), Map.entry(BuiltInField.POSTAL_CODE, 20),
            Map.entry(BuiltInField.CITY, 200), Map.entry(BuiltInField.REGION, 200),
            Map.entry(BuiltInField.LANGUAGE, 10)));
    private static final int MAX_TEXT = 4000;
    private static final int MAX_IDENTIFIER = 1000;

    private final ImportMapping mapping;
    private final String region;
    /** The region this row's phones are read in: the row's own country when it has one, else the workspace's. */
    private String rowRegion;
    private final String sourceName;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, DateColumn> dates = new HashMap<>();

    /**
     * @param samples    the first rows of the file, from which each date column's order is decided
     * @param region     the workspace's default region, for phones without a prefix and ambiguous dates
     * @param sourceName the source the file comes from: source record keys belong to it
     */
    public RowReader(List<String> header, ImportMapping mapping, List<SourceRow> samples, String region,
                     String sourceName) {
        this.mapping = mapping;
        this.region = region;
        this.sourceName = sourceName;
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
            index.putIfAbsent("~" + HeaderSuggestions.key(header.get(i)), i);
        }
        boolean dayFirst = DateColumn.dayFirstIn(region);
        for (String column : dateColumns()) {
            int i = indexOf(column);
            if (i >= 0) {
                List<String> values = new ArrayList<>();
                for (SourceRow row : samples) {
                    values.add(cell(row.cells(), i));
                }
                dates.put(column, DateColumn.decide(values, dayFirst));
            }
        }
    }

    private Set<String> dateColumns() {
        Set<String> columns = new LinkedHashSet<>();
        for (ColumnMapping c : mapping.columns()) {
            boolean isDate = (c.target() == Target.FIELD && BuiltInField.BIRTH_DATE.key().equals(c.field()))
                    || (c.target() == Target.CUSTOM && "date".equals(c.customType()))
                    || c.target() == Target.CONSENT_TIME
                    || (c.target() == Target.EVENT && EventPart.DATE.key().equals(c.eventPart()));
            if (isDate) {
                columns.add(c.column());
            }
            if (c.timeColumn() != null) {
                columns.add(c.timeColumn());
            }
        }
        if (mapping.listConsent() != null && mapping.listConsent().timeColumn() != null) {
            columns.add(mapping.listConsent().timeColumn());
        }
        return columns;
    }

    /** The column's position: by its exact header, else by the header folded ("created_at" = "CreatedAt"). */
    private int indexOf(String column) {
        if (column == null) {
            return -1;
        }
        Integer i = index.get(column);
        if (i == null) {
            i = index.get("~" + HeaderSuggestions.key(column));
        }
        if (i == null) {
            i = index.get("~" + HeaderSuggestions.key(column).replace(" ", ""));
        }
        return i == null ? -1 : i;
    }

    private static String cell(List<String> cells, int i) {
        if (i < 0 || i >= cells.size()) {
            return null;
        }
        String value = cells.get(i);
        return value == null || value.isBlank() ? null : value;
    }

    private String cell(List<String> cells, String column) {
        return cell(cells, indexOf(column));
    }

    /**
     * The country of the row when a column maps to the country and its cell names one libphonenumber knows
     * (a UK number written "07911 123456" with country "United Kingdom" is British, whatever the workspace's
     * region); null otherwise.
     */
    private String phoneRegion(List<String> cells) {
        for (ColumnMapping c : mapping.columns()) {
            if (c.target() == Target.FIELD && BuiltInField.byKey(c.field()).orElse(null) == BuiltInField.COUNTRY) {
                String value = cell(cells, c.column());
                Optional<String> code = value == null ? Optional.empty() : CountryNames.toCode(value);
                if (code.isPresent() && Phones.isSupportedRegion(code.get())) {
                    return code.get();
                }
            }
        }
        return null;
    }

    public ParsedRow read(SourceRow row) {
        List<String> cells = row.cells();
        Map<BuiltInField, Object> fields = new EnumMap<>(BuiltInField.class);
        List<Identifier> identifiers = new ArrayList<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        List<ConsentFact> consents = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<EventPart, String> eventCells = new EnumMap<>(EventPart.class);
        rowRegion = phoneRegion(cells);
        for (ColumnMapping c : mapping.columns()) {
            String value = cell(cells, c.column());
            if (value == null) {
                continue;
            }
            switch (c.target()) {
                case IGNORE -> { }
                case FIELD -> readField(c, value, fields, identifiers, problems);
                case IDENTIFIER -> readIdentifier(c.column(), c.identifierKind(), value, false, identifiers, problems);
                case CUSTOM -> readCustom(c, value, custom, problems);
                case TAGS -> tags.addAll(splitTags(value, c.separator()));
                case ATTRIBUTES -> readAttributes(c, value, fields, identifiers, custom, tags, problems);
                case CONSENT -> readConsent(c, value, cells, consents, problems);
                case CONSENT_TIME -> {
                    Instant at = time(cells, c.column(), problems);
                    if (at != null) {
                        consents.add(new ConsentFact(c.channel(), topic(c), c.status(), c.method(), at,
                                limit(cell(cells, c.ipColumn()), 64), limit(cell(cells, c.evidenceColumn()), MAX_TEXT)));
                    }
                }
                case EVENT -> EventPart.byKey(c.eventPart()).ifPresent(p -> eventCells.put(p, value));
            }
        }
        // Most specific first: a source record key, a customer number, then emails and phones.
        identifiers.sort(java.util.Comparator.comparingInt(RowReader::rank));
        applyListConsent(cells, consents, problems);
        // Changes at the same moment follow the usual order: opted in, then confirmed; a withdrawal last wins.
        consents.sort(java.util.Comparator.comparing(ConsentFact::at,
                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                .thenComparingInt(f -> Consent.STATUSES.indexOf(f.status()) == 1 ? 0
                        : Consent.STATUSES.indexOf(f.status())));
        EventFact event = mapping.mapsEvents() ? event(eventCells, cells, problems) : null;
        Problem rejection = identifiers.isEmpty() ? new Problem(null, "import.reject.noIdentifier") : null;
        // a time column shared by several consent columns is read once per column: say its problem once
        return new ParsedRow(row.line(), cells, fields, identifiers, custom, List.copyOf(tags), consents, event,
                problems.stream().distinct().toList(), rejection);
    }

    private static int rank(Identifier identifier) {
        return switch (identifier.kind()) {
            case ColumnMapping.KIND_SOURCE_KEY -> 0;
            case ColumnMapping.KIND_CUSTOMER_NUMBER, ColumnMapping.KIND_NATIONAL_ID -> 1;
            case "email" -> identifier.primary() ? 2 : 3;
            case "phone" -> identifier.primary() ? 4 : 5;
            default -> 6;
        };
    }

    /**
     * A JSON object of named values: a name the header dictionary knows becomes that field, identifier or tags
     * (a list or a comma text); first and last names replace those split from a full name; any other name is a
     * custom field (a number, a yes/no or text). Invalid JSON leaves the attributes out and says so; the row stays.
     */
    private void readAttributes(ColumnMapping c, String value, Map<BuiltInField, Object> fields,
                                List<Identifier> identifiers, Map<String, Object> custom, Set<String> tags,
                                List<Problem> problems) {
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = org.registro.common.Json.MAPPER.readTree(value);
        } catch (java.io.IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            problems.add(new Problem(c.column(), "import.problem.attributes", shorten(value)));
            return;
        }
        for (var entry : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) node::fields) {
            String key = entry.getKey();
            com.fasterxml.jackson.databind.JsonNode v = entry.getValue();
            if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
                continue;
            }
            ColumnMapping known = HeaderSuggestions.suggest(key).withColumn(c.column());
            String text = v.isValueNode() ? v.asText() : v.toString();
            switch (known.target()) {
                case FIELD -> {
                    BuiltInField field = BuiltInField.byKey(known.field()).orElseThrow();
                    if (field == BuiltInField.FIRST_NAME || field == BuiltInField.LAST_NAME) {
                        fields.remove(field); // the attribute is the exact name; a full name was only split
                    }
                    readField(known, text, fields, identifiers, problems);
                }
                case IDENTIFIER -> readIdentifier(c.column(), known.identifierKind(), text, false, identifiers,
                        problems);
                case TAGS -> {
                    if (v.isArray()) {
                        v.forEach(t -> addTag(tags, t.asText()));
                    } else {
                        tags.addAll(splitTags(text, ","));
                    }
                }
                default -> custom.put(ColumnMapping.customKeyFor(key), attributeValue(v, text));
            }
        }
    }

    /**
     * An attribute's value with its type: JSON numbers and booleans as such, and text that is plainly a number,
     * a yes/no or an ISO date read as one (email tools, ours included, write every value as text).
     */
    private static Object attributeValue(com.fasterxml.jackson.databind.JsonNode v, String text) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isBoolean() || text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (text.matches("-?(0|[1-9]\\d{0,14})(\\.\\d+)?")) {
            return new BigDecimal(text).stripTrailingZeros();
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return LocalDate.parse(text);
            } catch (java.time.DateTimeException e) {
                return text;
            }
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    private void readField(ColumnMapping c, String value, Map<BuiltInField, Object> fields,
                           List<Identifier> identifiers, List<Problem> problems) {
        Optional<BuiltInField> field = BuiltInField.byKey(c.field());
        if (field.isEmpty()) {
            return;
        }
        String text = value.strip().replaceAll("\\s+", " ");
        switch (field.get()) {
            case EMAIL -> {
                if (fields.containsKey(BuiltInField.EMAIL)) {
                    readIdentifier(c.column(), "email", value, false, identifiers, problems);
                } else if (readIdentifier(c.column(), "email", value, true, identifiers, problems)) {
                    fields.put(BuiltInField.EMAIL, Emails.normalize(value));
                }
            }
            case PHONE -> {
                if (fields.containsKey(BuiltInField.PHONE)) {
                    readIdentifier(c.column(), "phone", value, false, identifiers, problems);
                } else if (readIdentifier(c.column(), "phone", value, true, identifiers, problems)) {
                    identifiers.stream().filter(i -> i.kind().equals("phone") && i.raw().equals(value.strip()))
                            .findFirst().ifPresent(i -> fields.put(BuiltInField.PHONE, i.normalized()));
                }
            }
            case FIRST_NAME, LAST_NAME -> putText(c, field.get(), NameCase.tidy(text), fields, problems);
            case FULL_NAME -> {
                String tidy = NameCase.tidy(text);
                int space = tidy.indexOf(' ');
                putText(c, BuiltInField.FIRST_NAME, space < 0 ? tidy : tidy.substring(0, space), fields, problems);
                if (space > 0) {
                    putText(c, BuiltInField.LAST_NAME, tidy.substring(space + 1), fields, problems);
                }
            }
            case BIRTH_DATE -> {
                Optional<LocalDate> date = dateAsWritten(c.column(), value);
                if (date.isPresent()) {
                    fields.put(BuiltInField.BIRTH_DATE, date.get());
                } else {
                    problems.add(new Problem(c.column(), "import.problem.date", value));
                }
            }
            case COUNTRY -> {
                Optional<String> code = CountryNames.toCode(text);
                if (code.isEmpty() && text.length() == 2 && org.registro.contact.Countries.isCode(
                        text.toUpperCase(Locale.ROOT))) {
                    code = Optional.of(text.toUpperCase(Locale.ROOT));
                }
                if (code.isPresent()) {
                    fields.put(BuiltInField.COUNTRY, code.get());
                } else {
                    problems.add(new Problem(c.column(), "import.problem.country", value));
                }
            }
            case LANGUAGE -> putText(c, BuiltInField.LANGUAGE, text.toLowerCase(Locale.ROOT).replace('_', '-'),
                    fields, problems);
            default -> putText(c, field.get(), text, fields, problems);
        }
    }

    /** A house number on its own ("12", "12a", "12-14"). */
    private static final java.util.regex.Pattern HOUSE_NUMBER = java.util.regex.Pattern.compile(
            "\\d{1,5}\\s?[a-zA-Z]?([-/]\\d{1,5})?");

    private static void putText(ColumnMapping c, BuiltInField field, String text, Map<BuiltInField, Object> fields,
                                List<Problem> problems) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String value = text;
        boolean adds = field == BuiltInField.STREET && fields.containsKey(field);
        if (adds) {
            // a second street column (house number, address line 2) adds to the first
            String before = fields.get(field).toString();
            boolean number = HOUSE_NUMBER.matcher(text).matches() || HOUSE_NUMBER.matcher(before).matches();
            value = before + (number ? " " : ", ") + text;
        }
        Integer max = MAX_LENGTH.get(field);
        if (max != null && value.length() > max) {
            problems.add(new Problem(c.column(), "import.problem.tooLong", max));
            return;
        }
        if (adds) {
            fields.put(field, value);
        } else {
            fields.putIfAbsent(field, value);
        }
    }

    /** Adds a valid identifier; reports an invalid one. Returns whether it was valid. */
    private boolean readIdentifier(String column, String kind, String value, boolean primary,
                                   List<Identifier> identifiers, List<Problem> problems) {
        String raw = value.strip();
        if (raw.length() > MAX_IDENTIFIER) {
            problems.add(new Problem(column, "import.problem.tooLong", MAX_IDENTIFIER));
            return false;
        }
        String normalized;
        String system = "";
        switch (kind == null ? "" : kind) {
            case "email" -> {
                if (!Emails.isValid(raw)) {
                    problems.add(new Problem(column, "import.problem.email", raw));
                    return false;
                }
                normalized = Emails.normalize(raw);
            }
            case "phone" -> {
                Optional<String> e164 = Phones.fromImport(raw, rowRegion == null ? region : rowRegion);
                if (e164.isEmpty()) {
                    problems.add(new Problem(column, "import.problem.phone", raw));
                    return false;
                }
                normalized = e164.get();
            }
            case ColumnMapping.KIND_SOURCE_KEY -> {
                normalized = raw;
                system = sourceName;
            }
            case ColumnMapping.KIND_CUSTOMER_NUMBER -> normalized = raw.toUpperCase(Locale.ROOT).replace(" ", "");
            // "12.345.678-Z", "12345678 z" and "12345678Z" are one DNI; "010203-1234" one CPR number
            case ColumnMapping.KIND_NATIONAL_ID -> normalized = raw.toUpperCase(Locale.ROOT)
                    .replaceAll("[\\s.\\-/]", "");
            default -> {
                return false;
            }
        }
        for (Identifier existing : identifiers) {
            if (existing.kind().equals(kind) && existing.normalized().equals(normalized)) {
                return true;
            }
        }
        identifiers.add(new Identifier(kind, system, raw, normalized, primary));
        return true;
    }

    private void readCustom(ColumnMapping c, String value, Map<String, Object> custom, List<Problem> problems) {
        String text = value.strip();
        Object typed = switch (c.customType() == null ? "text" : c.customType()) {
            case "number" -> Numbers.parse(text).orElse(null);
            case "date" -> dateAsWritten(c.column(), text).orElse(null);
            case "boolean" -> Booleans.parse(text).orElse(null);
            default -> text.length() > MAX_TEXT ? null : text;
        };
        if (typed == null) {
            boolean tooLong = text.length() > MAX_TEXT;
            problems.add(tooLong ? new Problem(c.column(), "import.problem.tooLong", MAX_TEXT)
                    : new Problem(c.column(), "import.problem.customValue", shorten(text), c.customType()));
            return;
        }
        custom.put(c.customKey(), typed);
    }

    private void readConsent(ColumnMapping c, String value, List<String> cells, List<ConsentFact> consents,
                             List<Problem> problems) {
        Optional<ConsentValues.Reading> reading = ConsentValues.read(value, c);
        if (reading.isPresent()) {
            ConsentValues.Reading r = reading.get();
            consents.add(new ConsentFact(c.channel(), topic(c), r.status(),
                    r.method() == null ? Consent.METHOD_IMPORT : r.method(), time(cells, c.timeColumn(), problems),
                    null, null));
        } else if (Booleans.parse(value).isEmpty() && !isKnownSilentWord(value)) {
            problems.add(new Problem(c.column(), "import.problem.consentValue", shorten(value)));
        }
    }

    /** Words that knowingly say nothing about consent (listmonk's "disabled"). */
    private static boolean isKnownSilentWord(String value) {
        String key = TextKeys.fold(value);
        return "disabled".equals(key) || "none".equals(key) || "unknown".equals(key);
    }

    /** Mailchimp's file-level status: added when the row's own events do not already end in it. */
    private void applyListConsent(List<String> cells, List<ConsentFact> consents, List<Problem> problems) {
        ImportMapping.ListConsent list = mapping.listConsent();
        if (list == null) {
            return;
        }
        ConsentFact latest = null;
        for (ConsentFact fact : consents) {
            if (fact.channel().equals(list.channel()) && fact.topic() == null
                    && (latest == null || (fact.at() != null && (latest.at() == null || !fact.at().isBefore(latest.at()))))) {
                latest = fact;
            }
        }
        boolean alreadyThere = latest != null && (latest.status().equals(list.status())
                || (Consent.allows(latest.status()) && Consent.allows(list.status())));
        if (!alreadyThere) {
            Instant at = time(cells, list.timeColumn(), problems);
            consents.add(new ConsentFact(list.channel(), null, list.status(), list.method(), at, null, null));
        }
    }

    private EventFact event(Map<EventPart, String> parts, List<String> cells, List<Problem> problems) {
        if (parts.isEmpty()) {
            return null;
        }
        String dateColumn = mapping.columns().stream()
                .filter(c -> c.target() == Target.EVENT && EventPart.DATE.key().equals(c.eventPart()))
                .map(ColumnMapping::column).findFirst().orElse(null);
        Instant at = dateColumn == null ? null : time(cells, dateColumn, problems);
        if (dateColumn != null && at == null) {
            problems.add(new Problem(dateColumn, "import.problem.eventDate"));
            return null;
        }
        BigDecimal amount = null;
        String amountCell = parts.get(EventPart.AMOUNT);
        if (amountCell != null) {
            amount = Numbers.parse(amountCell).orElse(null);
            if (amount == null) {
                problems.add(new Problem(columnOf(EventPart.AMOUNT), "import.problem.amount", shorten(amountCell)));
            }
        }
        String type = parts.getOrDefault(EventPart.TYPE, mapping.eventType());
        if (ActivityPresets.isActivity(mapping.preset())) {
            type = ActivityPresets.eventType(type);
        }
        String campaign = parts.getOrDefault(EventPart.CAMPAIGN, mapping.eventCampaign());
        String currency = parts.get(EventPart.CURRENCY);
        if (currency != null) {
            currency = currency.strip().toUpperCase(Locale.ROOT);
            if (!currency.matches("[A-Z]{3}")) {
                currency = switch (currency) {
                    case "€" -> "EUR";
                    case "$" -> "USD";
                    case "£" -> "GBP";
                    case "KR", "KR." -> "DKK";
                    default -> null;
                };
            }
        }
        return new EventFact(type == null ? "event" : limit(type.strip(), 50), at, amount, currency,
                limit(campaign, 300), limit(parts.get(EventPart.REFERENCE), 200));
    }

    private String columnOf(EventPart part) {
        return mapping.columns().stream()
                .filter(c -> c.target() == Target.EVENT && part.key().equals(c.eventPart()))
                .map(ColumnMapping::column).findFirst().orElse(null);
    }

    private Optional<LocalDateTime> date(String column, String value) {
        return dateColumn(column, value).parse(cleanZone(value));
    }

    /** For a date field: the day as the cell writes it, whatever offset follows its time. */
    private Optional<LocalDate> dateAsWritten(String column, String value) {
        return dateColumn(column, value).parseDate(cleanZone(value));
    }

    private DateColumn dateColumn(String column, String value) {
        DateColumn order = dates.get(column);
        return order == null ? DateColumn.decide(List.of(value), DateColumn.dayFirstIn(region)) : order;
    }

    /** listmonk's Go timestamps end in " +0000 UTC"; others in " UTC" or " GMT". */
    private static String cleanZone(String value) {
        return value.strip().replaceAll(" \\+0000 UTC$", "Z").replaceAll(" (UTC|GMT)$", "Z");
    }

    /** The time in a column, read as UTC when it carries no offset; null (and a problem) when unreadable. */
    private Instant time(List<String> cells, String column, List<Problem> problems) {
        String value = cell(cells, column);
        if (value == null) {
            return null;
        }
        // Unix time, as email tools write it (Brevo's ts_event, Mailjet's Epoch and EpochMS): seconds or ms
        if (value.strip().matches("\\d{10}|\\d{13}")) {
            long n = Long.parseLong(value.strip());
            return n > 9_999_999_999L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        Optional<LocalDateTime> date = date(column, value);
        if (date.isEmpty()) {
            problems.add(new Problem(column, "import.problem.date", shorten(value)));
            return null;
        }
        return date.get().toInstant(ZoneOffset.UTC);
    }

    private static String topic(ColumnMapping c) {
        return c.topic() == null || c.topic().isBlank() ? null : c.topic();
    }

    /** Tags split on the separator, with the quotes Mailchimp sometimes puts around each one removed. */
    static List<String> splitTags(String cell, String separator) {
        String sep = separator == null || separator.isEmpty() ? "," : separator;
        if (",".equals(sep) && cell.indexOf(',') < 0 && cell.indexOf(';') >= 0) {
            sep = ";"; // "Donor; Madrid": people and CRMs also separate tags with semicolons
        }
        List<String> tags = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < cell.length(); i++) {
            char ch = cell.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && cell.startsWith(sep, i)) {
                addTag(tags, current);
                current.setLength(0);
                i += sep.length() - 1;
            } else {
                current.append(ch);
            }
        }
        addTag(tags, current);
        return tags;
    }

    private static void addTag(java.util.Collection<String> tags, CharSequence text) {
        String tag = text.toString().strip().replaceAll("\\s+", " ");
        if (!tag.isEmpty() && tag.length() <= 200 && tags.stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
            tags.add(tag);
        }
    }

    private static String limit(String text, int max) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
