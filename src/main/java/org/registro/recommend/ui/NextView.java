package org.registro.recommend.ui;

import atlantafx.base.theme.Styles;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.registro.common.Messages;
import org.registro.consent.ConsentService;
import org.registro.recommend.ReasonText;
import org.registro.recommend.RecommendService;
import org.registro.recommend.Rhythm;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * What to offer a person next, under the details of their profile: the items to offer them, best first, each with its reason in
 * words, and their best channel and moment — from the last refresh of recommendations.
 */
public final class NextView {

    /** One line of the panel, worded. */
    record Line(String title, String detail, String because, String url) {
    }

    /**
     * What the panel shows: the lines, the best moment, whether recommendations were ever refreshed, and what
     * the person did with items (most recent first).
     */
    record Shown(List<Line> lines, String moment, boolean refreshed, List<Line> engaged) {
    }

    /** How many of the person's interactions are listed; the rest are counted. */
    private static final int ENGAGED_SHOWN = 5;

    /** Reads the person's recommendations off the FX thread and words them. */
    public static final class Model {
        private final SimpleObjectProperty<Shown> shown = new SimpleObjectProperty<>(this, "shown");
        private final RecommendService recommendations;
        private final org.registro.content.ContentService content;
        private final ConsentService consent;
        private final TaskRunner tasks;
        private final long contactId;

        public Model(RecommendService recommendations, org.registro.content.ContentService content,
                     ConsentService consent, TaskRunner tasks, long contactId) {
            this.recommendations = recommendations;
            this.content = content;
            this.consent = consent;
            this.tasks = tasks;
            this.contactId = contactId;
            reload();
        }

        /** Reads them again (after the person's consent changed: what they may no longer receive goes). */
        public void reload() {
            tasks.run(null, p -> read(recommendations, content, consent, contactId), shown::set,
                    e -> shown.set(null));
        }

        private static Shown read(RecommendService recommendations, org.registro.content.ContentService content,
                                  ConsentService consent, long contactId) {
            java.util.function.UnaryOperator<String> topic = consent.topicLabels();
            List<Line> lines = recommendations.forContact(contactId).stream().map(r -> new Line(r.item().title(),
                    I18n.t("content.kind." + r.item().kind()) + (r.item().topics().isEmpty() ? "" : " · "
                            + String.join(", ", r.item().topics().stream().map(topic).toList())),
                    ReasonText.words(r.reason(), topic),
                    r.item().url())).toList();
            Optional<Rhythm> rhythm = recommendations.rhythm(contactId);
            String moment = rhythm.map(r -> I18n.t(Rhythm.OWN.equals(r.basis()) ? "next.moment.own"
                            : "next.moment.organization", I18n.t("channel." + r.channel()),
                    DayOfWeek.of(r.weekday()).getDisplayName(TextStyle.FULL, Messages.locale()),
                    String.format("%02d:00", r.hour()), r.responses())).orElse(null);
            List<Line> engaged = content.interactions(contactId).stream().map(i -> new Line(i.item().title(),
                    I18n.t("next.engaged.line", I18n.eventType(i.strongest()), i.times(),
                            I18n.date(i.last().toLocalDate())), null, null)).toList();
            return new Shown(lines, moment, recommendations.lastRefresh().isPresent(), engaged);
        }

        ReadOnlyObjectProperty<Shown> shown() {
            return shown;
        }
    }

    private final VBox root = new VBox(10);

    public NextView(Model model) {
        root.setId("profile-next");
        root.setPadding(new Insets(8, 0, 0, 0));
        model.shown().addListener((obs, old, now) -> show(now));
        show(model.shown().get());
    }

    private void show(Shown shown) {
        root.getChildren().clear();
        if (shown == null) {
            return;
        }
        if (shown.lines().isEmpty()) {
            Label none = new Label(I18n.t(shown.refreshed() ? "next.none" : "next.notRefreshed"));
            none.setWrapText(true);
            none.getStyleClass().add(Styles.TEXT_MUTED);
            root.getChildren().add(none);
        }
        int rank = 1;
        for (Line line : shown.lines()) {
            Label title = new Label(rank++ + ". " + line.title(), new FontIcon(MaterialDesignL.LIGHTBULB_OUTLINE));
            title.getStyleClass().add(Styles.TEXT_BOLD);
            title.setWrapText(true);
            Label detail = new Label(line.detail());
            detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            Label because = new Label(line.because());
            because.setWrapText(true);
            VBox item = new VBox(2, title, detail, because);
            if (line.url() != null && !line.url().isBlank()) {
                Label url = new Label(line.url());
                url.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.ACCENT);
                item.getChildren().add(url);
            }
            item.getStyleClass().add("next-item");
            root.getChildren().add(item);
        }
        if (shown.moment() != null) {
            Label moment = new Label(shown.moment(), new FontIcon(MaterialDesignC.CLOCK_OUTLINE));
            moment.setId("profile-next-moment");
            moment.setWrapText(true);
            root.getChildren().add(moment);
        }
        if (!shown.engaged().isEmpty()) {
            Label heading = new Label(I18n.t("next.engaged"));
            heading.getStyleClass().add(Styles.TEXT_BOLD);
            VBox done = new VBox(4, heading);
            done.setId("profile-engaged");
            for (Line line : shown.engaged().subList(0, Math.min(ENGAGED_SHOWN, shown.engaged().size()))) {
                Label title = new Label(line.title());
                title.setWrapText(true);
                Label detail = new Label(line.detail());
                detail.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                done.getChildren().add(new VBox(1, title, detail));
            }
            if (shown.engaged().size() > ENGAGED_SHOWN) {
                Label more = new Label(I18n.t("next.engaged.more", shown.engaged().size() - ENGAGED_SHOWN));
                more.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                done.getChildren().add(more);
            }
            done.setPadding(new Insets(6, 0, 0, 0));
            root.getChildren().add(done);
        }
    }

    public Node view() {
        return root;
    }
}
