package org.registro.segment.ui;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import org.registro.common.Messages;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;
import org.registro.ui.Cells;
import org.registro.ui.I18n;

/**
 * The editors of one condition, laid out as a sentence ("City · is · Madrid", "Did · donation · at least 2
 * times · in the last 365 days"). A typed value goes to {@code onType} (no redraw, counted when typing
 * pauses); a choice from a list goes to {@code onPick} (redrawn at once, since it can change the editors).
 */
final class ConditionEditor {

    private final Rule rule;
    private final SegmentService.Catalogue catalogue;
    private final Consumer<Rule> onType;
    private final Consumer<Rule> onPick;
    private final String id;
    private final FlowPane pane = new FlowPane(6, 6);

    ConditionEditor(Rule rule, SegmentService.Catalogue catalogue, Consumer<Rule> onType, Consumer<Rule> onPick,
                    String id) {
        this.rule = rule;
        this.catalogue = catalogue == null ? new SegmentService.Catalogue(List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of("email"), List.of(), List.of(), List.of(), List.of(), java.util.Map.of(),
                java.util.Map.of(), java.util.Map.of()) : catalogue;
        this.onType = onType;
        this.onPick = onPick;
        this.id = id;
        pane.setAlignment(Pos.CENTER_LEFT);
        build();
    }

    FlowPane view() {
        return pane;
    }

    private void build() {
        if (rule instanceof Rule.Field f) {
            field(f);
        } else if (rule instanceof Rule.Events e) {
            events(e);
        } else if (rule instanceof Rule.Consent c) {
            consent(c);
        } else if (rule instanceof Rule.Tag t) {
            pane.getChildren().addAll(yesNo(t.has(), "segments.has", "segments.hasNot",
                    v -> onPick.accept(new Rule.Tag(t.tag(), v))), label("segments.kind.tag"),
                    editableChoice("tag", catalogue.tags(), t.tag(), v -> onType.accept(new Rule.Tag(v, t.has()))));
        } else if (rule instanceof Rule.Identifier i) {
            List<String> kinds = merge(catalogue.identifierKinds(), List.of("email", "phone", "customer_number",
                    "national_id", "source_key"));
            pane.getChildren().addAll(yesNo(i.present(), "segments.has", "segments.hasNot",
                    v -> onPick.accept(new Rule.Identifier(i.kind(), v))),
                    choice("kind", kinds, i.kind(), k -> Messages.getOr("identifier." + k, k),
                            v -> onPick.accept(new Rule.Identifier(v, i.present()))));
        } else if (rule instanceof Rule.Source s) {
            List<String> options = merge(catalogue.sources(), List.of());
            pane.getChildren().addAll(label("segments.cameFrom"), choice("source", options, s.source(), v -> v,
                    v -> onPick.accept(new Rule.Source(v, null))));
        } else if (rule instanceof Rule.Segment s) {
            pane.getChildren().addAll(yesNo(s.member(), "segments.isIn", "segments.isNotIn",
                    v -> onPick.accept(new Rule.Segment(s.segment(), v))),
                    choice("segment", catalogue.segments(), s.segment(), v -> v,
                            v -> onPick.accept(new Rule.Segment(v, s.member()))));
        } else if (rule instanceof Rule.Score s) {
            score(s);
        } else if (rule instanceof Rule.Recommended r) {
            recommended(r);
        }
    }

    /** "First recommendation · is · Winter appeal", or "Among the first three · is about · Events". */
    private void recommended(Rule.Recommended r) {
        boolean byTopic = r.item() == null && r.topic() != null;
        List<String> items = merge(new java.util.ArrayList<>(catalogue.items().keySet()),
                r.item() == null ? List.of() : List.of(r.item()));
        pane.getChildren().addAll(
                choice("rank", List.of("first", "three"), r.firstOnly() ? "first" : "three",
                        v -> I18n.t("segments.recommended." + v),
                        v -> onPick.accept(new Rule.Recommended(r.item(), r.topic(), v.equals("first")))),
                choice("what", List.of("item", "topic"), byTopic ? "topic" : "item",
                        v -> I18n.t("segments.recommended.by." + v),
                        v -> onPick.accept(v.equals("topic")
                                ? new Rule.Recommended(null, catalogue.topics().isEmpty() ? null
                                : catalogue.topics().get(0), r.first())
                                : new Rule.Recommended(items.isEmpty() ? null : items.get(0), null, r.first()))));
        if (byTopic) {
            pane.getChildren().add(choice("topic", catalogue.topics(), r.topic(),
                    t -> catalogue.topicLabels().getOrDefault(t, t),
                    v -> onPick.accept(new Rule.Recommended(null, v, r.first()))));
        } else {
            pane.getChildren().add(choice("item", items, r.item(),
                    k -> catalogue.items().getOrDefault(k, k),
                    v -> onPick.accept(new Rule.Recommended(v, null, r.first()))));
        }
    }

    /** A model's score compared with a number, or its named cell (champions, high, cluster 2…). */
    private void score(Rule.Score s) {
        List<String> models = merge(catalogue.models(), List.of("rfm", "engagement"));
        String op = s.label() != null ? "label" : s.op() == null ? "atLeast" : s.op();
        pane.getChildren().addAll(
                choice("model", models, s.model(), m -> Messages.getOr("segments.model." + m, m),
                        v -> onPick.accept(new Rule.Score(v, "atLeast", BigDecimal.valueOf(3), null))),
                choice("op", List.of("atLeast", "atMost", "equals", "label"), op, SegmentsPage::opLabel, v -> {
                    List<String> labels = catalogue.modelLabels().getOrDefault(s.model(), List.of());
                    onPick.accept(v.equals("label")
                            ? new Rule.Score(s.model(), null, null, labels.isEmpty() ? "" : labels.get(0))
                            : new Rule.Score(s.model(), v, s.value() == null ? BigDecimal.valueOf(3) : s.value(), null));
                }));
        if (op.equals("label")) {
            pane.getChildren().add(choice("label", catalogue.modelLabels().getOrDefault(s.model(), List.of()),
                    s.label(), l -> Messages.getOr("models.cell." + l, l),
                    v -> onPick.accept(new Rule.Score(s.model(), null, null, v))));
        } else {
            pane.getChildren().add(text("value", s.value() == null ? "" : s.value().toPlainString(), 70,
                    v -> onType.accept(new Rule.Score(s.model(), op, decimal(v), null))));
        }
    }

    private void field(Rule.Field f) {
        SegmentService.FieldInfo info = catalogue.fields().stream().filter(x -> x.key().equals(f.field())).findFirst()
                .orElse(new SegmentService.FieldInfo(f.field(), f.field(), "text"));
        ComboBox<String> field = choice("field", catalogue.fields().stream().map(SegmentService.FieldInfo::key).toList(),
                f.field(), k -> catalogue.fields().stream().filter(x -> x.key().equals(k)).map(
                        SegmentService.FieldInfo::label).findFirst().orElse(k),
                v -> {
                    String type = catalogue.fields().stream().filter(x -> x.key().equals(v))
                            .map(SegmentService.FieldInfo::type).findFirst().orElse("text");
                    onPick.accept(new Rule.Field(v, ops(type).get(0), "", null, null, null));
                });
        List<String> ops = ops(info.type());
        String op = ops.contains(f.op()) ? f.op() : ops.get(0);
        ComboBox<String> operator = choice("op", ops, op, SegmentsPage::opLabel,
                v -> onPick.accept(new Rule.Field(f.field(), v, f.value(), f.value2(), null, f.days())));
        pane.getChildren().addAll(field, operator);
        switch (op) {
            case "isEmpty", "isNotEmpty", "isTrue", "isFalse" -> {
            }
            case "between" -> pane.getChildren().addAll(
                    text("value", f.value(), 110, v -> onType.accept(new Rule.Field(f.field(), op, v, f.value2(), null,
                            null))),
                    label("segments.and"),
                    text("value2", f.value2(), 110, v -> onType.accept(new Rule.Field(f.field(), op, f.value(), v,
                            null, null))));
            case "withinLastDays", "anniversaryWithinDays" -> pane.getChildren().addAll(
                    text("days", f.days() == null ? "30" : f.days().toString(), 72,
                            v -> onType.accept(new Rule.Field(f.field(), op, null, null, null, integer(v)))),
                    label("segments.days"));
            case "inList" -> pane.getChildren().add(text("value", f.values() == null ? f.value()
                    : String.join(", ", f.values()), 200, v -> onType.accept(new Rule.Field(f.field(), op, v, null,
                    null, null))));
            default -> pane.getChildren().add(text("value", f.value(), "date".equals(info.type()) ? 110 : 160,
                    v -> onType.accept(new Rule.Field(f.field(), op, v, null, null, null))));
        }
    }

    private void events(Rule.Events e) {
        pane.getChildren().addAll(
                yesNo(e.did(), "segments.did", "segments.didNot", v -> onPick.accept(new Rule.Events(e.eventType(),
                        e.atLeast(), e.totalAtLeast(), e.withinDays(), e.campaign(), v))),
                eventTypeChoice(e.eventType(), v -> onType.accept(new Rule.Events(
                        blankToNull(v), e.atLeast(), e.totalAtLeast(), e.withinDays(), e.campaign(), e.did()))),
                label("segments.atLeast"),
                text("count", e.atLeast() == null ? "1" : e.atLeast().toString(), 50, v -> onType.accept(
                        new Rule.Events(e.eventType(), integer(v), e.totalAtLeast(), e.withinDays(), e.campaign(),
                                e.did()))),
                label("segments.times"),
                label("segments.inTheLast"),
                text("days", e.withinDays() == null ? "" : e.withinDays().toString(), 72, v -> onType.accept(
                        new Rule.Events(e.eventType(), e.atLeast(), e.totalAtLeast(), integer(v), e.campaign(),
                                e.did()))),
                label("segments.days"),
                label("segments.totalAtLeast"),
                text("total", e.totalAtLeast() == null ? "" : e.totalAtLeast().toPlainString(), 70,
                        v -> onType.accept(new Rule.Events(e.eventType(), e.atLeast(), decimal(v), e.withinDays(),
                                e.campaign(), e.did()))),
                label("segments.campaign"),
                editableChoice("campaign", catalogue.campaigns(), e.campaign(), v -> onType.accept(new Rule.Events(
                        e.eventType(), e.atLeast(), e.totalAtLeast(), e.withinDays(), blankToNull(v), e.did()))));
    }

    private void consent(Rule.Consent c) {
        List<String> mode = List.of("commercial", "transactional", "granted", "pending", "confirmed", "withdrawn");
        String current = c.status() != null ? c.status() : c.purpose() == null ? "commercial" : c.purpose();
        ComboBox<String> kind = choice("mode", mode, current, m -> I18n.t("segments.consent." + m), v -> {
            boolean purpose = v.equals("commercial") || v.equals("transactional");
            onPick.accept(new Rule.Consent(purpose ? v : null, c.channel(), c.topic(), purpose ? null : v));
        });
        List<String> topics = new java.util.ArrayList<>(List.of(""));
        topics.addAll(catalogue.topics());
        pane.getChildren().addAll(kind, label("segments.by"),
                choice("channel", catalogue.channels(), c.channel(), ch -> Messages.getOr("channel." + ch, ch),
                        v -> onPick.accept(new Rule.Consent(c.purpose(), v, c.topic(), c.status()))),
                label("segments.about"),
                choice("topic", topics, c.topic() == null ? "" : c.topic(),
                        t -> t.isEmpty() ? I18n.t("prefs.anyTopic") : catalogue.topicLabels().getOrDefault(t, t),
                        v -> onPick.accept(new Rule.Consent(c.purpose(), c.channel(), blankToNull(v), c.status()))));
    }

    // ---------------------------------------------------------------- small editors

    private static List<String> ops(String type) {
        return switch (type) {
            case "number" -> SegmentsPage.NUMBER_OPS;
            case "date" -> SegmentsPage.DATE_OPS;
            case "boolean" -> SegmentsPage.BOOLEAN_OPS;
            default -> SegmentsPage.TEXT_OPS;
        };
    }

    private ComboBox<Boolean> yesNo(Boolean value, String yesKey, String noKey, Consumer<Boolean> pick) {
        ComboBox<Boolean> box = new ComboBox<>();
        box.getItems().setAll(true, false);
        box.setValue(value == null || value);
        box.setConverter(Cells.converter(v -> I18n.t(v ? yesKey : noKey)));
        box.setId("cond-" + id + "-yes");
        box.valueProperty().addListener((obs, old, now) -> pick.accept(now));
        return box;
    }

    private ComboBox<String> choice(String name, List<String> options, String value,
                                    java.util.function.Function<String, String> text, Consumer<String> pick) {
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(value != null && !value.isEmpty() && !options.contains(value)
                ? merge(List.of(value), options) : options);
        box.setValue(value);
        box.setConverter(Cells.converter(text::apply));
        box.setId("cond-" + id + "-" + name);
        box.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                pick.accept(now);
            }
        });
        return box;
    }

    /** A list to pick from that also takes a typed value (tags, event types, campaigns). */
    private ComboBox<String> editableChoice(String name, List<String> options, String value, Consumer<String> type) {
        ComboBox<String> box = new ComboBox<>();
        box.setEditable(true);
        box.getItems().setAll(options);
        box.setValue(value);
        box.setPrefWidth(130);
        box.setId("cond-" + id + "-" + name);
        box.getEditor().textProperty().addListener((obs, old, now) -> type.accept(now));
        return box;
    }

    /** The event types of the workspace by their names ("Gave"); a type typed by hand is taken as written. */
    private ComboBox<String> eventTypeChoice(String value, Consumer<String> type) {
        ComboBox<String> box = editableChoice("type", catalogue.eventTypes(), value, v -> { });
        box.setPrefWidth(170);
        javafx.util.StringConverter<String> names = org.registro.ui.Cells.eventTypes(catalogue::eventTypes);
        box.setConverter(names);
        box.getEditor().setText(names.toString(value));
        box.getEditor().textProperty().addListener((obs, old, now) -> type.accept(names.fromString(now)));
        return box;
    }

    private TextField text(String name, String value, double width, Consumer<String> type) {
        TextField field = new TextField(value == null ? "" : value);
        field.setPrefWidth(width);
        field.setId("cond-" + id + "-" + name);
        field.textProperty().addListener((obs, old, now) -> type.accept(now));
        return field;
    }

    private static Label label(String key) {
        return new Label(I18n.t(key));
    }

    private static List<String> merge(List<String> first, List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(first);
        all.addAll(more);
        return List.copyOf(all);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Integer integer(String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal decimal(String text) {
        try {
            return text == null || text.isBlank() ? null : new BigDecimal(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
