package org.registro.workspace.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.PasswordRequiredException;
import org.registro.workspace.TeamAddress;
import org.registro.workspace.UserSettings;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceManifest;
import org.registro.workspace.WorkspaceService;

/** State and commands of the start screen: recent workspaces, open a folder, create a workspace. */
public final class StartViewModel {

    /** A recent workspace as the list shows it. */
    public record Recent(Path folder, String name, boolean encrypted, boolean available, TeamAddress team) {
        public Recent(Path folder, String name, boolean encrypted, boolean available) {
            this(folder, name, encrypted, available, null);
        }

        /** How the list names where it is: the folder, or the team workspace's server address. */
        public String where() {
            return team != null ? team.toString() : folder.toString();
        }
    }

    private final WorkspaceService workspaces;
    private final UserSettings settings;
    private final TaskRunner tasks;
    private final Consumer<Workspace> onOpened;

    private final ObservableList<Recent> recent = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty folder = new SimpleStringProperty(this, "folder", "");
    private final StringProperty region = new SimpleStringProperty(this, "region", defaultRegion());
    private final BooleanProperty encrypt = new SimpleBooleanProperty(this, "encrypt");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty passwordAgain = new SimpleStringProperty(this, "passwordAgain", "");
    private final BooleanProperty passwordNeeded = new SimpleBooleanProperty(this, "passwordNeeded");
    private Path passwordFor;
    private Path folderParent = Path.of(System.getProperty("user.home"), "Registro");
    private boolean folderChosen;

    public StartViewModel(WorkspaceService workspaces, UserSettings settings, TaskRunner tasks,
                          Consumer<Workspace> onOpened) {
        this.workspaces = workspaces;
        this.settings = settings;
        this.tasks = tasks;
        this.onOpened = onOpened;
        // Until the user picks a folder, the workspace goes to ~/Registro/<name>.
        name.addListener((obs, old, now) -> {
            if (!folderChosen) {
                suggestFolder(folderParent);
            }
        });
        folder.addListener((obs, old, now) -> {
            if (!now.equals(suggestion())) {
                folderChosen = true;
            }
        });
    }

    private static String defaultRegion() {
        String country = Locale.getDefault().getCountry();
        return country == null || country.isBlank() ? "ES" : country;
    }

    public void loadRecent() {
        List<String> entries = settings.recentEntries();
        tasks.run(null, p -> {
            List<Recent> items = new ArrayList<>();
            for (String entry : entries) {
                if (TeamAddress.isAddress(entry)) {
                    try {
                        TeamAddress team = TeamAddress.parse(entry);
                        // the server is asked when it is opened: listing stays instant and offline
                        String name = settings.teamName(entry);
                        items.add(new Recent(team.localFolder(), name == null ? team.database() : name, false, true,
                                team));
                    } catch (RuntimeException e) {
                        // an address this Registro cannot read is left out
                    }
                    continue;
                }
                Path dir = Path.of(entry);
                if (WorkspaceService.isWorkspace(dir)) {
                    try {
                        WorkspaceManifest manifest = WorkspaceService.readManifest(dir);
                        items.add(new Recent(dir, manifest.name(), manifest.encrypted(), true));
                        continue;
                    } catch (RuntimeException e) {
                        // listed below as unavailable
                    }
                }
                items.add(new Recent(dir, dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                        false, false));
            }
            return items;
        }, recent::setAll, this::fail);
    }

    /** Opens a workspace folder; an encrypted one asks for its password first (see {@link #passwordNeededProperty()}). */
    public void open(Path dir, char[] passwordChars) {
        error.set("");
        busy.set(true);
        doing.set(I18n.t("start.opening"));
        progress.set(-1);
        tasks.run(I18n.t("start.opening"), p -> workspaces.open(dir, passwordChars), this::opened, e -> {
            if (e instanceof PasswordRequiredException) {
                busy.set(false);
                passwordFor = dir;
                teamWaiting = null;
                passwordNeeded.set(true);
            } else {
                fail(e);
            }
        });
    }

    /**
     * Opens a team workspace on a PostgreSQL server, or creates it there ({@code create}); a server that asks for a
     * password the user has not given asks for it (see {@link #passwordNeededProperty()}).
     */
    public void openTeam(String address, char[] passwordChars, boolean create) {
        error.set("");
        TeamAddress team;
        try {
            team = TeamAddress.parse(address);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        busy.set(true);
        doing.set(I18n.t(create ? "start.creating" : "start.opening"));
        progress.set(-1);
        tasks.run(I18n.t("start.opening"), p -> create
                ? workspaces.create(team, passwordChars, new NewWorkspace(team.database(), defaultRegion(), null))
                : workspaces.open(team, passwordChars), this::opened, e -> {
            if (e instanceof PasswordRequiredException) {
                busy.set(false);
                passwordFor = team.localFolder();
                teamWaiting = new Object[] {team, create};
                passwordNeeded.set(true);
            } else {
                fail(e);
            }
        });
    }

    /** The team workspace waiting for its server password ({@code [address, create]}), or null for a folder. */
    private Object[] teamWaiting;

    /** The team workspace that waits for its server password, or null when a folder does. */
    public TeamAddress teamPasswordFor() {
        return teamWaiting == null ? null : (TeamAddress) teamWaiting[0];
    }

    /** Goes on opening what waited for a password, with it. */
    public void retryWithPassword(char[] passwordChars) {
        if (teamWaiting != null) {
            Object[] waiting = teamWaiting;
            teamWaiting = null;
            openTeam(waiting[0].toString(), passwordChars, (Boolean) waiting[1]);
        } else {
            open(passwordFor, passwordChars);
        }
    }

    /** Builds (or reopens) a sample workspace by code; supplied by the app, which knows how samples are made. */
    @FunctionalInterface
    public interface SampleOpener {
        Workspace open(String code, org.registro.common.Progress progress) throws Exception;
    }

    private final ObservableList<String> samples = FXCollections.observableArrayList();
    private SampleOpener sampleOpener;

    /** Offers "Open a sample" with these samples. */
    public void enableSamples(java.util.List<String> codes, SampleOpener opener) {
        samples.setAll(codes);
        sampleOpener = opener;
    }

    public ObservableList<String> samples() {
        return samples;
    }

    /** Opens a sample workspace, building it from its source files the first time. */
    public void openSample(String code) {
        if (sampleOpener == null) {
            return;
        }
        error.set("");
        busy.set(true);
        doing.set(I18n.t("start.sample.building"));
        progress.set(-1);
        tasks.run(I18n.t("start.sample.building"), p -> sampleOpener.open(code, p), (fraction, message) -> {
            progress.set(fraction);
            if (message != null) {
                doing.set(message);
            }
        }, this::opened, this::fail);
    }

    private final javafx.beans.property.StringProperty doing =
            new javafx.beans.property.SimpleStringProperty(this, "doing", "");
    private final javafx.beans.property.DoubleProperty progress =
            new javafx.beans.property.SimpleDoubleProperty(this, "progress", -1);

    /** What the screen is doing while busy: building a sample says which file it imports. */
    public javafx.beans.property.ReadOnlyStringProperty doingProperty() {
        return doing;
    }

    /** How far the work is, 0 to 1; -1 while unknown. */
    public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** The folder that waits for a password, after {@link #open} found it encrypted. */
    public Path passwordFor() {
        return passwordFor;
    }

    public void passwordPromptClosed() {
        passwordNeeded.set(false);
    }

    /** Creates a workspace from the form; problems with the form go to {@link #errorProperty()}. */
    public void create() {
        String problem = formProblem();
        if (problem != null) {
            error.set(problem);
            return;
        }
        error.set("");
        busy.set(true);
        doing.set(I18n.t("start.creating"));
        progress.set(-1);
        Path dir = Path.of(folder.get().strip());
        var spec = new NewWorkspace(name.get().strip(), region.get(),
                encrypt.get() ? password.get().toCharArray() : null);
        tasks.run(I18n.t("start.creating"), p -> workspaces.create(dir, spec), this::opened, this::fail);
    }

    /** Null when the form can be submitted, else what is wrong with it. */
    public String formProblem() {
        if (name.get().isBlank()) {
            return I18n.t("start.problem.name");
        }
        if (folder.get().isBlank()) {
            return I18n.t("start.problem.folder");
        }
        Path dir = Path.of(folder.get().strip());
        if (Files.isRegularFile(dir)) {
            return I18n.t("error.workspace.notAFolder", dir);
        }
        if (region.get() == null || region.get().length() != 2) {
            return I18n.t("start.problem.region");
        }
        if (encrypt.get()) {
            if (password.get().length() < 8) {
                return I18n.t("start.problem.passwordShort");
            }
            if (!password.get().equals(passwordAgain.get())) {
                return I18n.t("start.problem.passwordMismatch");
            }
        }
        return null;
    }

    /**
     * Puts the workspace in a folder named after it inside {@code parent}, and keeps the folder named
     * after the workspace as the name is typed, until the user types a folder of their own.
     */
    public void suggestFolder(Path parent) {
        folderParent = parent;
        folderChosen = false;
        folder.set(suggestion());
    }

    private String suggestion() {
        String base = name.get().isBlank() ? "" : name.get().strip().replaceAll("[\\\\/:*?\"<>|]", "_");
        return base.isEmpty() ? "" : folderParent.resolve(base).toString();
    }

    private void opened(Workspace workspace) {
        busy.set(false);
        onOpened.accept(workspace);
    }

    private void fail(Throwable e) {
        busy.set(false);
        error.set(I18n.errorText(e));
    }

    public ObservableList<Recent> recent() {
        return recent;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty passwordNeededProperty() {
        return passwordNeeded;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty folderProperty() {
        return folder;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public BooleanProperty encryptProperty() {
        return encrypt;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty passwordAgainProperty() {
        return passwordAgain;
    }
}
