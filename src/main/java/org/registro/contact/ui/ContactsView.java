package org.registro.contact.ui;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.registro.common.Messages;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;
import org.registro.contact.ContactSort;
import org.registro.contact.ContactSummary;
import org.registro.contact.Phones;

/**
 * The contacts browser: quick search, a paged table sorted by the database, and the selected
 * contact's profile beside it. Ctrl+F searches, Enter edits the selected one (Ctrl+N, a new contact, is the
 * window's shortcut).
 */
public final class ContactsView implements Page {

    private final ContactsViewModel model;
    private final BorderPane root = new BorderPane();
    private final CustomTextField search = new CustomTextField();
    private final TableView<ContactSummary> table = new TableView<>();
    private final ContactProfileView profile;
    private final Label range = new Label();
    /** The property key under which an optional column keeps its id. */
    private static final String OPTIONAL = "registro.optional";
    /** Every column the table can show, in order; the table holds the ones shown. */
    private final List<TableColumn<ContactSummary, ?>> allColumns = new ArrayList<>();
    private final javafx.scene.control.MenuButton columnsMenu = new javafx.scene.control.MenuButton();
    private boolean loaded;
    private boolean mayEdit = true;
    private final Button add = new Button(I18n.t("contacts.new"), new FontIcon(MaterialDesignP.PLUS));

    /**
     * @param consentTab builds the profile's consent tab (the app gives the preference centre)
     * @param nextTab    builds the profile's "Recommended next" tab
     */
    public ContactsView(ContactsViewModel model, ProfileTab consentTab, ProfileTab nextTab) {
        this.model = model;
        this.profile = new ContactProfileView(this::editSelected, model::addTag, model::removeTag, this::closeProfile,
                consentTab, nextTab);
        root.setId("page-contacts");
        // The profile opens beside the table when a contact is selected, so the table has the whole width otherwise.
        SplitPane split = new SplitPane(tablePane());
        root.setTop(toolbar()); // after the table: its columns menu lists the table's columns
        root.setCenter(split);
        model.profileProperty().addListener((obs, old, now) -> {
            profile.show(now);
            if (now != null && !split.getItems().contains(profile.view())) {
                split.getItems().add(profile.view());
                SplitPane.setResizableWithParent(profile.view(), false);
                double width = split.getWidth() > 0 ? split.getWidth() : 1100;
                split.setDividerPositions(Math.max(0.45, 1 - 560 / width));
            } else if (now == null) {
                split.getItems().remove(profile.view());
            }
        });
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void othersChanged() {
        if (loaded) {
            model.refresh();
        }
    }

    @Override
    public void onShow() {
        if (!loaded) {
            loaded = true;
            model.loadChannels();
            model.search("");
        } else {
            model.refresh();
        }
    }

    @Override
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    @Override
    public void allowEdits(boolean allowed) {
        mayEdit = allowed;
        profile.mayEdit(allowed);
        Page.shownIf(allowed, add);
    }

    /** Shows one contact's profile (from another area: a merge, a data quality finding). */
    public void open(long id) {
        model.select(id);
    }

    /** Opens the dialog for a new contact. */
    public void newContact() {
        if (!mayEdit) {
            return;
        }
        new ContactEditDialog(root.getScene().getWindow(), model, null).showAndWait();
    }

    private void closeProfile() {
        table.getSelectionModel().clearSelection();
        model.select(null);
    }

    private void editSelected() {
        if (model.profileProperty().get() != null && mayEdit) {
            new ContactEditDialog(root.getScene().getWindow(), model, model.profileProperty().get()).showAndWait();
        }
    }

    private Node toolbar() {
        Label title = new Label(I18n.t("nav.contacts"));
        title.getStyleClass().add(Styles.TITLE_3);
        Label count = new Label();
        count.setId("contacts-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        model.totalProperty().addListener((obs, old, now) -> count.setText(countText()));
        search.setId("contacts-search");
        search.setPromptText(I18n.t("contacts.searchPrompt"));
        search.setLeft(new FontIcon(MaterialDesignM.MAGNIFY));
        search.setPrefWidth(390);
        PauseTransition debounce = new PauseTransition(Duration.millis(250));
        debounce.setOnFinished(e -> model.search(search.getText()));
        search.textProperty().addListener((obs, old, now) -> debounce.playFromStart());
        search.setOnAction(e -> {
            debounce.stop();
            model.search(search.getText());
        });
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
            } else if (e.getCode() == KeyCode.DOWN) {
                table.requestFocus();
                table.getSelectionModel().selectFirst();
            }
        });
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.loadingProperty());
        Button refresh = new Button(null, new FontIcon(MaterialDesignR.REFRESH));
        refresh.getStyleClass().add(Styles.FLAT);
        refresh.setOnAction(e -> model.refresh());
        add.setId("contacts-new");
        add.getStyleClass().add(Styles.ACCENT);
        add.setOnAction(e -> newContact());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, title, count, spacer, busy, search, refresh, add);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(14, 18, 6, 18));
        HBox view = new HBox(8, segmentChoice(), columnsMenu());
        view.setAlignment(Pos.CENTER_LEFT);
        view.setPadding(new Insets(0, 18, 8, 18));
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.setPadding(new Insets(0, 18, 6, 18));
        return new VBox(bar, view, error);
    }

    /** Everyone, or the people of one saved segment. */
    private Node segmentChoice() {
        javafx.scene.control.ComboBox<String> choice = new javafx.scene.control.ComboBox<>();
        choice.setId("contacts-segment");
        String everyone = I18n.t("contacts.everyone");
        choice.getItems().add(everyone);
        model.segments().addListener((ListChangeListener<String>) c -> {
            String chosen = model.segmentProperty().get();
            choice.getItems().setAll(everyone);
            choice.getItems().addAll(model.segments());
            choice.setValue(chosen == null ? everyone : chosen);
        });
        choice.setValue(everyone);
        choice.setOnShowing(e -> model.loadSegments());
        choice.valueProperty().addListener((obs, old, now) -> {
            String wanted = now == null || now.equals(everyone) ? null : now;
            if (!java.util.Objects.equals(wanted, model.segmentProperty().get())) {
                model.showSegment(wanted);
            }
        });
        choice.setTooltip(new javafx.scene.control.Tooltip(I18n.t("contacts.segment.tip")));
        return choice;
    }

    /** The optional columns, each shown or hidden with a tick (remembered). */
    private Node columnsMenu() {
        columnsMenu.setText(I18n.t("contacts.columns"));
        columnsMenu.setGraphic(new FontIcon(MaterialDesignT.TABLE_COLUMN_PLUS_AFTER));
        columnsMenu.setId("contacts-columns");
        addToColumnsMenu(allColumns);
        return columnsMenu;
    }

    /** A tick per optional column; items already listed stay as they are (the menu may be open). */
    private void addToColumnsMenu(List<TableColumn<ContactSummary, ?>> columns) {
        for (TableColumn<ContactSummary, ?> column : columns) {
            if (column.getProperties().get(OPTIONAL) instanceof String id) {
                javafx.scene.control.CheckMenuItem item = new javafx.scene.control.CheckMenuItem(column.getText());
                item.setId("show-" + id.replace(':', '-'));
                item.setSelected(model.shownColumns().contains(id));
                item.selectedProperty().addListener((obs, old, now) -> model.showColumn(id, now));
                columnsMenu.getItems().add(item);
            }
        }
    }

    private String countText() {
        long total = model.totalProperty().get();
        if (model.searchProperty().get().isBlank()) {
            return I18n.t("contacts.count", I18n.number(total));
        }
        return I18n.t("contacts.matches", total > ContactsViewModel.SEARCH_CAP
                ? I18n.number(ContactsViewModel.SEARCH_CAP) + "+" : I18n.number(total));
    }

    private Node tablePane() {
        table.setId("contacts-table");
        table.setItems(model.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(I18n.t("contacts.empty")));
        table.getColumns().add(column("name", I18n.t("contacts.col.name"), ContactSort.NAME, ContactSummary::displayName, 200));
        table.getColumns().add(column("email", I18n.t("field.email"), ContactSort.EMAIL, ContactSummary::email, 240));
        // the person stays readable however many columns are shown: past this the table scrolls sideways
        table.getColumns().get(0).setMinWidth(200);
        table.getColumns().get(1).setMinWidth(220);
        for (Choosable option : optionalColumns()) {
            option.column().getProperties().put(OPTIONAL, option.id());
            table.getColumns().add(option.column());
        }
        org.registro.ui.Cells.keepHeaders(table);
        allColumns.addAll(table.getColumns());
        // a column shown is put in the table (not made visible): its cells are made and laid out like the others'
        model.shownColumns().addListener((ListChangeListener<String>) c -> showChosen());
        // The database sorts: clicking a header asks for page one in the new order.
        table.setSortPolicy(t -> true);
        table.getSortOrder().addListener((ListChangeListener<TableColumn<ContactSummary, ?>>) c -> applySort());
        for (TableColumn<ContactSummary, ?> column : table.getColumns()) {
            column.sortTypeProperty().addListener((obs, old, now) -> applySort());
        }
        showChosen();
        // a consent column per channel, once the model has read the channels
        model.channels().addListener((ListChangeListener<String>) c -> consentColumns());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                model.select(now == null ? null : now.id()));
        table.setRowFactory(t -> {
            TableRow<ContactSummary> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    editSelected();
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                editSelected();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                closeProfile();
            } else if (e.getCode() == KeyCode.PAGE_DOWN && e.isShortcutDown()) {
                model.nextPage();
            } else if (e.getCode() == KeyCode.PAGE_UP && e.isShortcutDown()) {
                model.previousPage();
            }
        });
        model.rows().addListener((ListChangeListener<ContactSummary>) c -> range.setText(model.rangeText()));
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(table, pager());
        box.setPadding(new Insets(0, 0, 0, 18));
        return box;
    }

    /** Name and email, then the optional columns the user chose, in their order. */
    private void showChosen() {
        table.getColumns().setAll(allColumns.stream().filter(c -> !(c.getProperties().get(OPTIONAL) instanceof String id)
                || model.shownColumns().contains(id)).toList());
    }

    private void applySort() {
        if (table.getSortOrder().isEmpty()) {
            model.sortBy(ContactSort.NAME, true);
            return;
        }
        TableColumn<ContactSummary, ?> first = table.getSortOrder().get(0);
        SortBy by = (SortBy) first.getUserData();
        model.sortBy(by.sort(), by.channel(), first.getSortType() == TableColumn.SortType.ASCENDING);
    }

    private Node pager() {
        Button first = pagerButton("pager-first", MaterialDesignP.PAGE_FIRST, model::firstPage);
        Button previous = pagerButton("pager-previous", MaterialDesignC.CHEVRON_LEFT, model::previousPage);
        Button next = pagerButton("pager-next", MaterialDesignC.CHEVRON_RIGHT, model::nextPage);
        Button last = pagerButton("pager-last", MaterialDesignP.PAGE_LAST, model::lastPage);
        first.disableProperty().bind(model.pageProperty().isEqualTo(0));
        previous.disableProperty().bind(model.pageProperty().isEqualTo(0));
        next.disableProperty().bind(model.pageProperty().greaterThanOrEqualTo(model.pageCountBinding().subtract(1)));
        last.disableProperty().bind(next.disableProperty());
        range.setId("pager-range");
        range.getStyleClass().add(Styles.TEXT_SMALL);
        Label page = new Label();
        page.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        page.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> I18n.t("contacts.page", I18n.number(model.pageProperty().get() + 1L),
                        I18n.number(model.pageCountBinding().get())),
                model.pageProperty(), model.pageCountBinding()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(6, range, spacer, page, first, previous, next, last);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 8, 0));
        return bar;
    }

    private static Button pagerButton(String id, org.kordamp.ikonli.Ikon icon, Runnable action) {
        Button button = new Button(null, new FontIcon(icon));
        button.setId(id);
        button.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        button.setOnAction(e -> action.run());
        return button;
    }

    /** What a column sorts by: a contact field or figure, and for a consent column its channel. */
    private record SortBy(ContactSort sort, String channel) {
    }

    /** A column the user may show or hide, with its name in the columns menu. */
    private record Choosable(String id, String name, TableColumn<ContactSummary, String> column) {
    }

    /** The columns besides name and email: contact fields, then what a marketer reads about each person. */
    private List<Choosable> optionalColumns() {
        List<Choosable> columns = new ArrayList<>();
        Choosable phone = optional("phone", I18n.t("field.phone"), null, c -> Phones.display(c.phone()), 150);
        phone.column().setMinWidth(140); // a whole number, not "+34 631 7…"
        columns.add(phone);
        columns.add(optional("city", I18n.t("field.city"), ContactSort.CITY, ContactSummary::city, 110));
        columns.add(optional("updated", I18n.t("contacts.col.updated"), ContactSort.UPDATED,
                c -> I18n.shortDate(c.updatedAt()), 90));
        columns.add(optional("created", I18n.t("contacts.col.created"), ContactSort.CREATED,
                c -> I18n.shortDate(c.createdAt()), 90));
        columns.add(numeric(optional("given", I18n.t("contacts.col.given"), ContactSort.GIVEN,
                c -> c.facts().gifts() == 0 ? "" : I18n.amount(c.facts().given()), 100)));
        columns.add(numeric(optional("gifts", I18n.t("contacts.col.gifts"), ContactSort.GIFTS,
                c -> c.facts().gifts() == 0 ? "" : I18n.number(c.facts().gifts()), 70)));
        columns.add(optional("lastGift", I18n.t("contacts.col.lastGift"), ContactSort.LAST_GIFT,
                c -> I18n.shortDate(c.facts().lastGift()), 90));
        columns.add(optional("lastActivity", I18n.t("contacts.col.lastActivity"), ContactSort.LAST_ACTIVITY,
                c -> I18n.shortDate(c.facts().lastActivity()), 100));
        columns.add(optional("tags", I18n.t("contacts.col.tags"), null, c -> String.join(", ", c.facts().tags()), 140));
        return columns;
    }

    /** The consent columns, one per channel, after the other optional ones; the menu lists them too. */
    private void consentColumns() {
        allColumns.removeIf(c -> c.getProperties().get(OPTIONAL) instanceof String id && id.startsWith("consent:"));
        List<TableColumn<ContactSummary, ?>> added = new ArrayList<>();
        for (String channel : model.channels()) {
            String name = I18n.t("contacts.col.consent", Messages.getOr("channel." + channel, channel));
            Choosable consent = optional("consent:" + channel, name, ContactSort.CONSENT, c -> {
                String status = c.facts().consent().get(channel);
                return status == null ? "" : Messages.getOr("consent.status." + status, status);
            }, 120);
            consent.column().setUserData(new SortBy(ContactSort.CONSENT, channel));
            consent.column().getProperties().put(OPTIONAL, consent.id());
            consent.column().sortTypeProperty().addListener((obs, old, now) -> applySort());
            added.add(consent.column());
        }
        Cells.keepHeaders(added);
        allColumns.addAll(added);
        columnsMenu.getItems().removeIf(item -> item.getId() != null && item.getId().startsWith("show-consent-"));
        addToColumnsMenu(added);
        showChosen();
    }

    private static Choosable optional(String id, String name, ContactSort sort, Function<ContactSummary, String> value,
                                     double width) {
        return new Choosable(id, name, column(id, name, sort, value, width));
    }

    private static Choosable numeric(Choosable option) {
        option.column().getStyleClass().add("numeric");
        return option;
    }

    private static TableColumn<ContactSummary, String> column(String id, String title, ContactSort sort,
                                                              Function<ContactSummary, String> value, double width) {
        TableColumn<ContactSummary, String> column = Cells.textColumn(title, value);
        column.setId("col-" + id.replace(':', '-'));
        column.setSortable(sort != null);
        column.setUserData(sort == null ? null : new SortBy(sort, null));
        column.setPrefWidth(width);
        return column;
    }
}
