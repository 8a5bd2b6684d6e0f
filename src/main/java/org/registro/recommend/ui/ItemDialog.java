package org.registro.recommend.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.registro.consent.ConsentService;
import org.registro.content.ContentFile;
import org.registro.content.ContentItem;
import org.registro.ui.I18n;

/** Adding or editing one item of the content library. */
final class ItemDialog {

    private ItemDialog() {
    }

    /** The item as the user left it, or empty when cancelled; {@code item} null: a new one. */
    static Optional<ContentItem> show(Window owner, ContentItem item, List<ConsentService.Topic> topics,
                                      List<String> channels) {
        Dialog<ContentItem> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(I18n.t(item == null ? "content.add" : "content.edit"));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        TextField title = new TextField(item == null ? "" : item.title());
        title.setId("item-title");
        TextField key = new TextField(item == null ? "" : item.key());
        key.setId("item-key");
        key.setPromptText(I18n.t("content.keyPrompt"));
        key.setDisable(item != null);
        ComboBox<String> kind = new ComboBox<>();
        kind.getItems().setAll(ContentItem.KINDS);
        kind.setValue(item == null ? "appeal" : item.kind());
        kind.setConverter(converter());
        kind.setId("item-kind");
        TextArea summary = new TextArea(item == null || item.summary() == null ? "" : item.summary());
        summary.setPrefRowCount(2);
        summary.setWrapText(true);
        TextField url = new TextField(item == null || item.url() == null ? "" : item.url());
        TextField language = new TextField(item == null || item.language() == null ? "" : item.language());
        language.setPromptText(I18n.t("content.languagePrompt"));
        language.setPrefColumnCount(4);
        FlowPane topicBoxes = new FlowPane(10, 6);
        List<CheckBox> topicChecks = new ArrayList<>();
        for (ConsentService.Topic t : topics) {
            CheckBox c = new CheckBox(t.label());
            c.setUserData(t.code());
            c.setSelected(item != null && item.topics().contains(t.code()));
            topicChecks.add(c);
            topicBoxes.getChildren().add(c);
        }
        FlowPane channelBoxes = new FlowPane(10, 6);
        List<CheckBox> channelChecks = new ArrayList<>();
        for (String ch : channels) {
            CheckBox c = new CheckBox(I18n.t("channel." + ch));
            c.setUserData(ch);
            c.setSelected(item != null && item.channels().contains(ch));
            channelChecks.add(c);
            channelBoxes.getChildren().add(c);
        }
        TextField tags = new TextField(item == null ? "" : String.join(", ", item.tags()));
        TextField campaigns = new TextField(item == null ? "" : String.join(" | ", item.references().stream()
                .filter(r -> r.kind().equals(ContentItem.Reference.CAMPAIGN)).map(ContentItem.Reference::value)
                .toList()));
        campaigns.setPromptText(I18n.t("content.campaignsPrompt"));
        DatePicker starts = new DatePicker(item == null ? null : item.startsOn());
        DatePicker ends = new DatePicker(item == null ? null : item.endsOn());
        CheckBox commercial = new CheckBox(I18n.t("content.commercial"));
        commercial.setSelected(item == null || item.commercial());
        CheckBox once = new CheckBox(I18n.t("content.once"));
        once.setSelected(item != null && !item.repeatable());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(8));
        int row = 0;
        grid.addRow(row++, new Label(I18n.t("content.title")), title);
        grid.addRow(row++, new Label(I18n.t("content.key")), key);
        grid.addRow(row++, new Label(I18n.t("content.kind")), kind);
        grid.addRow(row++, new Label(I18n.t("content.summary")), summary);
        grid.addRow(row++, new Label(I18n.t("content.url")), url);
        grid.addRow(row++, new Label(I18n.t("content.topics")), topicBoxes);
        grid.addRow(row++, new Label(I18n.t("content.channels")), channelBoxes);
        grid.addRow(row++, new Label(I18n.t("content.language")), language);
        grid.addRow(row++, new Label(I18n.t("content.tags")), tags);
        grid.addRow(row++, new Label(I18n.t("content.campaigns")), campaigns);
        grid.addRow(row++, new Label(I18n.t("content.dates")), new javafx.scene.layout.HBox(8, starts, ends));
        grid.add(commercial, 1, row++);
        grid.add(once, 1, row);
        title.setPrefColumnCount(32);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(title.textProperty().isEmpty());
        dialog.setResultConverter(b -> {
            if (b != ButtonType.OK) {
                return null;
            }
            String k = key.getText().isBlank() ? ContentFile.slug(title.getText()) : key.getText().strip();
            List<ContentItem.Reference> refs = new ArrayList<>();
            if (item != null) {
                item.references().stream().filter(r -> !r.kind().equals(ContentItem.Reference.CAMPAIGN))
                        .forEach(refs::add);
            }
            split(campaigns.getText(), "\\|").forEach(c -> refs.add(new ContentItem.Reference(
                    ContentItem.Reference.CAMPAIGN, c)));
            return new ContentItem(item == null ? null : item.id(), k, kind.getValue(), title.getText().strip(),
                    blank(summary.getText()), blank(url.getText()), blank(language.getText()),
                    commercial.isSelected(), !once.isSelected(), starts.getValue(), ends.getValue(),
                    checked(topicChecks), split(tags.getText(), ","), checked(channelChecks), refs,
                    item != null && item.archived());
        });
        return dialog.showAndWait();
    }

    private static List<String> checked(List<CheckBox> boxes) {
        return boxes.stream().filter(CheckBox::isSelected).map(c -> (String) c.getUserData()).toList();
    }

    private static List<String> split(String text, String separator) {
        return Arrays.stream(text.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static StringConverter<String> converter() {
        return new StringConverter<>() {
            @Override
            public String toString(String kind) {
                return kind == null ? "" : I18n.t("content.kind." + kind);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        };
    }
}
