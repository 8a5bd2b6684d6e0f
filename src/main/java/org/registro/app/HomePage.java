package org.registro.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.registro.common.Messages;
import org.registro.consent.RetentionService;
import org.registro.dashboard.Dashboard;
import org.registro.dashboard.ui.KpiCard;
import org.registro.dashboard.ui.Sparkline;
import org.registro.destination.DestinationService;
import org.registro.destination.ui.DestinationsModel;
import org.registro.segment.Rule;
import org.registro.ui.I18n;
import org.registro.ui.Page;
import org.registro.workspace.ActivityEntry;

/**
 * Home: what needs attention, the figures that matter (contacts, who can be emailed and whether that grows, opt-ins
 * waiting, data quality, privacy requests), who can be reached per channel and topic and month by month, opt-ins
 * and withdrawals, new contacts, the largest segments and what happened lately. Every figure opens its people;
 * every chart saves as a PNG.
 */
public final class HomePage implements Page {

    /** Where Home sends the user. */
    public interface Navigation {
        void area(Area area);

        void newContact();

        /** The Consent area on a tab ("requests", "doi", "retention", "destinations"). */
        void consent(String tab);

        /** The people a condition selects, in the segment builder. */
        void rule(Rule rule);

        /** A saved segment, in the segment builder. */
        void segment(String name);
    }

    private final HomeModel model;
    private final Navigation go;
    private final VBox view = new VBox(18);
    private final VBox attention = new VBox(6);
    private final VBox start = new VBox(10);
    private final FlowPane kpis = new FlowPane(14, 14);
    private final GridPane reachGrid = new GridPane();
    private final org.registro.dashboard.ui.Funnel funnel = new org.registro.dashboard.ui.Funnel();
    private final HomeCharts charts;
    private final VBox lately = new VBox(6);
    private final VBox segments = new VBox(6);
    private final ListView<ActivityEntry> activity = new ListView<>();
    private final Node scroll = Page.scrolling(view);
    private final Button add = new Button(I18n.t("contacts.new"), new FontIcon(MaterialDesignP.PLUS));
    private boolean mayEdit = true;

    public HomePage(HomeModel model, Navigation go) {
        this.model = model;
        this.go = go;
        this.charts = new HomeCharts(model::savePicture);
        view.setId("page-home");
        view.setPadding(new Insets(24, 28, 24, 28));
        Label title = new Label(I18n.t("home.title", model.workspaceName()));
        title.getStyleClass().add(Styles.TITLE_2);
        title.setId("home-title");
        Label subtitle = new Label(I18n.t("home.subtitle"));
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        attention.setId("home-attention");
        attention.getStyleClass().add("home-due");
        attention.setManaged(false);
        attention.setVisible(false);
        start.setId("home-start");
        start.getStyleClass().add("home-start");
        start.setManaged(false);
        start.setVisible(false);
        kpis.setId("home-kpis");
        reachGrid.setId("home-reach");
        reachGrid.setHgap(18);
        reachGrid.setVgap(6);
        add.setId("home-new-contact");
        add.setOnAction(e -> go.newContact());
        Button browse = new Button(I18n.t("home.browse"), new FontIcon(MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE));
        browse.setOnAction(e -> go.area(Area.CONTACTS));
        HBox actions = new HBox(10, add, browse);
        activity.setId("home-activity");
        activity.setPlaceholder(new Label(I18n.t("home.noActivity")));
        activity.setPrefHeight(240);
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
        Label message = new Label();
        message.setId("home-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.when(model.errorProperty().isEmpty()).then(model.messageProperty())
                .otherwise(model.errorProperty()));
        HBox bottom = new HBox(28, box("home.segments", segments), box("home.lately", lately));
        view.getChildren().addAll(new VBox(4, title, subtitle), attention, start, kpis, message,
                reachAndFunnel(), charts.view(), bottom, actions, section("home.activity", activity));
        model.figuresProperty().addListener((o, a, f) -> show(f));
        model.attentionProperty().addListener((o, a, s) -> showAttention(s));
    }

    @Override
    public Node view() {
        return scroll;
    }

    @Override
    public void onShow() {
        model.load();
    }

    @Override
    public void allowEdits(boolean allowed) {
        mayEdit = allowed;
        Page.shownIf(mayEdit, add);
    }

    @Override
    public void othersChanged() {
        model.load();
    }

    // ---------------------------------------------------------------- figures

    private void show(Dashboard.Figures f) {
        if (f == null) {
            return;
        }
        boolean empty = f.contacts() == 0 && mayEdit; // a viewer is not invited to fill it
        start.getChildren().clear();
        if (empty) {
            Label invite = new Label(I18n.t("home.start"), new FontIcon(MaterialDesignF.FILE_IMPORT_OUTLINE));
            invite.getStyleClass().add(Styles.TITLE_4);
            Label how = new Label(I18n.t("home.startHow"));
            how.setWrapText(true);
            Button importFile = new Button(I18n.t("home.import"), new FontIcon(MaterialDesignF.FILE_IMPORT_OUTLINE));
            importFile.setId("home-import");
            importFile.getStyleClass().add(Styles.ACCENT);
            importFile.setDefaultButton(true);
            importFile.setOnAction(e -> go.area(Area.IMPORT));
            Button one = new Button(I18n.t("contacts.new"), new FontIcon(MaterialDesignP.PLUS));
            one.setOnAction(e -> go.newContact());
            start.getChildren().addAll(invite, how, new HBox(10, importFile, one));
        }
        start.setManaged(empty);
        start.setVisible(empty);

        Dashboard.Reach email = f.reach("email", "").orElse(null);
        Dashboard.Series emailTrend = f.optedIn("email", "").orElse(null);
        KpiCard contacts = card("home-kpi-contacts", MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE, f.contacts(),
                "home.kpi.contacts", () -> go.area(Area.CONTACTS));
        long added = f.newContacts().stream().mapToLong(s -> s.values().subList(s.values().size() - 3,
                s.values().size()).stream().mapToLong(Long::longValue).sum()).sum();
        note(contacts, added, "home.kpi.newIn3");
        KpiCard reachable = card("home-kpi-email", MaterialDesignE.EMAIL_CHECK_OUTLINE,
                email == null ? 0 : email.people(), "home.kpi.email", email == null ? null : () -> go.rule(email.rule()));
        if (emailTrend != null) {
            note(reachable, emailTrend.change(), "home.kpi.change3");
        }
        KpiCard waiting = card("home-kpi-doi", MaterialDesignC.CLOCK_OUTLINE, f.pendingConfirmation(), "home.kpi.doi",
                () -> go.consent("doi"));
        KpiCard quality = card("home-kpi-quality", MaterialDesignS.SHIELD_CHECK_OUTLINE, f.quality().score(),
                "home.kpi.quality", () -> go.area(Area.DUPLICATES));
        quality.valueProperty().set(I18n.t("home.kpi.score", f.quality().score()));
        f.quality().shares().entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .filter(e -> e.getValue() > 0).ifPresent(e -> quality.noteProperty().set(I18n.t("home.kpi.worst",
                        I18n.t("quality.issue." + e.getKey().code()), Math.round(e.getValue()))));
        KpiCard privacy = card("home-kpi-privacy", MaterialDesignI.INBOX_ARROW_DOWN_OUTLINE, f.privacyDue(),
                "home.kpi.privacy", () -> go.consent("requests"));
        if (f.privacyOverdue() > 0) {
            privacy.noteProperty().set(I18n.t("home.kpi.overdue", f.privacyOverdue()));
            privacy.trendProperty().set(KpiCard.Trend.DOWN);
        }
        kpis.getChildren().setAll(contacts, reachable, waiting, quality, privacy);

        showReach(f);
        showFunnel(f);
        charts.show(f);
        segments.getChildren().clear();
        if (f.segments().isEmpty()) {
            segments.getChildren().add(muted(I18n.t("home.noSegments")));
        }
        for (Dashboard.SegmentSize s : f.segments()) {
            Hyperlink name = new Hyperlink(s.name());
            name.setOnAction(e -> go.segment(s.name()));
            Label size = new Label(I18n.number(s.size()));
            size.setMinWidth(Region.USE_PREF_SIZE);
            Sparkline line = new Sparkline(s.history().stream().map(h -> h.size()).toList());
            HBox row = new HBox(10, name, spacer(), size, line);
            row.setAlignment(Pos.CENTER_LEFT);
            row.setPrefWidth(420);
            segments.getChildren().add(row);
        }
        lately.getChildren().clear();
        if (f.recent().isEmpty()) {
            lately.getChildren().add(muted(I18n.t("home.nothingLately")));
        }
        for (Dashboard.Recent r : f.recent()) {
            Label line = new Label(I18n.t("home.lately." + r.kind()) + " · " + I18n.dateTime(r.at()) + "\n"
                    + latelyText(r));
            line.setWrapText(true);
            line.setMaxWidth(460);
            line.setMinHeight(Region.USE_PREF_SIZE);
            lately.getChildren().add(line);
        }
    }

    /** What happened, in the user's language from its facts; the audit's words when the facts are gone. */
    private static String latelyText(Dashboard.Recent r) {
        List<Object> f = r.facts();
        if (f.isEmpty()) {
            return r.summary() == null ? "" : r.summary();
        }
        return switch (r.kind()) {
            case "import" -> I18n.t("home.lately.importText", f.get(0), f.get(1), f.get(2), f.get(3));
            case "export" -> I18n.t("home.lately.exportText", f.get(1), org.registro.export.ListFormat
                    .byCode((String) f.get(0)).map(org.registro.export.ListFormat::label).orElse((String) f.get(0)),
                    I18n.t("export.purpose.short." + f.get(2)), Messages.getOr("channel." + f.get(3), (String) f.get(3)));
            default -> I18n.t("home.lately.journeyText", f.get(0));
        };
    }

    private KpiCard card(String id, org.kordamp.ikonli.Ikon icon, long value, String labelKey, Runnable open) {
        KpiCard card = new KpiCard(icon, I18n.t(labelKey));
        card.setId(id);
        card.valueProperty().set(I18n.number(value));
        card.onOpenProperty().set(open);
        return card;
    }

    private static void note(KpiCard card, long change, String key) {
        card.noteProperty().set(I18n.t(key, (change > 0 ? "+" : "") + I18n.number(change)));
        card.trendProperty().set(change > 0 ? KpiCard.Trend.UP : change < 0 ? KpiCard.Trend.DOWN : KpiCard.Trend.FLAT);
    }

    /** Channels down, "the channel itself" and each topic across; each number opens its people. */
    private void showReach(Dashboard.Figures f) {
        reachGrid.getChildren().clear();
        List<String> topics = new java.util.ArrayList<>(List.of(""));
        topics.addAll(f.topicNames().keySet());
        int column = 1;
        for (String topic : topics) {
            Label head = new Label(topic.isEmpty() ? I18n.t("home.reach.any") : f.topicNames().get(topic));
            head.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            head.setWrapText(true);
            head.setMaxWidth(120);
            reachGrid.add(head, column++, 0);
        }
        List<String> channels = f.reach().stream().map(Dashboard.Reach::channel).distinct().toList();
        int row = 1;
        for (String channel : channels) {
            Label name = new Label(Messages.getOr("channel." + channel, channel));
            name.setMinWidth(Region.USE_PREF_SIZE);
            reachGrid.add(name, 0, row);
            column = 1;
            for (String topic : topics) {
                Dashboard.Reach r = f.reach(channel, topic).orElse(null);
                Hyperlink n = new Hyperlink(r == null ? "—" : I18n.number(r.people()));
                n.setId("home-reach-" + channel + (topic.isEmpty() ? "" : "-" + topic));
                if (r != null) {
                    n.setOnAction(e -> go.rule(r.rule()));
                    n.setTooltip(new Tooltip(I18n.t("home.reach.tip", I18n.number(r.people()),
                            Messages.getOr("channel." + channel, channel),
                            topic.isEmpty() ? I18n.t("home.reach.anyTopic") : f.topicNames().get(topic))));
                }
                reachGrid.add(n, column++, row);
            }
            row++;
        }
    }

    // ---------------------------------------------------------------- attention

    /**
     * What needs doing: privacy requests due within a week, people waiting to confirm, retention due, email tools
     * that have not been told of changes, likely duplicates found by the last scan.
     */
    private void showAttention(HomeModel.Attention summary) {
        if (summary == null) {
            return;
        }
        activity.getItems().setAll(summary.activity());
        attention.getChildren().clear();
        java.time.Instant now = model.now();
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
            Hyperlink duplicates = new Hyperlink(I18n.t("home.due.duplicates", summary.duplicatePairs()));
            duplicates.setId("home-due-duplicates");
            duplicates.setOnAction(e -> go.area(Area.DUPLICATES));
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
        Hyperlink link = new Hyperlink(text);
        link.setId(id);
        link.setOnAction(e -> go.consent(tab));
        return link;
    }

    /** Who can be reached per channel and topic, and beside it how the email list narrows from everyone. */
    private Node reachAndFunnel() {
        funnel.setId("home-funnel");
        funnel.setPrefWidth(500);
        funnel.setMaxWidth(560);
        Node reach = section("home.reach", reachGrid);
        Node narrowing = section("home.funnel", funnel);
        HBox.setHgrow(narrowing, Priority.ALWAYS);
        FlowPane both = new FlowPane(40, 18, reach, narrowing);
        return both;
    }

    private void showFunnel(Dashboard.Figures f) {
        funnel.getSteps().setAll(f.emailFunnel().stream().map(step -> new org.registro.dashboard.ui.Funnel.Step(
                "home-funnel-" + step.key(), I18n.t("home.funnel." + step.key()), step.people(),
                step.key().equals("contacts") ? () -> go.area(Area.CONTACTS) : () -> go.rule(step.rule()))).toList());
    }

    // ---------------------------------------------------------------- small parts

    private static Node section(String key, Node body) {
        Label title = new Label(I18n.t(key));
        title.getStyleClass().add(Styles.TITLE_4);
        return new VBox(8, title, body);
    }

    private static Node box(String key, Node body) {
        Node s = section(key, body);
        HBox.setHgrow(s, Priority.ALWAYS);
        return s;
    }

    static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }

    static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
