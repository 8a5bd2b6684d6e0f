package org.registro.contact.ui;

import atlantafx.base.theme.Styles;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;
import org.registro.common.Messages;
import org.registro.contact.ContactProfile;
import org.registro.contact.Countries;
import org.registro.contact.Phones;

/**
 * One contact: header with actions, then tabs for details (with what to offer them next), identifiers, tags,
 * timeline, consent, history.
 */
final class ContactProfileView {

    private final StackPane root = new StackPane();
    private final Runnable onEdit;
    private final Consumer<String> onAddTag;
    private final Consumer<String> onRemoveTag;
    private final Runnable onClose;
    private final ProfileTab consentTab;
    private final ProfileTab nextTab;
    private String selectedTab;
    private boolean mayEdit = true;

    ContactProfileView(Runnable onEdit, Consumer<String> onAddTag, Consumer<String> onRemoveTag, Runnable onClose,
                       ProfileTab consentTab, ProfileTab nextTab) {
        this.consentTab = consentTab;
        this.nextTab = nextTab;
        this.onEdit = onEdit;
        this.onClose = onClose;
        this.onAddTag = onAddTag;
        this.onRemoveTag = onRemoveTag;
        root.setId("contact-profile");
        root.setMinWidth(380);
        root.getStyleClass().add("profile");
        show(null);
    }

    Node view() {
        return root;
    }

    /** Whether the user may edit the people shown (a team workspace's viewer only reads). */
    void mayEdit(boolean allowed) {
        mayEdit = allowed;
    }

    void show(ContactProfile profile) {
        if (profile == null) {
            Label empty = new Label(I18n.t("contacts.selectHint"), new FontIcon(MaterialDesignA.ACCOUNT_OUTLINE));
            empty.getStyleClass().add(Styles.TEXT_MUTED);
            root.getChildren().setAll(empty);
            return;
        }
        TabPane tabs = new TabPane(
                tab("overview", overview(profile)),
                tab("identifiers", identifiers(profile)),
                tab("tags", tags(profile)),
                tab("timeline", timeline(profile)),
                tab("consent", consentTab.create(profile.id())),
                tab("history", history(profile)));
        tabs.setId("profile-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().stream().filter(t -> t.getId().equals(selectedTab)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> selectedTab = now.getId());
        VBox.setVgrow(tabs, Priority.ALWAYS);
        VBox box = new VBox(12, header(profile), tabs);
        box.setPadding(new Insets(16));
        root.getChildren().setAll(box);
    }

    private Node header(ContactProfile p) {
        Label avatar = new Label(initials(p));
        avatar.getStyleClass().add("avatar");
        avatar.setMinSize(48, 48);
        avatar.setAlignment(Pos.CENTER);
        Label name = new Label(p.displayName().isBlank() ? I18n.t("contacts.noName") : p.displayName());
        name.setId("profile-name");
        name.getStyleClass().add(Styles.TITLE_3);
        Label meta = new Label("#" + p.id() + " · " + I18n.t("contacts.createdOn", I18n.dateTime(p.createdAt())));
        meta.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Button edit = new Button(I18n.t("action.edit"), new FontIcon(MaterialDesignP.PENCIL_OUTLINE));
        edit.setId("profile-edit");
        edit.setMinWidth(Region.USE_PREF_SIZE); // a long name shortens, never the button
        edit.setOnAction(e -> onEdit.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button close = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
        close.setId("profile-close");
        close.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_CIRCLE);
        close.setOnAction(e -> onClose.run());
        Page.shownIf(mayEdit, edit);
        HBox header = new HBox(12, avatar, new VBox(2, name, meta), spacer, edit, close);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private static String initials(ContactProfile p) {
        String first = p.firstName() == null || p.firstName().isBlank() ? "" : p.firstName().substring(0, 1);
        String last = p.lastName() == null || p.lastName().isBlank() ? "" : p.lastName().substring(0, 1);
        String text = (first + last).toUpperCase(Messages.locale());
        return text.isEmpty() ? "?" : text;
    }

    private Tab tab(String key, Node content) {
        Tab tab = new Tab(I18n.t("profile.tab." + key), content);
        tab.setId("tab-" + key);
        return tab;
    }

    /** A value with where it came from in small letters under it, so the value has the width. */
    private static Node valueWithSource(Label value, String source) {
        if (source == null || source.isBlank()) {
            return value;
        }
        Label src = new Label(I18n.t("profile.from", source));
        src.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        src.setWrapText(true);
        return new VBox(0, value, src);
    }

    private Node overview(ContactProfile p) {
        Map<String, String> sources = p.provenance().stream().collect(Collectors.toMap(
                ContactProfile.Provenance::field,
                pr -> pr.source() != null ? I18n.sourceName(pr.source()) : pr.setBy() != null ? pr.setBy() : "",
                (a, b) -> a));
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        grid.setId("profile-overview");
        var valueColumn = new javafx.scene.layout.ColumnConstraints();
        valueColumn.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(), valueColumn);
        int[] row = {0};
        Consumer<Object[]> add = kv -> {
            String key = (String) kv[0];
            String value = (String) kv[1];
            if (value == null || value.isBlank()) {
                return;
            }
            Label label = new Label(I18n.t("field." + key));
            label.getStyleClass().add(Styles.TEXT_MUTED);
            label.setMinWidth(Region.USE_PREF_SIZE); // "Fecha de nacimiento" whole
            Label val = new Label(value);
            val.setWrapText(true);
            val.setId("profile-" + key);
            grid.addRow(row[0]++, label, valueWithSource(val, sources.get(key)));
        };
        add.accept(new Object[] {"email", p.email()});
        add.accept(new Object[] {"phone", Phones.display(p.phone())});
        add.accept(new Object[] {"birthDate", I18n.date(p.birthDate())});
        add.accept(new Object[] {"organization", p.organization()});
        add.accept(new Object[] {"jobTitle", p.jobTitle()});
        add.accept(new Object[] {"street", p.street()});
        add.accept(new Object[] {"postalCode", p.postalCode()});
        add.accept(new Object[] {"city", p.city()});
        add.accept(new Object[] {"region", p.region()});
        add.accept(new Object[] {"country", p.country() == null ? null
                : Countries.displayName(p.country(), Messages.locale()) + " (" + p.country() + ")"});
        add.accept(new Object[] {"language", p.language()});
        for (ContactProfile.FieldValue v : p.customValues()) {
            Label label = new Label(v.label());
            label.getStyleClass().add(Styles.TEXT_MUTED);
            Label val = new Label(v.value());
            val.setWrapText(true);
            grid.addRow(row[0]++, label, valueWithSource(val, v.source() == null ? null
                    : I18n.sourceName(v.source())));
        }
        if (p.doNotContact()) {
            Label dnc = new Label(I18n.t("profile.doNotContact"));
            dnc.getStyleClass().add(Styles.DANGER);
            grid.add(dnc, 0, row[0]++, 2, 1);
        }
        if (row[0] == 0) {
            grid.add(new Label(I18n.t("profile.noDetails")), 0, 0);
        }
        Label next = new Label(I18n.t("profile.next"));
        next.getStyleClass().add(Styles.TITLE_4);
        VBox details = new VBox(16, grid, new VBox(6, next, nextTab.create(p.id())));
        var scroll = Page.scrolling(details);
        scroll.setPadding(new Insets(12, 4, 4, 4));
        return scroll;
    }

    private Node identifiers(ContactProfile p) {
        TableView<ContactProfile.IdentifierInfo> table = new TableView<>();
        table.setId("profile-identifiers");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Cells.textColumn(I18n.t("profile.kind"), i -> I18n.t("identifier." + i.kind())
                + (i.system().isEmpty() ? "" : " · " + i.system())));
        table.getColumns().add(Cells.textColumn(I18n.t("profile.value"), i -> i.kind().equals("phone")
                ? Phones.display(i.normalizedValue()) : i.normalizedValue()));
        table.getColumns().add(Cells.textColumn(I18n.t("profile.asEntered"), ContactProfile.IdentifierInfo::rawValue));
        table.getColumns().add(Cells.textColumn(I18n.t("profile.primary"),
                i -> i.primary() ? I18n.t("common.yes") : ""));
        table.getColumns().add(Cells.textColumn(I18n.t("profile.source"), i -> i.source() == null ? "" : I18n.sourceName(i.source())));
        table.getItems().setAll(p.identifiers());
        table.setPlaceholder(new Label(I18n.t("profile.noIdentifiers")));
        return table;
    }

    private Node tags(ContactProfile p) {
        FlowPane chips = new FlowPane(8, 8);
        chips.setId("profile-tags");
        for (String tag : p.tags()) {
            Button remove = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
            remove.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, Styles.BUTTON_CIRCLE);
            remove.setId("remove-tag-" + tag);
            remove.setOnAction(e -> onRemoveTag.accept(tag));
            Page.shownIf(mayEdit, remove);
            Label chip = new Label(tag, remove);
            chip.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
            chip.getStyleClass().add("tag-chip");
            chips.getChildren().add(chip);
        }
        if (p.tags().isEmpty()) {
            Label none = new Label(I18n.t("profile.noTags"));
            none.getStyleClass().add(Styles.TEXT_MUTED);
            chips.getChildren().add(none);
        }
        TextField add = new TextField();
        add.setId("add-tag");
        add.setPromptText(I18n.t("profile.addTagPrompt"));
        add.setOnAction(e -> {
            onAddTag.accept(add.getText());
            add.clear();
        });
        Page.shownIf(mayEdit, add);
        VBox box = new VBox(14, chips, add);
        box.setPadding(new Insets(12, 4, 4, 4));
        return box;
    }

    private Node timeline(ContactProfile p) {
        ListView<ContactProfile.EventInfo> list = new ListView<>();
        list.setId("profile-timeline");
        list.getItems().setAll(p.events());
        list.setPlaceholder(new Label(I18n.t("profile.noEvents")));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ContactProfile.EventInfo e, boolean empty) {
                super.updateItem(e, empty);
                if (empty || e == null) {
                    setText(null);
                    return;
                }
                StringBuilder text = new StringBuilder(I18n.dateTime(e.occurredAt())).append("  ·  ")
                        .append(I18n.eventType(e.type()));
                if (e.amount() != null) {
                    text.append("  ").append(e.amount().stripTrailingZeros().toPlainString())
                            .append(e.currency() == null ? "" : " " + e.currency());
                }
                if (e.campaign() != null) {
                    text.append("  ·  ").append(e.campaign());
                }
                if (e.source() != null) {
                    text.append("  ·  ").append(I18n.sourceName(e.source()));
                }
                setText(text.toString());
            }
        });
        return list;
    }

    private Node history(ContactProfile p) {
        ListView<ContactProfile.AuditEntry> list = new ListView<>();
        list.setId("profile-history");
        list.getItems().setAll(p.audit());
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ContactProfile.AuditEntry a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null
                        : I18n.dateTime(a.occurredAt()) + "  ·  " + a.actor() + "  ·  " + a.summary());
            }
        });
        return list;
    }
}
