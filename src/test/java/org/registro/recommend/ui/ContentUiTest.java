package org.registro.recommend.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;
import static org.registro.db.Tables.EVENT;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.app.MainWindow;
import org.registro.app.UiTestSupport;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Content area's main path: the library and the activity that names no item yet, linking a campaign to its
 * item, refreshing and measuring recommendations, adding an item; then a person's what to offer them next, under their details.
 */
@ExtendWith(ApplicationExtension.class)
class ContentUiTest {

    @TempDir
    static Path tmp;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        Path workspace = tmp.resolve("ws-" + System.nanoTime());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new WorkspaceService(clock).create(workspace, new NewWorkspace("NGO", "ES", null))) {
            AuditLog audit = new AuditLog(clock, "tester");
            ContactService contacts = new ContactService(ws, audit);
            ConsentService consent = new ConsentService(ws, audit);
            ContentService content = new ContentService(ws, audit);
            content.save(new ContentItem(null, "agua", "appeal", "Water appeal", null, "https://ngo.example/water",
                    null, true, true, null, null, List.of("fundraising"), List.of(), List.of(),
                    List.of(new ContentItem.Reference(ContentItem.Reference.CAMPAIGN, "Agua 2026")), false));
            content.save(new ContentItem(null, "limpieza", "event", "Beach clean-up", null, null, null, true, false,
                    null, null, List.of("events"), List.of(), List.of(), List.of(), false));
            OffsetDateTime day = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
            for (int i = 0; i < 12; i++) {
                long id = contacts.create(ContactDraft.of("P" + i, "Gil", "p" + i + "@example.org"));
                for (String topic : new String[] {null, "fundraising", "events"}) {
                    consent.record(new ConsentService.Change(id, "email", topic, Consent.GRANTED,
                            Consent.METHOD_FORM, null, Instant.parse("2026-01-10T10:00:00Z"), null));
                }
                ws.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, id).set(EVENT.EVENT_TYPE, "donation")
                        .set(EVENT.CAMPAIGN, "Agua 2026").set(EVENT.OCCURRED_AT, day.plusDays(i))
                        .set(EVENT.RECORDED_AT, day).execute();
                if (i % 2 == 0) {
                    ws.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, id).set(EVENT.EVENT_TYPE, "event_signup")
                            .set(EVENT.CAMPAIGN, "Limpieza playa").set(EVENT.OCCURRED_AT, day.plusDays(i + 1))
                            .set(EVENT.RECORDED_AT, day).execute();
                }
            }
        }
        window = UiTestSupport.window(stage, tmp);
        window.start(workspace);
    }

    @Test
    void linkACampaignRefreshMeasureAndSeeWhatAPersonIsOfferedNext(FxRobot robot) {
        waitFor(robot, "#page-home");
        robot.clickOn("#nav-content");
        TableView<?> items = waitFor(robot, "#content-items");
        waitUntil(() -> items.getItems().size() == 2);
        TableView<?> unknown = waitFor(robot, "#content-unknown");
        waitUntil(() -> unknown.getItems().size() == 1);
        assertThat(((org.registro.content.ContentService.Unknown) unknown.getItems().get(0)).value())
                .isEqualTo("Limpieza playa");

        robot.interact(() -> unknown.getSelectionModel().select(0));
        @SuppressWarnings("unchecked")
        ComboBox<ContentItem> item = robot.lookup("#content-link-item").queryAs(ComboBox.class);
        robot.interact(() -> item.setValue(item.getItems().stream().filter(i -> i.key().equals("limpieza"))
                .findFirst().orElseThrow()));
        robot.clickOn("#content-link");
        waitUntil(unknown.getItems()::isEmpty);

        robot.clickOn("#content-refresh");
        Label message = robot.lookup("#content-message").queryAs(Label.class);
        waitUntil(() -> message.getText().contains("12 people"));
        robot.clickOn("#content-measure");
        Label evaluation = robot.lookup("#content-evaluation").queryAs(Label.class);
        waitUntil(() -> !evaluation.getText().isEmpty());
        assertThat(evaluation.getText()).contains("most popular");

        robot.clickOn("#content-add");
        robot.clickOn("#item-title").write("Volunteer day");
        robot.clickOn("OK");
        waitUntil(() -> items.getItems().size() == 3);

        // someone who gave to water but did not join the clean-up is offered the clean-up, with the reason
        robot.clickOn("#nav-contacts");
        robot.clickOn("#contacts-search").write("p1@example");
        TableView<?> contacts = waitFor(robot, "#contacts-table");
        waitUntil(() -> contacts.getItems().size() == 1);
        robot.interact(() -> contacts.getSelectionModel().select(0));
        waitFor(robot, "#profile-name");
        javafx.scene.layout.VBox next = waitFor(robot, "#profile-next");
        waitUntil(() -> next.getChildren().stream().anyMatch(n -> n.lookupAll(".label").stream()
                .anyMatch(l -> ((Label) l).getText().contains("Beach clean-up"))));
        assertThat(next.lookupAll(".label").stream().map(l -> ((Label) l).getText()).toList())
                .anyMatch(t -> t.contains("Because you gave to Water appeal"));
        // and what they did with items, in words
        assertThat(texts(next)).contains("What they have done", "Water appeal")
                .anyMatch(t -> t.startsWith("Gave a donation · once · last on"));

        // in the preference centre, withdrawing the email opt-in takes the clean-up (marketing) off the offer
        robot.clickOn("#tab-consent");
        javafx.scene.layout.VBox prefsNext = waitFor(robot, "#prefs-next");
        waitUntil(() -> texts(prefsNext).stream().anyMatch(t -> t.contains("Beach clean-up")));
        robot.clickOn("#prefs-cell-email");
        robot.clickOn("#prefs-set-withdrawn");
        robot.clickOn("#prefs-reason").write("Asked by phone");
        robot.clickOn("OK");
        waitUntil(() -> texts(prefsNext).stream().noneMatch(t -> t.contains("Beach clean-up"))
                && !texts(prefsNext).isEmpty());
    }

    private static List<String> texts(javafx.scene.Node node) {
        return node.lookupAll(".label").stream().map(l -> ((Label) l).getText()).toList();
    }
}
