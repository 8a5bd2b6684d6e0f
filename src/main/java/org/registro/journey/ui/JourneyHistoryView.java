package org.registro.journey.ui;

import atlantafx.base.theme.Styles;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import org.registro.journey.JourneyService;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/** A person's journeys for their profile: each step they passed, when, and how they left it. */
public final class JourneyHistoryView {

    /** Reads the person's journey history off the FX thread. */
    public static final class Model {
        private final ObservableList<JourneyService.Visit> visits = FXCollections.observableArrayList();

        public Model(JourneyService journeys, TaskRunner tasks, long contactId) {
            tasks.run(null, p -> journeys.history(contactId), visits::setAll, e -> visits.clear());
        }

        public ObservableList<JourneyService.Visit> visits() {
            return visits;
        }
    }

    private final VBox root = new VBox(8);

    public JourneyHistoryView(Model model) {
        root.setId("journey-history");
        root.setPadding(new Insets(8, 0, 0, 0));
        Label title = new Label(I18n.t("journey.history.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        TableView<JourneyService.Visit> table = new TableView<>(model.visits());
        table.setId("journey-history-table");
        table.setPrefHeight(160);
        table.setPlaceholder(new Label(I18n.t("journey.history.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Cells.textColumn(I18n.t("journey.history.when"), v -> I18n.dateTime(v.enteredAt())));
        table.getColumns().add(Cells.textColumn(I18n.t("journey.history.journey"), JourneyService.Visit::journey));
        table.getColumns().add(Cells.textColumn(I18n.t("journey.history.step"),
                v -> v.stepLabel() == null ? v.step() : v.stepLabel()));
        table.getColumns().add(Cells.textColumn(I18n.t("journey.history.outcome"),
                v -> v.leftAt() == null ? I18n.t("journey.history.waiting") : StepText.outcome(v.outcome())));
        root.getChildren().addAll(title, table);
    }

    public Node view() {
        return root;
    }
}
