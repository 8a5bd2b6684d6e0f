package org.registro.app;

import org.registro.wiring.Session;

import org.registro.ui.TaskRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.registro.common.Messages;
import org.registro.ui.I18n;
import org.registro.workspace.UserSettings;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The composition root of the desktop app: clock, user settings, task runner, and the open workspace
 * session with its services. Built once in {@link RegistroApp}; tests build their own.
 */
public final class AppContext implements AutoCloseable {

    private final Clock clock;
    private final UserSettings settings;
    private final TaskRunner tasks;
    private final WorkspaceService workspaces;
    private final ObjectProperty<Session> session = new SimpleObjectProperty<>(this, "session");
    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>(this, "locale");
    private final String actor = System.getProperty("user.name", "registro");
    /** The OS language, remembered before the user's choice changes the default. */
    private static final Locale SYSTEM_LOCALE = Locale.getDefault();

    public AppContext(Clock clock, UserSettings settings, TaskRunner tasks) {
        this.clock = clock;
        this.settings = settings;
        this.tasks = tasks;
        this.workspaces = Session.workspaceService(clock, actor);
        applyLanguage(settings.language());
    }

    public Clock clock() {
        return clock;
    }

    public UserSettings settings() {
        return settings;
    }

    public TaskRunner tasks() {
        return tasks;
    }

    public WorkspaceService workspaces() {
        return workspaces;
    }

    public ReadOnlyObjectProperty<Session> sessionProperty() {
        return session;
    }

    public Session session() {
        return session.get();
    }

    /** Makes {@code workspace} the open one (closing any other) and puts it first in the recent list. */
    public void openSession(Workspace workspace) {
        Session previous = session.get();
        org.registro.common.Messages.setWorkspace(workspace.defaultRegion(), workspace.zone());
        session.set(Session.open(workspace, workspaces, actor).withLiveCounts());
        if (previous != null) {
            previous.close();
        }
        workspace.team().ifPresentOrElse(team -> settings.addRecent(team, workspace.name()),
                () -> settings.addRecent(workspace.folder()));
    }

    /** Leaves the workspace; the database is closed in the background (H2 writes its last pages then). */
    public void closeSession() {
        closeSession(() -> { });
    }

    /** As {@link #closeSession()}, then runs {@code afterClosed} on the UI thread once the database is closed. */
    public void closeSession(Runnable afterClosed) {
        Session previous = session.get();
        if (previous == null) {
            afterClosed.run();
            return;
        }
        session.set(null);
        tasks.run(I18n.t("shell.closing"), p -> {
            previous.close();
            return previous;
        }, closed -> afterClosed.run(), error -> afterClosed.run());
    }

    /** Where the first workspace is created when the user has none: {@code ~/Registro/My workspace}. */
    public Path defaultWorkspaceFolder() {
        String configured = System.getProperty("registro.defaultWorkspace");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), "Registro", "My workspace");
    }

    /**
     * A sample workspace in {@code ~/Registro/Samples} (or {@code registro.samplesFolder}): opened if it was
     * built before, else built from its source files through the import pipeline.
     */
    public Workspace openSample(String code, org.registro.common.Progress progress) {
        String configured = System.getProperty("registro.samplesFolder");
        Path samples = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), "Registro", "Samples");
        Path folder = samples.resolve(org.registro.ingest.SampleWorkspaces.describe(code).name()
                .replace(" (sample)", "").replaceAll("[^\\p{L}\\p{N} _-]", ""));
        if (WorkspaceService.isWorkspace(folder)) {
            return workspaces.open(folder, null);
        }
        return org.registro.wiring.Samples.build(code, folder, workspaces, clock, actor, progress);
    }

    public ReadOnlyObjectProperty<Locale> localeProperty() {
        return locale;
    }

    /** "system", "en" or "es": sets the language of all texts and remembers the choice. */
    public void setLanguage(String language) {
        settings.setLanguage(language);
        applyLanguage(language);
    }

    private void applyLanguage(String language) {
        Locale chosen = switch (language == null ? "system" : language) {
            case "en" -> Locale.ENGLISH;
            case "es" -> new Locale("es", "ES");
            default -> SYSTEM_LOCALE;
        };
        Messages.setLocale(chosen);
        // JavaFX controls (date picker, colour and file choosers) follow the default locale.
        Locale.setDefault(Locale.Category.FORMAT, chosen);
        Locale.setDefault(Locale.Category.DISPLAY, chosen);
        locale.set(chosen);
    }

    /** Closes everything at once: on quitting, and from the shutdown hook. */
    @Override
    public void close() {
        Session previous = session.get();
        if (previous != null) {
            previous.close();
        }
        if (tasks instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
    }
}
