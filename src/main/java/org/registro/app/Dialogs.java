package org.registro.app;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** Standard message boxes. */
public final class Dialogs {

    private Dialogs() {
    }

    public static void error(Window owner, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR, I18n.errorText(error), ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(I18n.t("app.name"));
        alert.setHeaderText(I18n.t("error.title"));
        alert.getDialogPane().setId("error-dialog");
        alert.showAndWait();
    }

    public static void info(Window owner, String header, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(I18n.t("app.name"));
        alert.setHeaderText(header);
        alert.showAndWait();
    }
}
