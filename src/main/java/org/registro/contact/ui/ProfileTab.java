package org.registro.contact.ui;

import javafx.scene.Node;

/**
 * Builds a part of a contact's profile that belongs to another area: the app gives the consent area's preference
 * centre (the consent tab) and what to offer them next (under their details).
 */
@FunctionalInterface
public interface ProfileTab {
    Node create(long contactId);
}
