package org.registro.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** Standard message boxes. */
public final class Dialogs {

    private Dialogs() {
    }

    /**
     * Shows an error for work started from {@code anchor}'s screen; if that screen has been closed
     * meanwhile (the user moved on), there is nobody to tell and nothing is shown.
     */
    public static void error(javafx.scene.Node anchor, Throwable error) {
        if (anchor.getScene() == null || anchor.getScene().getWindow() == null) {
            return;
        }
        error(anchor.getScene().getWindow(), error);
    }

    public static void error(Window owner, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR, I18n.errorText(error), ok());
        alert.initOwner(owner);
        alert.setTitle(I18n.t("app.name"));
        alert.setHeaderText(I18n.t("error.title"));
        alert.getDialogPane().setId("error-dialog");
        centerOver(alert, owner);
        alert.showAndWait();
    }

    /** An OK button in the chosen language (JavaFX's own is fixed to the language at start-up). */
    private static ButtonType ok() {
        return new ButtonType(I18n.t("action.ok"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
    }

    public static void info(Window owner, String header, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ok());
        alert.initOwner(owner);
        alert.setTitle(I18n.t("app.name"));
        alert.setHeaderText(header);
        centerOver(alert, owner);
        alert.showAndWait();
    }

    /**
     * Places {@code dialog} over the middle of {@code owner} once its size is known (window managers that place
     * new windows themselves would otherwise put it in a corner, away from what it is about).
     */
    public static void centerOver(javafx.scene.control.Dialog<?> dialog, Window owner) {
        var shown = dialog.getOnShown();
        dialog.setOnShown(e -> {
            var window = dialog.getDialogPane().getScene().getWindow();
            if (owner != null && owner.getWidth() > 0) {
                window.setX(owner.getX() + (owner.getWidth() - window.getWidth()) / 2);
                window.setY(owner.getY() + (owner.getHeight() - window.getHeight()) / 3);
            }
            if (shown != null) {
                shown.handle(e);
            }
        });
    }
}
