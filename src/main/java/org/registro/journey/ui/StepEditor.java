package org.registro.journey.ui;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.registro.journey.JourneyEdits;
import org.registro.journey.Message;
import org.registro.journey.Step;
import org.registro.ui.I18n;

/**
 * The selected step's settings as a form. Changes apply with the Apply button (or Enter in a field), as one
 * edit that undo takes back; the form is rebuilt when another step is selected or the step changes.
 */
final class StepEditor {

    private final JourneyEditorModel model;
    private final VBox form = new VBox(8);
    private final ScrollPane scroll = new ScrollPane(form);
    private Step shown;
    private Supplier<Step> build;

    StepEditor(JourneyEditorModel model) {
        this.model = model;
        form.setPadding(new Insets(12));
        form.setId("journey-step-editor");
        scroll.setFitToWidth(true);
        model.selectedProperty().addListener((o, a, b) -> refresh());
        model.documentProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    Node view() {
        return scroll;
    }

    private void refresh() {
        String key = model.selectedProperty().get();
        Step step = key == null || model.documentProperty().get() == null ? null
                : model.documentProperty().get().step(key).orElse(null);
        if (step != null && step.equals(shown)) {
            return;
        }
        shown = step;
        form.getChildren().clear();
        if (step == null) {
            Label hint = new Label(I18n.t("journey.editor.selectHint"));
            hint.setWrapText(true);
            hint.getStyleClass().add(Styles.TEXT_MUTED);
            form.getChildren().add(hint);
            return;
        }
        Label type = new Label(StepText.typeName(step.type()));
        type.getStyleClass().add(Styles.TITLE_4);
        TextField label = field(step.label());
        label.setId("step-label");
        label.setPromptText(StepText.detail(step));
        form.getChildren().addAll(type, caption("journey.form.label"), label);
        Supplier<Step> specific = fields(step);
        build = () -> JourneyEdits.relabel(specific.get(), label.getText());
        Button apply = new Button(I18n.t("journey.form.apply"), new FontIcon(MaterialDesignC.CHECK));
        apply.setId("step-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setDefaultButton(false);
        apply.setOnAction(e -> apply());
        HBox buttons = new HBox(8, apply);
        if (!(step instanceof Step.Entry)) {
            Button delete = new Button(I18n.t("journey.form.delete"), new FontIcon(MaterialDesignD.DELETE_OUTLINE));
            delete.setId("step-delete");
            delete.setOnAction(e -> model.remove(step.key()));
            buttons.getChildren().add(delete);
        }
        form.getChildren().addAll(new Separator(), buttons);
        form.getChildren().stream().filter(n -> n instanceof TextField)
                .forEach(n -> ((TextField) n).setOnAction(e -> apply()));
    }

    private void apply() {
        if (build != null) {
            model.replaceStep(build.get());
        }
    }

    // ---------------------------------------------------------------- the fields of each type

    private Supplier<Step> fields(Step step) {
        if (step instanceof Step.Entry e) {
            return entry(e);
        } else if (step instanceof Step.Wait w) {
            return waitFields(w);
        } else if (step instanceof Step.Send s) {
            return send(s);
        } else if (step instanceof Step.Split s) {
            return split(s);
        } else if (step instanceof Step.RandomSplit r) {
            return random(r);
        } else if (step instanceof Step.Tag t) {
            TextField tag = add("journey.form.tag", field(t.tag()));
            CheckBox remove = check("journey.form.removeTag", t.remove());
            form.getChildren().add(remove);
            return () -> new Step.Tag(t.key(), t.label(), text(tag), remove.isSelected(), t.next());
        } else if (step instanceof Step.SetField f) {
            TextField fieldKey = add("journey.form.field", field(f.field()));
            TextField value = add("journey.form.value", field(f.value()));
            return () -> new Step.SetField(f.key(), f.label(), text(fieldKey), text(value), f.next());
        } else if (step instanceof Step.RequestOptIn o) {
            TextField channel = add("journey.form.channel", field(o.channel()));
            return () -> new Step.RequestOptIn(o.key(), o.label(), text(channel), o.next());
        } else if (step instanceof Step.AddToSegment a) {
            ComboBox<String> segment = segments(a.segment());
            form.getChildren().addAll(caption("journey.form.frozenSegment"), segment);
            return () -> new Step.AddToSegment(a.key(), a.label(), segment.getEditor().getText().strip(), a.next());
        } else if (step instanceof Step.Goal g) {
            RuleField rule = new RuleField(g.rule(), model.segmentNames());
            form.getChildren().addAll(caption("journey.form.goalRule"), rule.view());
            return () -> new Step.Goal(g.key(), g.label(), rule.value());
        }
        return () -> step;
    }

    private Supplier<Step> entry(Step.Entry e) {
        ChoiceBox<String> kind = choice(List.of(Step.Entry.SEGMENT, Step.Entry.EVENT, Step.Entry.IMPORT,
                Step.Entry.DATE), e.kind(), "journey.entry.");
        kind.setId("entry-kind");
        form.getChildren().addAll(caption("journey.form.entryKind"), kind);
        VBox specific = new VBox(8);
        form.getChildren().add(specific);
        ComboBox<String> segment = segments(e.segment());
        CheckBox existing = check("journey.form.enrolExisting", e.enrolExisting());
        existing.setId("entry-existing");
        ComboBox<String> event = RuleField.eventTypes();
        event.setValue(e.eventType());
        CheckBox firstOnly = check("journey.form.firstOnly", e.firstOnly());
        TextField source = field(e.source());
        TextField dateField = field(e.dateField() == null ? "birthDate" : e.dateField());
        CheckBox anniversary = check("journey.form.anniversary", e.days() == null || Boolean.TRUE.equals(e.anniversary()));
        TextField days = field(e.days() == null ? "" : String.valueOf(e.days()));
        Runnable show = () -> {
            specific.getChildren().clear();
            switch (kind.getValue()) {
                case Step.Entry.SEGMENT -> {
                    specific.getChildren().addAll(caption("journey.form.segment"), segment, existing);
                    if (e.rule() != null && (e.segment() == null || e.segment().isBlank())) {
                        Label inline = new Label(I18n.t("journey.form.inlineRule", StepText.rule(e.rule())));
                        inline.setWrapText(true);
                        inline.getStyleClass().add(Styles.TEXT_MUTED);
                        specific.getChildren().add(1, inline);
                    }
                }
                case Step.Entry.EVENT -> specific.getChildren().addAll(caption("journey.form.event"), event, firstOnly);
                case Step.Entry.IMPORT -> specific.getChildren().addAll(caption("journey.form.source"), source);
                default -> specific.getChildren().addAll(caption("journey.form.dateField"), dateField, anniversary,
                        caption("journey.form.daysAfter"), days);
            }
        };
        kind.valueProperty().addListener((o, a, b) -> show.run());
        show.run();
        return () -> {
            String seg = segment.getEditor().getText().strip();
            boolean useSegment = Step.Entry.SEGMENT.equals(kind.getValue());
            return new Step.Entry(e.key(), e.label(), kind.getValue(), useSegment && !seg.isEmpty() ? seg : null,
                    useSegment && seg.isEmpty() ? e.rule() : null, existing.isSelected(),
                    event.getConverter().fromString(event.getEditor().getText()), e.campaign(), firstOnly.isSelected(),
                    text(source), text(dateField), anniversary.isSelected(),
                    anniversary.isSelected() ? null : number(days.getText()), e.next());
        };
    }

    private Supplier<Step> waitFields(Step.Wait w) {
        ChoiceBox<String> mode = choice(List.of(Step.Wait.DURATION, Step.Wait.WEEKDAY, Step.Wait.DATE,
                Step.Wait.EVENT), w.mode(), "journey.wait.");
        mode.setId("wait-mode");
        // an event wait has two ways out; the others one: changing between them is a different step
        boolean event = Step.Wait.EVENT.equals(w.mode());
        mode.getItems().removeIf(m -> Step.Wait.EVENT.equals(m) != event);
        form.getChildren().addAll(caption("journey.form.waitMode"), mode);
        VBox specific = new VBox(8);
        form.getChildren().add(specific);
        TextField days = field(w.days() == null ? "" : String.valueOf(w.days()));
        days.setId("wait-days");
        TextField hours = field(w.hours() == null ? "" : String.valueOf(w.hours()));
        TextField time = field(w.time() == null ? "09:00" : w.time());
        List<CheckBox> weekdays = new ArrayList<>();
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            CheckBox box = new CheckBox(d.getDisplayName(java.time.format.TextStyle.SHORT, org.registro.common.Messages.locale()));
            box.setUserData(d.name());
            box.setSelected(w.weekdays() != null && w.weekdays().stream().anyMatch(x -> x.equalsIgnoreCase(d.name())));
            weekdays.add(box);
        }
        TextField dateField = field(w.dateField());
        ComboBox<String> eventType = RuleField.eventTypes();
        eventType.setValue(w.eventType());
        TextField campaign = field(w.campaign());
        campaign.setPromptText(I18n.t("journey.rule.anyMessage"));
        Runnable show = () -> {
            specific.getChildren().clear();
            switch (mode.getValue()) {
                case Step.Wait.WEEKDAY -> {
                    javafx.scene.layout.FlowPane days7 = new javafx.scene.layout.FlowPane(8, 6);
                    days7.getChildren().addAll(weekdays);
                    specific.getChildren().addAll(caption("journey.form.weekdays"), days7, caption("journey.form.time"),
                            time);
                }
                case Step.Wait.DATE -> specific.getChildren().addAll(caption("journey.form.dateField"), dateField,
                        caption("journey.form.daysAfter"), days, caption("journey.form.time"), time);
                case Step.Wait.EVENT -> specific.getChildren().addAll(caption("journey.form.event"), eventType,
                        caption("journey.form.message"), campaign, caption("journey.form.timeoutDays"), days);
                default -> specific.getChildren().addAll(caption("journey.form.days"), days,
                        caption("journey.form.hours"), hours);
            }
        };
        mode.valueProperty().addListener((o, a, b) -> show.run());
        show.run();
        return () -> new Step.Wait(w.key(), w.label(), mode.getValue(), number(days.getText()),
                Step.Wait.DURATION.equals(mode.getValue()) ? number(hours.getText()) : null, null,
                weekdays.stream().filter(CheckBox::isSelected).map(b -> (String) b.getUserData()).toList(),
                text(time), text(dateField), eventType.getConverter().fromString(eventType.getEditor().getText()),
                text(campaign), w.next(), w.timeoutNext());
    }

    private Supplier<Step> send(Step.Send s) {
        Message m = s.message() == null ? new Message(null, "commercial", "email", null) : s.message();
        TextField name = add("journey.form.messageName", field(m.name()));
        name.setId("send-message");
        ChoiceBox<String> purpose = choice(List.of("commercial", "transactional"), m.purpose() == null
                ? "commercial" : m.purpose(), "journey.purpose.");
        form.getChildren().addAll(caption("journey.form.purpose"), purpose);
        Label purposeHelp = new Label(I18n.t("journey.form.purposeHelp"));
        purposeHelp.setWrapText(true);
        purposeHelp.getStyleClass().add(Styles.TEXT_MUTED);
        form.getChildren().add(purposeHelp);
        TextField channel = add("journey.form.channel", field(m.channel()));
        TextField topic = add("journey.form.topic", field(m.topic()));
        topic.setPromptText(I18n.t("journey.form.noTopic"));
        CheckBox bestItem = check("journey.form.bestItem", m.bestItem());
        bestItem.setId("send-best-item");
        Label bestItemHelp = new Label(I18n.t("journey.form.bestItemHelp"));
        bestItemHelp.setWrapText(true);
        bestItemHelp.getStyleClass().add(Styles.TEXT_MUTED);
        CheckBox exit = check("journey.form.exitIfSkipped", s.exitIfSkipped());
        form.getChildren().addAll(bestItem, bestItemHelp, exit);
        return () -> new Step.Send(s.key(), s.label(), new Message(text(name), purpose.getValue(),
                text(channel) == null ? "email" : text(channel), text(topic), bestItem.isSelected()),
                exit.isSelected(), s.next());
    }

    private Supplier<Step> split(Step.Split s) {
        Label help = new Label(I18n.t("journey.form.splitHelp"));
        help.setWrapText(true);
        help.getStyleClass().add(Styles.TEXT_MUTED);
        form.getChildren().add(help);
        List<Supplier<Step.Branch>> rows = new ArrayList<>();
        VBox branches = new VBox(10);
        for (Step.Branch b : s.branches()) {
            TextField label = field(b.label());
            label.setPromptText(StepText.branchName(b));
            RuleField rule = new RuleField(b.rule(), model.segmentNames());
            branches.getChildren().add(new VBox(4, caption("journey.form.branch", StepText.branchName(b)), label,
                    rule.view()));
            rows.add(() -> new Step.Branch(b.key(), text(label), rule.value(), null, b.next()));
        }
        form.getChildren().add(branches);
        Button add = new Button(I18n.t("journey.form.addBranch"), new FontIcon(MaterialDesignP.PLUS));
        add.setId("split-add-branch");
        add.setOnAction(e -> {
            List<Step.Branch> more = new ArrayList<>(s.branches());
            more.add(new Step.Branch(nextBranchKey(s.branches()), null, null, null, s.elseNext()));
            model.replaceStep(new Step.Split(s.key(), s.label(), more, s.elseNext()));
        });
        form.getChildren().add(add);
        return () -> new Step.Split(s.key(), s.label(), rows.stream().map(Supplier::get).toList(), s.elseNext());
    }

    private Supplier<Step> random(Step.RandomSplit r) {
        List<Supplier<Step.Branch>> rows = new ArrayList<>();
        for (Step.Branch b : r.branches()) {
            TextField label = field(b.label());
            label.setPromptText(StepText.branchName(b));
            TextField percent = field(b.percent() == null ? "" : String.valueOf(b.percent()));
            percent.setPrefColumnCount(4);
            percent.setId("random-percent-" + b.key());
            HBox row = new HBox(6, label, percent, new Label("%"));
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            form.getChildren().addAll(caption("journey.form.branch", StepText.branchName(b)), row);
            rows.add(() -> new Step.Branch(b.key(), text(label), null, number(percent.getText()), b.next()));
        }
        Button add = new Button(I18n.t("journey.form.addBranch"), new FontIcon(MaterialDesignP.PLUS));
        add.setOnAction(e -> {
            List<Step.Branch> more = new ArrayList<>(r.branches());
            String key = nextBranchKey(r.branches());
            more.add(new Step.Branch(key, key.toUpperCase(Locale.ROOT), null, 0,
                    r.branches().isEmpty() ? null : r.branches().get(0).next()));
            model.replaceStep(new Step.RandomSplit(r.key(), r.label(), more));
        });
        form.getChildren().add(add);
        return () -> new Step.RandomSplit(r.key(), r.label(), rows.stream().map(Supplier::get).toList());
    }

    private static String nextBranchKey(List<Step.Branch> branches) {
        for (char c = 'a'; ; c++) {
            String key = String.valueOf(c);
            if (branches.stream().noneMatch(b -> b.key().equals(key))) {
                return key;
            }
        }
    }

    // ---------------------------------------------------------------- small helpers

    private ComboBox<String> segments(String value) {
        ComboBox<String> box = new ComboBox<>(model.segmentNames());
        box.setEditable(true);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setValue(value);
        return box;
    }

    private TextField add(String caption, TextField field) {
        form.getChildren().addAll(caption(caption), field);
        return field;
    }

    private static Label caption(String key, Object... args) {
        Label l = new Label(I18n.t(key, args));
        l.getStyleClass().add(Styles.TEXT_SMALL);
        l.setWrapText(true);
        return l;
    }

    private static TextField field(String value) {
        TextField f = new TextField(value == null ? "" : value);
        f.setMaxWidth(Double.MAX_VALUE);
        return f;
    }

    private static CheckBox check(String key, Boolean value) {
        CheckBox box = new CheckBox(I18n.t(key));
        box.setWrapText(true);
        box.setSelected(Boolean.TRUE.equals(value));
        return box;
    }

    private static ChoiceBox<String> choice(List<String> values, String value, String prefix) {
        ChoiceBox<String> box = new ChoiceBox<>();
        box.getItems().setAll(values);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String v) {
                return v == null ? "" : I18n.t(prefix + v);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        box.setValue(value != null && values.contains(value) ? value : values.get(0));
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private static String text(TextField f) {
        return f.getText() == null || f.getText().isBlank() ? null : f.getText().strip();
    }

    /** A whole number typed by a person; null when empty or not a number (the checks then say what is missing). */
    static Integer number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
