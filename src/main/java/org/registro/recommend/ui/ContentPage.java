package org.registro.recommend.ui;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;
import org.registro.recommend.Evaluation;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/**
 * The Content area: the items the organization offers (add, edit, archive, import a file), the campaigns in
 * imported activity that name no item yet with a way to link each, and recommendations — refresh, the share of
 * exploration, and the measurement against the most popular items.
 */
public final class ContentPage implements Page {

    private final ContentPageModel model;
    private final VBox root = new VBox(14);
    /** Adding, editing, linking and refreshing content: not a team viewer's, who reads and measures. */
    private final javafx.beans.property.BooleanProperty mayEdit = new javafx.beans.property.SimpleBooleanProperty(true);

    public ContentPage(ContentPageModel model) {
        this.model = model;
        root.setId("page-content");
        root.setPadding(new Insets(20));
        Label message = new Label();
        message.setId("content-message");
        message.textProperty().bind(model.message());
        message.getStyleClass().add(Styles.SUCCESS);
        Label error = new Label();
        error.setId("content-error");
        error.setWrapText(true);
        error.textProperty().bind(model.error());
        error.getStyleClass().add(Styles.DANGER);
        for (Label l : new Label[] {message, error}) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
        }
        root.getChildren().addAll(Page.header(I18n.t("content.title.page"), I18n.t("content.subtitle")), toolbar(),
                message, error, items(), unknown(), recommendations());
    }

    private Node toolbar() {
        Button add = new Button(I18n.t("content.add"), new FontIcon(MaterialDesignP.PLUS));
        add.setId("content-add");
        add.getStyleClass().add(Styles.ACCENT);
        add.setOnAction(e -> ItemDialog.show(root.getScene().getWindow(), null, model.topics(), model.channels())
                .ifPresent(model::save));
        Button importFile = new Button(I18n.t("content.import"), new FontIcon(MaterialDesignF.FILE_IMPORT_OUTLINE));
        importFile.setId("content-import");
        importFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(I18n.t("content.import"));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(I18n.t("content.importFiles"),
                    "*.csv", "*.txt", "*.xlsx", "*.xls"));
            File file = chooser.showOpenDialog(root.getScene().getWindow());
            if (file != null) {
                model.importFile(file.toPath());
            }
        });
        Button refresh = new Button(I18n.t("content.refresh"), new FontIcon(MaterialDesignR.REFRESH));
        refresh.setId("content-refresh");
        refresh.setOnAction(e -> model.refresh());
        Label refreshed = new Label();
        refreshed.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        refreshed.textProperty().bind(Bindings.createStringBinding(() -> model.refreshed().get().isEmpty()
                ? I18n.t("content.neverRefreshed") : I18n.t("content.lastRefreshed", model.refreshed().get()),
                model.refreshed()));
        for (Button b : new Button[] {add, importFile, refresh}) {
            b.disableProperty().bind(model.busy());
        }
        HBox bar = new HBox(8, add, importFile, refresh, refreshed);
        Page.shownWhen(mayEdit, add, importFile, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node items() {
        TableView<ContentItem> table = new TableView<>(model.items());
        table.setId("content-items");
        table.setPrefHeight(230);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(I18n.t("content.empty")));
        table.getColumns().add(column(I18n.t("content.title"), ContentItem::title, 220));
        table.getColumns().add(column(I18n.t("content.kind"), i -> I18n.t("content.kind." + i.kind()), 110));
        table.getColumns().add(column(I18n.t("content.topics"), model::topicNames, 150));
        table.getColumns().add(column(I18n.t("content.dates"), ContentPage::dates, 200));
        table.getColumns().add(column(I18n.t("content.namedBy"), i -> i.references().stream()
                .map(ContentItem.Reference::value).collect(Collectors.joining(" | ")), 200));
        table.setRowFactory(v -> {
            TableRow<ContentItem> row = new TableRow<>() {
                @Override
                protected void updateItem(ContentItem item, boolean empty) {
                    super.updateItem(item, empty);
                    pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("archived"),
                            !empty && item != null && item.archived());
                    setOpacity(!empty && item != null && item.archived() ? 0.55 : 1);
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && mayEdit.get()) {
                    edit(row.getItem());
                }
            });
            return row;
        });
        Button edit = new Button(I18n.t("content.edit"), new FontIcon(MaterialDesignP.PENCIL_OUTLINE));
        edit.setId("content-edit");
        edit.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        edit.setOnAction(e -> edit(table.getSelectionModel().getSelectedItem()));
        Button archive = new Button(I18n.t("content.archive"), new FontIcon(MaterialDesignA.ARCHIVE_OUTLINE));
        archive.setId("content-archive");
        archive.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        archive.textProperty().bind(Bindings.createStringBinding(() -> {
            ContentItem s = table.getSelectionModel().getSelectedItem();
            return I18n.t(s != null && s.archived() ? "content.restore" : "content.archive");
        }, table.getSelectionModel().selectedItemProperty()));
        archive.setOnAction(e -> {
            ContentItem s = table.getSelectionModel().getSelectedItem();
            model.archive(s, !s.archived());
        });
        HBox actions = new HBox(8, edit, archive);
        Page.shownWhen(mayEdit, actions);
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(8, table, actions);
    }

    /** "5 Dec 2026 – 4 Feb 2027", "from 5 Dec 2026", "until 4 Feb 2027", or nothing. */
    static String dates(ContentItem i) {
        if (i.startsOn() != null && i.endsOn() != null) {
            return I18n.date(i.startsOn()) + " – " + I18n.date(i.endsOn());
        }
        return i.startsOn() != null ? I18n.t("content.from", I18n.date(i.startsOn()))
                : i.endsOn() != null ? I18n.t("content.until", I18n.date(i.endsOn())) : "";
    }

    private void edit(ContentItem item) {
        edit(item, model.versionOf(item));
    }

    /** Edits {@code item} as of version {@code seen}; an edit someone saved over meanwhile comes back to save again. */
    private void edit(ContentItem item, java.time.Instant seen) {
        ItemDialog.show(root.getScene().getWindow(), item, model.topics(), model.channels())
                .ifPresent(edited -> model.save(edited, seen, this::edit));
    }

    private static TableColumn<ContentItem, String> column(String title,
                                                           java.util.function.Function<ContentItem, String> value,
                                                           double width) {
        TableColumn<ContentItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private Node unknown() {
        Label title = new Label(I18n.t("content.unknown.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label(I18n.t("content.unknown.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        TableView<ContentService.Unknown> table = new TableView<>(model.unknown());
        table.setId("content-unknown");
        table.setPrefHeight(120);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(I18n.t("content.unknown.none")));
        TableColumn<ContentService.Unknown, String> campaign = new TableColumn<>(I18n.t("content.unknown.campaign"));
        campaign.setCellValueFactory(d -> new SimpleStringProperty(d.getValue().value()));
        campaign.setPrefWidth(260);
        TableColumn<ContentService.Unknown, String> people = new TableColumn<>(I18n.t("content.unknown.people"));
        people.setCellValueFactory(d -> new SimpleStringProperty(I18n.number(d.getValue().people())));
        TableColumn<ContentService.Unknown, String> last = new TableColumn<>(I18n.t("content.unknown.last"));
        last.setCellValueFactory(d -> new SimpleStringProperty(I18n.dateTime(d.getValue().last().toInstant())));
        table.getColumns().addAll(java.util.List.of(campaign, people, last));
        ComboBox<ContentItem> item = new ComboBox<>(model.items());
        item.setId("content-link-item");
        item.setPromptText(I18n.t("content.unknown.choose"));
        item.setConverter(new StringConverter<>() {
            @Override
            public String toString(ContentItem i) {
                return i == null ? "" : i.title();
            }

            @Override
            public ContentItem fromString(String s) {
                return null;
            }
        });
        Button link = new Button(I18n.t("content.unknown.link"), new FontIcon(MaterialDesignL.LINK_VARIANT));
        link.setId("content-link");
        link.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(item.valueProperty().isNull()).or(model.busy()));
        link.setOnAction(e -> model.link(table.getSelectionModel().getSelectedItem(), item.getValue()));
        HBox actions = new HBox(8, item, link);
        Page.shownWhen(mayEdit, actions);
        actions.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, title, hint, table, actions);
    }

    private Node recommendations() {
        Label title = new Label(I18n.t("content.recommend.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label(I18n.t("content.recommend.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        Spinner<Integer> exploration = new Spinner<>(0, 50, (int) Math.round(model.exploration().get() * 100), 5);
        exploration.setId("content-exploration");
        exploration.setPrefWidth(90);
        model.exploration().addListener((obs, old, now) -> exploration.getValueFactory()
                .setValue((int) Math.round(now * 100)));
        exploration.valueProperty().addListener((obs, old, now) -> {
            if (Math.round(model.exploration().get() * 100) != now) {
                model.setExploration(now / 100.0);
            }
        });
        exploration.disableProperty().bind(mayEdit.not());
        Label explorationLabel = new Label(I18n.t("content.recommend.exploration"));
        Button measure = new Button(I18n.t("content.recommend.measure"), new FontIcon(MaterialDesignA.ARM_FLEX_OUTLINE));
        measure.setId("content-measure");
        measure.disableProperty().bind(model.busy());
        measure.setOnAction(e -> model.evaluate());
        Label result = new Label();
        result.setId("content-evaluation");
        result.setWrapText(true);
        result.textProperty().bind(Bindings.createStringBinding(() -> words(model.evaluation().get()),
                model.evaluation()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox settings = new HBox(8, explorationLabel, exploration, grow, measure);
        settings.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, title, hint, settings, result);
    }

    private static String words(Evaluation e) {
        if (e == null) {
            return "";
        }
        if (e.people() == 0) {
            return I18n.t("content.recommend.tooLittle");
        }
        return I18n.t("content.recommend.result", I18n.number(e.people()), Math.round(100 * e.hitRateAt3()),
                Math.round(100 * e.popularityHitRateAt3()), String.format(org.registro.common.Messages.locale(),
                        "%.1f", e.lift()), Math.round(100 * e.coverage()), I18n.number(e.items()));
    }

    @Override
    public Node view() {
        return Page.scrolling(root);
    }

    @Override
    public void allowEdits(boolean allowed) {
        mayEdit.set(allowed);
    }

    @Override
    public void onShow() {
        model.load();
    }
}
