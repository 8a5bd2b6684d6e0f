package org.registro.export;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.registro.common.Json;

/**
 * A destination with its chosen, renamed and ordered columns and CSV options; saved under a name to be used again.
 * Stored as JSON with every export, so an earlier list can be written again the same way.
 */
public record ExportTemplate(String name, ListFormat destination, List<ExportColumn> columns, CsvOptions csv) {

    public ExportTemplate {
        if (destination == null) {
            throw new IllegalArgumentException("destination");
        }
        columns = List.copyOf(columns == null || columns.isEmpty() ? destination.defaultColumns() : columns);
        csv = csv == null ? destination.defaultCsv() : csv;
    }

    public ExportTemplate named(String newName) {
        return new ExportTemplate(newName, destination, columns, csv);
    }

    public ExportTemplate withColumns(List<ExportColumn> newColumns) {
        return new ExportTemplate(name, destination, newColumns, csv);
    }

    public ExportTemplate withCsv(CsvOptions options) {
        return new ExportTemplate(name, destination, columns, options);
    }

    @JsonIgnore
    public List<String> headers() {
        return columns.stream().map(ExportColumn::header).toList();
    }

    public String toJson() {
        return Json.write(this);
    }

    public static ExportTemplate fromJson(String json) {
        return Json.read(json, ExportTemplate.class);
    }
}
