package org.registro.export.ui;

import atlantafx.base.theme.Styles;
import java.time.LocalDate;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.registro.common.Messages;
import org.registro.export.ListFormat;
import org.registro.export.ExportService;
import org.registro.export.SentList;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The lists one person was in, for their profile: when each was sent, where, why, and the consent event it rested
 * on; a date answers "was this person in the list we sent that day?".
 */
public final class SentListsView {

    private final VBox root = new VBox(8);
    private final ObservableList<SentList> lists = FXCollections.observableArrayList();
    private final Label answer = new Label();

    public SentListsView(ExportService exports, TaskRunner tasks, long contactId) {
        root.setId("sent-lists");
        root.setPadding(new Insets(8, 0, 0, 0));
        Label title = new Label(I18n.t("export.sent.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        TableView<SentList> table = new TableView<>(lists);
        table.setId("sent-lists-table");
        table.setPrefHeight(160);
        table.setPlaceholder(new Label(I18n.t("export.sent.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.date"),
                s -> I18n.dateTime(s.exportedAt().toInstant())));
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.format"),
                s -> ListFormat.byCode(s.destination()).map(ListFormat::label).orElse(s.destination())));
        table.getColumns().add(Cells.textColumn(I18n.t("export.history.why"),
                s -> I18n.t("export.purpose.short." + s.purpose()) + " · " + Messages.getOr("channel." + s.channel(),
                        s.channel()) + (s.topic() == null ? "" : " · " + s.topic())));
        table.getColumns().add(Cells.textColumn(I18n.t("export.sent.consent"), SentListsView::consent));

        DatePicker day = new DatePicker();
        day.setId("sent-lists-day");
        day.setConverter(Cells.inputDate());
        Button check = new Button(I18n.t("export.sent.check"));
        check.setId("sent-lists-check");
        answer.setId("sent-lists-answer");
        answer.setWrapText(true);
        check.setOnAction(e -> {
            LocalDate date = day.getValue();
            if (date == null) {
                return;
            }
            tasks.run(null, progress -> exports.sentOn(contactId, date), found -> answer.setText(found.isEmpty()
                    ? I18n.t("export.sent.no", I18n.date(date))
                    : I18n.t("export.sent.yes", I18n.date(date), found.size(), consent(found.get(0)))),
                    e2 -> answer.setText(I18n.errorText(e2)));
        });
        Label question = new Label(I18n.t("export.sent.question"));
        question.setWrapText(true);
        HBox ask = new HBox(8, day, check);
        ask.setAlignment(Pos.CENTER_LEFT);
        check.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        root.getChildren().addAll(title, table, question, ask, answer);
        tasks.run(null, progress -> exports.sentTo(contactId), (List<SentList> found) -> lists.setAll(found),
                e -> answer.setText(I18n.errorText(e)));
    }

    private static String consent(SentList s) {
        if (s.consentEventId() == null) {
            return I18n.t("export.sent.noConsent");
        }
        return I18n.t("export.sent.onConsent", Messages.getOr("consent.status." + s.consentStatus(), s.consentStatus()),
                I18n.date(s.consentAt().toLocalDate()), Messages.getOr("consent.method." + s.consentMethod(),
                        s.consentMethod()), s.consentEventId());
    }

    public Node view() {
        return root;
    }
}
