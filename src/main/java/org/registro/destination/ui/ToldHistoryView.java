package org.registro.destination.ui;

import atlantafx.base.theme.Styles;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import org.registro.destination.DestinationService;
import org.registro.destination.Told;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * A person's email tools for their consent tab: what each tool was told about them and when — by a list sent to
 * it, its own export, or a changes file (with why: "withdrew", "address bounced"…).
 */
public final class ToldHistoryView {

    /** Reads what the tools were told, off the FX thread. */
    public static final class Model {
        private final ObservableList<Told> told = FXCollections.observableArrayList();

        public Model(DestinationService destinations, TaskRunner tasks, long contactId) {
            tasks.run(null, p -> destinations.history(contactId), told::setAll, e -> told.clear());
        }

        public ObservableList<Told> told() {
            return told;
        }
    }

    private final VBox root = new VBox(8);

    public ToldHistoryView(Model model) {
        root.setId("told-history");
        root.setPadding(new Insets(8, 0, 0, 0));
        Label title = new Label(I18n.t("told.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        ListView<Told> list = new ListView<>(model.told());
        list.setId("told-history-list");
        list.setPrefHeight(190);
        list.setPlaceholder(new Label(I18n.t("told.none")));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Told t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label what = new Label(I18n.t("told.line", t.destinationName(),
                        I18n.t("destination.status." + t.status())));
                what.getStyleClass().add(Styles.TEXT_BOLD);
                Label detail = new Label(I18n.dateTime(t.toldAt()) + " · " + how(t) + " · " + t.email());
                detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                detail.setWrapText(true);
                setGraphic(new VBox(2, what, detail));
                setText(null);
            }
        });
        root.getChildren().addAll(title, list);
    }

    /** "changes file · withdrew (since 4 Dec 2026)", "list sent", "its own export". */
    static String how(Told t) {
        String via = I18n.t("told.via." + t.via());
        if (t.reason() == null) {
            return via;
        }
        String why = I18n.t("destination.why." + t.reason().code());
        return t.since() == null ? via + " · " + why : I18n.t("told.viaSince", via, why, I18n.shortDate(t.since()));
    }

    public Node view() {
        return root;
    }
}
