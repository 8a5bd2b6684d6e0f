package org.registro.segment.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.registro.contact.ui.PersonChoice;
import org.registro.segment.SegmentService;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/** The right of the Segments area: the live count, the first members, and why someone is in or out. */
final class SegmentResultsView {

    private final SegmentBuilderModel model;

    SegmentResultsView(SegmentBuilderModel model) {
        this.model = model;
    }

    Node view() {
        Label count = new Label();
        count.setId("segment-count");
        count.getStyleClass().add(Styles.TITLE_1);
        count.textProperty().bind(Bindings.createStringBinding(() -> model.countProperty().get() < 0 ? "—"
                : I18n.number(model.countProperty().get()), model.countProperty()));
        Label unit = new Label(I18n.t("segments.contacts"));
        unit.getStyleClass().add(Styles.TEXT_MUTED);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.countingProperty());
        HBox countRow = new HBox(8, count, unit, busy);
        countRow.setAlignment(Pos.BASELINE_LEFT);
        Label countNote = new Label();
        countNote.setId("segment-count-note");
        countNote.setWrapText(true);
        countNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        countNote.textProperty().bind(model.countNoteProperty());
        countNote.managedProperty().bind(countNote.textProperty().isNotEmpty());
        countNote.visibleProperty().bind(countNote.managedProperty());

        TableView<SegmentService.Member> table = new TableView<>(model.preview());
        table.setId("segment-preview");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label();
        empty.textProperty().bind(Bindings.when(model.countingProperty()).then(I18n.t("segments.counting"))
                .otherwise(I18n.t("segments.noMembers")));
        table.setPlaceholder(empty);
        table.getColumns().add(Cells.textColumn(I18n.t("contacts.col.name"), m -> ((m.firstName() == null ? "" : m.firstName())
                + " " + (m.lastName() == null ? "" : m.lastName())).strip()));
        table.getColumns().add(Cells.textColumn(I18n.t("field.city"), m -> m.city() == null ? "" : m.city()));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.explain(now.id());
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        TextField who = new TextField();
        who.setId("explain-who");
        who.setPromptText(I18n.t("segments.explainPrompt"));
        who.setOnAction(e -> {
            if (!who.getText().isBlank()) {
                String typed = who.getText().strip();
                model.explain(typed, people -> PersonChoice.choose(who.getScene().getWindow(), typed, people));
            }
        });
        VBox explanation = new VBox(4);
        explanation.setId("segment-explanation");
        model.explanationProperty().addListener((obs, old, now) -> {
            explanation.getChildren().clear();
            if (now != null) {
                show(explanation, now, 0);
            }
        });
        Label previewTitle = new Label(I18n.t("segments.preview"));
        previewTitle.getStyleClass().add(Styles.TEXT_BOLD);
        Label why = new Label(I18n.t("segments.why"));
        why.getStyleClass().add(Styles.TEXT_BOLD);
        why.setWrapText(true);
        why.setMinHeight(Region.USE_PREF_SIZE);
        VBox box = new VBox(10, countRow, countNote, previewTitle, table, why, who, explanation);
        box.setPadding(new Insets(16, 12, 12, 8));
        box.setMinWidth(280);
        return box;
    }

    private static void show(VBox into, SegmentService.Explanation e, int depth) {
        FontIcon icon = new FontIcon(e.matched() ? MaterialDesignC.CHECK_CIRCLE_OUTLINE : MaterialDesignC.CLOSE_CIRCLE_OUTLINE);
        icon.getStyleClass().add(e.matched() ? "explain-yes" : "explain-no");
        Label line = new Label(e.description(), icon);
        line.setWrapText(true);
        line.setPadding(new Insets(0, 0, 0, depth * 16));
        into.getChildren().add(line);
        e.parts().forEach(p -> show(into, p, depth + 1));
    }
}
