package org.registro.segment.ui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.common.RegistroException;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.segment.RuleTree;
import org.registro.segment.SegmentService;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;
import org.registro.workspace.SavedMeanwhileException;

/**
 * The segment builder: the rule being edited (an immutable tree; every edit makes a new root, kept for undo
 * and redo), its live count and preview computed off the FX thread (a newer request wins), the saved
 * segments, and an explanation for one contact.
 */
public final class SegmentBuilderModel {

    private static final int PREVIEW_ROWS = 100;

    private final SegmentService segments;
    private final TaskRunner tasks;
    private final ObjectProperty<Rule.Group> root = new SimpleObjectProperty<>(this, "root", empty());
    /** Changes when the tree's shape changes (the view redraws), not while a value is typed. */
    private final IntegerProperty structure = new SimpleIntegerProperty(this, "structure");
    private final ObjectProperty<SegmentService.Catalogue> catalogue = new SimpleObjectProperty<>(this, "catalogue");
    private final ObservableList<SegmentService.Saved> saved = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final StringProperty loadedName = new SimpleStringProperty(this, "loadedName");
    private final LongProperty count = new SimpleLongProperty(this, "count", -1);
    /** Said under the count when it came from the database rather than the quick index (empty otherwise). */
    private final javafx.beans.property.StringProperty countNote =
            new javafx.beans.property.SimpleStringProperty(this, "countNote", "");
    private final BooleanProperty counting = new SimpleBooleanProperty(this, "counting");
    private final ObservableList<SegmentService.Member> preview = FXCollections.observableArrayList();
    private final ObjectProperty<SegmentService.Explanation> explanation = new SimpleObjectProperty<>(this,
            "explanation");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final BooleanProperty canUndo = new SimpleBooleanProperty(this, "canUndo");
    private final BooleanProperty canRedo = new SimpleBooleanProperty(this, "canRedo");
    private final Deque<Rule.Group> undo = new ArrayDeque<>();
    private final Deque<Rule.Group> redo = new ArrayDeque<>();
    private List<Integer> lastValuePath;
    private long request;

    public SegmentBuilderModel(SegmentService segments, TaskRunner tasks) {
        this.segments = segments;
        this.tasks = tasks;
    }

    private static Rule.Group empty() {
        return new Rule.Group(Rule.Match.ALL, List.of());
    }

    /** Loads the pickers' choices and the saved segments, then counts the current rule. */
    public void load() {
        recount(); // at once: the pickers' lists read the whole activity table, the count need not wait for them
        tasks.run(null, progress -> new Object[] {segments.catalogue(), segments.list()}, loaded -> {
            catalogue.set((SegmentService.Catalogue) loaded[0]);
            @SuppressWarnings("unchecked")
            List<SegmentService.Saved> list = (List<SegmentService.Saved>) loaded[1];
            saved.setAll(list);
        }, this::fail);
    }

    // ---------------------------------------------------------------- editing

    /** A change of shape (add, remove, move, duplicate, a picker): one undo step, a redraw, a recount. */
    public void edit(Rule.Group newRoot) {
        push();
        lastValuePath = null;
        root.set(newRoot);
        structure.set(structure.get() + 1);
        recount();
    }

    /**
     * A value typed into a condition: no redraw, and no count (the view asks for one when typing pauses);
     * consecutive typing in one field is one undo step.
     */
    public void editValue(List<Integer> path, Rule rule) {
        if (RuleTree.get(root.get(), path).equals(rule)) {
            return; // an editor repeating its value (a combo box's text set as it is shown) is not an edit
        }
        if (!path.equals(lastValuePath)) {
            push();
            lastValuePath = path;
        }
        root.set(RuleTree.replace(root.get(), path, rule));
    }

    public void add(List<Integer> groupPath, Rule rule) {
        edit(RuleTree.append(root.get(), groupPath, rule));
    }

    public void remove(List<Integer> path) {
        edit(RuleTree.remove(root.get(), path));
    }

    public void duplicate(List<Integer> path) {
        edit(RuleTree.duplicate(root.get(), path));
    }

    public void move(List<Integer> path, int delta) {
        edit(RuleTree.move(root.get(), path, delta));
    }

    public void undo() {
        if (!undo.isEmpty()) {
            redo.push(root.get());
            restore(undo.pop());
        }
    }

    public void redo() {
        if (!redo.isEmpty()) {
            undo.push(root.get());
            restore(redo.pop());
        }
    }

    private void push() {
        undo.push(root.get());
        redo.clear();
        history();
    }

    private void restore(Rule.Group group) {
        lastValuePath = null;
        root.set(group);
        structure.set(structure.get() + 1);
        history();
        recount();
    }

    private void history() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    // ---------------------------------------------------------------- counting

    /** The rule as built now, without conditions still being filled in. */
    public RuleDocument document() {
        return RuleDocument.of(RuleTree.withoutBlanks(root.get()));
    }

    /** Counts and previews the current rule; when several are asked for quickly, only the last one shows. */
    public void recount() {
        long mine = ++request;
        RuleDocument rule = document();
        counting.set(true);
        countNote.set(note(segments.indexStatus())); // said while counting too: at a million it takes seconds
        tasks.run(null, progress -> new Object[] {segments.count(rule), segments.preview(rule, PREVIEW_ROWS),
                        segments.indexStatus()},
                result -> {
                    if (mine != request) {
                        return;
                    }
                    counting.set(false);
                    count.set((Long) result[0]);
                    countNote.set(note((org.registro.segment.RuleIndex.Status) result[2]));
                    @SuppressWarnings("unchecked")
                    List<SegmentService.Member> members = (List<SegmentService.Member>) result[1];
                    preview.setAll(members);
                    error.set("");
                }, e -> {
                    if (mine == request) {
                        counting.set(false);
                        count.set(-1);
                        preview.clear();
                        fail(e);
                    }
                });
    }

    /** What the count says of where it comes from: nothing when from the quick index (or none is in use). */
    private static String note(org.registro.segment.RuleIndex.Status status) {
        return status == org.registro.segment.RuleIndex.Status.BUILDING ? I18n.t("segments.count.building")
                : status == org.registro.segment.RuleIndex.Status.FAILED ? I18n.t("segments.count.failed") : "";
    }

    /**
     * Explains the rule for the person a typed id, email, phone or name means; when several people fit,
     * {@code choose} picks one (empty: nobody is explained).
     */
    public void explain(String who, java.util.function.Function<List<org.registro.contact.ContactLookup.Candidate>,
            java.util.Optional<org.registro.contact.ContactLookup.Candidate>> choose) {
        tasks.run(null, progress -> segments.candidates(who), people -> {
            if (people.isEmpty()) {
                fail(new org.registro.common.RegistroException("error.segment.noContact", who));
                return;
            }
            choose.apply(people).ifPresent(p -> explain(p.id()));
        }, this::fail);
    }

    public void explain(long contactId) {
        RuleDocument rule = RuleDocument.of(RuleTree.withoutBlanks(root.get()));
        tasks.run(null, progress -> segments.explain(contactId, rule), explanation::set, this::fail);
    }

    // ---------------------------------------------------------------- saved segments

    /** The version of the loaded segment this edit began from (null for a new one). */
    private java.time.Instant seen;

    public void newSegment() {
        undo.clear();
        redo.clear();
        history();
        name.set("");
        description.set("");
        loadedName.set(null);
        seen = null;
        explanation.set(null);
        lastValuePath = null;
        root.set(empty());
        structure.set(structure.get() + 1);
        recount();
    }

    /** Starts a new, unsaved rule from this condition (a figure on Home opening its people). */
    public void start(Rule rule) {
        newSegment();
        root.set(rule instanceof Rule.Group g ? g : new Rule.Group(Rule.Match.ALL, List.of(rule)));
        structure.set(structure.get() + 1);
        recount();
    }

    /** Opens the saved segment of this name. */
    public void open(String segmentName) {
        tasks.run(null, progress -> segments.list().stream().filter(s -> s.name().equals(segmentName)).findFirst(),
                found -> found.ifPresent(this::open), this::fail);
    }

    public void open(SegmentService.Saved segment) {
        tasks.run(null, progress -> new Object[] {segments.rule(segment.name()),
                segments.get(segment.name()).updatedAt()}, opened -> {
            RuleDocument document = (RuleDocument) opened[0];
            seen = (java.time.Instant) opened[1];
            undo.clear();
            redo.clear();
            history();
            name.set(segment.name());
            description.set(segment.description() == null ? "" : segment.description());
            loadedName.set(segment.name());
            explanation.set(null);
            Rule rule = document.rule();
            root.set(rule instanceof Rule.Group g ? g : new Rule.Group(Rule.Match.ALL, List.of(rule)));
            structure.set(structure.get() + 1);
            recount();
        }, this::fail);
    }

    /** Saves under the name typed; renames the loaded segment first if the name changed. */
    public void save() {
        String target = name.get() == null ? "" : name.get().strip();
        String previous = loadedName.get();
        RuleDocument rule = RuleDocument.of(RuleTree.withoutBlanks(root.get()));
        String text = description.get() == null || description.get().isBlank() ? null : description.get().strip();
        java.time.Instant opened = seen;
        tasks.run(null, progress -> {
            if (previous != null && !previous.equals(target) && !target.isEmpty()) {
                segments.save(previous, text, rule, opened); // refused if someone saved it since it was opened
                segments.rename(previous, target);
                return segments.get(target);
            }
            return segments.save(target, text, rule, previous == null ? null : opened);
        }, s -> {
            loadedName.set(s.name());
            seen = s.updatedAt();
            message.set(I18n.t("segments.saved", s.name(), I18n.number(s.size() == null ? 0 : s.size())));
            error.set("");
            load();
        }, this::fail);
    }

    public void duplicateSaved(SegmentService.Saved segment, String newName) {
        tasks.run(null, progress -> segments.duplicate(segment.name(), newName), s -> {
            message.set(I18n.t("segments.duplicated", s.name()));
            load();
            open(s);
        }, this::fail);
    }

    public void delete(SegmentService.Saved segment) {
        tasks.run(null, progress -> {
            segments.delete(segment.name());
            return null;
        }, ok -> {
            message.set(I18n.t("segments.deleted", segment.name()));
            if (segment.name().equals(loadedName.get())) {
                newSegment();
            }
            load();
        }, this::fail);
    }

    public void freeze(SegmentService.Saved segment, String snapshotName) {
        tasks.run(null, progress -> segments.freeze(segment.name(), snapshotName), s -> {
            message.set(I18n.t("segments.frozen", s.name(), I18n.number(s.size() == null ? 0 : s.size())));
            load();
        }, this::fail);
    }

    /** A saved segment's recorded sizes, oldest first. */
    public void sizes(String name, java.util.function.Consumer<List<SegmentService.Size>> show) {
        tasks.run(null, progress -> segments.sizes(name), show, this::fail);
    }

    public void overlap(List<String> names, java.util.function.Consumer<SegmentService.Overlap> show) {
        tasks.run(null, progress -> segments.overlap(names), show, this::fail);
    }

    private void fail(Throwable t) {
        if (RegistroException.explain(t) instanceof SavedMeanwhileException meanwhile) {
            seen = meanwhile.current(); // saving again keeps this user's version over theirs
        }
        message.set("");
        error.set(I18n.errorText(t));
    }

    // ---------------------------------------------------------------- properties

    public ObjectProperty<Rule.Group> rootProperty() {
        return root;
    }

    public IntegerProperty structureProperty() {
        return structure;
    }

    public ObjectProperty<SegmentService.Catalogue> catalogueProperty() {
        return catalogue;
    }

    public ObservableList<SegmentService.Saved> saved() {
        return saved;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public javafx.beans.property.ReadOnlyStringProperty countNoteProperty() {
        return countNote;
    }

    public LongProperty countProperty() {
        return count;
    }

    public BooleanProperty countingProperty() {
        return counting;
    }

    public ObservableList<SegmentService.Member> preview() {
        return preview;
    }

    public ObjectProperty<SegmentService.Explanation> explanationProperty() {
        return explanation;
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

    public StringProperty loadedNameProperty() {
        return loadedName;
    }
}
