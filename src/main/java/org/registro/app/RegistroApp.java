package org.registro.app;

import org.registro.ui.FxTaskRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.application.Application;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.registro.workspace.UserSettings;

/** The JavaFX application: builds the {@link AppContext} and the {@link MainWindow}. */
public final class RegistroApp extends Application {

    private AppContext context;

    /** Starts the desktop app; {@code args} may be {@code --workspace DIR} or {@code --sample [NAME]}. */
    public static void launchApp(String[] args) {
        Application.launch(RegistroApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        FxTaskRunner runner = new FxTaskRunner(3);
        context = new AppContext(Clock.systemDefaultZone(), UserSettings.forCurrentUser(), runner);
        // Logging out or shutting down ends the JVM without closing the window: close the workspace then too.
        AppContext closing = context;
        Runtime.getRuntime().addShutdownHook(new Thread(closing::close, "registro-close-workspace"));
        var icon = RegistroApp.class.getResourceAsStream("icon.png");
        if (icon != null) {
            stage.getIcons().add(new Image(icon));
        }
        List<String> args = getParameters().getRaw();
        int sample = args.indexOf("--sample");
        MainWindow window = new MainWindow(context, runner, stage);
        String requested = requestedWorkspace(args);
        String sampleName = sample < 0 ? null : sample + 1 < args.size() ? args.get(sample + 1) : "spanish-ngo";
        if (requested != null && org.registro.workspace.TeamAddress.isAddress(requested)) {
            window.startTeam(requested);
        } else {
            window.start(requested == null ? null : Path.of(requested), sampleName);
        }
    }

    /** The folder or team workspace address after {@code --workspace}, if given. */
    private static String requestedWorkspace(List<String> args) {
        int i = args.indexOf("--workspace");
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    @Override
    public void stop() {
        if (context != null) {
            context.close();
        }
    }
}
