package org.registro.export;

import java.util.Optional;

/**
 * One column of an export: what it holds ({@link ExportField} code or {@code custom:<key>}) and the header written
 * for it, which the user may rename.
 */
public record ExportColumn(String field, String header) {

    public ExportColumn {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field");
        }
        header = header == null || header.isBlank() ? field : header.trim();
    }

    public static ExportColumn of(ExportField field, String header) {
        return new ExportColumn(field.code(), header);
    }

    /** The built-in field, or empty for a custom field. */
    public Optional<ExportField> builtIn() {
        return ExportField.byCode(field);
    }

    /** The custom field's key, or empty for a built-in field. */
    public Optional<String> customKey() {
        return field.startsWith(ExportField.CUSTOM_PREFIX)
                ? Optional.of(field.substring(ExportField.CUSTOM_PREFIX.length())) : Optional.empty();
    }
}
