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
}
