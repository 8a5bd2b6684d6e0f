package org.registro.journey.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.transform.Scale;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.registro.journey.JourneyDocument;
import org.registro.journey.JourneyEdits;
import org.registro.journey.JourneyLayout;
import org.registro.journey.Step;
import org.registro.ui.I18n;

/** Draws a {@link JourneyCanvas}: cards placed by {@link JourneyLayout}, arrows as curves, "+" on each arrow. */
final class JourneyCanvasSkin extends SkinBase<JourneyCanvas> {

    static final double COLUMN = 250;
    static final double ROW = 150;
    static final double MARGIN = 40;
    private static final double DROP_DISTANCE = 48;

    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass DROP = PseudoClass.getPseudoClass("drop");

    private final Pane viewport = new Pane();
    private final Pane content = new Pane();
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final Map<String, Region> cards = new HashMap<>();
    private final Map<JourneyEdits.Slot, Button> pluses = new HashMap<>();
    private JourneyLayout layout;
    private double panX;
    private double panY;
    private Point2D pressed;
    private Button dropTarget;

    JourneyCanvasSkin(JourneyCanvas canvas) {
        super(canvas);
        content.getStyleClass().add("journey-content");
        content.getTransforms().add(scale);
        content.setManaged(false);
        viewport.getStyleClass().add("journey-viewport");
        viewport.getChildren().add(content);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);
        getChildren().add(viewport);

        canvas.documentProperty().addListener((o, a, b) -> rebuild());
        canvas.problemsProperty().addListener((o, a, b) -> rebuild());
        canvas.waitingProperty().addListener((o, a, b) -> rebuild());
        canvas.simulatedProperty().addListener((o, a, b) -> rebuild());
        canvas.simulatedSkippedProperty().addListener((o, a, b) -> rebuild());
        canvas.selectedProperty().addListener((o, a, b) -> {
            cards.forEach((k, card) -> card.pseudoClassStateChanged(SELECTED, k.equals(b)));
            reveal(b);
        });
        canvas.zoomProperty().addListener((o, a, b) -> {
            scale.setX(b.doubleValue());
            scale.setY(b.doubleValue());
        });
        canvas.fitRequest = this::fit;

        // pan: drag the background, or scroll; zoom: Ctrl+scroll
        // a click anywhere on the canvas (a card, a "+") gives it the keyboard, whatever consumes the click
        viewport.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> canvas.requestFocus());
        viewport.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getTarget() == viewport || e.getTarget() == content) {
                pressed = new Point2D(e.getX() - panX, e.getY() - panY);
                viewport.setCursor(javafx.scene.Cursor.CLOSED_HAND);
            }
        });
        viewport.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (pressed != null) {
                pan(e.getX() - pressed.getX(), e.getY() - pressed.getY());
            }
        });
        viewport.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            pressed = null;
            viewport.setCursor(null);
        });
        viewport.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.isControlDown() || e.isShortcutDown()) {
                double before = canvas.getZoom();
                if (e.getDeltaY() > 0) {
                    canvas.zoomIn();
                } else if (e.getDeltaY() < 0) {
                    canvas.zoomOut();
                }
                // keep the point under the pointer where it is
                double k = canvas.getZoom() / before;
                pan(e.getX() - (e.getX() - panX) * k, e.getY() - (e.getY() - panY) * k);
            } else {
                pan(panX + e.getDeltaX(), panY + e.getDeltaY());
            }
            e.consume();
        });
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        rebuild();
    }

    // ---------------------------------------------------------------- drawing

    private void rebuild() {
        JourneyCanvas canvas = getSkinnable();
        content.getChildren().clear();
        cards.clear();
        pluses.clear();
        JourneyDocument doc = canvas.getDocument();
        if (doc == null) {
            layout = null;
            return;
        }
        layout = JourneyLayout.of(doc);
        List<Node> arrows = new ArrayList<>();
        List<Node> overlays = new ArrayList<>();
        for (JourneyLayout.Arrow a : layout.arrows()) {
            Step from = doc.step(a.slot().step()).orElseThrow();
            int outs = from.successors().size();
            Point2D start = slotPoint(a.slot().step(), a.slot().index(), outs);
            Point2D end;
            boolean back = a.back();
            if (a.to() == null) {
                Point2D mark = centre(a.end());
                end = new Point2D(mark.getX(), mark.getY() - 12);
                Label endMark = new Label(I18n.t("journey.canvas.end"));
                endMark.getStyleClass().add("journey-end");
                endMark.setLayoutX(mark.getX() - 24);
                endMark.setLayoutY(mark.getY() - 12);
                endMark.setMinWidth(48);
                overlays.add(endMark);
            } else {
                Point2D target = centre(layout.places().get(a.to()));
                end = back ? new Point2D(target.getX() + StepCard.WIDTH / 2, target.getY() + 20)
                        : new Point2D(target.getX(), target.getY());
            }
            Path path = arrow(start, end, back);
            path.getStyleClass().add("journey-arrow");
            arrows.add(path);
            String label = StepText.slotLabel(from, a.slot().index());
            if (!label.isBlank()) {
                // ways out on the left half are named to the left of their arrow, the others to the right
                Text text = new Text(label);
                text.getStyleClass().add("journey-arrow-label");
                boolean left = outs > 1 && a.slot().index() < (outs - 1) / 2.0;
                double width = new Text(label).getLayoutBounds().getWidth() * 0.85;
                text.setLayoutX(left ? start.getX() - 16 - width : start.getX() + 16);
                text.setLayoutY(start.getY() + 14);
                overlays.add(text);
            }
            Button plus = plus(a.slot(), start, end, back);
            pluses.put(a.slot(), plus);
            overlays.add(plus);
        }
        content.getChildren().addAll(arrows);
        for (Step s : doc.steps()) {
            Region card = card(s);
            Point2D top = centre(layout.places().get(s.key()));
            card.setLayoutX(top.getX() - StepCard.WIDTH / 2);
            card.setLayoutY(top.getY());
            cards.put(s.key(), card);
            content.getChildren().add(card);
        }
        content.getChildren().addAll(overlays);
        double width = MARGIN * 2 + layout.columns() * COLUMN;
        double height = MARGIN * 2 + layout.rows() * ROW;
        content.setPrefSize(width, height);
        content.resize(width, height);
    }

    /** The top centre of a card at this place. */
    private static Point2D centre(JourneyLayout.Place p) {
        return new Point2D(MARGIN + p.column() * COLUMN, MARGIN + p.row() * ROW);
    }

    /** Where the arrow of a step's {@code index}-th way out leaves its card: ways out spread along the bottom. */
    private Point2D slotPoint(String step, int index, int outs) {
        Point2D top = centre(layout.places().get(step));
        double spread = outs <= 1 ? 0 : Math.min(StepCard.WIDTH / outs, 80);
        return new Point2D(top.getX() + (index - (outs - 1) / 2.0) * spread, top.getY() + StepCard.HEIGHT);
    }

    private static Path arrow(Point2D s, Point2D e, boolean back) {
        Path path = new Path();
        path.getElements().add(new MoveTo(s.getX(), s.getY()));
        if (back) {
            double side = Math.max(s.getX(), e.getX()) + COLUMN * 0.55;
            path.getElements().add(new CubicCurveTo(s.getX(), s.getY() + 40, side, s.getY() + 40, side, s.getY()));
            path.getElements().add(new LineTo(side, e.getY() + 20));
            path.getElements().add(new CubicCurveTo(side, e.getY(), e.getX() + 30, e.getY(), e.getX(), e.getY()));
        } else {
            double dy = Math.max(30, (e.getY() - s.getY()) / 2);
            path.getElements().add(new CubicCurveTo(s.getX(), s.getY() + dy, e.getX(), e.getY() - dy, e.getX(),
                    e.getY()));
            // the arrow head
            path.getElements().add(new MoveTo(e.getX() - 5, e.getY() - 7));
            path.getElements().add(new LineTo(e.getX(), e.getY()));
            path.getElements().add(new LineTo(e.getX() + 5, e.getY() - 7));
        }
        return path;
    }

    private Button plus(JourneyEdits.Slot slot, Point2D s, Point2D e, boolean back) {
        Button plus = new Button();
        plus.setGraphic(new FontIcon(MaterialDesignP.PLUS));
        plus.getStyleClass().add("journey-plus");
        plus.setId("plus-" + slot.step() + "-" + slot.index());
        plus.setFocusTraversable(false);
        plus.setTooltip(new Tooltip(I18n.t("journey.canvas.insert")));
        // near the start of the arrow, where it is still clearly this arrow
        double y = back ? s.getY() + 26 : s.getY() + Math.min(34, Math.max(18, (e.getY() - s.getY()) * 0.45));
        double x = s.getX() + (back ? 0 : (e.getX() - s.getX()) * (y - s.getY()) / Math.max(1, e.getY() - s.getY())
                * 0.3);
        plus.setLayoutX(x - 11);
        plus.setLayoutY(y - 11);
        plus.setOnAction(ev -> addMenu(slot, plus));
        return plus;
    }

    private void addMenu(JourneyEdits.Slot slot, Node anchor) {
        ContextMenu menu = new ContextMenu();
        for (String type : JourneyEdits.ADDABLE) {
            MenuItem item = new MenuItem(StepText.typeName(type), new FontIcon(StepCard.icon(type)));
            item.setId("add-" + type);
            item.setOnAction(ev -> {
                var handler = getSkinnable().getOnInsert();
                if (handler != null) {
                    handler.accept(slot, type);
                }
            });
            menu.getItems().add(item);
        }
        menu.show(anchor, Side.BOTTOM, 0, 0);
    }

    private Region card(Step s) {
        JourneyCanvas canvas = getSkinnable();
        Region card = StepCard.of(s, canvas.getWaiting(), canvas.getSimulated(), canvas.getSimulatedSkipped(),
                canvas.getProblems() == null ? List.of() : canvas.getProblems().getOrDefault(s.key(), List.of()));
        card.pseudoClassStateChanged(SELECTED, s.key().equals(canvas.getSelected()));

        card.setOnMousePressed(e -> {
            canvas.requestFocus();
            canvas.setSelected(s.key());
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && canvas.getOnOpen() != null) {
                canvas.getOnOpen().accept(s.key());
            }
            card.setUserData(new Point2D(e.getSceneX(), e.getSceneY()));
            e.consume();
        });
        if (JourneyEdits.movable(s)) {
            card.setOnMouseDragged(e -> {
                Point2D from = (Point2D) card.getUserData();
                if (from == null) {
                    return;
                }
                double k = canvas.getZoom();
                card.setTranslateX((e.getSceneX() - from.getX()) / k);
                card.setTranslateY((e.getSceneY() - from.getY()) / k);
                card.toFront();
                highlightDrop(nearestPlus(card));
                e.consume();
            });
            card.setOnMouseReleased(e -> {
                Button target = nearestPlus(card);
                card.setTranslateX(0);
                card.setTranslateY(0);
                highlightDrop(null);
                if (target != null && canvas.getOnMove() != null) {
                    pluses.entrySet().stream().filter(p -> p.getValue() == target).findFirst()
                            .ifPresent(p -> canvas.getOnMove().accept(s.key(), p.getKey()));
                }
            });
        }
        return card;
    }

    /** The "+" closest to the dragged card's top centre, within reach; not one of its own arrows. */
    private Button nearestPlus(Region card) {
        double x = card.getLayoutX() + card.getTranslateX() + StepCard.WIDTH / 2;
        double y = card.getLayoutY() + card.getTranslateY();
        String key = card.getId().substring("step-".length());
        return pluses.entrySet().stream().filter(p -> !p.getKey().step().equals(key))
                .filter(p -> !key.equals(JourneyEdits.target(getSkinnable().getDocument(), p.getKey())))
                .map(p -> Map.entry(p.getValue(), Math.hypot(p.getValue().getLayoutX() + 11 - x,
                        p.getValue().getLayoutY() + 11 - y)))
                .filter(p -> p.getValue() < DROP_DISTANCE).min(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
    }

    private void highlightDrop(Button target) {
        if (dropTarget != null) {
            dropTarget.pseudoClassStateChanged(DROP, false);
        }
        dropTarget = target;
        if (target != null) {
            target.pseudoClassStateChanged(DROP, true);
        }
    }

    // ---------------------------------------------------------------- moving around

    private void pan(double x, double y) {
        panX = x;
        panY = y;
        content.setLayoutX(panX);
        content.setLayoutY(panY);
    }

    private void fit() {
        if (layout == null || viewport.getWidth() <= 0) {
            return;
        }
        double w = MARGIN * 2 + layout.columns() * COLUMN;
        double h = MARGIN * 2 + layout.rows() * ROW;
        double k = Math.min(1, Math.min(viewport.getWidth() / w, viewport.getHeight() / h));
        getSkinnable().setZoom(Math.max(JourneyCanvas.MIN_ZOOM, k));
        double zoom = getSkinnable().getZoom();
        pan(Math.max(0, (viewport.getWidth() - w * zoom) / 2), 0);
    }

    /** Scrolls so that the step's card is in view. */
    private void reveal(String key) {
        Region card = key == null ? null : cards.get(key);
        if (card == null || viewport.getWidth() <= 0) {
            return;
        }
        double k = getSkinnable().getZoom();
        double left = card.getLayoutX() * k + panX;
        double top = card.getLayoutY() * k + panY;
        double x = panX;
        double y = panY;
        if (left < 0) {
            x -= left - 20;
        } else if (left + StepCard.WIDTH * k > viewport.getWidth()) {
            x -= left + StepCard.WIDTH * k - viewport.getWidth() + 20;
        }
        if (top < 0) {
            y -= top - 20;
        } else if (top + StepCard.HEIGHT * k > viewport.getHeight()) {
            y -= top + StepCard.HEIGHT * k - viewport.getHeight() + 20;
        }
        pan(x, y);
    }

    private void key(KeyEvent e) {
        JourneyCanvas canvas = getSkinnable();
        JourneyDocument doc = canvas.getDocument();
        boolean shortcut = e.isShortcutDown() || e.isControlDown();
        if (shortcut && (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.ADD || e.getCode() == KeyCode.EQUALS)) {
            canvas.zoomIn();
        } else if (shortcut && (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT)) {
            canvas.zoomOut();
        } else if (shortcut && (e.getCode() == KeyCode.DIGIT0 || e.getCode() == KeyCode.NUMPAD0)) {
            canvas.fit();
        } else if (doc == null || layout == null) {
            return;
        } else if (canvas.getSelected() == null || doc.step(canvas.getSelected()).isEmpty()) {
            if (e.getCode().isArrowKey()) {
                doc.entry().ifPresent(s -> canvas.setSelected(s.key()));
            } else {
                return;
            }
        } else {
            String key = canvas.getSelected();
            Step step = doc.step(key).orElseThrow();
            switch (e.getCode()) {
                case DOWN -> step.successors().stream().filter(n -> n != null && doc.step(n).isPresent()).findFirst()
                        .ifPresent(canvas::setSelected);
                case UP -> doc.steps().stream().filter(s -> s.successors().contains(key)).findFirst()
                        .ifPresent(s -> canvas.setSelected(s.key()));
                case LEFT, RIGHT -> sideways(key, e.getCode() == KeyCode.RIGHT).ifPresent(canvas::setSelected);
                case DELETE, BACK_SPACE -> {
                    if (canvas.getOnDelete() != null && !(step instanceof Step.Entry)) {
                        canvas.getOnDelete().accept(key);
                    }
                }
                case ENTER -> {
                    if (canvas.getOnOpen() != null) {
                        canvas.getOnOpen().accept(key);
                    }
                }
                case INSERT, A -> {
                    if (shortcut || step.successors().isEmpty()) {
                        return;
                    }
                    Button plus = pluses.get(new JourneyEdits.Slot(key, 0));
                    if (plus != null) {
                        addMenu(new JourneyEdits.Slot(key, 0), plus);
                    }
                }
                case C -> {
                    if (!shortcut || canvas.getOnCopy() == null) {
                        return;
                    }
                    canvas.getOnCopy().accept(key);
                }
                case V -> {
                    if (!shortcut || canvas.getOnPaste() == null || step.successors().isEmpty()) {
                        return;
                    }
                    canvas.getOnPaste().accept(new JourneyEdits.Slot(key, 0));
                }
                default -> {
                    return;
                }
            }
        }
        e.consume();
    }

    /** The nearest step to the left or right on the same row. */
    private java.util.Optional<String> sideways(String key, boolean right) {
        JourneyLayout.Place here = layout.places().get(key);
        return layout.places().entrySet().stream()
                .filter(p -> p.getValue().row() == here.row() && getSkinnable().getDocument().step(p.getKey()).isPresent())
                .filter(p -> right ? p.getValue().column() > here.column() : p.getValue().column() < here.column())
                .min(Comparator.comparingDouble(p -> Math.abs(p.getValue().column() - here.column())))
                .map(Map.Entry::getKey);
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        viewport.resizeRelocate(x, y, w, h);
    }
}
