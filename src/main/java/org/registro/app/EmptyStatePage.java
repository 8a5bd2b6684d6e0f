package org.registro.app;

import org.registro.ui.Page;
import org.registro.ui.I18n;
import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The screen of an area whose capability is still being built: what it will do, in the user's words.
 * Each such area is owned by an open issue and replaced when that issue is done.
 */
public final class EmptyStatePage implements Page {

    private final VBox view;

    public EmptyStatePage(Area area) {
        String key = "empty." + area.name().toLowerCase(java.util.Locale.ROOT);
        FontIcon icon = new FontIcon(area.icon());
        icon.getStyleClass().add("empty-state-icon");
        Label title = new Label(area.label());
        title.getStyleClass().add(Styles.TITLE_2);
        Label text = new Label(I18n.t(key + ".text"));
        text.setWrapText(true);
        text.getStyleClass().add("empty-state-text");
        Label planned = new Label(I18n.t("empty.planned"));
        planned.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        view = new VBox(14, icon, title, text, planned);
        view.setAlignment(Pos.CENTER);
        view.setMaxWidth(560);
        view.getStyleClass().add("empty-state");
        view.setId("page-" + area.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Node view() {
        return view;
    }
}
