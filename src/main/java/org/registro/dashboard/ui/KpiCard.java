package org.registro.dashboard.ui;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import org.kordamp.ikonli.Ikon;

/**
 * A figure on Home: an icon, the number, what it counts, and an optional note under it ("+120 in 3 months", in
 * green when it grew and red when it shrank). Pressing it (click, Enter or Space) runs its action: the people it
 * counts open.
 */
public final class KpiCard extends Control {

    /** Which way the note points: up (good), down (bad) or neither. */
    public enum Trend { UP, DOWN, FLAT }

    private final ObjectProperty<Ikon> icon = new SimpleObjectProperty<>(this, "icon");
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final StringProperty label = new SimpleStringProperty(this, "label", "");
    private final StringProperty note = new SimpleStringProperty(this, "note", "");
    private final ObjectProperty<Trend> trend = new SimpleObjectProperty<>(this, "trend", Trend.FLAT);
    private final ObjectProperty<Runnable> onOpen = new SimpleObjectProperty<>(this, "onOpen");

    public KpiCard(Ikon icon, String label) {
        getStyleClass().add("kpi-card");
        setFocusTraversable(true);
        this.icon.set(icon);
        this.label.set(label);
        setOnMouseClicked(e -> open());
        setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                open();
            }
        });
    }

    private void open() {
        if (onOpen.get() != null) {
            onOpen.get().run();
        }
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new KpiCardSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return KpiCard.class.getResource("/org/registro/dashboard/ui/dashboard.css").toExternalForm();
    }

    public ObjectProperty<Ikon> iconProperty() {
        return icon;
    }

    public StringProperty valueProperty() {
        return value;
    }

    public StringProperty labelProperty() {
        return label;
    }

    public StringProperty noteProperty() {
        return note;
    }

    public Trend getTrend() {
        return trend.get();
    }

    public ObjectProperty<Trend> trendProperty() {
        return trend;
    }

    public ObjectProperty<Runnable> onOpenProperty() {
        return onOpen;
    }
}
