package org.registro.app;

import org.registro.ui.Dialogs;
import org.registro.ui.Page;
import org.registro.ui.I18n;
import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.registro.workspace.ActivityEntry;
import org.registro.workspace.WorkspaceInfo;

/** The Home area: what the workspace holds, what happened lately, and where to go next. */
public final class HomePage implements Page {

    private final AppContext context;
    private final Consumer<Area> navigate;
    private final Runnable newContact;
    private final VBox view = new VBox(18);
    private final FlowPane cards = new FlowPane(14, 14);
    private final ListView<ActivityEntry> activity = new ListView<>();
    private final Node scroll = Page.scrolling(view);

    /** What the cards show. */
    record Summary(WorkspaceInfo info, long contacts, List<ActivityEntry> activity) {
    }

    public HomePage(AppContext context, Consumer<Area> navigate, Runnable newContact) {
        this.context = context;
        this.navigate = navigate;
        this.newContact = newContact;
        view.setId("page-home");
        view.setPadding(new Insets(24, 28, 24, 28));
        Label title = new Label(I18n.t("home.title", context.session().workspace().name()));
        title.getStyleClass().add(Styles.TITLE_2);
        title.setId("home-title");
        Label subtitle = new Label(I18n.t("home.subtitle"));
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        Button add = new Button(I18n.t("contacts.new"), new FontIcon(MaterialDesignP.PLUS));
        add.getStyleClass().add(Styles.ACCENT);
        add.setOnAction(e -> newContact.run());
        Button browse = new Button(I18n.t("home.browse"), new FontIcon(MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE));
        browse.setOnAction(e -> navigate.accept(Area.CONTACTS));
        HBox actions = new HBox(10, add, browse);
        Label activityTitle = new Label(I18n.t("home.activity"));
        activityTitle.getStyleClass().add(Styles.TITLE_4);
        activity.setId("home-activity");
        activity.setPlaceholder(new Label(I18n.t("home.noActivity")));
        activity.setPrefHeight(320);
        activity.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ActivityEntry item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                } else {
                    Label when = new Label(I18n.dateTime(item.occurredAt()));
                    when.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                    when.setMinWidth(150);
                    Label what = new Label(item.summary() == null ? item.action() : item.summary());
                    Label who = new Label(item.actor());
                    who.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                    HBox row = new HBox(12, when, what, who);
                    row.setAlignment(Pos.CENTER_LEFT);
                    setGraphic(row);
                    setText(null);
                }
            }
        });
        view.getChildren().addAll(new VBox(4, title, subtitle), cards, actions, activityTitle, activity);
    }

    @Override
    public Node view() {
        return scroll;
    }

    @Override
    public void onShow() {
        Session session = context.session();
        context.tasks().run(null, progress -> new Summary(session.workspaces().info(session.workspace()),
                        session.contacts().count(), session.workspaces().recentActivity(session.workspace(), 15)),
                this::show, error -> Dialogs.error(view, error));
    }

    private void show(Summary summary) {
        var counts = summary.info().rowCounts();
        cards.getChildren().setAll(
                card("home-card-contacts", MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE, summary.contacts(),
                        I18n.t("home.card.contacts")),
                card("home-card-identifiers", MaterialDesignE.EMAIL_OUTLINE, counts.getOrDefault("identifier", 0L),
                        I18n.t("home.card.identifiers")),
                card("home-card-tags", MaterialDesignT.TAG_OUTLINE, counts.getOrDefault("tag", 0L),
                        I18n.t("home.card.tags")),
                card("home-card-events", MaterialDesignT.TIMELINE_CLOCK_OUTLINE, counts.getOrDefault("event", 0L),
                        I18n.t("home.card.events")));
        activity.getItems().setAll(summary.activity());
    }

    private static Node card(String id, org.kordamp.ikonli.Ikon icon, long value, String label) {
        FontIcon fontIcon = new FontIcon(icon);
        fontIcon.getStyleClass().add("card-icon");
        Label number = new Label(I18n.number(value));
        number.getStyleClass().add(Styles.TITLE_1);
        number.setId(id + "-value");
        Label text = new Label(label);
        text.getStyleClass().add(Styles.TEXT_MUTED);
        VBox card = new VBox(6, fontIcon, number, text);
        card.getStyleClass().add("stat-card");
        card.setId(id);
        card.setPrefWidth(200);
        return card;
    }
}
