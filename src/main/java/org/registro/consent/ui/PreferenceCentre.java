package org.registro.consent.ui;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.time.LocalDate;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.registro.common.Messages;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.Purpose;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/**
 * The preference centre in a contact's profile: a grid of channels × topics (click a cell to change it, with
 * a reason), "as of" any date, the question "could we send…?" answered with its reason, every ledger event,
 * and the privacy actions (access report, restriction, erasure).
 */
public final class PreferenceCentre {

    private final PreferenceCentreModel model;
    private final VBox root = new VBox(14);
    private final GridPane grid = new GridPane();
    private final Label asOfNote = new Label();
    private final Label answer = new Label();
    private final Label answerDetail = new Label();
    private final ComboBox<String> checkChannel = new ComboBox<>();
    private final ComboBox<String> checkTopic = new ComboBox<>();
    private final Button restrict = new Button();

    public PreferenceCentre(PreferenceCentreModel model) {
        this(model, null, null);
    }

    /**
     * @param next  shown under the grid as what to offer the person next, so a change of consent shows its effect
     *              (the app gives the recommendations panel), or null
     * @param extra shown under the privacy actions (the app gives the lists this person was sent in)
     */
    public PreferenceCentre(PreferenceCentreModel model, Node next, Node extra) {
        this.model = model;
        root.setId("preference-centre");
        root.setPadding(new Insets(12, 4, 4, 4));

        DatePicker asOf = new DatePicker();
        asOf.setId("prefs-as-of");
        asOf.setPromptText(I18n.t("prefs.now"));
        asOf.setConverter(Cells.inputDate());
        asOf.valueProperty().bindBidirectional(model.asOfProperty());
        Button today = new Button(I18n.t("prefs.now"));
        today.getStyleClass().add(Styles.FLAT);
        today.setOnAction(e -> model.asOfProperty().set(null));
        today.visibleProperty().bind(model.asOfProperty().isNotNull());
        today.managedProperty().bind(today.visibleProperty());
        Label asOfLabel = new Label(I18n.t("prefs.asOf"));
        HBox asOfRow = new HBox(8, asOfLabel, asOf, today);
        asOfRow.setAlignment(Pos.CENTER_LEFT);
        asOfNote.setId("prefs-as-of-note");
        asOfNote.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
        asOfNote.setWrapText(true);

        grid.setId("prefs-grid");
        grid.setHgap(6);
        grid.setVgap(6);

        Label messages = new Label();
        messages.setId("prefs-message");
        messages.setWrapText(true);
        messages.getStyleClass().add(Styles.TEXT_SMALL);
        messages.textProperty().bind(javafx.beans.binding.Bindings.when(model.errorProperty().isEmpty())
                .then(model.messageProperty()).otherwise(model.errorProperty()));
        model.errorProperty().addListener((obs, old, now) -> messages.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("danger"), !now.isEmpty()));

        root.getChildren().addAll(asOfRow, asOfNote, grid, messages, checkBox());
        if (next != null) {
            root.getChildren().addAll(section(I18n.t("profile.next")), next);
        }
        root.getChildren().addAll(section(I18n.t("prefs.ledger")), ledger(), section(I18n.t("prefs.privacy")),
                privacyActions());
        if (extra != null) {
            root.getChildren().add(extra);
        }
        model.snapshotProperty().addListener((obs, old, now) -> redraw());
        model.decisionProperty().addListener((obs, old, now) -> showDecision(now));
        model.restrictedProperty().addListener((obs, old, now) -> restrictText());
        restrictText();
        model.load();
    }

    public Node view() {
        return Page.scrolling(root);
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private void redraw() {
        var snapshot = model.snapshotProperty().get();
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        var nameColumn = new javafx.scene.layout.ColumnConstraints();
        nameColumn.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(nameColumn);
        for (int i = 0; i <= snapshot.topics().size(); i++) {
            var c = new javafx.scene.layout.ColumnConstraints();
            c.setHgrow(Priority.ALWAYS);
            c.setFillWidth(true);
            c.setMinWidth(60);
            c.setPercentWidth(-1);
            grid.getColumnConstraints().add(c);
        }
        LocalDate day = model.asOfProperty().get();
        boolean past = day != null;
        asOfNote.setText(past ? I18n.t("prefs.asOfNote", I18n.date(day)) : "");
        asOfNote.setManaged(past);
        asOfNote.setVisible(past);
        grid.add(header(I18n.t("prefs.channel")), 1, 0);
        int column = 2;
        for (ConsentService.Topic topic : snapshot.topics()) {
            Label h = header(topic.label());
            if (topic.description() != null) {
                h.setTooltip(new Tooltip(topic.description()));
            }
            grid.add(h, column++, 0);
        }
        int row = 1;
        for (String channel : snapshot.channels()) {
            Label name = new Label(Messages.getOr("channel." + channel, channel));
            name.setMinWidth(Region.USE_PREF_SIZE);
            grid.add(name, 0, row);
            grid.add(cell(channel, null, past), 1, row);
            column = 2;
            for (ConsentService.Topic topic : snapshot.topics()) {
                grid.add(cell(channel, topic.code(), past), column++, row);
            }
            row++;
        }
        String selectedChannel = checkChannel.getValue();
        checkChannel.getItems().setAll(snapshot.channels());
        checkChannel.setValue(selectedChannel != null && snapshot.channels().contains(selectedChannel)
                ? selectedChannel : snapshot.channels().isEmpty() ? null : snapshot.channels().get(0));
        String selectedTopic = checkTopic.getValue();
        checkTopic.getItems().setAll("");
        snapshot.topics().forEach(t -> checkTopic.getItems().add(t.code()));
        checkTopic.setValue(selectedTopic == null ? "" : selectedTopic);
    }

    private static Label header(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        // wrapped between words, never inside one ("Voluntariad-o")
        double longest = 0;
        for (String word : text.split("\\s+")) {
            javafx.scene.text.Text measure = new javafx.scene.text.Text(word);
            measure.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                    javafx.scene.text.FontWeight.BOLD, javafx.scene.text.Font.getDefault().getSize()));
            longest = Math.max(longest, measure.getLayoutBounds().getWidth());
        }
        label.setMinWidth(Math.ceil(longest) + 6);
        label.setAlignment(Pos.BOTTOM_CENTER);
        label.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        javafx.scene.layout.GridPane.setHalignment(label, javafx.geometry.HPos.CENTER);
        javafx.scene.layout.GridPane.setValignment(label, javafx.geometry.VPos.BOTTOM);
        return label;
    }

    /** A grid cell: the status as a badge; clicking it offers the changes (not in the past view). */
    private Node cell(String channel, String topic, boolean past) {
        String status = model.statusOf(channel, topic);
        Button cell = new Button(status == null ? "—" : I18n.t("consent.short." + status));
        cell.setTooltip(new Tooltip(model.label(channel, topic) + ": "
                + (status == null ? I18n.t("prefs.nothing") : I18n.t("consent.status." + status))));
        cell.setId("prefs-cell-" + channel + (topic == null ? "" : "-" + topic));
        cell.getStyleClass().addAll("consent-cell", status == null ? "consent-none" : "badge-" + status);
        cell.setMinWidth(56);
        cell.setMaxWidth(Double.MAX_VALUE);
        if (past || !model.mayChange()) {
            cell.setFocusTraversable(false);
            return cell;
        }
        ContextMenu menu = new ContextMenu();
        for (String target : new String[] {Consent.GRANTED, Consent.CONFIRMED, Consent.WITHDRAWN}) {
            if (target.equals(status)) {
                continue;
            }
            MenuItem item = new MenuItem(I18n.t("prefs.set." + target));
            item.setId("prefs-set-" + target);
            item.setOnAction(e -> askReason(model.label(channel, topic), I18n.t("consent.status." + target))
                    .ifPresent(reason -> model.change(channel, topic, target, reason)));
            menu.getItems().add(item);
        }
        cell.setOnAction(e -> menu.show(cell, javafx.geometry.Side.BOTTOM, 0, 0));
        return cell;
    }

    private Optional<String> askReason(String what, String status) {
        TextInputDialog dialog = new TextInputDialog();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(I18n.t("prefs.change.title"));
        dialog.setHeaderText(I18n.t("prefs.change.header", what, status));
        dialog.setContentText(I18n.t("prefs.change.reason"));
        dialog.getEditor().setId("prefs-reason");
        dialog.getEditor().setPrefColumnCount(30);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.disableProperty().bind(dialog.getEditor().textProperty().isEmpty());
        return dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    private Node checkBox() {
        ComboBox<Purpose> purpose = new ComboBox<>();
        purpose.getItems().setAll(Purpose.values());
        purpose.setValue(Purpose.COMMERCIAL);
        purpose.setId("check-purpose");
        purpose.setConverter(Cells.converter(p -> I18n.t("purpose." + p.code())));
        checkChannel.setId("check-channel");
        checkChannel.setMinWidth(Region.USE_PREF_SIZE);
        checkTopic.setMinWidth(Region.USE_PREF_SIZE);
        purpose.setMinWidth(Region.USE_PREF_SIZE);
        checkChannel.setConverter(Cells.converter(c -> c == null ? "" : Messages.getOr("channel." + c, c)));
        checkTopic.setId("check-topic");
        checkTopic.setConverter(Cells.converter(t -> t == null || t.isEmpty() ? I18n.t("prefs.anyTopic") : topicLabel(t)));
        DatePicker on = new DatePicker();
        on.setId("check-date");
        on.setPromptText(I18n.t("prefs.today"));
        on.setConverter(Cells.inputDate());
        on.setPrefWidth(140);
        Button ask = new Button(I18n.t("prefs.check"), new FontIcon(MaterialDesignH.HELP_CIRCLE_OUTLINE));
        ask.setId("check-run");
        ask.setDefaultButton(false);
        ask.setOnAction(e -> model.check(purpose.getValue(), checkChannel.getValue(),
                checkTopic.getValue() == null || checkTopic.getValue().isEmpty() ? null : checkTopic.getValue(),
                on.getValue()));
        Label could = new Label(I18n.t("prefs.could"));
        Label about = new Label(I18n.t("prefs.about"));
        Label onLabel = new Label(I18n.t("prefs.on"));
        javafx.scene.layout.FlowPane line = new javafx.scene.layout.FlowPane(6, 6, could, purpose, checkChannel,
                about, checkTopic, onLabel, on, ask);
        line.setAlignment(Pos.CENTER_LEFT);
        answer.setId("check-answer");
        answer.setWrapText(true);
        answer.getStyleClass().add(Styles.TEXT_BOLD);
        answerDetail.setId("check-detail");
        answerDetail.setWrapText(true);
        answerDetail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        answer.managedProperty().bind(answer.textProperty().isNotEmpty());
        answerDetail.managedProperty().bind(answerDetail.textProperty().isNotEmpty());
        VBox box = new VBox(8, section(I18n.t("prefs.question")), line, answer, answerDetail);
        box.getStyleClass().add("consent-question");
        return box;
    }

    private String topicLabel(String code) {
        var snapshot = model.snapshotProperty().get();
        return snapshot == null ? code : snapshot.topics().stream().filter(t -> t.code().equals(code))
                .map(ConsentService.Topic::label).findFirst().orElse(code);
    }

    private void showDecision(ConsentService.Decision d) {
        answer.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (d == null) {
            answer.setText("");
            answerDetail.setText("");
            return;
        }
        answer.setText(I18n.t(d.allowed() ? "prefs.yes" : "prefs.no") + " " + I18n.t(d.reasonKey()));
        answer.getStyleClass().add(d.allowed() ? Styles.SUCCESS : Styles.DANGER);
        StringBuilder detail = new StringBuilder();
        for (ConsentService.State s : new ConsentService.State[] {d.channel(), d.topic()}) {
            if (s != null) {
                if (detail.length() > 0) {
                    detail.append('\n');
                }
                detail.append(I18n.t("prefs.basedOn", model.label(s.channel(), s.topic()),
                        I18n.t("consent.status." + s.status()), method(s.method()), I18n.dateTime(s.occurredAt()),
                        s.eventId()));
            }
        }
        answerDetail.setText(detail.toString());
    }

    /** Every ledger event, newest first, two lines each so the narrow profile keeps it readable. */
    private Node ledger() {
        javafx.scene.control.ListView<ConsentService.Event> list = new javafx.scene.control.ListView<>(model.history());
        list.setId("prefs-ledger");
        list.setPrefHeight(260);
        list.setPlaceholder(new Label(I18n.t("profile.noConsent")));
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(ConsentService.Event e, boolean empty) {
                super.updateItem(e, empty);
                setText(null);
                if (empty || e == null) {
                    setGraphic(null);
                    return;
                }
                Label when = new Label(I18n.dateTime(e.occurredAt()));
                when.setMinWidth(Region.USE_PREF_SIZE);
                Label what = new Label(model.label(e.channel(), e.topic()));
                what.getStyleClass().add(Styles.TEXT_BOLD);
                Label status = new Label(I18n.t("consent.status." + e.status()));
                status.getStyleClass().addAll("badge", "badge-" + e.status());
                HBox first = new HBox(8, when, what, status);
                first.setAlignment(Pos.CENTER_LEFT);
                String source = e.sourceSystem() != null ? e.sourceSystem()
                        : e.source() != null ? I18n.sourceName(e.source()) : null;
                StringBuilder how = new StringBuilder(method(e.method()));
                if (source != null) {
                    how.append(" · ").append(source);
                }
                if (e.evidence() != null && !e.evidence().isBlank()) {
                    how.append(" · “").append(e.evidence()).append('”');
                }
                if (e.legalBasis() != null) {
                    how.append(" · ").append(I18n.t("prefs.legalBasis", e.legalBasis().replace('_', ' ')));
                }
                for (String proof : new String[] {e.formUrl(), e.wording() == null ? null
                        : I18n.t("prefs.wording", e.wording()), e.ip() == null ? null : "IP " + e.ip()}) {
                    if (proof != null) {
                        how.append(" · ").append(proof);
                    }
                }
                if (e.anonymized()) {
                    how.append(" · ").append(I18n.t("prefs.anonymized"));
                }
                if (e.retracted()) {
                    how.append(" · ").append(I18n.t("prefs.retracted", I18n.dateTime(e.retractedAt())));
                }
                how.append(" · ").append(I18n.t("prefs.recordedBy", I18n.dateTime(e.recordedAt()),
                        e.recordedBy() == null ? "" : e.recordedBy()));
                Label second = new Label(how.toString());
                second.setWrapText(true);
                second.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                double width = Math.max(200, getListView().getWidth() - 40);
                second.setMaxWidth(width);
                second.setPrefWidth(width);
                second.setMinHeight(Region.USE_PREF_SIZE);
                VBox box = new VBox(2, first, second);
                setGraphic(box);
            }
        });
        return list;
    }

    private static String method(String code) {
        return Messages.getOr("consent.method." + code, code);
    }

    private Node privacyActions() {
        Button access = new Button(I18n.t("prefs.access"), new FontIcon(MaterialDesignF.FILE_DOCUMENT_OUTLINE));
        access.setId("prefs-access");
        access.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(I18n.t("prefs.access.choose"));
            File folder = chooser.showDialog(root.getScene().getWindow());
            if (folder != null) {
                model.access(folder.toPath(), files -> { });
            }
        });
        restrict.setId("prefs-restrict");
        restrict.setOnAction(e -> {
            boolean on = !model.restrictedProperty().get();
            if (on) {
                askReason(I18n.t("prefs.restrict.what"), I18n.t("prefs.restrict.status"))
                        .ifPresent(reason -> model.restrict(true, reason));
            } else {
                model.restrict(false, null);
            }
        });
        Button erase = new Button(I18n.t("prefs.erase"), new FontIcon(MaterialDesignD.DELETE_FOREVER_OUTLINE));
        erase.setId("prefs-erase");
        erase.getStyleClass().add(Styles.DANGER);
        erase.setOnAction(e -> confirmErase());
        erase.setDisable(!model.mayErase());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(8, access, restrict, spacer, erase);
        Page.shownIf(model.mayChange(), access, restrict); // a viewer's role: both record a privacy request
        row.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label(!model.mayChange() ? I18n.t("team.viewerOnly")
                : I18n.t("prefs.privacy.hint") + (model.mayErase() ? "" : " " + I18n.t("team.adminOnly")));
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        return new VBox(6, row, hint);
    }

    private void restrictText() {
        boolean on = model.restrictedProperty().get();
        restrict.setText(I18n.t(on ? "prefs.unrestrict" : "prefs.restrict"));
        restrict.setGraphic(new FontIcon(on ? MaterialDesignA.ACCOUNT_CHECK_OUTLINE
                : MaterialDesignC.CANCEL));
    }

    private void confirmErase() {
        Alert alert = new Alert(Alert.AlertType.WARNING, I18n.t("prefs.erase.text"), ButtonType.CANCEL);
        ButtonType erase = new ButtonType(I18n.t("prefs.erase.confirm"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().add(erase);
        alert.initOwner(root.getScene().getWindow());
        alert.setHeaderText(I18n.t("prefs.erase.header", model.contactId()));
        alert.setTitle(I18n.t("prefs.erase"));
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(erase)).setDefaultButton(false);
        alert.showAndWait().filter(erase::equals).ifPresent(b -> model.erase(I18n.t("prefs.erase.reason")));
    }

}
