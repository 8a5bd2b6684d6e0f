package org.registro.identity.ui;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.contact.DataQuality;
import org.registro.identity.DuplicateService;
import org.registro.identity.MergeService;
import org.registro.identity.PairScore;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The Duplicates area's state: the review queue and the pair under review (both records, the score explained,
 * which record survives and which value of each part is kept), the bulk merge above a score with its preview,
 * the merges made so far, and the data quality counts with the contacts behind one of them.
 */
public final class DuplicatesModel {

    /** How many pairs the queue loads at once, best first. */
    static final int QUEUE_LIMIT = 5_000;

    /** The pair under review, oriented: {@code survivorId} keeps its id, {@code mergedId} is merged into it. */
    public record Detail(DuplicateService.QueuedPair pair, long survivorId, long mergedId, PairScore score,
                         MergeService.MergePlan plan, DuplicateService.Origin survivorOrigin,
                         DuplicateService.Origin mergedOrigin) {
        /** The side each part is kept from: the user's choice, else the default of the plan. */
        public MergeService.Side chosen(MergeService.Part part, Map<MergeService.Part, MergeService.Side> overrides) {
            return overrides.getOrDefault(part, plan.part(part).chosen());
        }
    }

    /** A data quality issue and how many contacts have it. */
    public record IssueCount(DataQuality.Issue issue, long contacts) {
    }

    private final DuplicateService duplicates;
    private final DataQuality quality;
    private final TaskRunner tasks;

    private final ObservableList<DuplicateService.QueuedPair> queue = FXCollections.observableArrayList();
    private final ObservableList<MergeService.MergeInfo> history = FXCollections.observableArrayList();
    private final ObservableList<IssueCount> issues = FXCollections.observableArrayList();
    private final ObservableList<DataQuality.Finding> findings = FXCollections.observableArrayList();
    private final ObjectProperty<DuplicateService.QueuedPair> current = new SimpleObjectProperty<>(this, "current");
    private final ObjectProperty<Detail> detail = new SimpleObjectProperty<>(this, "detail");
    private final ObjectProperty<Map<MergeService.Part, MergeService.Side>> overrides =
            new SimpleObjectProperty<>(this, "overrides", Map.of());
    private final ObjectProperty<DuplicateService.Thresholds> thresholds = new SimpleObjectProperty<>(this,
            "thresholds");
    private final ObjectProperty<DuplicateService.Stored> stored = new SimpleObjectProperty<>(this, "stored");
    private final ObjectProperty<DuplicateService.Preview> bulkPreview = new SimpleObjectProperty<>(this, "bulk");
    private final ObjectProperty<DataQuality.Issue> issue = new SimpleObjectProperty<>(this, "issue");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final StringProperty qualityStatus = new SimpleStringProperty(this, "qualityStatus", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private long detailRequest;

    public DuplicatesModel(DuplicateService duplicates, DataQuality quality, TaskRunner tasks) {
        this.duplicates = duplicates;
        this.quality = quality;
        this.tasks = tasks;
        current.addListener((obs, old, now) -> loadDetail(now));
    }

    private record Loaded(DuplicateService.Thresholds thresholds, DuplicateService.Stored stored,
                          List<DuplicateService.QueuedPair> queue) {
    }

    /** Loads the thresholds and the stored pairs, and shows the first. */
    public void load() {
        reload(0);
    }

    /** Loads again, showing the pair now at position {@code keep} (the next one after a merge). */
    private void reload(int keep) {
        tasks.run(null, p -> {
            DuplicateService.Thresholds t = duplicates.thresholds();
            return new Loaded(t, duplicates.stored(), duplicates.queue(t.review(), 101, QUEUE_LIMIT));
        }, loaded -> {
            thresholds.set(loaded.thresholds());
            stored.set(loaded.stored());
            queue.setAll(loaded.queue());
            current.set(queue.isEmpty() ? null : queue.get(Math.min(Math.max(keep, 0), queue.size() - 1)));
        }, this::failed);
    }

    /** Compares every contact again (a task with progress and cancel) and shows the new queue. */
    public void scan() {
        busy.set(true);
        tasks.run(I18n.t("dedupe.scanning"), duplicates::scan, summary -> {
            busy.set(false);
            status.set(I18n.t("dedupe.scanned", summary.contacts(), summary.pairs(), summary.toMerge(),
                    summary.toReview(), summary.millis() / 1000.0));
            bulkPreview.set(null);
            reload(0);
        }, this::failed);
    }

    private void loadDetail(DuplicateService.QueuedPair pair) {
        overrides.set(Map.of());
        if (pair == null) {
            detail.set(null);
            return;
        }
        orient(pair, pair.a(), pair.b());
    }

    /**
     * Loads the pair with {@code survivor} kept. {@code pair} is null for two contacts the queue does not hold
     * ("Compare two…"): the queue then shows no selection.
     */
    private void orient(DuplicateService.QueuedPair pair, long survivor, long merged) {
        long request = ++detailRequest;
        tasks.run(null, p -> {
            MergeService.MergePlan plan = duplicates.merges().plan(survivor, merged);
            PairScore score = duplicates.compare(survivor, merged).orElse(null);
            DuplicateService.QueuedPair shown = pair != null ? pair : new DuplicateService.QueuedPair(survivor,
                    merged, score == null ? 0 : score.score(), plan.part(MergeService.Part.NAME).survivorValue(),
                    plan.part(MergeService.Part.NAME).mergedValue());
            return new Detail(shown, survivor, merged, score, plan, duplicates.origin(survivor).orElse(null),
                    duplicates.origin(merged).orElse(null));
        }, loaded -> {
            if (request == detailRequest) {
                if (pair == null) {
                    current.set(null);
                    overrides.set(Map.of());
                }
                detail.set(loaded);
            }
        }, this::failed);
    }

    /** Shows any two active contacts side by side, whether a scan paired them or not (the older one kept). */
    public void compare(long a, long b) {
        orient(null, Math.min(a, b), Math.max(a, b));
    }

    public void select(DuplicateService.QueuedPair pair) {
        if (pair != current.get()) {
            current.set(pair);
        }
    }

    /** Moves to the next pair (skip leaves this one in the queue for another day). */
    public void next() {
        move(1);
    }

    public void previous() {
        move(-1);
    }

    private void move(int step) {
        if (queue.isEmpty()) {
            return;
        }
        int at = queue.indexOf(current.get());
        current.set(queue.get(Math.max(0, Math.min(queue.size() - 1, at + step))));
    }

    /** Keeps the other record's id: the survivor becomes the merged one and the defaults are chosen again. */
    public void swap() {
        Detail d = detail.get();
        if (d != null) {
            overrides.set(Map.of());
            orient(d.pair(), d.mergedId(), d.survivorId());
        }
    }

    /** Keeps a part's value from one side. */
    public void choose(MergeService.Part part, MergeService.Side side) {
        Map<MergeService.Part, MergeService.Side> changed = new EnumMap<>(MergeService.Part.class);
        changed.putAll(overrides.get());
        changed.put(part, side);
        overrides.set(Map.copyOf(changed));
    }

    /** Merges the pair under review as shown, then shows the next pair. */
    public void merge() {
        Detail d = detail.get();
        if (d == null || busy.get()) {
            return;
        }
        int at = queue.indexOf(d.pair());
        Map<MergeService.Part, MergeService.Side> chosen = overrides.get();
        busy.set(true);
        tasks.run(I18n.t("dedupe.merging"), p -> duplicates.merges().merge(d.survivorId(), d.mergedId(), chosen,
                d.score() == null ? d.pair().score() : d.score().score()), result -> {
                    busy.set(false);
                    status.set(I18n.t("dedupe.merged", result.mergedId(), result.survivorId(), result.identifiers(),
                            result.events(), result.consentEvents()));
                    bulkPreview.set(null);
                    reload(at);
                }, this::failed);
    }

    /** Remembers that the pair under review are two people, then shows the next pair. */
    public void notSame() {
        Detail d = detail.get();
        if (d == null || busy.get()) {
            return;
        }
        int at = queue.indexOf(d.pair());
        busy.set(true);
        tasks.run(null, p -> {
            duplicates.notSame(d.survivorId(), d.mergedId());
            return d;
        }, done -> {
            busy.set(false);
            status.set(I18n.t("dedupe.notSameDone", done.pair().nameA(), done.pair().nameB()));
            reload(at);
        }, this::failed);
    }

    /** Undoes the most recent merge (Ctrl+Z). */
    public void undoLast() {
        busy.set(true);
        tasks.run(null, p -> duplicates.merges().lastMerge().map(m -> duplicates.merges().undo(m.id())).orElse(null),
                this::undone, this::failed);
    }

    /**
     * Undoes merges of the history, newest first so that none waits for a later one (a bulk merge is undone by
     * selecting its rows). A task with progress and cancel; what was undone before a cancel stays undone.
     */
    public void undo(List<MergeService.MergeInfo> merges) {
        List<Long> ids = merges.stream().filter(m -> m.undoneAt() == null).map(MergeService.MergeInfo::id)
                .sorted(java.util.Comparator.reverseOrder()).toList();
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() == 1) {
            busy.set(true);
            tasks.run(null, p -> duplicates.merges().undo(ids.get(0)), this::undone, this::failed);
            return;
        }
        busy.set(true);
        tasks.run(I18n.t("dedupe.undoing"), p -> {
            int done = 0;
            for (long id : ids) {
                p.checkCancelled();
                duplicates.merges().undo(id);
                p.update(++done, ids.size(), I18n.t("dedupe.undoing"));
            }
            return done;
        }, done -> {
            busy.set(false);
            status.set(I18n.t("dedupe.undoneMany", done));
            bulkPreview.set(null);
            reload(queue.indexOf(current.get()));
            loadHistory();
        }, error -> {
            failed(error);
            loadHistory();
        });
    }

    private void undone(MergeService.UndoResult result) {
        busy.set(false);
        if (result == null) {
            status.set(I18n.t("dedupe.nothingToUndo"));
            return;
        }
        status.set(result.keptEdits().isEmpty()
                ? I18n.t("dedupe.undone", result.mergeId(), result.mergedId(), result.survivorId())
                : I18n.t("dedupe.undoneKept", result.mergeId(), result.mergedId(), result.survivorId(),
                String.join(", ", result.keptEdits())));
        bulkPreview.set(null);
        reload(queue.indexOf(current.get()));
        loadHistory();
    }

    /** Saves new thresholds; the next scan uses them (the stored pairs keep their scores). */
    public void setThresholds(DuplicateService.Thresholds changed) {
        tasks.run(null, p -> {
            duplicates.setThresholds(changed);
            return changed;
        }, saved -> {
            status.set(I18n.t("dedupe.thresholds.saved", saved.autoMerge(), saved.review()));
            reload(queue.indexOf(current.get()));
        }, this::failed);
    }

    /** Counts what a bulk merge at this score would do. */
    /** The weights pairs are scored with, for the weights view. */
    public void loadWeights(java.util.function.Consumer<org.registro.identity.MatchModel> shown) {
        tasks.run(null, p -> duplicates.model(), shown, this::failed);
    }

    /** How many of the stored pairs at or above {@code min} are expected to be one person (0 to 1). */
    public void expectedPrecision(double min, java.util.function.Consumer<Double> shown) {
        tasks.run(null, p -> duplicates.expectedPrecision(min), shown, this::failed);
    }

    public void previewBulk(double min) {
        tasks.run(null, p -> duplicates.preview(min), bulkPreview::set, this::failed);
    }

    /** Merges every stored pair at or above {@code min}, transitively; a task with progress and cancel. */
    public void bulkMerge(double min) {
        busy.set(true);
        tasks.run(I18n.t("dedupe.merging"), p -> duplicates.autoMerge(min, p), result -> {
            busy.set(false);
            status.set(I18n.t("dedupe.bulkMerged", result.merges(), result.people()));
            bulkPreview.set(null);
            reload(0);
            loadHistory();
        }, error -> {
            failed(error);
            reload(0);
        });
    }

    public void loadHistory() {
        tasks.run(null, p -> duplicates.merges().history(500), history::setAll, this::failed);
    }

    // ------------------------------------------------------------------ data quality

    public void loadQuality() {
        tasks.run(null, p -> {
            List<IssueCount> counts = new ArrayList<>();
            quality.counts().forEach((k, v) -> counts.add(new IssueCount(k, v)));
            return counts;
        }, counts -> {
            issues.setAll(counts);
            if (issue.get() != null) {
                showIssue(issue.get());
            }
        }, this::failed);
    }

    /** Lists the contacts with an issue (the first thousand). */
    public void showIssue(DataQuality.Issue shown) {
        issue.set(shown);
        tasks.run(null, p -> quality.findings(shown, 1_000), findings::setAll, this::failed);
    }

    /** Normalizes every stored email and phone again, then counts again. */
    public void renormalize() {
        busy.set(true);
        tasks.run(I18n.t("quality.renormalizing"), quality::renormalize, r -> {
            busy.set(false);
            qualityStatus.set(I18n.t("quality.renormalized", r.identifiersChanged(), r.nowInvalid(), r.nowValid(),
                    r.conflicts()));
            loadQuality();
        }, this::failed);
    }

    private void failed(Throwable error) {
        busy.set(false);
        status.set(I18n.errorText(error));
    }

    // ------------------------------------------------------------------ properties

    public ObservableList<DuplicateService.QueuedPair> queue() {
        return queue;
    }

    public ObservableList<MergeService.MergeInfo> history() {
        return history;
    }

    public ObservableList<IssueCount> issues() {
        return issues;
    }

    public ObservableList<DataQuality.Finding> findings() {
        return findings;
    }

    public ReadOnlyObjectProperty<DuplicateService.QueuedPair> currentProperty() {
        return current;
    }

    public ReadOnlyObjectProperty<Detail> detailProperty() {
        return detail;
    }

    public ReadOnlyObjectProperty<Map<MergeService.Part, MergeService.Side>> overridesProperty() {
        return overrides;
    }

    public ReadOnlyObjectProperty<DuplicateService.Thresholds> thresholdsProperty() {
        return thresholds;
    }

    public ReadOnlyObjectProperty<DuplicateService.Stored> storedProperty() {
        return stored;
    }

    public ReadOnlyObjectProperty<DuplicateService.Preview> bulkPreviewProperty() {
        return bulkPreview;
    }

    public ReadOnlyObjectProperty<DataQuality.Issue> issueProperty() {
        return issue;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty qualityStatusProperty() {
        return qualityStatus;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }
}
