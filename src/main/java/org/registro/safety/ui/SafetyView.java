package org.registro.safety.ui;

import atlantafx.base.theme.Styles;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.registro.safety.WorkspaceCheck;
import org.registro.ui.I18n;
import org.registro.workspace.Backups;
import org.registro.workspace.ui.BackupText;

/**
 * Backups and safety on the Settings page: the backups, newest first, with "Back up now" and "Restore…"; "Check
 * the workspace" with its findings in words; "Encrypt…" or "Change the password…".
 */
public final class SafetyView {

    private final SafetyModel model;
    private final VBox root = new VBox(10);

    public SafetyView(SafetyModel model) {
        this.model = model;
        root.setId("safety");
        ListView<Backups.Backup> list = new ListView<>(model.backups());
        list.setId("safety-backups");
        list.setPrefHeight(190);
        list.setMaxWidth(720);
        list.setPlaceholder(new Label(I18n.t("safety.noBackups")));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Backups.Backup b, boolean empty) {
                super.updateItem(b, empty);
                setText(empty || b == null ? null : BackupText.describe(b));
            }
        });
        Label about = new Label(I18n.t("safety.about", Backups.KEEP_AUTOMATIC));
        about.setWrapText(true);
        about.setMaxWidth(720);
        about.setMinHeight(Region.USE_PREF_SIZE);
        about.getStyleClass().add(Styles.TEXT_MUTED);

        Button backup = new Button(I18n.t("settings.backupNow"), new FontIcon(MaterialDesignB.BACKUP_RESTORE));
        backup.setId("settings-backup");
        backup.setOnAction(e -> model.backupNow());
        Button restore = new Button(I18n.t("safety.restore"), new FontIcon(MaterialDesignB.BACKUP_RESTORE));
        restore.setId("safety-restore");
        restore.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        restore.setOnAction(e -> confirmRestore(list.getSelectionModel().getSelectedItem()));
        Button check = new Button(I18n.t("safety.check"), new FontIcon(MaterialDesignS.SHIELD_CHECK_OUTLINE));
        check.setId("safety-check");
        check.setOnAction(e -> model.check(this::showReport));
        Button encrypt = new Button(I18n.t("safety.encrypt"), new FontIcon(MaterialDesignL.LOCK_OUTLINE));
        encrypt.setId("safety-encrypt");
        encrypt.setOnAction(e -> passwords(false).ifPresent(p -> model.encrypt(p[1])));
        Button password = new Button(I18n.t("safety.password"), new FontIcon(MaterialDesignK.KEY_OUTLINE));
        password.setId("safety-password");
        password.setOnAction(e -> passwords(true).ifPresent(p -> model.changePassword(p[0], p[1])));
        encrypt.visibleProperty().bind(model.encryptedProperty().not());
        encrypt.managedProperty().bind(encrypt.visibleProperty());
        password.visibleProperty().bind(model.encryptedProperty());
        password.managedProperty().bind(password.visibleProperty());
        FlowPane buttons = new FlowPane(10, 8, backup, restore, check, encrypt, password);
        if (model.team()) { // the server keeps the data: nothing here to encrypt
            buttons.getChildren().removeAll(encrypt, password);
        }
        org.registro.ui.Page.shownIf(model.mayRestore(), restore);

        Label message = new Label();
        message.setId("safety-message");
        message.setWrapText(true);
        message.setMaxWidth(720);
        message.textProperty().bind(Bindings.when(model.errorProperty().isEmpty()).then(model.messageProperty())
                .otherwise(model.errorProperty()));
        root.getChildren().addAll(about, list, buttons, message);
    }

    private void confirmRestore(Backups.Backup backup) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, I18n.t(model.team() ? "safety.restoreConfirmTeam"
                : "safety.restoreConfirm",
                BackupText.describe(backup)), ButtonType.OK, ButtonType.CANCEL);
        confirm.initOwner(root.getScene().getWindow());
        confirm.setHeaderText(I18n.t("safety.restore"));
        confirm.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        confirm.getDialogPane().setId("safety-restore-confirm");
        confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> model.restore(backup, null));
    }

    private void showReport(WorkspaceCheck.Report report) {
        VBox lines = new VBox(6);
        lines.setPadding(new Insets(8, 12, 8, 12));
        Label summary = new Label(I18n.t(report.ok() ? "safety.checkOk" : "safety.checkProblems",
                I18n.number(report.rowsRead()), report.tables()));
        summary.setWrapText(true);
        summary.getStyleClass().add(report.ok() ? Styles.SUCCESS : Styles.DANGER);
        lines.getChildren().add(summary);
        for (WorkspaceCheck.Finding f : report.findings()) {
            Label line = new Label(f.text(), new FontIcon(f.severity() == WorkspaceCheck.Severity.ERROR
                    ? MaterialDesignL.LIGHTNING_BOLT_OUTLINE : MaterialDesignS.SHIELD_ALERT_OUTLINE));
            line.setWrapText(true);
            line.setMaxWidth(520);
            line.setMinHeight(Region.USE_PREF_SIZE);
            lines.getChildren().add(line);
        }
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(I18n.t("safety.check"));
        dialog.getDialogPane().setId("safety-report");
        dialog.getDialogPane().setContent(lines);
        ButtonType repair = new ButtonType(I18n.t("safety.repairConsent"));
        if (report.findings().stream().anyMatch(f -> f.code().equals("consentState"))) {
            dialog.getDialogPane().getButtonTypes().add(repair);
        }
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.showAndWait().filter(b -> b == repair).ifPresent(b -> model.repairConsent(this::showReport));
    }

    /** Asks for the new password twice (and the current one when changing it); [current, new]. */
    private Optional<char[][]> passwords(boolean current) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(I18n.t(current ? "safety.password" : "safety.encrypt"));
        dialog.setHeaderText(I18n.t(current ? "safety.passwordHeader" : "safety.encryptHeader"));
        dialog.getDialogPane().setId("safety-passwords");
        PasswordField old = new PasswordField();
        old.setId("safety-old-password");
        PasswordField first = new PasswordField();
        first.setId("safety-new-password");
        PasswordField again = new PasswordField();
        again.setId("safety-repeat-password");
        Label mismatch = new Label(I18n.t("safety.mismatch"));
        mismatch.getStyleClass().add(Styles.DANGER);
        mismatch.visibleProperty().bind(Bindings.createBooleanBinding(() -> !again.getText().isEmpty()
                && !again.getText().equals(first.getText()), first.textProperty(), again.textProperty()));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(4));
        int row = 0;
        if (current) {
            grid.addRow(row++, new Label(I18n.t("safety.currentPassword")), old);
        }
        grid.addRow(row++, new Label(I18n.t("safety.newPassword")), first);
        grid.addRow(row++, new Label(I18n.t("safety.repeatPassword")), again);
        grid.add(mismatch, 1, row);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.disableProperty().bind(Bindings.createBooleanBinding(() -> first.getText().isEmpty()
                        || !first.getText().equals(again.getText()) || current && old.getText().isEmpty(),
                first.textProperty(), again.textProperty(), old.textProperty()));
        return dialog.showAndWait().filter(b -> b == ButtonType.OK)
                .map(b -> new char[][] {old.getText().toCharArray(), first.getText().toCharArray()});
    }

    public Node view() {
        return root;
    }
}
