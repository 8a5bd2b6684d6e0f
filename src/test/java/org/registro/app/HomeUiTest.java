package org.registro.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.app.UiTestSupport.waitFor;
import static org.registro.app.UiTestSupport.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.dashboard.ui.ChartImages;
import org.registro.dashboard.ui.KpiCard;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Home answers "how many people can we email about events?" and opens them; a chart saves as a picture. */
@ExtendWith(ApplicationExtension.class)
class HomeUiTest {

    @TempDir
    static Path tmp;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = UiTestSupport.window(stage, tmp);
    }

    private Path workspace(int people, int aboutEvents) {
        Path dir = tmp.resolve("ws-" + System.nanoTime());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new WorkspaceService(clock).create(dir, new NewWorkspace("Home", "ES", null))) {
            AuditLog audit = new AuditLog(clock, "tester");
            ContactService contacts = new ContactService(ws, audit);
            ConsentService consent = new ConsentService(ws, audit);
            for (int i = 0; i < people; i++) {
                long id = contacts.create(ContactDraft.of("P" + i, "Gil", "p" + i + "@example.org"));
                consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED, Consent.METHOD_FORM,
                        null, Instant.now().minusSeconds(3600), null));
                if (i < aboutEvents) {
                    consent.record(new ConsentService.Change(id, "email", "events", Consent.GRANTED,
                            Consent.METHOD_FORM, null, Instant.now().minusSeconds(3600), null));
                }
            }
        }
        return dir;
    }

    @Test
    void theReachAboutEventsOpensItsPeopleAndAChartSavesAsAPicture(FxRobot robot) throws Exception {
        Path dir = workspace(5, 3);
        robot.interact(() -> window.start(dir));
        waitFor(robot, "#page-home");
        KpiCard email = waitFor(robot, "#home-kpi-email");
        waitUntil(() -> email.valueProperty().get().equals("5"));
        Hyperlink events = waitFor(robot, "#home-reach-email-events");
        assertThat(events.getText()).isEqualTo("3");
        assertThat(robot.lookup("#home-start").queryAs(Node.class).isVisible()).as("not empty: no import invitation")
                .isFalse();

        Node chart = waitFor(robot, "#home-chart-trend");
        Path png = tmp.resolve("trend.png");
        robot.interact(() -> ChartImages.write(ChartImages.picture(chart), png));
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(100);

        // the funnel's last step is the email reach, and pressing it opens those people
        Node reachable = waitFor(robot, "#home-funnel-reachable");
        assertThat(robot.from(reachable).lookup(".funnel-value").queryAs(Label.class).getText()).startsWith("5");
        robot.clickOn(reachable);
        waitFor(robot, "#page-segments");
        Label count = waitFor(robot, "#segment-count");
        waitUntil(() -> count.getText().startsWith("5"));

        robot.clickOn("#nav-home");
        Hyperlink again = waitFor(robot, "#home-reach-email-events");
        robot.interact(again::fire);
        waitFor(robot, "#page-segments");
        waitUntil(() -> count.getText().startsWith("3"));
    }

    @Test
    void aNewWorkspaceOffersImportFirst(FxRobot robot) {
        Path dir = workspace(0, 0);
        robot.interact(() -> window.start(dir));
        Node start = waitFor(robot, "#home-start");
        waitUntil(start::isVisible);
        robot.clickOn("#home-import");
        waitFor(robot, "#page-import");
    }
}
