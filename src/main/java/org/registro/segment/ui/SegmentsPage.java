package org.registro.segment.ui;

import atlantafx.base.theme.Styles;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;
import org.registro.common.Messages;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;

/**
 * The Segments area: saved segments on the left; the builder in the middle (groups of conditions, built by
 * pointing and clicking, reordered with the arrows, undo and redo with Ctrl+Z / Ctrl+Y); the live count and
 * a preview of the members on the right, where selecting a person explains why they are in.
 */
public final class SegmentsPage implements Page {

    /** The operators offered for each field type, in menu order. */
    static final List<String> TEXT_OPS = List.of("equals", "notEquals", "contains", "startsWith", "inList",
            "isEmpty", "isNotEmpty");
    static final List<String> NUMBER_OPS = List.of("equals", "greaterThan", "atLeast", "lessThan", "atMost",
            "between");
    static final List<String> DATE_OPS = List.of("before", "after", "between", "withinLastDays",
            "anniversaryWithinDays", "isEmpty", "isNotEmpty");
    static final List<String> BOOLEAN_OPS = List.of("isTrue", "isFalse");

    private final SegmentBuilderModel model;
    private final BorderPane root = new BorderPane();
    private final VBox builder = new VBox(10);
    private final PauseTransition typing = new PauseTransition(Duration.millis(350));
    private final Node tools;
    private final java.util.function.Consumer<RuleDocument> exportRule;
    /** Saving, freezing, copying and deleting segments, and models that save them: not a team viewer's. */
    private final javafx.beans.property.BooleanProperty mayEdit = new javafx.beans.property.SimpleBooleanProperty(true);

    public SegmentsPage(SegmentBuilderModel model) {
        this(model, null, null);
    }

    /**
     * @param tools more actions beside the saved segments (the app gives the customer models' menu)
     * @param exportRule hands the rule being built to the Exports area; null hides the button
     */
    public SegmentsPage(SegmentBuilderModel model, Node tools, java.util.function.Consumer<RuleDocument> exportRule) {
        this.model = model;
        this.tools = tools;
        this.exportRule = exportRule;
        root.setId("page-segments");
        typing.setOnFinished(e -> model.recount());
        builder.setId("segment-builder");
        builder.setPadding(new Insets(4, 8, 8, 4));
        model.structureProperty().addListener((obs, old, now) -> redraw());
        model.catalogueProperty().addListener((obs, old, now) -> redraw());

        SplitPane split = new SplitPane(savedList(), center(), new SegmentResultsView(model).view());
        split.setDividerPositions(0.2, 0.76);
        root.setCenter(split);
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN).match(e)) {
                model.undo();
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN).match(e)
                    || new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)
                    .match(e)) {
                model.redo();
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN).match(e) && mayEdit.get()) {
                model.save();
                e.consume();
            }
        });
        redraw();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void onShow() {
        model.load();
    }

    @Override
    public void allowEdits(boolean allowed) {
        mayEdit.set(allowed);
    }

    /** Shows the people a condition selects, as a new rule in the builder. */
    public void show(org.registro.segment.Rule rule) {
        model.start(rule);
    }

    /** Opens a saved segment by name. */
    public void showSaved(String name) {
        model.open(name);
    }

    // ---------------------------------------------------------------- saved segments

    private Node savedList() {
        Label title = new Label(I18n.t("segments.saved.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        Button create = new Button(I18n.t("segments.new"), new FontIcon(MaterialDesignP.PLUS));
        create.setId("segments-new");
        create.setOnAction(e -> model.newSegment());
        ListView<SegmentService.Saved> list = new ListView<>(model.saved());
        list.setId("segments-list");
        Label none = new Label(I18n.t("segments.none"));
        none.setWrapText(true);
        none.setPadding(new Insets(8));
        list.setPlaceholder(none);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(SegmentService.Saved s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(s.name());
                name.getStyleClass().add(Styles.TEXT_BOLD);
                name.setWrapText(true);
                setPrefWidth(0);
                Label size = new Label((s.size() == null ? "" : I18n.t("segments.size", I18n.number(s.size()),
                        s.size()))
                        + (SegmentService.SNAPSHOT.equals(s.kind()) ? " · " + I18n.t("segments.snapshotOn",
                        I18n.shortDate(s.snapshotAt())) : ""));
                size.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                setGraphic(new VBox(2, name, size));
                setText(null);
                // Hovering shows the size each time the segment was counted, loaded off the FX thread.
                Tooltip history = new Tooltip(I18n.t("segments.sizes.loading"));
                history.setOnShowing(e -> model.sizes(s.name(), sizes -> history.setText(sizes.isEmpty()
                        ? I18n.t("segments.sizes.none") : I18n.t("segments.sizes.title") + "\n" + String.join("\n",
                        sizes.stream().skip(Math.max(0, sizes.size() - 12)).map(z -> I18n.dateTime(z.at()) + "   "
                                + I18n.number(z.size())).toList()))));
                setTooltip(history);
            }
        });
        list.setOnMouseClicked(e -> {
            SegmentService.Saved s = list.getSelectionModel().getSelectedItem();
            if (s != null) {
                model.open(s);
            }
        });
        list.setOnKeyPressed(e -> {
            SegmentService.Saved s = list.getSelectionModel().getSelectedItem();
            if (s != null && e.getCode() == KeyCode.ENTER) {
                model.open(s);
            }
        });
        var selected = list.getSelectionModel().selectedItemProperty();
        Button duplicate = small(MaterialDesignC.CONTENT_COPY, "segments.duplicate", "segments-duplicate");
        duplicate.setOnAction(e -> ask(I18n.t("segments.duplicate"), selected.get().name() + " (2)")
                .ifPresent(n -> model.duplicateSaved(selected.get(), n)));
        Button freeze = small(MaterialDesignS.SNOWFLAKE, "segments.freeze", "segments-freeze");
        freeze.setOnAction(e -> ask(I18n.t("segments.freeze"), selected.get().name() + " – "
                + java.time.LocalDate.now()).ifPresent(n -> model.freeze(selected.get(), n)));
        Button delete = small(MaterialDesignD.DELETE_OUTLINE, "segments.delete", "segments-delete");
        delete.setOnAction(e -> model.delete(selected.get()));
        var single = Bindings.size(list.getSelectionModel().getSelectedItems()).isEqualTo(1);
        for (Button b : new Button[] {duplicate, freeze, delete}) {
            b.disableProperty().bind(selected.isNull().or(single.not()));
        }
        list.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        Button compare = small(MaterialDesignV.VECTOR_INTERSECTION, "segments.compare", "segments-compare");
        compare.disableProperty().bind(Bindings.size(list.getSelectionModel().getSelectedItems()).lessThan(2)
                .or(Bindings.size(list.getSelectionModel().getSelectedItems()).greaterThan(3)));
        compare.setOnAction(e -> model.overlap(list.getSelectionModel().getSelectedItems().stream()
                .map(SegmentService.Saved::name).toList(), this::showOverlap));
        HBox actions = new HBox(4, duplicate, freeze, compare, delete);
        Page.shownWhen(mayEdit, duplicate, freeze, delete);
        VBox.setVgrow(list, Priority.ALWAYS);
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox titleRow = new HBox(6, title, spacer());
        titleRow.setAlignment(Pos.CENTER_LEFT);
        if (tools != null) {
            if (tools instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
            titleRow.getChildren().add(tools);
            Page.shownWhen(mayEdit, tools);
        }
        create.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(10, titleRow, create, list, actions);
        box.setPadding(new Insets(16, 8, 12, 12));
        box.setMinWidth(250);
        return box;
    }

    /** The overlap as a small table: who is in exactly which of the compared segments. */
    private void showOverlap(SegmentService.Overlap overlap) {
        StringBuilder text = new StringBuilder();
        overlap.regions().forEach((key, count) -> {
            List<String> in = new ArrayList<>();
            for (String part : key.split("\\+")) {
                in.add(overlap.segments().get(Integer.parseInt(part) - 1));
            }
            text.append(I18n.t(in.size() == 1 ? "segments.overlap.only" : "segments.overlap.both",
                    String.join(" + ", in), I18n.number(count))).append('\n');
        });
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.INFORMATION, text.toString(), javafx.scene.control.ButtonType.OK);
        alert.initOwner(root.getScene().getWindow());
        alert.setHeaderText(I18n.t("segments.overlap.title", overlap.segments().size()));
        alert.show();
    }

    private java.util.Optional<String> ask(String title, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial);
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(title);
        dialog.setHeaderText(I18n.t("segments.askName"));
        return dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    // ---------------------------------------------------------------- the builder

    private Node center() {
        TextField name = new TextField();
        name.setId("segment-name");
        name.setPromptText(I18n.t("segments.namePrompt"));
        name.textProperty().bindBidirectional(model.nameProperty());
        name.getStyleClass().add(Styles.TITLE_4);
        TextField description = new TextField();
        description.setId("segment-description");
        description.setPromptText(I18n.t("segments.descriptionPrompt"));
        description.textProperty().bindBidirectional(model.descriptionProperty());
        HBox.setHgrow(name, Priority.ALWAYS);
        HBox.setHgrow(description, Priority.ALWAYS);
        Button undo = small(MaterialDesignU.UNDO, "segments.undo", "segment-undo");
        undo.disableProperty().bind(model.canUndoProperty().not());
        undo.setOnAction(e -> model.undo());
        Button redo = small(MaterialDesignR.REDO, "segments.redo", "segment-redo");
        redo.disableProperty().bind(model.canRedoProperty().not());
        redo.setOnAction(e -> model.redo());
        Button save = new Button(I18n.t("action.save"), new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
        save.setId("segment-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(model.nameProperty().isEmpty());
        save.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(8, name, undo, redo, save);
        if (exportRule != null) {
            Button export = new Button(I18n.t("segments.export"), new FontIcon(org.kordamp.ikonli.materialdesign2
                    .MaterialDesignE.EXPORT_VARIANT));
            export.setId("segment-export");
            export.setTooltip(new Tooltip(I18n.t("segments.export.tip")));
            export.setOnAction(e -> exportRule.accept(model.document()));
            export.setMinWidth(Region.USE_PREF_SIZE);
            head.getChildren().add(export);
        }
        head.setAlignment(Pos.CENTER_LEFT);
        save.setOnAction(e -> model.save());
        Page.shownWhen(mayEdit, save);
        Label message = new Label();
        message.setId("segment-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.when(model.errorProperty().isEmpty())
                .then(model.messageProperty()).otherwise(model.errorProperty()));
        model.errorProperty().addListener((obs, old, now) -> {
            message.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            message.getStyleClass().add(now.isEmpty() ? Styles.SUCCESS : Styles.DANGER);
        });
        VBox top = new VBox(8, head, description, message);
        top.setPadding(new Insets(16, 12, 8, 12));
        BorderPane pane = new BorderPane(Page.scrolling(builder));
        pane.setTop(top);
        return pane;
    }

    private void redraw() {
        builder.getChildren().setAll(group(model.rootProperty().get(), List.of()));
    }

    private Node group(Rule.Group group, List<Integer> path) {
        ComboBox<Rule.Match> match = new ComboBox<>();
        match.getItems().setAll(Rule.Match.values());
        match.setValue(group.match());
        match.setId("group-match-" + key(path));
        match.setConverter(Cells.converter(m -> I18n.t("segments.match." + m.name().toLowerCase(java.util.Locale.ROOT))));
        match.valueProperty().addListener((obs, old, now) -> model.edit(org.registro.segment.RuleTree.replace(
                model.rootProperty().get(), path, new Rule.Group(now, current(path).conditions()))));
        MenuButton add = new MenuButton(I18n.t("segments.add"), new FontIcon(MaterialDesignP.PLUS));
        add.setId("group-add-" + key(path));
        add.getStyleClass().add(Styles.FLAT);
        for (String kind : List.of("field", "events", "consent", "tag", "identifier", "source", "segment", "score",
                "recommended",
                "group")) {
            MenuItem item = new MenuItem(I18n.t("segments.kind." + kind));
            item.setId("add-" + kind + "-" + key(path));
            item.setOnAction(e -> model.add(path, blank(kind)));
            add.getItems().add(item);
        }
        HBox header = new HBox(8, match, new Label(I18n.t("segments.theseConditions")), spacer(), add);
        header.setAlignment(Pos.CENTER_LEFT);
        if (!path.isEmpty()) {
            header.getChildren().addAll(rowActions(path));
        }
        VBox children = new VBox(6);
        children.getStyleClass().add("rule-children");
        for (int i = 0; i < group.conditions().size(); i++) {
            List<Integer> childPath = new ArrayList<>(path);
            childPath.add(i);
            Rule child = group.conditions().get(i);
            children.getChildren().add(child instanceof Rule.Group g ? group(g, childPath) : condition(child, childPath));
        }
        if (group.conditions().isEmpty()) {
            Label hint = new Label(I18n.t(path.isEmpty() ? "segments.emptyRoot" : "segments.emptyGroup"));
            hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            children.getChildren().add(hint);
        }
        VBox box = new VBox(8, header, children);
        box.getStyleClass().add(path.isEmpty() ? "rule-root" : "rule-group");
        return box;
    }

    private Rule.Group current(List<Integer> path) {
        return (Rule.Group) org.registro.segment.RuleTree.get(model.rootProperty().get(), path);
    }

    /** Reorder and duplicate in a small menu, remove as its own button: the sentence keeps the room. */
    private List<Node> rowActions(List<Integer> path) {
        MenuButton more = new MenuButton(null, new FontIcon(MaterialDesignD.DOTS_VERTICAL));
        more.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_ICON, "no-arrow");
        more.setId("row-more-" + key(path));
        more.setTooltip(new Tooltip(I18n.t("segments.more")));
        MenuItem up = new MenuItem(I18n.t("segments.up"), new FontIcon(MaterialDesignA.ARROW_UP));
        up.setId("row-up-" + key(path));
        up.setOnAction(e -> model.move(path, -1));
        MenuItem down = new MenuItem(I18n.t("segments.down"), new FontIcon(MaterialDesignA.ARROW_DOWN));
        down.setId("row-down-" + key(path));
        down.setOnAction(e -> model.move(path, 1));
        MenuItem copy = new MenuItem(I18n.t("segments.duplicateRow"), new FontIcon(MaterialDesignC.CONTENT_COPY));
        copy.setId("row-copy-" + key(path));
        copy.setOnAction(e -> model.duplicate(path));
        more.getItems().addAll(up, down, copy);
        Button remove = small(MaterialDesignC.CLOSE, "segments.remove", "row-remove-" + key(path));
        remove.setOnAction(e -> model.remove(path));
        return List.of(more, remove);
    }

    /** A condition row: its editors, then the reorder, duplicate and remove buttons. */
    private Node condition(Rule rule, List<Integer> path) {
        ConditionEditor editor = new ConditionEditor(rule, model.catalogueProperty().get(),
                changed -> {
                    model.editValue(path, changed);
                    typing.playFromStart();
                },
                changed -> model.edit(org.registro.segment.RuleTree.replace(model.rootProperty().get(), path, changed)),
                key(path));
        FlowPane editors = editor.view();
        HBox.setHgrow(editors, Priority.ALWAYS);
        HBox row = new HBox(8, editors);
        row.getChildren().addAll(rowActions(path));
        // Wrap the sentence at the room the row has, not at FlowPane's default of 400 px.
        editors.setMinWidth(200);
        editors.widthProperty().addListener((obs, old, now) -> editors.setPrefWrapLength(now.doubleValue()));
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("rule-condition");
        row.setId("condition-" + key(path));
        draggable(row, path);
        return row;
    }

    /**
     * Drag a condition onto another of the same group to put it there (the menu's move up and down do the same
     * from the keyboard).
     */
    private void draggable(Node row, List<Integer> path) {
        row.setOnDragDetected(e -> {
            var board = row.startDragAndDrop(javafx.scene.input.TransferMode.MOVE);
            var content = new javafx.scene.input.ClipboardContent();
            content.putString(key(path));
            board.setContent(content);
            e.consume();
        });
        row.setOnDragOver(e -> {
            List<Integer> from = dragged(e.getDragboard());
            if (from != null && !from.equals(path) && from.size() == path.size()
                    && from.subList(0, from.size() - 1).equals(path.subList(0, path.size() - 1))) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.MOVE);
            }
            e.consume();
        });
        row.setOnDragDropped(e -> {
            List<Integer> from = dragged(e.getDragboard());
            boolean done = from != null;
            if (done) {
                model.move(from, path.get(path.size() - 1) - from.get(from.size() - 1));
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    private static List<Integer> dragged(javafx.scene.input.Dragboard board) {
        if (!board.hasString() || !board.getString().matches("\\d+(-\\d+)*")) {
            return null;
        }
        return java.util.Arrays.stream(board.getString().split("-")).map(Integer::valueOf).toList();
    }

    static String key(List<Integer> path) {
        return path.isEmpty() ? "root" : path.stream().map(String::valueOf).reduce((a, b) -> a + "-" + b).orElse("");
    }

    /** A new condition of this kind, with sensible defaults so it counts at once. */
    Rule blank(String kind) {
        SegmentService.Catalogue c = model.catalogueProperty().get();
        return switch (kind) {
            case "field" -> new Rule.Field("city", "equals", "", null, null, null);
            case "events" -> new Rule.Events(c == null || c.eventTypes().isEmpty() ? null : c.eventTypes().get(0), 1,
                    null, 365, null, true);
            case "consent" -> new Rule.Consent("commercial", "email", null, null);
            case "tag" -> new Rule.Tag(c == null || c.tags().isEmpty() ? "" : c.tags().get(0), true);
            case "identifier" -> new Rule.Identifier("phone", true);
            case "source" -> new Rule.Source(c == null || c.sources().isEmpty() ? null : c.sources().get(0),
                    c == null || c.sources().isEmpty() ? "first" : null);
            case "segment" -> new Rule.Segment(c == null || c.segments().isEmpty() ? "" : c.segments().get(0), true);
            case "score" -> new Rule.Score("rfm", "atLeast", new BigDecimal("3"), null);
            case "recommended" -> new Rule.Recommended(c == null || c.items().isEmpty() ? null
                    : c.items().keySet().iterator().next(), null, true);
            default -> new Rule.Group(Rule.Match.ANY, List.of());
        };
    }

    // ---------------------------------------------------------------- helpers

    private static Button small(org.kordamp.ikonli.Ikon icon, String tooltip, String id) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_ICON);
        b.setTooltip(new Tooltip(I18n.t(tooltip)));
        b.setId(id);
        return b;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    static String opLabel(String op) {
        return Messages.getOr("segment.op." + op, op);
    }
}
