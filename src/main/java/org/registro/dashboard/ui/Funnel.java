package org.registro.dashboard.ui;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * A funnel: how many people are left at each step from everyone to those a message can reach, each step a bar
 * as wide as its share of the first, with its number and that share. Pressing a step (click, or Enter on it)
 * runs its action: its people open.
 */
public final class Funnel extends Control {

    /** One step: what it counts, how many, and what pressing it does (null: nothing). */
    public record Step(String id, String label, long people, Runnable open) {
    }

    private final ObservableList<Step> steps = FXCollections.observableArrayList();

    public Funnel() {
        getStyleClass().add("funnel");
    }

    public ObservableList<Step> getSteps() {
        return steps;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new FunnelSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return Funnel.class.getResource("dashboard.css").toExternalForm();
    }
}
