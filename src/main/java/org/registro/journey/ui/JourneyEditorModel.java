package org.registro.journey.ui;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.export.ListFormat;
import org.registro.destination.Destination;
import org.registro.destination.DestinationService;
import org.registro.export.ExportRequest;
import org.registro.export.ExportResult;
import org.registro.export.ExportService;
import org.registro.journey.Assumptions;
import org.registro.journey.JourneyCheck;
import org.registro.journey.JourneyDocument;
import org.registro.journey.JourneyEdits;
import org.registro.journey.JourneyReport;
import org.registro.journey.JourneyService;
import org.registro.journey.Settings;
import org.registro.journey.Simulation;
import org.registro.journey.Step;
import org.registro.segment.SegmentService;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * One journey on the canvas: the document being edited (immutable; every edit makes a new one, kept for undo
 * and redo), its problems, how many people wait at each step now, the last simulation and the assumptions it
 * ran on, the report and the send lists. Saving, activating, simulating and exporting go through the services
 * off the FX thread.
 */
public final class JourneyEditorModel {

    private static final int UNDO_DEPTH = 200;

    private final JourneyService journeys;
    private final SegmentService segments;
    private final ExportService exports;
    private final TaskRunner tasks;

    private final StringProperty name = new SimpleStringProperty(this, "name");
    private final ObjectProperty<JourneyDocument> document = new SimpleObjectProperty<>(this, "document");
    private final ObjectProperty<JourneyDocument> saved = new SimpleObjectProperty<>(this, "saved");
    private final ObjectProperty<JourneyService.Summary> summary = new SimpleObjectProperty<>(this, "summary");
    /** Someone saved the journey since it was opened and the user was told: their version, to save over. */
    private java.time.Instant overTheirs;
    private final ObjectProperty<Map<String, List<JourneyCheck.Problem>>> problems =
            new SimpleObjectProperty<>(this, "problems", Map.of());
    private final ObservableList<JourneyCheck.Problem> problemList = FXCollections.observableArrayList();
    private final ObjectProperty<Map<String, Long>> waiting = new SimpleObjectProperty<>(this, "waiting", Map.of());
    private final ObjectProperty<Simulation> simulation = new SimpleObjectProperty<>(this, "simulation");
    private final IntegerProperty replayDay = new SimpleIntegerProperty(this, "replayDay", -1);
    private final ObjectProperty<Map<String, Long>> simulated = new SimpleObjectProperty<>(this, "simulated");
    private final ObjectProperty<Map<String, Long>> simulatedSkipped = new SimpleObjectProperty<>(this,
            "simulatedSkipped", Map.of());
    private final ObjectProperty<Assumptions> assumptions = new SimpleObjectProperty<>(this, "assumptions");
    private final ObjectProperty<JourneyReport> report = new SimpleObjectProperty<>(this, "report");
    private final ObservableList<JourneyService.SendDay> sendDays = FXCollections.observableArrayList();
    private final ObservableList<String> segmentNames = FXCollections.observableArrayList();
    private final StringProperty selected = new SimpleStringProperty(this, "selected");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final BooleanProperty canUndo = new SimpleBooleanProperty(this, "canUndo");
    private final BooleanProperty canRedo = new SimpleBooleanProperty(this, "canRedo");
    private final BooleanBinding dirty = Bindings.createBooleanBinding(
            () -> document.get() != null && !document.get().equals(saved.get()), document, saved);
    private final Deque<JourneyDocument> undo = new ArrayDeque<>();
    private final Deque<JourneyDocument> redo = new ArrayDeque<>();
    private Step clipboard;
    private long checkRequest;

    private final DestinationService destinations;
    private final ObservableList<Destination> destinationChoices = FXCollections.observableArrayList();

    public JourneyEditorModel(JourneyService journeys, SegmentService segments, ExportService exports,
                              DestinationService destinations, TaskRunner tasks) {
        this.destinations = destinations;
        this.journeys = journeys;
        this.segments = segments;
        this.exports = exports;
        this.tasks = tasks;
        simulation.addListener((o, a, b) -> showDay());
        replayDay.addListener((o, a, b) -> showDay());
    }

    /** Loads a journey: its draft, counts, report and send lists. */
    public void open(String journey) {
        name.set(journey);
        overTheirs = null;
        undo.clear();
        redo.clear();
        updateUndo();
        simulation.set(null);
        assumptions.set(null);
        selected.set(null);
        message.set("");
        error.set("");
        tasks.run(null, p -> new Loaded(journeys.summary(journey), journeys.document(journey),
                        journeys.report(journey), journeys.sendDays(journey)),
                loaded -> {
                    summary.set(loaded.summary());
                    saved.set(loaded.document());
                    document.set(loaded.document());
                    showReport(loaded.report(), loaded.days());
                    check();
                    loadAssumptions();
                }, this::fail);
        tasks.run(null, p -> segments.list().stream().map(SegmentService.Saved::name).toList(),
                segmentNames::setAll, this::fail);
        tasks.run(null, p -> destinations.list(), destinationChoices::setAll, this::fail);
    }

    private record Loaded(JourneyService.Summary summary, JourneyDocument document, JourneyReport report,
                          List<JourneyService.SendDay> days) {
    }

    private void showReport(JourneyReport r, List<JourneyService.SendDay> days) {
        report.set(r);
        Map<String, Long> now = new LinkedHashMap<>();
        r.steps().forEach(s -> {
            if (s.waiting() > 0) {
                now.put(s.key(), s.waiting());
            }
        });
        waiting.set(now);
        sendDays.setAll(days);
    }

    // ---------------------------------------------------------------- editing

    /** Applies an edit: the document before it goes on the undo stack. */
    public void edit(UnaryOperator<JourneyDocument> change) {
        JourneyDocument before = document.get();
        JourneyDocument after;
        try {
            after = change.apply(before);
        } catch (IllegalArgumentException e) {
            error.set(I18n.t("journey.editor.cannot"));
            return;
        }
        if (after.equals(before)) {
            return;
        }
        undo.push(before);
        while (undo.size() > UNDO_DEPTH) {
            undo.removeLast();
        }
        redo.clear();
        document.set(after);
        updateUndo();
        error.set("");
        check();
    }

    public void insert(JourneyEdits.Slot slot, String type) {
        String key = JourneyEdits.freshKey(document.get(), type);
        edit(doc -> JourneyEdits.insert(doc, slot, JourneyEdits.blank(type, key, null)));
        selected.set(key);
    }

    /** Adds a goal beside the flow (people reach it from any step). */
    public void addGoal() {
        String key = JourneyEdits.freshKey(document.get(), "goal");
        edit(doc -> JourneyEdits.add(doc, JourneyEdits.blank("goal", key, null)));
        selected.set(key);
    }

    public void remove(String key) {
        edit(doc -> JourneyEdits.remove(doc, key));
        if (key.equals(selected.get())) {
            selected.set(null);
        }
    }

    public void move(String key, JourneyEdits.Slot to) {
        edit(doc -> JourneyEdits.move(doc, key, to));
    }

    public void copy(String key) {
        document.get().step(key).ifPresent(s -> {
            clipboard = s instanceof Step.Entry ? null : s;
            message.set(clipboard == null ? "" : I18n.t("journey.editor.copied", StepText.title(s)));
        });
    }

    public void paste(JourneyEdits.Slot at) {
        if (clipboard != null) {
            edit(doc -> JourneyEdits.paste(doc, clipboard, at));
        }
    }

    /** Replaces a step with the edited one (same key). */
    public void replaceStep(Step step) {
        edit(doc -> doc.replace(step));
    }

    public void updateSettings(Settings settings) {
        edit(doc -> new JourneyDocument(doc.format(), doc.name(), doc.description(), settings, doc.steps()));
    }

    public void undo() {
        if (!undo.isEmpty()) {
            redo.push(document.get());
            document.set(undo.pop());
            updateUndo();
            check();
        }
    }

    public void redo() {
        if (!redo.isEmpty()) {
            undo.push(document.get());
            document.set(redo.pop());
            updateUndo();
            check();
        }
    }

    private void updateUndo() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    /** Checks the document (the workspace is asked what exists, off the FX thread); the newest check wins. */
    private void check() {
        JourneyDocument doc = document.get();
        long request = ++checkRequest;
        tasks.run(null, p -> journeys.problems(doc), found -> {
            if (request != checkRequest) {
                return;
            }
            Map<String, List<JourneyCheck.Problem>> byStep = new LinkedHashMap<>();
            found.forEach(pr -> byStep.computeIfAbsent(pr.step() == null ? "" : pr.step(),
                    k -> new java.util.ArrayList<>()).add(pr));
            problems.set(byStep);
            problemList.setAll(found);
        }, this::fail);
    }

    // ---------------------------------------------------------------- saving and running

    public void save(Runnable then) {
        JourneyDocument doc = document.get();
        java.time.Instant seen = overTheirs != null ? overTheirs
                : summary.get() == null ? null : summary.get().updatedAt();
        tasks.run(null, p -> {
            journeys.save(name.get(), doc, seen);
            return journeys.summary(name.get());
        }, s -> {
            overTheirs = null;
            summary.set(s);
            saved.set(doc);
            message.set(I18n.t("journey.editor.saved"));
            if (then != null) {
                then.run();
            }
        }, this::fail);
    }

    /** Saves, then activates (publishing the draft as a new version). */
    public void activate() {
        save(() -> tasks.run(I18n.t("journey.editor.activating", name.get()), p -> journeys.activate(name.get()),
                s -> {
                    summary.set(s);
                    message.set(I18n.t("journey.editor.activated", s.version()));
                }, this::fail));
    }

    public void pause() {
        tasks.run(null, p -> journeys.pause(name.get()), s -> {
            summary.set(s);
            message.set(I18n.t("journey.editor.paused"));
        }, this::fail);
    }

    /** Runs every active journey up to now, then shows this one's new counts. */
    public void runNow() {
        String journey = name.get();
        tasks.run(I18n.t("journey.list.running"), p -> {
            JourneyService.RunResult result = journeys.run(null, p);
            return new Ran(result, journeys.report(journey), journeys.sendDays(journey), journeys.summary(journey));
        }, ran -> {
            showReport(ran.report(), ran.days());
            summary.set(ran.summary());
            message.set(JourneyListModel.runText(ran.result()));
        }, this::fail);
    }

    private record Ran(JourneyService.RunResult result, JourneyReport report, List<JourneyService.SendDay> days,
                       JourneyService.Summary summary) {
    }

    // ---------------------------------------------------------------- simulation

    /** Simulates the document on the canvas (saved or not) over {@code days}, on the current assumptions. */
    public void simulate(int days, long seed) {
        JourneyDocument doc = document.get();
        Assumptions given = assumptions.get();
        tasks.run(I18n.t("journey.sim.running", name.get()), p -> journeys.simulate(name.get(), doc, days, seed,
                given, p), sim -> {
                    assumptions.set(sim.assumptions());
                    replayDay.set(-1);
                    simulation.set(sim);
                    message.set(I18n.t("journey.sim.done", sim.days(), I18n.number(sim.entered()),
                            I18n.number(sim.converted())));
                }, this::fail);
    }

    /** Reads the assumptions a simulation would start from (the workspace's own activity). */
    public void loadAssumptions() {
        JourneyDocument doc = document.get();
        tasks.run(null, p -> journeys.assumptions(name.get(), doc), assumptions::set, this::fail);
    }

    /** Changes one assumption ({@code arrivals}, {@code open}, {@code click}, {@code goal}, {@code event:TYPE}). */
    public void assume(String key, double value) {
        if (assumptions.get() != null) {
            try {
                assumptions.set(assumptions.get().with(key, value));
            } catch (IllegalArgumentException e) {
                error.set(I18n.t("journey.sim.badAssumption"));
            }
        }
    }

    public void clearSimulation() {
        simulation.set(null);
    }

    private void showDay() {
        Simulation sim = simulation.get();
        if (sim == null) {
            simulated.set(null);
            return;
        }
        int day = replayDay.get() < 0 || replayDay.get() > sim.days() ? sim.days() : replayDay.get();
        simulated.set(sim.arrivedByDay().get(day));
        // skips are known for the whole simulation: shown on its last day
        Map<String, Long> skips = new LinkedHashMap<>();
        if (day == sim.days()) {
            sim.steps().forEach((key, flow) -> flow.outcomes().forEach((outcome, n) -> {
                if (outcome.startsWith("skipped:")) {
                    skips.merge(key, n, Long::sum);
                }
            }));
        }
        simulatedSkipped.set(skips);
    }

    // ---------------------------------------------------------------- send lists

    /** The email tool accounts a send list can go to, read when the journey opens. */
    public ObservableList<Destination> destinations() {
        return destinationChoices;
    }

    /**
     * Exports a send step's list (one day, or all days when null) through the export path and its audit, for the
     * email tool account {@code to} (or none).
     */
    public void exportSendList(String step, LocalDate day, ListFormat format, Destination to, Path file,
                               Consumer<ExportResult> done) {
        tasks.run(I18n.t("journey.sends.exporting"), p -> {
            ExportRequest request = journeys.sendListRequest(name.get(), step, day, format.template(),
                    to == null ? null : to.id());
            return exports.export(request, file, null, p);
        }, r -> {
            message.set(I18n.t("journey.sends.exported", I18n.number(r.written()), r.file().getFileName(),
                    I18n.number(r.excludedTotal())));
            if (done != null) {
                done.accept(r);
            }
        }, this::fail);
    }

    private void fail(Throwable t) {
        if (org.registro.common.RegistroException.explain(t)
                instanceof org.registro.workspace.SavedMeanwhileException meanwhile) {
            overTheirs = meanwhile.current(); // saving again keeps this user's version over theirs
        }
        error.set(I18n.errorText(t));
    }

    // ---------------------------------------------------------------- properties

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<JourneyDocument> documentProperty() {
        return document;
    }

    public ObjectProperty<JourneyService.Summary> summaryProperty() {
        return summary;
    }

    public ObjectProperty<Map<String, List<JourneyCheck.Problem>>> problemsProperty() {
        return problems;
    }

    public ObservableList<JourneyCheck.Problem> problemList() {
        return problemList;
    }

    public ObjectProperty<Map<String, Long>> waitingProperty() {
        return waiting;
    }

    public ObjectProperty<Simulation> simulationProperty() {
        return simulation;
    }

    /** The day of the simulation shown on the canvas (-1: the last). */
    public IntegerProperty replayDayProperty() {
        return replayDay;
    }

    public ObjectProperty<Map<String, Long>> simulatedProperty() {
        return simulated;
    }

    public ObjectProperty<Map<String, Long>> simulatedSkippedProperty() {
        return simulatedSkipped;
    }

    public ObjectProperty<Assumptions> assumptionsProperty() {
        return assumptions;
    }

    public ObjectProperty<JourneyReport> reportProperty() {
        return report;
    }

    /** The saved segments' names, for the entry, conditions and frozen-segment steps. */
    public ObservableList<String> segmentNames() {
        return segmentNames;
    }

    public ObservableList<JourneyService.SendDay> sendDays() {
        return sendDays;
    }

    public StringProperty selectedProperty() {
        return selected;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty canUndoProperty() {
        return canUndo;
    }

    public BooleanProperty canRedoProperty() {
        return canRedo;
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }
}
