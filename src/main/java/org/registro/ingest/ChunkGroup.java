package org.registro.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.registro.ingest.ParsedRow.Identifier;

/** The contact a group of rows is applied to: an existing one, or one to create. */
final class ChunkGroup {
    Long contactId;
    final boolean existing;
    final List<ParsedRow> rows = new ArrayList<>();
    final Map<BuiltInField, Object> fields = new LinkedHashMap<>();
    final List<Identifier> identifiers = new ArrayList<>();
    final Map<String, Object> custom = new LinkedHashMap<>();
    final Set<String> tags = new LinkedHashSet<>();
    /** The first and last names the contact is known by: stored, and given by the rows applied to it. */
    final List<String[]> names = new ArrayList<>();
    boolean changed;

    ChunkGroup(Long contactId) {
        this.contactId = contactId;
        this.existing = contactId != null;
    }

    void absorb(ParsedRow row) {
        rows.add(row);
        names.add(new String[] {text(row.fields(), BuiltInField.FIRST_NAME),
                text(row.fields(), BuiltInField.LAST_NAME)});
        fields.putAll(row.fields());
        custom.putAll(row.custom());
        tags.addAll(row.tags());
    }

    /** A field's value as text, null when absent. */
    static String text(Map<BuiltInField, Object> fields, BuiltInField field) {
        Object value = fields.get(field);
        return value == null ? null : value.toString();
    }

    /** This contact's value of a field as the rows give it, as text. */
    String text(BuiltInField field) {
        return text(fields, field);
    }
}
