package org.registro.ingest.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.registro.ingest.BuiltInField;
import org.registro.ingest.ParsedRow;
import org.registro.ingest.Target;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/** The two tables of the mapping step: each column with what it becomes, and the first rows as they will be saved. */
final class ImportTables {

    private ImportTables() {
    }

    /** A numbered column ("Column 3", the same name in every language so saved mappings match) in the user's. */
    static String shown(String column) {
        return column.matches("Column \\d+") ? I18n.t("import.column.numbered", column.substring(7)) : column;
    }

    static TableView<ImportViewModel.ColumnRow> mapping(ImportViewModel model) {
        TableView<ImportViewModel.ColumnRow> table = new TableView<>(model.columns());
        table.setId("import-mapping");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ImportViewModel.ColumnRow, String> column = new TableColumn<>(I18n.t("import.col.column"));
        column.setCellValueFactory(c -> new SimpleStringProperty(shown(c.getValue().column())));
        column.setPrefWidth(220);
        TableColumn<ImportViewModel.ColumnRow, String> values = new TableColumn<>(I18n.t("import.col.values"));
        values.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().samples()));
        values.setPrefWidth(340);
        TableColumn<ImportViewModel.ColumnRow, ImportViewModel.ColumnRow> target =
                new TableColumn<>(I18n.t("import.col.becomes"));
        target.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
        target.setCellFactory(c -> new TableCell<>() {
            private final ComboBox<ImportViewModel.Choice> box = new ComboBox<>();

            {
                box.setMaxWidth(Double.MAX_VALUE);
                box.setVisibleRowCount(14);
                box.getStyleClass().add(Styles.SMALL);
            }

            @Override
            protected void updateItem(ImportViewModel.ColumnRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                box.setOnAction(null);
                List<ImportViewModel.Choice> choices = ImportViewModel.choices(row.column(),
                        row.mappingProperty().get());
                box.getItems().setAll(choices);
                box.setValue(ImportViewModel.choiceFor(choices, row.mappingProperty().get()));
                box.setOnAction(e -> {
                    if (box.getValue() != null) {
                        row.mappingProperty().set(box.getValue().mapping());
                    }
                });
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("ignored"),
                        row.mappingProperty().get().target() == Target.IGNORE);
                setGraphic(box);
            }
        });
        target.setPrefWidth(360);
        table.getColumns().setAll(List.of(column, values, target));
        table.setPlaceholder(new Label(I18n.t("import.noColumns")));
        return table;
    }

    static TableView<ParsedRow> preview(ImportViewModel model) {
        TableView<ParsedRow> table = new TableView<>(model.preview());
        table.setId("import-preview");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ParsedRow, String> line = text("import.col.line", r -> Long.toString(r.line()), 60);
        line.setMinWidth(64);
        table.getColumns().add(line);
        table.getColumns().add(text("import.target.field.firstName", r -> field(r, BuiltInField.FIRST_NAME), 110));
        table.getColumns().add(text("import.target.field.lastName", r -> field(r, BuiltInField.LAST_NAME), 130));
        table.getColumns().add(text("import.target.field.email", r -> field(r, BuiltInField.EMAIL), 210));
        table.getColumns().add(text("import.target.field.phone", r -> field(r, BuiltInField.PHONE), 125));
        table.getColumns().add(text("import.target.field.city", r -> field(r, BuiltInField.CITY), 95));
        table.getColumns().add(text("import.col.tags", r -> String.join(", ", r.tags()), 110));
        table.getColumns().add(text("import.col.consent", ImportTables::consent, 250));
        table.getColumns().add(text("import.col.problems", ImportTables::problems, 200));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ParsedRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("row-rejected", "row-problem");
                if (!empty && row != null) {
                    if (row.rejected()) {
                        getStyleClass().add("row-rejected");
                    } else if (!row.problems().isEmpty()) {
                        getStyleClass().add("row-problem");
                    }
                }
            }
        });
        table.setPlaceholder(new Label(I18n.t("import.noRows")));
        return table;
    }

    private static String field(ParsedRow row, BuiltInField field) {
        Object value = row.fields().get(field);
        if (value == null && field == BuiltInField.EMAIL) {
            return row.identifiers().stream().filter(i -> i.kind().equals("email")).map(ParsedRow.Identifier::normalized)
                    .findFirst().orElse("");
        }
        return value == null ? "" : value.toString();
    }

    /** Per channel, where the row leaves consent ("Email: Withdrawn"), and how many changes lead there. */
    private static String consent(ParsedRow row) {
        java.util.Map<String, List<ParsedRow.ConsentFact>> byChannel = new java.util.LinkedHashMap<>();
        row.consents().forEach(c -> byChannel.computeIfAbsent(c.channel(), k -> new java.util.ArrayList<>()).add(c));
        List<String> parts = new java.util.ArrayList<>();
        byChannel.forEach((channel, facts) -> {
            ParsedRow.ConsentFact last = facts.get(facts.size() - 1);
            parts.add(I18n.t("channel." + channel) + ": " + I18n.t("consent.status." + last.status())
                    + (facts.size() > 1 ? " " + I18n.t("import.col.consentSteps", facts.size()) : ""));
        });
        return String.join(", ", parts);
    }

    private static String problems(ParsedRow row) {
        List<String> all = new java.util.ArrayList<>();
        if (row.rejection() != null) {
            all.add(I18n.t(row.rejection().key(), row.rejection().args()));
        }
        row.problems().forEach(p -> all.add((p.column() == null ? "" : p.column() + ": ")
                + I18n.t(p.key(), p.args())));
        return String.join(" · ", all);
    }

    private static TableColumn<ParsedRow, String> text(String key, java.util.function.Function<ParsedRow, String> value,
                                                      double width) {
        TableColumn<ParsedRow, String> column = Cells.textColumn(I18n.t(key), value);
        column.setPrefWidth(width);
        return column;
    }
}
