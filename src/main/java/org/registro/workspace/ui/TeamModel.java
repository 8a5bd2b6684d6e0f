package org.registro.workspace.ui;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;
import org.registro.workspace.TeamRoles;
import org.registro.workspace.Workspace;

/**
 * The Settings page's team section of a team workspace: who has which role, and for an administrator, setting up
 * the roles, giving someone a role (making their server user when new) and taking it away.
 */
public final class TeamModel {

    private final Workspace workspace;
    private final TaskRunner tasks;
    private final ObservableList<TeamRoles.Member> members = FXCollections.observableArrayList();
    private final BooleanProperty rolesMade = new SimpleBooleanProperty(this, "rolesMade", true);
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    public TeamModel(Workspace workspace, TaskRunner tasks) {
        this.workspace = workspace;
        this.tasks = tasks;
    }

    private record Roles(boolean made, List<TeamRoles.Member> members) {
    }

    public void load() {
        tasks.run(null, p -> new Roles(TeamRoles.made(workspace), TeamRoles.members(workspace)), roles -> {
            rolesMade.set(roles.made());
            members.setAll(roles.members());
        }, this::fail);
    }

    /** Whether this user sets up roles and gives them (an administrator). */
    public boolean mayManage() {
        return workspace.role().mayAdminister();
    }

    /** The server user this workspace is open as. */
    public String you() {
        return workspace.team().map(t -> t.user()).orElse("");
    }

    /** Makes the workspace's three roles (viewer, editor, administrator). */
    public void setUp() {
        run(() -> TeamRoles.init(workspace), I18n.t("team.members.madeRoles"));
    }

    /** Gives {@code user} {@code role}; {@code password} makes their server user when there is none by that name. */
    public void give(String user, TeamRoles.Role role, char[] password) {
        String name = user == null ? "" : user.strip();
        run(() -> TeamRoles.grant(workspace, name, role, password), I18n.t("team.members.given", name,
                I18n.t("team.role." + role.code())));
    }

    /** Takes {@code member}'s role away. */
    public void remove(TeamRoles.Member member) {
        run(() -> TeamRoles.revoke(workspace, member.user()), I18n.t("team.members.removed", member.user()));
    }

    private void run(Runnable work, String done) {
        busy.set(true);
        error.set("");
        message.set("");
        tasks.run(null, p -> {
            work.run();
            return null;
        }, ok -> {
            busy.set(false);
            message.set(done);
            load();
        }, this::fail);
    }

    private void fail(Throwable e) {
        busy.set(false);
        error.set(I18n.errorText(e));
    }

    public ObservableList<TeamRoles.Member> members() {
        return members;
    }

    public BooleanProperty rolesMadeProperty() {
        return rolesMade;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
