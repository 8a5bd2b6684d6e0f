package org.registro.safety.ui;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.safety.WorkspaceCheck;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;
import org.registro.workspace.Backups;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The Settings page's backups and safety: the backups of the open workspace, a backup now, the integrity check
 * (and the consent repair it may offer); restoring, encrypting and changing the password close the workspace, do
 * the work on the closed files and open it again ({@link WhileClosed}).
 */
public final class SafetyModel {

    /** Closes the workspace, does {@code work} on its folder, and opens it again (with {@code password}). */
    @FunctionalInterface
    public interface WhileClosed {
        void run(String title, Work work, char[] password);
    }

    /** Work on a closed workspace's folder; returns what to tell the user once it is open again. */
    @FunctionalInterface
    public interface Work {
        String apply(Path folder) throws Exception;
    }

    private final Workspace workspace;
    private final WorkspaceService workspaces;
    private final TaskRunner tasks;
    private final WhileClosed whileClosed;
    private final ObservableList<Backups.Backup> backups = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ReadOnlyBooleanWrapper encrypted = new ReadOnlyBooleanWrapper(this, "encrypted");

    public SafetyModel(Workspace workspace, WorkspaceService workspaces, TaskRunner tasks, WhileClosed whileClosed) {
        this.workspace = workspace;
        this.workspaces = workspaces;
        this.tasks = tasks;
        this.whileClosed = whileClosed;
        encrypted.set(workspace.encrypted());
        load();
    }

    public void load() {
        tasks.run(null, p -> Backups.list(workspace.folder()), backups::setAll, this::fail);
    }

    public void backupNow() {
        clear();
        tasks.run(I18n.t("settings.backingUp"), p -> workspace.backup(Backups.MANUAL), file -> {
            message.set(I18n.t("settings.backupDone", file.getFileName()));
            load();
        }, this::fail);
    }

    public void check(Consumer<WorkspaceCheck.Report> done) {
        clear();
        tasks.run(I18n.t("safety.checking"), p -> new WorkspaceCheck(workspace).run(p), done, this::fail);
    }

    /** Rebuilds the consent state the check found wrong, then checks again. */
    public void repairConsent(Consumer<WorkspaceCheck.Report> done) {
        clear();
        tasks.run(I18n.t("safety.repairing"), p -> {
            WorkspaceCheck check = new WorkspaceCheck(workspace);
            check.repairConsent();
            return check.run(p);
        }, done, this::fail);
    }

    public void restore(Backups.Backup backup, char[] password) {
        var team = workspace.team();
        char[] server = workspace.serverPassword();
        whileClosed.run(I18n.t("recovery.restoring"), folder -> {
            if (team.isPresent()) {
                workspaces.restore(team.get(), server, backup.file()); // on the server, for everyone
            } else {
                workspaces.restore(folder, backup.file());
            }
            return I18n.t(team.isPresent() ? "safety.restoredTeam" : "safety.restored",
                    I18n.dateTime(backup.takenAt()));
        }, team.isPresent() ? server : password);
    }

    /** Whether the workspace lives on a server (no file to encrypt; its restore is for everyone). */
    public boolean team() {
        return workspace.team().isPresent();
    }

    /** Whether the user may put a backup back: anyone in a folder; in a team workspace, an administrator. */
    public boolean mayRestore() {
        return workspace.role().mayAdminister();
    }

    public void encrypt(char[] password) {
        whileClosed.run(I18n.t("safety.encrypting"), folder -> I18n.t("safety.encrypted",
                workspaces.encrypt(folder, password)), password);
    }

    public void changePassword(char[] old, char[] password) {
        whileClosed.run(I18n.t("safety.changingPassword"), folder -> {
            workspaces.changePassword(folder, old, password);
            return I18n.t("safety.passwordChanged");
        }, password);
    }

    private void clear() {
        message.set("");
        error.set("");
    }

    private void fail(Throwable e) {
        error.set(I18n.errorText(e));
    }

    public ObservableList<Backups.Backup> backups() {
        return backups;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty encryptedProperty() {
        return encrypted.getReadOnlyProperty();
    }
}
