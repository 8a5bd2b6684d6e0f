package org.registro.contact.ui;

import javafx.scene.Node;

/** Builds the consent tab of a contact's profile; the app gives the preference centre of the consent area. */
@FunctionalInterface
public interface ConsentTab {
    Node create(long contactId);
}
