package org.registro.dashboard.ui;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The card's look: icon, number, label and note stacked; its colours in dashboard.css. */
final class KpiCardSkin extends SkinBase<KpiCard> {

    private static final PseudoClass UP = PseudoClass.getPseudoClass("up");
    private static final PseudoClass DOWN = PseudoClass.getPseudoClass("down");
    private static final PseudoClass OPENS = PseudoClass.getPseudoClass("opens");

    KpiCardSkin(KpiCard card) {
        super(card);
        FontIcon icon = new FontIcon();
        icon.getStyleClass().add("kpi-icon");
        icon.iconCodeProperty().bind(card.iconProperty());
        Label value = new Label();
        value.getStyleClass().add("kpi-value");
        value.textProperty().bind(card.valueProperty());
        value.setId(card.getId() == null ? null : card.getId() + "-value");
        Label label = new Label();
        label.getStyleClass().add("kpi-label");
        label.textProperty().bind(card.labelProperty());
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label note = new Label();
        note.getStyleClass().add("kpi-note");
        note.textProperty().bind(card.noteProperty());
        note.setWrapText(true);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        note.visibleProperty().bind(note.managedProperty());
        VBox box = new VBox(4, icon, value, label, note);
        box.getStyleClass().add("kpi-box");
        getChildren().add(box);
        card.trendProperty().addListener((o, a, b) -> trend(note, b));
        trend(note, card.getTrend());
        card.pseudoClassStateChanged(OPENS, card.onOpenProperty().get() != null);
        card.onOpenProperty().addListener((o, a, b) -> card.pseudoClassStateChanged(OPENS, b != null));
    }

    private static void trend(Label note, KpiCard.Trend trend) {
        note.pseudoClassStateChanged(UP, trend == KpiCard.Trend.UP);
        note.pseudoClassStateChanged(DOWN, trend == KpiCard.Trend.DOWN);
    }
}
