package org.registro.workspace.ui;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.registro.ui.I18n;
import org.registro.common.Messages;

/** The start screen: recent workspaces, open a folder, or create a new workspace. */
public final class StartView {

    private final StartViewModel model;
    private final StackPane root = new StackPane();

    public StartView(StartViewModel model) {
        this.model = model;
        root.setId("start-view");
        root.getStyleClass().add("start-view");
        root.getChildren().add(build());
        model.passwordNeededProperty().addListener((obs, was, needed) -> {
            if (needed) {
                askPassword();
            }
        });
        model.loadRecent();
    }

    public StackPane view() {
        return root;
    }

    private Node build() {
        Label brand = new Label(I18n.t("app.name"));
        brand.getStyleClass().addAll(Styles.TITLE_1, "brand");
        Label tagline = new Label(I18n.t("start.tagline"));
        tagline.getStyleClass().add(Styles.TEXT_MUTED);

        HBox columns = new HBox(28, recentColumn(), createColumn());
        columns.setAlignment(Pos.TOP_CENTER);

        Label error = new Label();
        error.setId("start-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("start-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        Label doing = new Label();
        doing.setId("start-doing");
        doing.setWrapText(true);
        doing.textProperty().bind(model.doingProperty());
        VBox busy = new VBox(6, doing, bar);
        busy.visibleProperty().bind(model.busyProperty());
        busy.managedProperty().bind(model.busyProperty());
        columns.disableProperty().bind(model.busyProperty());

        VBox card = new VBox(18, new VBox(4, brand, tagline), columns, busy, error);
        card.getStyleClass().add("start-card");
        card.setMaxWidth(980);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        card.setPadding(new Insets(32));
        return card;
    }

    private Node recentColumn() {
        Label title = new Label(I18n.t("start.recent"));
        title.getStyleClass().add(Styles.TITLE_4);
        ListView<StartViewModel.Recent> list = new ListView<>(model.recent());
        list.setId("recent-list");
        list.setPrefSize(400, 300);
        list.setPlaceholder(new Label(I18n.t("start.noRecent")));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StartViewModel.Recent item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label name = new Label(item.name(), new FontIcon(item.team() != null
                        ? org.kordamp.ikonli.materialdesign2.MaterialDesignA.ACCOUNT_GROUP_OUTLINE
                        : item.encrypted() ? MaterialDesignL.LOCK_OUTLINE : MaterialDesignD.DATABASE_OUTLINE));
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label path = new Label(item.available() ? item.where() : I18n.t("start.missing", item.folder()));
                path.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                setGraphic(new VBox(2, name, path));
                setText(null);
                setDisable(!item.available());
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openSelected(list);
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelected(list);
            }
        });
        Button open = new Button(I18n.t("start.openSelected"));
        open.setId("open-recent");
        open.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> openSelected(list));
        Button browse = new Button(I18n.t("start.openFolder"), new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        browse.setId("open-folder");
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(I18n.t("start.openFolder"));
            File chosen = chooser.showDialog(root.getScene().getWindow());
            if (chosen != null) {
                model.open(chosen.toPath(), null);
            }
        });
        javafx.scene.control.MenuButton sample = new javafx.scene.control.MenuButton(I18n.t("start.sample"),
                new FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignS.SCHOOL_OUTLINE));
        sample.setId("open-sample");
        for (String code : model.samples()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(I18n.t("start.sample." + code));
            item.setId("sample-" + code);
            item.setOnAction(e -> model.openSample(code));
            sample.getItems().add(item);
        }
        sample.setVisible(!model.samples().isEmpty());
        sample.managedProperty().bind(sample.visibleProperty());
        sample.setTooltip(new javafx.scene.control.Tooltip(I18n.t("start.sample.tip")));
        Button team = new Button(I18n.t("start.team"), new FontIcon(
                org.kordamp.ikonli.materialdesign2.MaterialDesignA.ACCOUNT_GROUP_OUTLINE));
        team.setId("open-team");
        team.setTooltip(new javafx.scene.control.Tooltip(I18n.t("start.team.tip")));
        team.setOnAction(e -> askTeam());
        // whole words on every button: they wrap to a second line rather than shorten
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(10, 10, open, browse, team, sample);
        for (Node b : buttons.getChildren()) {
            ((Region) b).setMinWidth(Region.USE_PREF_SIZE);
        }
        buttons.setPrefWrapLength(400);
        VBox column = new VBox(10, title, list, buttons);
        column.setPrefWidth(420);
        return column;
    }

    private void openSelected(ListView<StartViewModel.Recent> list) {
        StartViewModel.Recent item = list.getSelectionModel().getSelectedItem();
        if (item != null && item.team() != null) {
            model.openTeam(item.team().toString(), null, false);
        } else if (item != null && item.available()) {
            model.open(item.folder(), null);
        }
    }

    private Node createColumn() {
        Label title = new Label(I18n.t("start.create"));
        title.getStyleClass().add(Styles.TITLE_4);
        TextField name = new TextField();
        name.setId("create-name");
        name.setPromptText(I18n.t("start.namePrompt"));
        name.textProperty().bindBidirectional(model.nameProperty());
        TextField folder = new TextField();
        folder.setId("create-folder");
        folder.textProperty().bindBidirectional(model.folderProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button choose = new Button(null, new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        choose.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(I18n.t("start.chooseParent"));
            File parent = chooser.showDialog(root.getScene().getWindow());
            if (parent != null) {
                model.suggestFolder(parent.toPath());
            }
        });
        ComboBox<String> region = new ComboBox<>();
        region.setId("create-region");
        region.getItems().setAll(Arrays.stream(Locale.getISOCountries())
                .sorted(Comparator.comparing(cc -> new Locale("", cc).getDisplayCountry(Messages.locale()))).toList());
        region.setCellFactory(v -> regionCell());
        region.setButtonCell(regionCell());
        region.valueProperty().bindBidirectional(model.regionProperty());
        CheckBox encrypt = new CheckBox(I18n.t("start.encrypt"));
        encrypt.setId("create-encrypt");
        encrypt.selectedProperty().bindBidirectional(model.encryptProperty());
        PasswordField password = new PasswordField();
        password.setId("create-password");
        password.setPromptText(I18n.t("start.passwordPrompt"));
        password.textProperty().bindBidirectional(model.passwordProperty());
        PasswordField again = new PasswordField();
        again.setId("create-password-again");
        again.setPromptText(I18n.t("start.passwordAgain"));
        again.textProperty().bindBidirectional(model.passwordAgainProperty());
        VBox passwords = new VBox(8, password, again);
        passwords.visibleProperty().bind(encrypt.selectedProperty());
        passwords.managedProperty().bind(encrypt.selectedProperty());
        Label encryptHint = new Label(I18n.t("start.encryptHint"));
        encryptHint.setWrapText(true);
        encryptHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        encryptHint.visibleProperty().bind(encrypt.selectedProperty());
        encryptHint.managedProperty().bind(encrypt.selectedProperty());

        Button create = new Button(I18n.t("start.createButton"), new FontIcon(MaterialDesignF.FOLDER_PLUS_OUTLINE));
        create.setId("create-workspace");
        create.getStyleClass().add(Styles.ACCENT);
        create.setDefaultButton(true);
        create.setOnAction(e -> model.create());

        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, formLabel("start.name"), name);
        form.addRow(1, formLabel("start.folder"), new HBox(6, folder, choose));
        form.addRow(2, formLabel("start.region"), region);
        form.add(encrypt, 1, 3);
        form.add(passwords, 1, 4);
        form.add(encryptHint, 1, 5);
        form.add(create, 1, 6);
        VBox column = new VBox(10, title, form);
        column.setPrefWidth(460);
        return column;
    }

    private static Label formLabel(String key) {
        Label label = new Label(I18n.t(key));
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static ListCell<String> regionCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(String cc, boolean empty) {
                super.updateItem(cc, empty);
                setText(empty || cc == null ? null
                        : new Locale("", cc).getDisplayCountry(Messages.locale()) + " (" + cc + ")");
            }
        };
    }

    /** Opens or creates a team workspace: its server address, the password, and whether it is a new one. */
    private void askTeam() {
        Dialog<Boolean> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(I18n.t("app.name"));
        dialog.setHeaderText(I18n.t("start.team.header"));
        TextField address = new TextField();
        address.setId("team-address");
        address.setPromptText("postgresql://ana@servidor/registro");
        address.setPrefColumnCount(32);
        PasswordField password = new PasswordField();
        password.setId("team-password");
        password.setPromptText(I18n.t("start.team.passwordPrompt"));
        CheckBox create = new CheckBox(I18n.t("start.team.create"));
        create.setId("team-create");
        Label hint = new Label(I18n.t("start.team.hint"));
        hint.setWrapText(true);
        hint.setPrefWidth(520);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, formLabel("start.team.address"), address);
        form.addRow(1, formLabel("start.team.password"), password);
        form.add(create, 1, 2);
        form.add(hint, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(form);
        ButtonType open = new ButtonType(I18n.t("start.openSelected"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(open,
                new ButtonType(I18n.t("action.cancel"), javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE));
        dialog.getDialogPane().lookupButton(open).disableProperty().bind(address.textProperty().isEmpty());
        dialog.setResultConverter(b -> b == open);
        dialog.setOnShown(e -> address.requestFocus());
        org.registro.ui.Dialogs.centerOver(dialog, root.getScene().getWindow()); // whatever size the hint gave it
        if (dialog.showAndWait().orElse(false)) {
            model.openTeam(address.getText(), password.getText().isEmpty() ? null : password.getText().toCharArray(),
                    create.isSelected());
        }
    }

    private void askPassword() {
        Path dir = model.passwordFor();
        var team = model.teamPasswordFor();
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(I18n.t("app.name"));
        dialog.setHeaderText(team != null ? I18n.t("start.passwordForTeam", team.user(), team.host())
                : I18n.t("start.passwordFor", dir.getFileName()));
        PasswordField field = new PasswordField();
        field.setId("unlock-password");
        field.setPromptText(I18n.t(team != null ? "start.team.passwordPrompt" : "start.passwordPrompt"));
        dialog.getDialogPane().setContent(field);
        ButtonType open = new ButtonType(I18n.t("start.openSelected"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(open,
                new ButtonType(I18n.t("action.cancel"), javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE));
        dialog.setResultConverter(b -> b == open ? field.getText().toCharArray() : null);
        dialog.setOnShown(e -> field.requestFocus());
        var result = dialog.showAndWait();
        model.passwordPromptClosed();
        result.ifPresent(model::retryWithPassword);
    }
}
