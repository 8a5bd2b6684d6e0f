package org.registro.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.registro.contact.Emails;
import org.registro.contact.Phones;

/**
 * Suggestions for the columns whose header says nothing known, from the values they hold: a column of email
 * addresses under "Correo del tutor" is an email (a second one becomes a further identifier), a column of phone
 * numbers a phone. In a file no preset knows, any other column with values becomes a custom field of the type its
 * values have (Mailjet's {@code age} a number), so nothing is left behind unless the user says so; what stays
 * unmapped is listed by {@link ImportMapping#notImported()}.
 */
final class ValueSuggestions {

    /** The share of a column's sample values that must read as emails or phones. */
    private static final double ENOUGH = 0.8;

    private ValueSuggestions() {
    }

    static ImportMapping fill(ImportMapping mapping, List<String> header, List<SourceRow> sample, String region,
                              boolean customFields) {
        Set<String> usedFields = new HashSet<>();
        mapping.columns().stream().filter(c -> c.target() == Target.FIELD).forEach(c -> usedFields.add(c.field()));
        Set<String> parts = mapping.readAsPart();
        List<ColumnMapping> columns = new ArrayList<>();
        for (ColumnMapping c : mapping.columns()) {
            boolean unknownHeader = c.target() == Target.IGNORE && !parts.contains(c.column())
                    && HeaderSuggestions.suggest(c.column()).target() == Target.IGNORE;
            if (!unknownHeader) {
                columns.add(c);
                continue;
            }
            List<String> values = values(header.indexOf(c.column()), sample);
            columns.add(values.isEmpty() ? c : fromValues(c.column(), values, region, usedFields, customFields));
        }
        return new ImportMapping(mapping.preset(), mapping.system(), columns, mapping.eventType(),
                mapping.listConsent(), mapping.skipFooter(), mapping.eventCampaign());
    }

    private static ColumnMapping fromValues(String column, List<String> values, String region, Set<String> usedFields,
                                            boolean customFields) {
        if (share(values, v -> Emails.isValid(v.strip())) >= ENOUGH) {
            return usedFields.add(BuiltInField.EMAIL.key()) ? ColumnMapping.field(column, BuiltInField.EMAIL)
                    : ColumnMapping.identifier(column, "email");
        }
        if (share(values, v -> v.replaceAll("\\D", "").length() >= 7 && !v.matches(".*[A-Za-z].*")
                && Phones.fromImport(v, region).isPresent()) >= ENOUGH) {
            return usedFields.add(BuiltInField.PHONE.key()) ? ColumnMapping.field(column, BuiltInField.PHONE)
                    : ColumnMapping.identifier(column, "phone");
        }
        if (!customFields) {
            return ColumnMapping.ignore(column);
        }
        DateColumn dates = DateColumn.decide(values, true);
        String type = share(values, v -> dates.parse(v).isPresent()) == 1 ? "date"
                : share(values, v -> Numbers.parse(v).isPresent()) == 1 ? "number"
                : share(values, v -> Booleans.parse(v).isPresent()) == 1 ? "boolean" : "text";
        return ColumnMapping.custom(column, ColumnMapping.customKeyFor(column), type, column);
    }

    private static double share(List<String> values, java.util.function.Predicate<String> test) {
        return values.stream().filter(test).count() / (double) values.size();
    }

    private static List<String> values(int index, List<SourceRow> sample) {
        List<String> values = new ArrayList<>();
        if (index < 0) {
            return values;
        }
        for (SourceRow row : sample) {
            if (index < row.cells().size() && row.cells().get(index) != null && !row.cells().get(index).isBlank()) {
                values.add(row.cells().get(index));
            }
        }
        return values;
    }

}
