package org.registro.identity.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.registro.identity.DuplicateService;
import org.registro.identity.FieldMatch;
import org.registro.identity.MatchField;
import org.registro.identity.MergeService;
import org.registro.ui.I18n;

/**
 * The pair under review side by side: each part of both records, which one is kept and why, and what the scorer
 * said.
 */
final class PairGrid {

    private static final List<MergeService.Part> PARTS = List.of(MergeService.Part.values());

    private final GridPane grid = new GridPane();
    private final DuplicatesModel model;

    PairGrid(DuplicatesModel model) {
        this.model = model;
    }

    GridPane node() {
        return grid;
    }

    void show(DuplicatesModel.Detail d, Map<MergeService.Part, MergeService.Side> overrides) {
        grid.getChildren().clear();
        grid.getColumnConstraints().setAll(column(16), column(30), column(30), column(24));
        grid.getStyleClass().setAll("dedupe-compare");
        grid.setId("dedupe-compare");
        grid.add(cell(head(I18n.t("dedupe.col.part")), false), 0, 0);
        grid.add(cell(new VBox(2, head(I18n.t("dedupe.col.kept", d.survivorId())), origin(d.survivorOrigin())),
                false), 1, 0);
        grid.add(cell(new VBox(2, head(I18n.t("dedupe.col.merged", d.mergedId())), origin(d.mergedOrigin())),
                false), 2, 0);
        grid.add(cell(head(I18n.t("dedupe.col.match")), false), 3, 0);
        int row = 1;
        for (MergeService.Part part : PARTS) {
            MergeService.PartChoice choice = d.plan().part(part);
            if (choice.survivorValue() == null && choice.mergedValue() == null) {
                continue;
            }
            MergeService.Side side = d.chosen(part, overrides);
            boolean differs = choice.differs() && choice.survivorValue() != null && choice.mergedValue() != null;
            Label partLabel = new Label(I18n.t("dedupe.part." + part.code()));
            partLabel.getStyleClass().add(Styles.TEXT_BOLD);
            partLabel.setWrapText(true);
            Label why = new Label(I18n.t("dedupe.reason." + (overrides.containsKey(part) ? "user" : choice.reason())));
            why.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            why.setWrapText(true);
            grid.add(cell(new VBox(2, partLabel, why), differs), 0, row);
            ToggleGroup group = new ToggleGroup();
            grid.add(cell(keep(part, MergeService.Side.SURVIVOR, choice.survivorValue(), side, group, differs),
                    differs), 1, row);
            grid.add(cell(keep(part, MergeService.Side.MERGED, choice.mergedValue(), side, group, differs),
                    differs), 2, row);
            grid.add(cell(match(d, part), differs), 3, row);
            row++;
        }
    }

    /** "CRM de donantes, Mailchimp · since 12 Mar 2025": which systems a record comes from. */
    private static Label origin(DuplicateService.Origin origin) {
        Label label = new Label(origin == null ? "" : I18n.t("dedupe.origin", origin.sources().isEmpty()
                ? I18n.t("dedupe.origin.manual") : String.join(", ", origin.sources()),
                I18n.shortDate(origin.createdAt())));
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        label.setWrapText(true);
        return label;
    }

    private static ColumnConstraints column(double percent) {
        ColumnConstraints c = new ColumnConstraints();
        c.setPercentWidth(percent);
        c.setFillWidth(true);
        return c;
    }

    private static Label head(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("head");
        label.setWrapText(true);
        return label;
    }

    private static StackPane cell(Node content, boolean differs) {
        StackPane box = new StackPane(content);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("cell-box");
        if (differs) {
            box.getStyleClass().add("differs");
        }
        box.setMaxWidth(Double.MAX_VALUE);
        box.setMaxHeight(Double.MAX_VALUE);
        return box;
    }

    /** A value to keep; choosing it keeps this side's value of the part. */
    private Node keep(MergeService.Part part, MergeService.Side side, String value, MergeService.Side chosen,
                      ToggleGroup group, boolean differs) {
        if (!differs) {
            Label plain = new Label(value == null ? "—" : value);
            plain.setWrapText(true);
            if (value == null) {
                plain.getStyleClass().add("dropped");
            }
            return plain;
        }
        RadioButton button = new RadioButton(value == null ? I18n.t("dedupe.empty") : value);
        button.setId("keep-" + part.code() + "-" + (side == MergeService.Side.SURVIVOR ? "a" : "b"));
        button.setToggleGroup(group);
        button.setSelected(side == chosen);
        button.setWrapText(true);
        button.setFocusTraversable(false);
        button.getStyleClass().add(side == chosen ? "kept" : "dropped");
        button.setOnAction(e -> model.choose(part, side));
        return button;
    }

    /** What the scorer said about the fields behind a part: agreement, level and bits. */
    private Node match(DuplicatesModel.Detail d, MergeService.Part part) {
        VBox lines = new VBox(3);
        if (d.score() != null) {
            for (MatchField field : fieldsOf(part)) {
                FieldMatch f = d.score().field(field);
                Ikon icon = f.weight() > 0 ? MaterialDesignC.CHECK_CIRCLE_OUTLINE
                        : f.weight() < 0 ? MaterialDesignC.CLOSE_CIRCLE_OUTLINE : MaterialDesignM.MINUS_CIRCLE_OUTLINE;
                String style = f.weight() > 0 ? "dedupe-agree" : f.weight() < 0 ? "dedupe-disagree" : "dedupe-neutral";
                FontIcon marker = new FontIcon(icon);
                marker.getStyleClass().add(style);
                String text = (fieldsOf(part).size() > 1 ? I18n.t("dedupe.field." + field.name().toLowerCase(
                        Locale.ROOT)) + ": " : "") + I18n.t("dedupe.level." + f.level().code())
                        + (f.weight() == 0 ? "" : String.format(Locale.getDefault(), "  %+.1f", f.weight()))
                        + note(f);
                Label line = new Label(text, marker);
                line.getStyleClass().add(style);
                line.setWrapText(true);
                line.setId("match-" + field.name().toLowerCase(Locale.ROOT));
                lines.getChildren().add(line);
            }
        }
        if (lines.getChildren().isEmpty()) {
            Label none = new Label(I18n.t("dedupe.notCompared"));
            none.getStyleClass().addAll(Styles.TEXT_SMALL, "dedupe-neutral");
            lines.getChildren().add(none);
        }
        return lines;
    }

    /** Why a line weighs more or less than its agreement alone: a rare or common value, a shared contact point. */
    private static String note(FieldMatch f) {
        if (f.given() != null) {
            return " · " + I18n.t("dedupe.match.given." + f.given().code());
        }
        if (Math.abs(f.rarity()) >= 0.5) {
            return " · " + I18n.t(f.rarity() > 0 ? "dedupe.match.rare" : "dedupe.match.common",
                    String.format(Locale.getDefault(), "%+.1f", f.rarity()));
        }
        return "";
    }

    private static List<MatchField> fieldsOf(MergeService.Part part) {
        return switch (part) {
            case NAME -> List.of(MatchField.FIRST_NAME, MatchField.LAST_NAME);
            case EMAIL -> List.of(MatchField.EMAIL);
            case PHONE -> List.of(MatchField.PHONE);
            case BIRTH_DATE -> List.of(MatchField.BIRTH_DATE);
            case ADDRESS -> List.of(MatchField.ADDRESS);
            default -> List.of();
        };
    }
}
