package org.registro.journey.ui;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import org.registro.journey.JourneyCheck;
import org.registro.journey.JourneyDocument;
import org.registro.journey.JourneyEdits;

/**
 * A journey drawn as a vertical flow: one card per step, arrows between them with a "+" on each to insert a
 * step, branches side by side, goals to the right. Pan by dragging the background or scrolling, zoom with
 * Ctrl+scroll or Ctrl+plus/minus, select with a click or the arrow keys, drag a card onto a "+" to move it.
 * Problems are drawn on the cards; each card shows how many people wait there now and, after a simulation,
 * how many reached it. The control only draws and reports what the user asked for; the editor decides.
 */
public final class JourneyCanvas extends Control {

    public static final double MIN_ZOOM = 0.3;
    public static final double MAX_ZOOM = 2.0;

    private final ObjectProperty<JourneyDocument> document = new SimpleObjectProperty<>(this, "document");
    private final ObjectProperty<Map<String, List<JourneyCheck.Problem>>> problems =
            new SimpleObjectProperty<>(this, "problems", Map.of());
    private final ObjectProperty<Map<String, Long>> waiting = new SimpleObjectProperty<>(this, "waiting", Map.of());
    private final ObjectProperty<Map<String, Long>> simulated = new SimpleObjectProperty<>(this, "simulated");
    private final ObjectProperty<Map<String, Long>> simulatedSkipped = new SimpleObjectProperty<>(this,
            "simulatedSkipped", Map.of());
    private final StringProperty selected = new SimpleStringProperty(this, "selected");
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final ObjectProperty<BiConsumer<JourneyEdits.Slot, String>> onInsert =
            new SimpleObjectProperty<>(this, "onInsert");
    private final ObjectProperty<BiConsumer<String, JourneyEdits.Slot>> onMove =
            new SimpleObjectProperty<>(this, "onMove");
    private final ObjectProperty<Consumer<String>> onDelete = new SimpleObjectProperty<>(this, "onDelete");
    private final ObjectProperty<Consumer<String>> onCopy = new SimpleObjectProperty<>(this, "onCopy");
    private final ObjectProperty<Consumer<JourneyEdits.Slot>> onPaste = new SimpleObjectProperty<>(this, "onPaste");
    private final ObjectProperty<Consumer<String>> onOpen = new SimpleObjectProperty<>(this, "onOpen");
    /** Asked by the skin to fit the drawing in view (the skin knows the sizes). */
    Runnable fitRequest = () -> { };

    public JourneyCanvas() {
        getStyleClass().add("journey-canvas");
        setFocusTraversable(true);
        zoom.addListener((o, a, b) -> {
            double clamped = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, b.doubleValue()));
            if (clamped != b.doubleValue()) {
                zoom.set(clamped);
            }
        });
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new JourneyCanvasSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return JourneyCanvas.class.getResource("/org/registro/journey/ui/journey-canvas.css").toExternalForm();
    }

    public void zoomIn() {
        zoom.set(zoom.get() * 1.2);
    }

    public void zoomOut() {
        zoom.set(zoom.get() / 1.2);
    }

    /** Zooms so that the whole journey fits in view (never beyond 100%). */
    public void fit() {
        fitRequest.run();
    }

    public ObjectProperty<JourneyDocument> documentProperty() {
        return document;
    }

    public ObjectProperty<Map<String, List<JourneyCheck.Problem>>> problemsProperty() {
        return problems;
    }

    public ObjectProperty<Map<String, Long>> waitingProperty() {
        return waiting;
    }

    /** People who reached each step in the last simulation; null hides the simulated figures. */
    public ObjectProperty<Map<String, Long>> simulatedProperty() {
        return simulated;
    }

    /** People a send step skipped in the simulation shown (for want of consent, or the weekly cap). */
    public ObjectProperty<Map<String, Long>> simulatedSkippedProperty() {
        return simulatedSkipped;
    }

    public StringProperty selectedProperty() {
        return selected;
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    /** The user chose a step type on an arrow's "+". */
    public ObjectProperty<BiConsumer<JourneyEdits.Slot, String>> onInsertProperty() {
        return onInsert;
    }

    /** The user dropped a step on an arrow's "+". */
    public ObjectProperty<BiConsumer<String, JourneyEdits.Slot>> onMoveProperty() {
        return onMove;
    }

    public ObjectProperty<Consumer<String>> onDeleteProperty() {
        return onDelete;
    }

    public ObjectProperty<Consumer<String>> onCopyProperty() {
        return onCopy;
    }

    /** Paste after the selected step (on its first arrow). */
    public ObjectProperty<Consumer<JourneyEdits.Slot>> onPasteProperty() {
        return onPaste;
    }

    /** The user double-clicked a step or pressed Enter on it. */
    public ObjectProperty<Consumer<String>> onOpenProperty() {
        return onOpen;
    }

    public JourneyDocument getDocument() {
        return document.get();
    }

    public void setDocument(JourneyDocument value) {
        document.set(value);
    }

    public Map<String, List<JourneyCheck.Problem>> getProblems() {
        return problems.get();
    }

    public Map<String, Long> getWaiting() {
        return waiting.get();
    }

    public Map<String, Long> getSimulated() {
        return simulated.get();
    }

    public Map<String, Long> getSimulatedSkipped() {
        return simulatedSkipped.get();
    }

    public String getSelected() {
        return selected.get();
    }

    public void setSelected(String key) {
        selected.set(key);
    }

    public double getZoom() {
        return zoom.get();
    }

    public void setZoom(double value) {
        zoom.set(value);
    }

    BiConsumer<JourneyEdits.Slot, String> getOnInsert() {
        return onInsert.get();
    }

    BiConsumer<String, JourneyEdits.Slot> getOnMove() {
        return onMove.get();
    }

    Consumer<String> getOnDelete() {
        return onDelete.get();
    }

    Consumer<String> getOnCopy() {
        return onCopy.get();
    }

    Consumer<JourneyEdits.Slot> getOnPaste() {
        return onPaste.get();
    }

    Consumer<String> getOnOpen() {
        return onOpen.get();
    }
}
