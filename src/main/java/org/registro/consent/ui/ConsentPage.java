package org.registro.consent.ui;

import org.registro.contact.ui.PersonChoice;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.registro.consent.ConsentService;
import org.registro.consent.DoubleOptInService;
import org.registro.consent.PrivacyService;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/** The Consent area: privacy requests, double opt-in, retention and topics, one tab each. */
public final class ConsentPage implements Page {

    private final ConsentPageModel model;
    private final Clock clock;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Runnable refreshDestinations;
    /** Logging and answering requests, policies, topics and channels: not a team viewer's. */
    private final javafx.beans.property.BooleanProperty mayEdit = new javafx.beans.property.SimpleBooleanProperty(true);

    /**
     * @param destinations        the email tools tab (built where the destination services are wired)
     * @param refreshDestinations reloads it when the area is shown
     */
    public ConsentPage(ConsentPageModel model, Clock clock, Node destinations, Runnable refreshDestinations) {
        this.model = model;
        this.refreshDestinations = refreshDestinations;
        this.clock = clock;
        root.setId("page-consent");
        Label title = new Label(I18n.t("nav.consent"));
        title.getStyleClass().add(Styles.TITLE_3);
        Label message = new Label();
        message.setId("consent-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.when(model.errorProperty().isEmpty())
                .then(model.messageProperty()).otherwise(model.errorProperty()));
        model.errorProperty().addListener((obs, old, now) -> {
            message.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            message.getStyleClass().add(now.isEmpty() ? Styles.SUCCESS : Styles.DANGER);
        });
        VBox top = new VBox(6, title, message);
        top.setPadding(new Insets(20, 24, 8, 24));
        root.setTop(top);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(tab("requests", requestsTab()), tab("doi", doubleOptInTab()),
                tab("retention", new RetentionTab(model, this::window).view()), tab("destinations", destinations),
                tab("topics", topicsTab()));
        BorderPane.setMargin(tabs, new Insets(0, 16, 16, 16));
        root.setCenter(tabs);
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void allowEdits(boolean allowed) {
        mayEdit.set(allowed);
    }

    @Override
    public void onShow() {
        model.load();
        refreshDestinations.run();
    }

    /** Selects a tab by its key ("requests", "doi", "retention", "destinations", "topics"), as Home's links do. */
    public void showTab(String key) {
        tabs.getTabs().stream().filter(t -> t.getId().equals("consent-tab-" + key)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private static Tab tab(String key, Node content) {
        Tab tab = new Tab(I18n.t("consent.tab." + key), content);
        tab.setId("consent-tab-" + key);
        return tab;
    }

    // ---------------------------------------------------------------- requests

    private Node requestsTab() {
        TableView<PrivacyService.Request> table = new TableView<>(model.requests());
        table.setId("requests-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(I18n.t("consent.requests.none")));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.requests.col.due"), r -> I18n.shortDate(r.dueAt())));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.requests.col.kind"), r -> I18n.t("privacy.kind." + r.kind())));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.requests.col.contact"), r -> r.contactName().isEmpty()
                ? "#" + r.contactId() : r.contactName() + "  #" + r.contactId()));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.requests.col.status"), r -> r.overdue(clock.instant())
                ? I18n.t("consent.requests.overdue") : I18n.t("privacy.status." + r.status())));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.requests.col.received"), r -> I18n.shortDate(r.receivedAt())));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.requests.col.note"), r -> r.result() != null ? r.result()
                : r.note() == null ? "" : r.note()));
        double[] widths = {110, 130, 260, 110, 110};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
        }
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(PrivacyService.Request r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("row-rejected", "row-done");
                if (!empty && r != null) {
                    getStyleClass().add(r.overdue(clock.instant()) ? "row-rejected"
                            : "open".equals(r.status()) ? "" : "row-done");
                }
            }
        });
        Button log = new Button(I18n.t("consent.requests.log"), new FontIcon(MaterialDesignP.PLUS));
        log.setId("requests-log");
        log.getStyleClass().add(Styles.ACCENT);
        log.setOnAction(e -> logDialog());
        Button fulfil = new Button(I18n.t("consent.requests.fulfil"), new FontIcon(MaterialDesignC.CHECK));
        fulfil.setId("requests-fulfil");
        Button refuse = new Button(I18n.t("consent.requests.refuse"), new FontIcon(MaterialDesignC.CLOSE));
        refuse.setId("requests-refuse");
        var selected = table.getSelectionModel().selectedItemProperty();
        var notOpen = Bindings.createBooleanBinding(() -> selected.get() == null
                || !"open".equals(selected.get().status()), selected);
        fulfil.disableProperty().bind(notOpen);
        refuse.disableProperty().bind(notOpen);
        fulfil.setOnAction(e -> fulfil(selected.get()));
        refuse.setOnAction(e -> {
            TextInputDialog dialog = reasonDialog(I18n.t("consent.requests.refuse"),
                    I18n.t("consent.requests.refuseHeader"));
            dialog.showAndWait().filter(s -> !s.isBlank()).ifPresent(reason -> model.close(selected.get(), false,
                    reason));
        });
        Label hint = new Label(I18n.t("consent.requests.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        HBox actions = new HBox(8, log, fulfil, refuse);
        Page.shownWhen(mayEdit, actions);
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(10, hint, actions, table);
        box.setPadding(new Insets(14, 4, 4, 4));
        return box;
    }

    private void fulfil(PrivacyService.Request request) {
        switch (request.kind()) {
            case PrivacyService.ACCESS -> {
                DirectoryChooser chooser = new DirectoryChooser();
                chooser.setTitle(I18n.t("prefs.access.choose"));
                File folder = chooser.showDialog(window());
                if (folder != null) {
                    model.access(request, folder.toPath());
                }
            }
            case PrivacyService.ERASURE -> {
                Alert alert = new Alert(Alert.AlertType.WARNING, I18n.t("prefs.erase.text"), ButtonType.CANCEL);
                ButtonType erase = new ButtonType(I18n.t("prefs.erase.confirm"), ButtonBar.ButtonData.OK_DONE);
                alert.getButtonTypes().add(erase);
                alert.initOwner(window());
                alert.setHeaderText(I18n.t("prefs.erase.header", request.contactId()));
                ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
                ((Button) alert.getDialogPane().lookupButton(erase)).setDefaultButton(false);
                alert.showAndWait().filter(erase::equals).ifPresent(b -> model.erase(request));
            }
            case PrivacyService.RESTRICTION -> model.restrict(request);
            default -> reasonDialog(I18n.t("consent.requests.fulfil"), I18n.t("consent.requests.rectifyHeader"))
                    .showAndWait().filter(s -> !s.isBlank()).ifPresent(result -> model.close(request, true, result));
        }
    }

    private void logDialog() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(window());
        dialog.setTitle(I18n.t("consent.requests.log"));
        dialog.setHeaderText(I18n.t("consent.requests.logHeader"));
        TextField who = new TextField();
        who.setId("log-who");
        who.setPromptText(I18n.t("consent.requests.whoPrompt"));
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.setId("log-kind");
        kind.getItems().setAll(PrivacyService.KINDS);
        kind.setValue(PrivacyService.ACCESS);
        kind.setConverter(Cells.converter(k -> I18n.t("privacy.kind." + k)));
        DatePicker received = new DatePicker(LocalDate.now(clock.withZone(ZoneId.systemDefault())));
        received.setId("log-received");
        received.setConverter(Cells.inputDate());
        TextField note = new TextField();
        note.setId("log-note");
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.addRow(0, new Label(I18n.t("consent.requests.who")), who);
        form.addRow(1, new Label(I18n.t("consent.requests.col.kind")), kind);
        form.addRow(2, new Label(I18n.t("consent.requests.col.received")), received);
        form.addRow(3, new Label(I18n.t("consent.requests.col.note")), note);
        Label problem = new Label();
        problem.setId("log-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        form.add(problem, 1, 4);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.disableProperty().bind(who.textProperty().isEmpty());
        // OK looks the person up first; the dialog stays open, with what was typed, until one person is meant
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            String typed = who.getText().strip();
            model.findPeople(typed, people -> {
                if (people.isEmpty()) {
                    problem.setText(I18n.t("consent.requests.nobody", typed));
                    who.requestFocus();
                    return;
                }
                PersonChoice.choose(dialog.getDialogPane().getScene().getWindow(), typed, people).ifPresent(p -> {
                    model.logRequest(p.id(), kind.getValue(), received.getValue() == null ? null
                            : received.getValue().atStartOfDay(ZoneId.systemDefault()).toInstant(),
                            note.getText().isBlank() ? null : note.getText().strip());
                    dialog.setResult(ButtonType.OK);
                    dialog.close();
                });
            });
        });
        javafx.application.Platform.runLater(who::requestFocus);
        dialog.showAndWait();
    }

    private TextInputDialog reasonDialog(String title, String header) {
        TextInputDialog dialog = new TextInputDialog();
        dialog.initOwner(window());
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.getEditor().setPrefColumnCount(32);
        return dialog;
    }

    // ---------------------------------------------------------------- double opt-in

    private Node doubleOptInTab() {
        TextField countries = new TextField();
        countries.setId("doi-countries");
        countries.setPrefColumnCount(16);
        Spinner<Integer> days = new Spinner<>(1, 3650, 30);
        days.setId("doi-days");
        days.setEditable(true);
        days.setPrefWidth(100);
        model.policyProperty().addListener((obs, old, now) -> {
            countries.setText(String.join(", ", now.countries().stream().sorted().toList()));
            days.getValueFactory().setValue(now.expiryDays());
        });
        Button save = new Button(I18n.t("action.save"));
        save.setId("doi-save");
        save.setOnAction(e -> model.savePolicy(countries.getText(), days.getValue()));
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.addRow(0, new Label(I18n.t("consent.doi.countries")), countries, hint(I18n.t("consent.doi.countriesHint")));
        form.addRow(1, new Label(I18n.t("consent.doi.days")), days, save);

        Label count = new Label();
        count.setId("doi-count");
        count.getStyleClass().add(Styles.TITLE_4);
        count.textProperty().bind(Bindings.createStringBinding(() -> I18n.t("consent.doi.pending",
                model.pendingCountProperty().get()), model.pendingCountProperty()));
        Button export = new Button(I18n.t("consent.doi.export"), new FontIcon(MaterialDesignE.EXPORT_VARIANT));
        export.setId("doi-export");
        export.getStyleClass().add(Styles.ACCENT);
        export.disableProperty().bind(model.pendingCountProperty().isEqualTo(0));
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(I18n.t("consent.doi.export"));
            chooser.setInitialFileName("confirmation-requests.csv");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
            File file = chooser.showSaveDialog(window());
            if (file != null) {
                model.writeConfirmationList(file.toPath());
            }
        });
        Button expire = new Button(I18n.t("consent.doi.expire"), new FontIcon(MaterialDesignT.TIMER_SAND_COMPLETE));
        expire.setId("doi-expire");
        expire.setOnAction(e -> model.expire());
        HBox actions = new HBox(8, export, expire);
        Page.shownWhen(mayEdit, save, expire); // the confirmation list is transactional: a viewer's too

        TableView<DoubleOptInService.Pending> table = new TableView<>(model.pending());
        table.setId("doi-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(I18n.t("consent.doi.none")));
        table.getColumns().add(Cells.textColumn(I18n.t("field.email"), p -> p.email() == null ? "" : p.email()));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.doi.name"), p -> ((p.firstName() == null ? "" : p.firstName())
                + " " + (p.lastName() == null ? "" : p.lastName())).strip()));
        table.getColumns().add(Cells.textColumn(I18n.t("field.country"), p -> p.country() == null ? "" : p.country()));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.doi.since"), p -> I18n.shortDate(p.since())));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.doi.expires"), p -> I18n.shortDate(p.expiresAt())));
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(12, hint(I18n.t("consent.doi.hint")), form, new Region(), count, actions, table);
        box.setPadding(new Insets(14, 4, 4, 4));
        return box;
    }

    // ---------------------------------------------------------------- topics

    private Node topicsTab() {
        TableView<ConsentService.Topic> table = new TableView<>(model.topics());
        table.setId("topics-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Cells.textColumn(I18n.t("consent.topics.label"), ConsentService.Topic::label));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.topics.code"), ConsentService.Topic::code));
        table.getColumns().add(Cells.textColumn(I18n.t("consent.topics.description"), t -> t.description() == null ? ""
                : t.description()));
        TextField label = new TextField();
        label.setId("topic-label");
        label.setPromptText(I18n.t("consent.topics.label"));
        TextField code = new TextField();
        code.setId("topic-code");
        code.setPromptText(I18n.t("consent.topics.codePrompt"));
        label.textProperty().addListener((obs, old, now) -> {
            if (code.getText().isEmpty() || code.getText().equals(codeOf(old))) {
                code.setText(codeOf(now));
            }
        });
        TextField description = new TextField();
        description.setId("topic-description");
        description.setPromptText(I18n.t("consent.topics.description"));
        HBox.setHgrow(description, Priority.ALWAYS);
        Button add = new Button(I18n.t("consent.topics.add"), new FontIcon(MaterialDesignP.PLUS));
        add.setId("topic-add");
        add.disableProperty().bind(code.textProperty().isEmpty());
        add.setOnAction(e -> {
            model.addTopic(code.getText(), label.getText(), description.getText().isBlank() ? null
                    : description.getText().strip());
            label.clear();
            code.clear();
            description.clear();
        });
        HBox form = new HBox(8, label, code, description, add);
        Page.shownWhen(mayEdit, form);
        VBox.setVgrow(table, Priority.ALWAYS);
        Label channels = new Label();
        channels.setId("channels-list");
        channels.textProperty().bind(Bindings.createStringBinding(() -> String.join(", ", model.channels().stream()
                .map(c -> org.registro.common.Messages.getOr("channel." + c, c)).toList()), model.channels()));
        TextField channelCode = new TextField();
        channelCode.setId("channel-code");
        channelCode.setPromptText(I18n.t("consent.channels.codePrompt"));
        Button addChannel = new Button(I18n.t("consent.channels.add"), new FontIcon(MaterialDesignP.PLUS));
        addChannel.setId("channel-add");
        addChannel.disableProperty().bind(channelCode.textProperty().isEmpty());
        addChannel.setOnAction(e -> {
            model.addChannel(codeOf(channelCode.getText()), channelCode.getText().strip());
            channelCode.clear();
        });
        HBox channelRow = new HBox(8, new Label(I18n.t("consent.channels.title")), channels, new Region(),
                channelCode, addChannel);
        Page.shownWhen(mayEdit, channelCode, addChannel);
        HBox.setHgrow(channelRow.getChildren().get(2), Priority.ALWAYS);
        channelRow.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(12, hint(I18n.t("consent.topics.hint")), table, form, channelRow);
        box.setPadding(new Insets(14, 4, 4, 4));
        return box;
    }

    /** "Legacy giving" → "legacy_giving". */
    static String codeOf(String label) {
        if (label == null) {
            return "";
        }
        String folded = java.text.Normalizer.normalize(label, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^[_0-9]+|_+$", "");
        return folded.length() > 50 ? folded.substring(0, 50) : folded;
    }

    // ---------------------------------------------------------------- helpers

    static Label hint(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        return label;
    }

    static Label section(String key) {
        Label label = new Label(I18n.t(key));
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private javafx.stage.Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

}
