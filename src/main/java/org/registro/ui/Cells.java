package org.registro.ui;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.TableColumn;
import javafx.util.StringConverter;

/** The small pieces every screen's tables and pickers need: text columns, display converters, typed dates. */
public final class Cells {

    private Cells() {
    }

    /** A read-only column showing {@code value} of each row. */
    public static <T> TableColumn<T, String> textColumn(String title, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new SimpleStringProperty(value.apply(c.getValue())));
        return column;
    }

    /**
     * Keeps every column of the table at least as wide as its header's words ("Actualizados", not
     * "Actualiza…"), in whatever language; the table scrolls sideways when they do not all fit.
     */
    public static void keepHeaders(javafx.scene.control.TableView<?> table) {
        keepHeaders(table.getColumns());
    }

    /** {@link #keepHeaders(javafx.scene.control.TableView)} for columns added to a table later. */
    public static void keepHeaders(java.util.Collection<? extends TableColumn<?, ?>> columns) {
        javafx.scene.text.Font bold = javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                javafx.scene.text.FontWeight.BOLD, javafx.scene.text.Font.getDefault().getSize());
        for (TableColumn<?, ?> column : columns) {
            if (column.getText() == null || column.getText().isBlank()) {
                continue;
            }
            javafx.scene.text.Text measure = new javafx.scene.text.Text(column.getText());
            measure.setFont(bold);
            double width = Math.ceil(measure.getLayoutBounds().getWidth()) + (column.isSortable() ? 46 : 30); // room for the sort arrow
            column.setMinWidth(Math.max(column.getMinWidth(), width));
            column.setPrefWidth(Math.max(column.getPrefWidth(), width));
        }
    }

    /**
     * Event types by their names ("Gave a donation") in an editable picker: a name typed back is the type it
     * names among {@code known}; anything else typed is taken as written (an import's own word).
     */
    public static StringConverter<String> eventTypes(java.util.function.Supplier<java.util.List<String>> known) {
        return new StringConverter<>() {
            @Override
            public String toString(String code) {
                return code == null ? "" : I18n.eventType(code);
            }

            @Override
            public String fromString(String text) {
                if (text == null || text.isBlank()) {
                    return null;
                }
                return known.get().stream().filter(t -> I18n.eventType(t).equalsIgnoreCase(text.strip())).findFirst()
                        .orElse(text.strip());
            }
        };
    }

    /** Shows values of a picker as {@code text} says (nothing for null); pickers never parse text back. */
    public static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                return null;
            }
        };
    }

    /** A date picker's text in the user's typed format (four-digit years); what cannot be read is no date. */
    public static StringConverter<LocalDate> inputDate() {
        return new StringConverter<>() {
            @Override
            public String toString(LocalDate date) {
                return date == null ? "" : I18n.inputDateFormat().format(date);
            }

            @Override
            public LocalDate fromString(String text) {
                if (text == null || text.isBlank()) {
                    return null;
                }
                try {
                    return LocalDate.parse(text.strip(), I18n.inputDateFormat());
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        };
    }
}
