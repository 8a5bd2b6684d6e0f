package org.registro.app;

import org.registro.wiring.Session;

import org.registro.ui.Dialogs;
import org.registro.ui.Page;
import org.registro.ui.I18n;
import atlantafx.base.theme.Styles;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.registro.workspace.AuditLog;

/** Settings: theme and language (per user), default phone region and backups (per workspace). */
public final class SettingsPage implements Page {

    private final VBox view = new VBox(22);
    private final Node scroll = Page.scrolling(view);

    /** A choice shown by its label. */
    record Choice(String value, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * @param onAppearanceChanged called after the theme or language changed, to redraw the window
     * @param onClose             closes the workspace
     * @param whileClosed         closes the workspace, works on its files and opens it again
     */
    public SettingsPage(AppContext context, Runnable onAppearanceChanged, Runnable onClose,
                        org.registro.safety.ui.SafetyModel.WhileClosed whileClosed) {
        view.setId("page-settings");
        view.setPadding(new Insets(24, 28, 24, 28));
        Label title = new Label(Area.SETTINGS.label());
        title.getStyleClass().add(Styles.TITLE_2);

        ComboBox<Choice> theme = new ComboBox<>();
        theme.setId("settings-theme");
        theme.getItems().setAll(new Choice(Theme.LIGHT, I18n.t("settings.theme.light")),
                new Choice(Theme.DARK, I18n.t("settings.theme.dark")));
        select(theme, context.settings().theme());
        theme.setOnAction(e -> {
            context.settings().setTheme(theme.getValue().value());
            onAppearanceChanged.run();
        });

        ComboBox<Choice> language = new ComboBox<>();
        language.setId("settings-language");
        language.getItems().setAll(new Choice("system", I18n.t("settings.language.system")),
                new Choice("en", "English"), new Choice("es", "Español"));
        select(language, context.settings().language());
        language.setOnAction(e -> {
            context.setLanguage(language.getValue().value());
            onAppearanceChanged.run();
        });

        Session session = context.session();
        ComboBox<Choice> region = new ComboBox<>();
        region.setId("settings-region");
        // in a team workspace, the region is the administrators' to change (the server refuses others)
        region.setDisable(!session.workspace().role().mayAdminister());
        List<Choice> regions = java.util.Arrays.stream(Locale.getISOCountries())
                .map(cc -> new Choice(cc, cc + " — " + new Locale("", cc).getDisplayCountry(org.registro.common.Messages.locale())))
                .sorted(Comparator.comparing(Choice::label)).toList();
        region.getItems().setAll(regions);
        Label regionSaved = new Label();
        regionSaved.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.SUCCESS);
        regionSaved.setWrapText(true);
        regionSaved.setMaxWidth(520);
        context.tasks().run(null, p -> session.workspace().defaultRegion(), cc -> select(region, cc),
                error -> Dialogs.error(view, error));
        region.setOnAction(e -> {
            Choice choice = region.getValue();
            // choosing the workspace's own region (as the page does when it opens) changes nothing
            if (choice == null || choice.value().equals(session.workspace().defaultRegion())) {
                return;
            }
            context.tasks().run(null, p -> {
                if (!choice.value().equals(session.workspace().defaultRegion())) {
                    session.workspaces().setDefaultRegion(session.workspace(), choice.value(),
                            new AuditLog(context.clock(), Session.actorIn(session.workspace(),
                                    System.getProperty("user.name", "registro"))));
                }
                return choice.value();
            }, cc -> {
                org.registro.common.Messages.setWorkspace(cc, session.workspace().zone());
                regionSaved.setText(I18n.t("settings.region.saved"));
            },
                    error -> Dialogs.error(view, error));
        });

        Label folder = new Label(session.workspace().folder().toString());
        folder.getStyleClass().add(Styles.TEXT_MUTED);
        folder.setWrapText(true);
        Button close = new Button(I18n.t("settings.closeWorkspace"), new FontIcon(MaterialDesignC.CLOSE));
        close.setId("settings-close-workspace");
        close.setOnAction(e -> onClose.run());

        GridPane appearance = form();
        appearance.addRow(0, label("settings.theme"), theme);
        appearance.addRow(1, label("settings.language"), language);
        GridPane workspace = form();
        workspace.addRow(0, label("settings.workspaceName"), new Label(session.workspace().name()));
        var team = session.workspace().team();
        if (team.isPresent()) { // the data is on the server; rejects, exports and backups in a local folder
            workspace.addRow(1, label("settings.server"), new Label(team.get().toString()));
            workspace.addRow(2, label("settings.localFolder"), folder);
        } else {
            workspace.addRow(1, label("settings.folder"), folder);
            workspace.addRow(2, label("settings.encrypted"),
                    new Label(I18n.t(session.workspace().encrypted() ? "common.yes" : "common.no")));
        }
        HBox regionRow = new HBox(10, region, regionSaved);
        regionRow.setAlignment(Pos.CENTER_LEFT);
        workspace.addRow(3, label("settings.region"), regionRow);
        HBox buttons = new HBox(10, close);
        buttons.setAlignment(Pos.CENTER_LEFT);
        workspace.add(buttons, 1, 4);

        org.registro.safety.ui.SafetyView safety = new org.registro.safety.ui.SafetyView(
                new org.registro.safety.ui.SafetyModel(session.workspace(), session.workspaces(), context.tasks(),
                        whileClosed));
        view.getChildren().addAll(title, section("settings.appearance", appearance),
                section("settings.workspace", workspace));
        if (session.workspace().team().isPresent()) {
            view.getChildren().add(section("settings.team", new org.registro.workspace.ui.TeamView(
                    new org.registro.workspace.ui.TeamModel(session.workspace(), context.tasks())).view()));
        }
        view.getChildren().add(section("settings.safety", safety.view()));
    }

    private static void select(ComboBox<Choice> box, String value) {
        box.getItems().stream().filter(c -> c.value().equals(value)).findFirst().ifPresent(box::setValue);
    }

    private static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(12);
        return grid;
    }

    private static Label label(String key) {
        Label label = new Label(I18n.t(key));
        label.setMinWidth(180);
        return label;
    }

    private static Node section(String key, Node body) {
        Label header = new Label(I18n.t(key));
        header.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(12, header, body);
        box.getStyleClass().add("settings-section");
        return box;
    }

    @Override
    public Node view() {
        return scroll;
    }
}
