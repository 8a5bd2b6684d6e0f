package org.registro.ui;

import javafx.scene.Node;

/** One area's screen inside the shell. */
public interface Page {

    Node view();

    /** Called each time the page is shown, to refresh what may have changed elsewhere. */
    default void onShow() {
    }

    /** Called when the user presses Ctrl+F on this page; pages with a search field focus it. */
    default void focusSearch() {
    }

    /** {@code content} in a vertical scroll pane without a border, as pages and panels show long content. */
    static javafx.scene.control.ScrollPane scrolling(Node content) {
        var scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        return scroll;
    }
}
