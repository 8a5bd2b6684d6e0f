package org.registro.ingest.ui;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import org.registro.ingest.ImportRecords;
import org.registro.ui.Dialogs;
import org.registro.ui.I18n;

/** The import's last step: what the file did (created, updated, rejected…), where the rejects are, what next. */
final class ImportDoneView {

    private final ImportViewModel model;
    private final Node history;
    private final Runnable showContacts;
    private Node shown;

    ImportDoneView(ImportViewModel model, Node history, Runnable showContacts) {
        this.model = model;
        this.history = history;
        this.showContacts = showContacts;
    }

    Node view() {
        ImportRecords.Summary s = model.summaryProperty().get();
        if (s == null) {
            return new VBox();
        }
        Label title = new Label(s.dryRun() ? I18n.t("import.done.dryRun", s.fileName())
                : I18n.t("import.done", s.fileName()));
        title.getStyleClass().add(Styles.TITLE_3);
        FlowPane counts = new FlowPane(12, 12,
                count("import.count.read", s.read(), null),
                count("import.count.created", s.created(), Styles.SUCCESS),
                count("import.count.updated", s.updated(), Styles.ACCENT),
                count("import.count.unchanged", s.unchanged(), null),
                count("import.count.rejected", s.rejected(), s.rejected() > 0 ? Styles.DANGER : null),
                count("import.count.problems", s.withProblems(), s.withProblems() > 0 ? Styles.WARNING : null),
                count("import.count.conflicts", s.conflicts(), s.conflicts() > 0 ? Styles.WARNING : null));
        counts.setId("import-summary");
        VBox card = new VBox(14, title, counts);
        if (s.reimportOf() != null) {
            card.getChildren().add(ImportPage.notice("import-done-reimport", I18n.t("import.done.reimport", s.reimportOf()),
                    Styles.ACCENT));
        }
        if (s.conflicts() > 0) {
            card.getChildren().add(ImportPage.notice("import-done-conflicts", I18n.t("import.done.conflicts", s.conflicts()),
                    Styles.WARNING));
        }
        List<String> notImported = model.mapping().notImported();
        if (!notImported.isEmpty()) {
            card.getChildren().add(ImportPage.notice("import-done-not-imported", I18n.t("import.done.notImported",
                    notImported.size(), String.join(", ", notImported)), Styles.ACCENT));
        }
        HBox actions = new HBox(10);
        if (s.rejectFile() != null) {
            Label where = new Label(I18n.t("import.done.rejects", s.rejectFile().toString()));
            where.setWrapText(true);
            where.getStyleClass().add(Styles.TEXT_MUTED);
            card.getChildren().add(where);
            Button open = new Button(I18n.t("import.done.openRejects"), new FontIcon(MaterialDesignF.FILE_EXCEL_OUTLINE));
            open.setId("import-open-rejects");
            open.setOnAction(e -> openExternally(s.rejectFile()));
            actions.getChildren().add(open);
        }
        Button contacts = new Button(I18n.t("import.done.contacts"), new FontIcon(MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE));
        contacts.setId("import-view-contacts");
        contacts.setOnAction(e -> showContacts.run());
        Button another = new Button(s.dryRun() ? I18n.t("import.done.back") : I18n.t("import.another"),
                new FontIcon(MaterialDesignU.UPLOAD_OUTLINE));
        another.setId("import-another");
        another.getStyleClass().add(Styles.ACCENT);
        another.setOnAction(e -> {
            if (s.dryRun()) {
                model.stepProperty().set(ImportViewModel.Step.MAP);
            } else {
                model.reset();
            }
        });
        actions.getChildren().addAll(contacts, another);
        card.getChildren().add(actions);
        card.getStyleClass().add("import-card");
        card.setMaxWidth(900);
        VBox box = new VBox(22, card, history);
        box.setPadding(new Insets(28, 32, 28, 32));
        box.setAlignment(Pos.TOP_CENTER);
        shown = box;
        return box;
    }

    private static Node count(String key, long value, String style) {
        Label number = new Label(I18n.number(value));
        number.getStyleClass().addAll(Styles.TITLE_2, "count-number");
        if (style != null) {
            number.getStyleClass().add(style);
        }
        Label label = new Label(I18n.t(key));
        label.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(2, number, label);
        box.getStyleClass().add("count-tile");
        return box;
    }

    private void openExternally(Path file) {
        Thread opener = new Thread(() -> {
            try {
                java.awt.Desktop.getDesktop().open(file.toFile());
            } catch (Exception | Error e) {
                javafx.application.Platform.runLater(() -> Dialogs.info(window(),
                        I18n.t("import.done.openRejects"), I18n.t("import.done.rejects", file.toString())));
            }
        }, "open-reject-file");
        opener.setDaemon(true);
        opener.start();
    }

    private javafx.stage.Window window() {
        return shown == null || shown.getScene() == null ? null : shown.getScene().getWindow();
    }
}
