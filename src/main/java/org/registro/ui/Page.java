package org.registro.ui;

import javafx.scene.Node;

/** One area's screen inside the shell. */
public interface Page {

    Node view();

    /** Called each time the page is shown, to refresh what may have changed elsewhere. */
    default void onShow() {
    }

    /**
     * Called when someone else changed the team workspace (at most every couple of seconds): a page that shows
     * figures or rows reads them again, keeping the user's place.
     */
    default void othersChanged() {
    }

    /**
     * Hides what changes the workspace when the user may not edit it (a team workspace's viewer, who reads and
     * exports transactional lists; the server refuses the rest anyway). A folder's user may.
     */
    default void allowEdits(boolean allowed) {
    }

    /** Shows {@code nodes} only when {@code allowed}; hidden ones leave no gap. */
    static void shownIf(boolean allowed, Node... nodes) {
        for (Node node : nodes) {
            node.setVisible(allowed);
            node.setManaged(allowed);
        }
    }

    /** Shows {@code nodes} while {@code allowed} holds; hidden ones leave no gap. */
    static void shownWhen(javafx.beans.value.ObservableValue<Boolean> allowed, Node... nodes) {
        for (Node node : nodes) {
            node.visibleProperty().bind(allowed);
            node.managedProperty().bind(allowed);
        }
    }

    /** Called when the user presses Ctrl+F on this page; pages with a search field focus it. */
    default void focusSearch() {
    }

    /** A page's title with a muted, wrapping line under it that says what the page is for. */
    static javafx.scene.layout.VBox header(String title, String subtitle) {
        var heading = new javafx.scene.control.Label(title);
        heading.getStyleClass().add(atlantafx.base.theme.Styles.TITLE_3);
        var line = new javafx.scene.control.Label(subtitle);
        line.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        line.setWrapText(true);
        var header = new javafx.scene.layout.VBox(2, heading, line);
        header.setPadding(new javafx.geometry.Insets(0, 0, 12, 0));
        return header;
    }

    /** {@code content} in a vertical scroll pane without a border, as pages and panels show long content. */
    static javafx.scene.control.ScrollPane scrolling(Node content) {
        var scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        return scroll;
    }
}
