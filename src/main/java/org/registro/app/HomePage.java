package org.registro.app;

import org.registro.wiring.Session;

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
import org.registro.consent.PrivacyService;
import org.registro.consent.RetentionService;
import org.registro.destination.DestinationService;
import org.registro.destination.ui.DestinationsModel;
import org.registro.workspace.ActivityEntry;
import org.registro.workspace.WorkspaceInfo;

/** The Home area: what the workspace holds, what happened lately, and where to go next. */
public final class HomePage implements Page {

    private final AppContext context;
    private final Consumer<Area> navigate;
    private final Runnable newContact;
    private final Consumer<String> openConsent;
    private final VBox view = new VBox(18);
    private final VBox attention = new VBox(6);
    private final FlowPane cards = new FlowPane(14, 14);
    private final ListView<ActivityEntry> activity = new ListView<>();
    private final Node scroll = Page.scrolling(view);

    /** What the cards show. */
    record Summary(WorkspaceInfo info, long contacts, List<ActivityEntry> activity,
                   List<PrivacyService.Request> dueRequests, int pendingConfirmation,
                   List<RetentionService.Preview> retention, int duplicatePairs,
                   List<DestinationService.Pending> behind) {
    }

    /** @param openConsent opens the Consent area on a tab ("requests", "doi", "retention", "destinations") */
    public HomePage(AppContext context, Consumer<Area> navigate, Runnable newContact, Consumer<String> openConsent) {
        this.context = context;
        this.navigate = navigate;
        this.newContact = newContact;
        this.openConsent = openConsent;
        attention.setId("home-attention");
        attention.getStyleClass().add("home-due");
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
        attention.setManaged(false);
        attention.setVisible(false);
        view.getChildren().addAll(new VBox(4, title, subtitle), attention, cards, actions, activityTitle, activity);
    }

    @Override
    public Node view() {
        return scroll;
    }

    @Override
    public void onShow() {
        Session session = context.session();
        java.time.Instant soon = session.workspace().clock().instant().plus(java.time.Duration.ofDays(7));
        context.tasks().run(null, progress -> new Summary(session.workspaces().info(session.workspace()),
                        session.contacts().count(), session.workspaces().recentActivity(session.workspace(), 15),
                        session.privacy().due(soon), session.doubleOptIn().pendingCount(),
                        session.retention().previewAll().stream().filter(p -> p.count() > 0).toList(),
                        session.duplicates().stored().pairs(),
                        session.destinations().pendingAll().stream().filter(p -> !p.isEmpty()).toList()),
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
        showAttention(summary);
    }

    /**
     * What needs doing: privacy requests due within a week, people waiting to confirm, retention due, email
     * tools that have not been told of changes, likely duplicates found by the last scan.
     */
    private void showAttention(Summary summary) {
        attention.getChildren().clear();
        java.time.Instant now = context.session().workspace().clock().instant();
        long overdue = summary.dueRequests().stream().filter(r -> r.overdue(now)).count();
        if (!summary.dueRequests().isEmpty()) {
            attention.getChildren().add(link("home-due-requests", overdue > 0
                    ? I18n.t("home.due.overdue", overdue, summary.dueRequests().size())
                    : I18n.t("home.due.requests", summary.dueRequests().size(),
                            I18n.shortDate(summary.dueRequests().get(0).dueAt())), "requests"));
        }
        if (summary.pendingConfirmation() > 0) {
            attention.getChildren().add(link("home-due-doi", I18n.t("home.due.doi", summary.pendingConfirmation()),
                    "doi"));
        }
        for (RetentionService.Preview p : summary.retention()) {
            attention.getChildren().add(link("home-due-retention-" + p.policy().kind(), I18n.t("home.due.retention",
                    I18n.t("retention.kind." + p.policy().kind(), p.policy().months()), p.count()), "retention"));
        }
        for (DestinationService.Pending p : summary.behind()) {
            boolean late = p.late();
            Node link = link("home-due-destination-" + p.destination().id(), I18n.t(late ? "home.due.destinationLate"
                    : "home.due.destination", p.destination().name(), DestinationsModel.reasons(p.counts()),
                    I18n.shortDate(p.oldest())), "destinations");
            if (late) {
                link.getStyleClass().add(Styles.DANGER);
            }
            attention.getChildren().add(link);
        }
        if (summary.duplicatePairs() > 0) {
            javafx.scene.control.Hyperlink duplicates = new javafx.scene.control.Hyperlink(
                    I18n.t("home.due.duplicates", summary.duplicatePairs()));
            duplicates.setId("home-due-duplicates");
            duplicates.setOnAction(e -> navigate.accept(Area.DUPLICATES));
            attention.getChildren().add(duplicates);
        }
        boolean any = !attention.getChildren().isEmpty();
        if (any) {
            Label title = new Label(I18n.t("home.due.title"), new FontIcon(MaterialDesignA.ALERT_OUTLINE));
            title.getStyleClass().add(Styles.TEXT_BOLD);
            attention.getChildren().add(0, title);
        }
        attention.setManaged(any);
        attention.setVisible(any);
    }

    private Node link(String id, String text, String tab) {
        javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(text);
        link.setId(id);
        link.setOnAction(e -> openConsent.accept(tab));
        return link;
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
