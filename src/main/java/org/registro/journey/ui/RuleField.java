package org.registro.journey.ui;

import java.util.List;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.registro.segment.Rule;
import org.registro.ui.I18n;

/**
 * A condition as a journey step asks for one: people in a saved segment, or people who did an event (of a
 * message, within some days). A rule of another shape (from a template or a file) is kept as it is and shown in
 * words until the user chooses another.
 */
final class RuleField {

    /** Event types offered in the lists; people may type their own. */
    static final List<String> EVENT_TYPES = List.of("donation", "purchase", "event_signup", "email_opened",
            "email_clicked", "email_sent", "email_bounced", "email_unsubscribed");

    private static final String SEGMENT = "segment";
    private static final String EVENT = "event";
    private static final String KEEP = "keep";

    private final Rule original;
    private final ChoiceBox<String> kind = new ChoiceBox<>();
    private final ComboBox<String> segment = new ComboBox<>();
    private final ComboBox<String> eventType = eventTypes();
    private final TextField campaign = new TextField();
    private final TextField days = new TextField();
    private final VBox box = new VBox(6);

    RuleField(Rule rule, ObservableList<String> segments) {
        this.original = rule;
        segment.setItems(segments);
        segment.setEditable(true);
        segment.setMaxWidth(Double.MAX_VALUE);
        campaign.setPromptText(I18n.t("journey.rule.anyMessage"));
        days.setPromptText(I18n.t("journey.rule.anyTime"));
        days.setPrefColumnCount(4);
        kind.getItems().addAll(SEGMENT, EVENT);
        boolean keep = rule != null && !(rule instanceof Rule.Segment) && !(rule instanceof Rule.Events);
        if (keep) {
            kind.getItems().add(KEEP);
        }
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(String k) {
                return k == null ? "" : KEEP.equals(k) ? I18n.t("journey.rule.keep", StepText.rule(rule))
                        : I18n.t("journey.rule." + k);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        kind.setMaxWidth(Double.MAX_VALUE);
        if (rule instanceof Rule.Segment s) {
            kind.setValue(SEGMENT);
            segment.setValue(s.segment());
        } else if (rule instanceof Rule.Events e) {
            kind.setValue(EVENT);
            eventType.setValue(e.eventType());
            campaign.setText(e.campaign() == null ? "" : e.campaign());
            days.setText(e.withinDays() == null ? "" : String.valueOf(e.withinDays()));
        } else {
            kind.setValue(keep ? KEEP : SEGMENT);
        }
        kind.valueProperty().addListener((o, a, b) -> show());
        show();
    }

    static ComboBox<String> eventTypes() {
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(EVENT_TYPES);
        box.setEditable(true);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setConverter(org.registro.ui.Cells.eventTypes(() -> EVENT_TYPES));
        return box;
    }

    private void show() {
        box.getChildren().setAll(kind);
        if (SEGMENT.equals(kind.getValue())) {
            box.getChildren().add(segment);
        } else if (EVENT.equals(kind.getValue())) {
            Label within = new Label(I18n.t("journey.rule.withinDays"));
            box.getChildren().addAll(eventType, campaign, new HBox(6, within, days));
        }
    }

    Node view() {
        return box;
    }

    /** The condition as chosen; null when nothing is chosen yet. */
    Rule value() {
        if (KEEP.equals(kind.getValue())) {
            return original;
        }
        if (SEGMENT.equals(kind.getValue())) {
            String name = segment.getEditor().getText();
            return name == null || name.isBlank() ? null : new Rule.Segment(name.strip(), true);
        }
        String type = eventType.getConverter().fromString(eventType.getEditor().getText());
        if (type == null) {
            return null;
        }
        return new Rule.Events(type, null, null, StepEditor.number(days.getText()),
                campaign.getText().isBlank() ? null : campaign.getText().strip(), true);
    }
}
