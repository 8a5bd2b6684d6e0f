package org.registro.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Scene;

/** Light and dark themes: AtlantaFX as the user-agent stylesheet, our own CSS on top. */
public final class Theme {

    public static final String LIGHT = "light";
    public static final String DARK = "dark";
    private static final PseudoClass DARK_CLASS = PseudoClass.getPseudoClass("dark");
    private static final String CSS = Theme.class.getResource("registro.css").toExternalForm();

    private Theme() {
    }

    public static void apply(Scene scene, String theme) {
        boolean dark = DARK.equals(theme);
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        if (!scene.getStylesheets().contains(CSS)) {
            scene.getStylesheets().add(CSS);
        }
        if (scene.getRoot() != null) {
            scene.getRoot().pseudoClassStateChanged(DARK_CLASS, dark);
        }
    }
}
