package org.registro.contact.ui;

import javafx.scene.Node;

/**
 * Builds a tab of a contact's profile that belongs to another area: the app gives the consent area's preference
 * centre, and the recommendations' "Recommended next".
 */
@FunctionalInterface
public interface ProfileTab {
    Node create(long contactId);
}
