package org.registro.workspace.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.registro.ui.Cells;
import org.registro.ui.I18n;
import org.registro.ui.Page;
import org.registro.workspace.TeamRoles;

/**
 * Who has which role in a team workspace, on the Settings page; an administrator sets up the roles, gives someone
 * a role (their server user is made when new, with the password typed here) and takes it away.
 */
public final class TeamView {

    private final TeamModel model;
    private final VBox root = new VBox(10);

    public TeamView(TeamModel model) {
        this.model = model;
        root.setId("team");
        root.setMaxWidth(720);
        Label about = new Label(I18n.t("team.members.about"));
        about.setWrapText(true);
        about.getStyleClass().add(Styles.TEXT_MUTED);

        TableView<TeamRoles.Member> table = new TableView<>(model.members());
        table.setId("team-members");
        table.setPrefHeight(170);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(I18n.t("team.members.none")));
        var userColumn = Cells.textColumn(I18n.t("team.members.user"), (TeamRoles.Member m) -> m.user()
                .equals(model.you()) ? I18n.t("team.members.you", m.user()) : m.user());
        userColumn.setPrefWidth(170);
        userColumn.setMaxWidth(240);
        table.getColumns().add(userColumn);
        table.getColumns().add(Cells.textColumn(I18n.t("team.members.role"), m -> I18n.t("team.role." + m.role().code())
                + " · " + I18n.t("team.role.what." + m.role().code())));

        Label message = new Label();
        message.setId("team-message");
        message.setWrapText(true);
        message.textProperty().bind(Bindings.when(model.errorProperty().isEmpty()).then(model.messageProperty())
                .otherwise(model.errorProperty()));
        root.getChildren().addAll(about, table);
        if (model.mayManage()) {
            root.getChildren().addAll(setUp(), form(table));
        }
        root.getChildren().add(message);
        model.load();
    }

    public Node view() {
        return root;
    }

    /** Until the roles are made, the button that makes them. */
    private Node setUp() {
        Label why = new Label(I18n.t("team.members.noRoles"));
        why.setWrapText(true);
        Button make = new Button(I18n.t("team.members.setUp"), new FontIcon(MaterialDesignS.SHIELD_ACCOUNT_OUTLINE));
        make.setId("team-set-up");
        make.disableProperty().bind(model.busyProperty());
        make.setOnAction(e -> model.setUp());
        VBox box = new VBox(8, why, make);
        Page.shownWhen(model.rolesMadeProperty().not(), box);
        return box;
    }

    /** Give a role (a new server user gets the password typed), or take the selected person's away. */
    private Node form(TableView<TeamRoles.Member> table) {
        TextField user = new TextField();
        user.setId("team-user");
        user.setPromptText(I18n.t("team.members.userPrompt"));
        ComboBox<TeamRoles.Role> role = new ComboBox<>();
        role.setId("team-role");
        role.getItems().setAll(TeamRoles.Role.VIEWER, TeamRoles.Role.EDITOR, TeamRoles.Role.ADMINISTRATOR);
        role.setValue(TeamRoles.Role.EDITOR);
        role.setConverter(new StringConverter<>() {
            @Override
            public String toString(TeamRoles.Role r) {
                return r == null ? "" : I18n.t("team.role." + r.code());
            }

            @Override
            public TeamRoles.Role fromString(String s) {
                return null;
            }
        });
        PasswordField password = new PasswordField();
        password.setId("team-password");
        password.setPromptText(I18n.t("team.members.passwordPrompt"));
        Button give = new Button(I18n.t("team.members.give"), new FontIcon(MaterialDesignA.ACCOUNT_PLUS_OUTLINE));
        give.setId("team-give");
        give.getStyleClass().add(Styles.ACCENT);
        give.disableProperty().bind(user.textProperty().isEmpty().or(model.busyProperty()));
        give.setOnAction(e -> {
            model.give(user.getText(), role.getValue(), password.getText().toCharArray());
            password.clear();
        });
        Button remove = new Button(I18n.t("team.members.remove"), new FontIcon(MaterialDesignA.ACCOUNT_REMOVE_OUTLINE));
        remove.setId("team-remove");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(model.busyProperty()));
        remove.setOnAction(e -> model.remove(table.getSelectionModel().getSelectedItem()));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> {
            if (m != null) {
                user.setText(m.user());
                role.setValue(m.role());
            }
        });
        give.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        remove.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        user.setPrefColumnCount(14);
        password.setPrefColumnCount(18);
        HBox fields = new HBox(8, user, role, password);
        fields.setAlignment(Pos.CENTER_LEFT);
        HBox buttons = new HBox(8, give, remove);
        VBox row = new VBox(8, fields, buttons);
        Label hint = new Label(I18n.t("team.members.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox box = new VBox(6, row, hint);
        Page.shownWhen(model.rolesMadeProperty(), box);
        return box;
    }
}
