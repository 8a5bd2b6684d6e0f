package org.registro.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.registro.common.SpreadsheetText;

/**
 * Turns a contact into the cells of one line, as the template says, with the destination's formula rule (see
 * {@link ListFormat}): in CSV every cell but the email is neutralized; in a workbook nothing is, as every cell is
 * text. The columns are resolved once per export, not once per cell.
 */
final class RowFormat {

    private final List<Function<ExportRow, String>> values = new ArrayList<>();
    private final boolean[] neutralize;

    RowFormat(ExportTemplate template) {
        boolean csv = !template.destination().workbook() && template.csv().neutralizeFormulas();
        neutralize = new boolean[template.columns().size()];
        int i = 0;
        for (ExportColumn column : template.columns()) {
            values.add(column.builtIn().<Function<ExportRow, String>>map(f -> f::value).orElseGet(() -> {
                String key = column.customKey().orElse("");
                return row -> row.custom().getOrDefault(key, "");
            }));
            neutralize[i++] = csv && !ExportField.EMAIL.code().equals(column.field());
        }
    }

    List<String> cells(ExportRow row) {
        String[] cells = new String[neutralize.length];
        for (int i = 0; i < cells.length; i++) {
            String value = values.get(i).apply(row);
            cells[i] = neutralize[i] ? SpreadsheetText.defuse(value) : value;
        }
        return Arrays.asList(cells);
    }
}
