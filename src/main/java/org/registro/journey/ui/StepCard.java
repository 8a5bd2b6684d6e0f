package org.registro.journey.ui;

import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.registro.journey.JourneyCheck;
import org.registro.journey.Step;
import org.registro.ui.I18n;

/**
 * How one step looks on the canvas: its type and icon, its name and what it does, how many people wait there
 * and (after a simulation) reached it, and its problems (a coloured border, a flag, the texts in the tooltip).
 */
final class StepCard {

    static final double WIDTH = 214;
    static final double HEIGHT = 98;

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");

    private StepCard() {
    }

    /** The card; {@code simulated} null when no simulation is shown, {@code skipped} its sends' skips. */
    static Region of(Step s, Map<String, Long> waiting, Map<String, Long> simulated, Map<String, Long> skipped,
                     List<JourneyCheck.Problem> problems) {
        VBox card = new VBox(2);
        card.getStyleClass().addAll("journey-step", "journey-step-" + s.type().replace('_', '-'));
        card.setId("step-" + s.key());
        card.setPrefSize(WIDTH, HEIGHT);
        card.setMinSize(WIDTH, HEIGHT);
        card.setMaxSize(WIDTH, HEIGHT);

        FontIcon icon = new FontIcon(icon(s.type()));
        icon.getStyleClass().add("journey-step-icon");
        Label type = new Label(StepText.typeName(s.type()));
        type.getStyleClass().add("journey-step-type");
        HBox head = new HBox(6, icon, type);
        head.setAlignment(Pos.CENTER_LEFT);

        Label title = new Label(StepText.title(s));
        title.getStyleClass().add("journey-step-title");
        title.setWrapText(true);
        title.setMaxHeight(36);
        String detailText = s.label() != null && !s.label().isBlank() ? StepText.detail(s) : "";
        Label detail = new Label(detailText);
        detail.getStyleClass().add("journey-step-detail");
        detail.setMaxWidth(WIDTH - 20);

        HBox badges = new HBox(6);
        badges.getStyleClass().add("journey-step-badges");
        Long here = waiting == null ? null : waiting.get(s.key());
        if (here != null && here > 0) {
            Label live = new Label(I18n.t("journey.canvas.waiting", I18n.number(here)));
            live.getStyleClass().add("journey-badge-live");
            live.setId("waiting-" + s.key());
            badges.getChildren().add(live);
        }
        if (simulated != null) {
            long notSent = skipped == null ? 0 : skipped.getOrDefault(s.key(), 0L);
            Label sim = new Label(I18n.t("journey.canvas.simulated", I18n.number(simulated.getOrDefault(s.key(), 0L)))
                    + (notSent > 0 ? " · " + I18n.t("journey.canvas.skipped", I18n.number(notSent)) : ""));
            sim.getStyleClass().add("journey-badge-simulated");
            sim.setId("simulated-" + s.key());
            badges.getChildren().add(sim);
        }
        card.getChildren().addAll(head, title, detail, badges);

        String full = StepText.title(s) + (detailText.isBlank() ? "" : "\n" + detailText);
        boolean error = problems.stream().anyMatch(p -> p.severity() == JourneyCheck.Severity.ERROR);
        card.pseudoClassStateChanged(ERROR, error);
        card.pseudoClassStateChanged(WARNING, !error && !problems.isEmpty());
        if (!problems.isEmpty()) {
            FontIcon flag = new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE);
            flag.getStyleClass().add("journey-step-flag");
            head.getChildren().add(flag);
            full += "\n\n" + String.join("\n", problems.stream()
                    .map(p -> I18n.t("journey.problem." + p.code(), p.args().toArray())).toList());
        }
        Tooltip tip = new Tooltip(full);
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        Tooltip.install(card, tip);
        return card;
    }

    static Ikon icon(String type) {
        return switch (type) {
            case "entry" -> MaterialDesignL.LOGIN_VARIANT;
            case "wait" -> MaterialDesignT.TIMER_SAND;
            case "split" -> MaterialDesignS.SOURCE_BRANCH;
            case "random" -> MaterialDesignS.SHUFFLE_VARIANT;
            case "send" -> MaterialDesignE.EMAIL_FAST_OUTLINE;
            case "tag" -> MaterialDesignT.TAG_OUTLINE;
            case "field" -> MaterialDesignF.FORM_TEXTBOX;
            case "double_opt_in" -> MaterialDesignE.EMAIL_CHECK_OUTLINE;
            case "add_to_segment" -> MaterialDesignA.ACCOUNT_MULTIPLE_PLUS_OUTLINE;
            case "goal" -> MaterialDesignF.FLAG_CHECKERED;
            case "exit" -> MaterialDesignD.DOOR_OPEN;
            default -> MaterialDesignC.CIRCLE_OUTLINE;
        };
    }

}
