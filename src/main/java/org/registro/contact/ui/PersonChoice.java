package org.registro.contact.ui;

import java.util.List;
import java.util.Optional;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.Window;
import org.registro.contact.ContactLookup;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/** When a typed name fits several people: which one is meant, each shown with what tells namesakes apart. */
public final class PersonChoice {

    private PersonChoice() {
    }

    /** The one person in {@code people}, or the one the user picks when there are several; empty if cancelled. */
    public static Optional<ContactLookup.Candidate> choose(Window owner, String typed,
                                                           List<ContactLookup.Candidate> people) {
        if (people.size() == 1) {
            return Optional.of(people.get(0));
        }
        ChoiceDialog<ContactLookup.Candidate> dialog = new ChoiceDialog<>(people.get(0), people);
        dialog.initOwner(owner);
        dialog.setTitle(I18n.t("app.name"));
        dialog.setHeaderText(I18n.t("person.choose", people.size(), typed));
        dialog.setContentText(I18n.t("person.choose.label"));
        dialog.getDialogPane().setId("person-choice");
        var box = (javafx.scene.control.ComboBox<ContactLookup.Candidate>) dialog.getDialogPane()
                .lookup(".combo-box");
        if (box != null) {
            box.setConverter(Cells.converter(PersonChoice::describe));
        }
        return dialog.showAndWait();
    }

    /** "Ana Ruiz · ana@example.org · Madrid (#12)". */
    static String describe(ContactLookup.Candidate c) {
        StringBuilder text = new StringBuilder(c.name().isBlank() ? "—" : c.name());
        for (String part : new String[] {c.email(), c.city()}) {
            if (part != null && !part.isBlank()) {
                text.append(" · ").append(part);
            }
        }
        return text.append(" (#").append(c.id()).append(')').toString();
    }
}
