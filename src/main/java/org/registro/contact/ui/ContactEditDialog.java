package org.registro.contact.ui;

import atlantafx.base.theme.Styles;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Control;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.registro.ui.I18n;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactProfile;
import org.registro.contact.ValidationException.FieldProblem;

/**
 * Create or edit a contact. Problems are shown under each field as the user types (the same checks the
 * service runs); saving happens in the background and the dialog stays open if the service refuses.
 */
public final class ContactEditDialog {

    private final ContactsViewModel model;
    private final Dialog<Long> dialog = new Dialog<>();
    private final Map<String, Control> inputs = new HashMap<>();
    private final Map<String, Label> errors = new HashMap<>();
    private final Label formError = new Label();
    private final Long contactId;
    /** The version of the contact this edit began from (null for a new one), for optimistic locking. */
    private java.time.Instant seen;

    private final TextField firstName = text("firstName");
    private final TextField lastName = text("lastName");
    private final TextField email = text("email");
    private final TextField phone = text("phone");
    private final DatePicker birthDate = new DatePicker();
    private final TextField organization = text("organization");
    private final TextField jobTitle = text("jobTitle");
    private final TextField street = text("street");
    private final TextField postalCode = text("postalCode");
    private final TextField city = text("city");
    private final TextField region = text("region");
    private final TextField country = text("country");
    private final TextField language = text("language");
    private final TextField tags = text("tags");

    public ContactEditDialog(Window owner, ContactsViewModel model, ContactProfile existing) {
        this.model = model;
        this.contactId = existing == null ? null : existing.id();
        this.seen = existing == null ? null : existing.updatedAt();
        dialog.initOwner(owner);
        dialog.setTitle(I18n.t("app.name"));
        dialog.setHeaderText(existing == null ? I18n.t("contacts.new")
                : I18n.t("contacts.edit", existing.displayName()));
        dialog.getDialogPane().setId("contact-edit-dialog");
        birthDate.setId("edit-birthDate");
        var dateFormat = I18n.inputDateFormat();
        birthDate.setConverter(new javafx.util.converter.LocalDateStringConverter(dateFormat, dateFormat));
        birthDate.setPromptText(dateFormat.format(LocalDate.of(1980, 12, 31)));
        inputs.put("birthDate", birthDate);
        country.setPromptText("ES, DK, GB…");
        tags.setPromptText(I18n.t("contacts.tagsPrompt"));
        phone.setPromptText(I18n.t("contacts.phonePrompt"));

        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(4);
        int row = 0;
        row = addPair(grid, row, "firstName", firstName, "lastName", lastName);
        row = addPair(grid, row, "email", email, "phone", phone);
        row = addPair(grid, row, "birthDate", birthDate, "language", language);
        row = addPair(grid, row, "organization", organization, "jobTitle", jobTitle);
        row = addPair(grid, row, "street", street, "postalCode", postalCode);
        row = addPair(grid, row, "city", city, "region", region);
        row = addPair(grid, row, "country", country, "tags", tags);
        formError.setId("edit-form-error");
        formError.getStyleClass().add(Styles.DANGER);
        formError.setWrapText(true);
        formError.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.getDialogPane().setContent(new VBox(10, grid, formError));
        dialog.getDialogPane().setPrefWidth(640);

        ButtonType save = new ButtonType(I18n.t("action.save"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(save,
                new ButtonType(I18n.t("action.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("edit-save");
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            submit(saveButton);
        });
        dialog.setResultConverter(b -> null);

        if (existing != null) {
            fill(existing.toDraft());
        }
        for (Control input : inputs.values()) {
            if (input instanceof TextInputControl field) {
                field.textProperty().addListener((obs, old, now) -> showProblems(validate()));
            }
        }
        birthDate.valueProperty().addListener((obs, old, now) -> showProblems(validate()));
        dialog.setOnShown(e -> Platform.runLater(firstName::requestFocus));
    }

    /** Shows the dialog and waits; returns the saved contact's id, or null when cancelled. */
    public Long showAndWait() {
        return dialog.showAndWait().orElse(null);
    }

    private void submit(Button saveButton) {
        Map<String, FieldProblem> problems = validate();
        showProblems(problems);
        if (!problems.isEmpty()) {
            return;
        }
        saveButton.setDisable(true);
        model.save(contactId, draft(), seen, id -> {
            dialog.setResult(id);
            dialog.close();
        }, invalid -> {
            saveButton.setDisable(false);
            showProblems(invalid.problems());
        }, error -> {
            saveButton.setDisable(false);
            if (error instanceof org.registro.contact.EditConflictException conflict) {
                // someone else saved meanwhile: say what they changed; saving again saves over them
                seen = conflict.current();
                formError.setText(I18n.errorText(error) + "\n" + ContactsViewModel.describe(conflict.changes()));
                saveButton.setText(I18n.t("contact.edit.saveOver"));
            } else {
                formError.setText(I18n.errorText(error));
            }
        });
    }

    private Map<String, FieldProblem> validate() {
        return model.validator().validate(draft(), LocalDate.now());
    }

    private void showProblems(Map<String, FieldProblem> problems) {
        formError.setText("");
        errors.forEach((key, label) -> {
            FieldProblem problem = problems.get(key);
            label.setText(problem == null ? "" : problem.message());
            inputs.get(key).pseudoClassStateChanged(Styles.STATE_DANGER, problem != null);
        });
    }

    ContactDraft draft() {
        List<String> tagList = Arrays.stream(tags.getText() == null ? new String[0] : tags.getText().split(","))
                .map(String::strip).filter(t -> !t.isEmpty()).toList();
        return new ContactDraft(firstName.getText(), lastName.getText(), email.getText(), phone.getText(),
                birthDate.getValue(), organization.getText(), jobTitle.getText(), street.getText(),
                postalCode.getText(), city.getText(), region.getText(), country.getText(), language.getText(),
                tagList);
    }

    private void fill(ContactDraft d) {
        firstName.setText(d.firstName());
        lastName.setText(d.lastName());
        email.setText(d.email());
        phone.setText(d.phone());
        birthDate.setValue(d.birthDate());
        organization.setText(d.organization());
        jobTitle.setText(d.jobTitle());
        street.setText(d.street());
        postalCode.setText(d.postalCode());
        city.setText(d.city());
        region.setText(d.region());
        country.setText(d.country());
        language.setText(d.language());
        tags.setText(String.join(", ", d.tags()));
    }

    private TextField text(String key) {
        TextField field = new TextField();
        field.setId("edit-" + key);
        inputs.put(key, field);
        return field;
    }

    private int addPair(GridPane grid, int row, String leftKey, Control left, String rightKey, Control right) {
        grid.add(fieldLabel(leftKey), 0, row);
        grid.add(fieldLabel(rightKey), 1, row);
        grid.add(left, 0, row + 1);
        grid.add(right, 1, row + 1);
        grid.add(errorLabel(leftKey), 0, row + 2);
        grid.add(errorLabel(rightKey), 1, row + 2);
        left.setPrefWidth(290);
        right.setPrefWidth(290);
        return row + 3;
    }

    private static Label fieldLabel(String key) {
        Label label = new Label(I18n.t("field." + key));
        label.getStyleClass().add(Styles.TEXT_SMALL);
        return label;
    }

    private Label errorLabel(String key) {
        Label label = new Label();
        label.setId("error-" + key);
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        label.setWrapText(true);
        label.setMaxWidth(290);
        errors.put(key, label);
        return label;
    }
}
