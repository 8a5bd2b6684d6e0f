package org.registro.app;

import org.registro.wiring.Session;

import org.registro.identity.ui.DuplicatesModel;
import org.registro.identity.ui.DuplicatesPage;
import org.registro.ingest.ui.ImportPage;
import org.registro.ingest.ui.ImportViewModel;
import org.registro.journey.ui.JourneyEditorModel;
import org.registro.journey.ui.JourneyHistoryView;
import org.registro.journey.ui.JourneyListModel;
import org.registro.journey.ui.JourneysPage;
import org.registro.ui.Page;
import org.registro.ui.I18n;
import org.registro.ui.FxTaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.registro.consent.ui.ConsentPage;
import org.registro.consent.ui.ConsentPageModel;
import org.registro.consent.ui.PreferenceCentre;
import org.registro.consent.ui.PreferenceCentreModel;
import org.registro.contact.ui.ContactsView;
import org.registro.export.ui.ExportsPage;
import org.registro.destination.ui.DestinationsModel;
import org.registro.destination.ui.DestinationsTab;
import org.registro.destination.ui.ToldHistoryView;
import org.registro.export.ui.ExportsPageModel;
import org.registro.export.ui.SentListsView;
import org.registro.insight.ui.ModelsMenu;
import org.registro.segment.ui.SegmentBuilderModel;
import org.registro.segment.ui.SegmentsPage;
import org.registro.contact.ui.ContactsViewModel;
import org.registro.workspace.WorkspaceService;
import org.registro.workspace.ui.StartView;
import org.registro.workspace.ui.StartViewModel;

/**
 * The one window: the start screen while no workspace is open, the shell while one is. Redraws itself
 * when the theme or language changes.
 */
public final class MainWindow {

    private final AppContext context;
    private final FxTaskRunner runner;
    private final Stage stage;
    private final Scene scene;
    private Shell shell;
    private StartViewModel startModel;
    private boolean firstOpen = true;

    public MainWindow(AppContext context, FxTaskRunner runner, Stage stage) {
        this.context = context;
        this.runner = runner;
        this.stage = stage;
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double[] saved = context.settings().windowSize();
        this.scene = new Scene(new javafx.scene.layout.StackPane(),
                Math.min(saved == null ? 1440 : saved[0], screen.getWidth()),
                Math.min(saved == null ? 900 : saved[1], screen.getHeight()));
        stage.setScene(scene);
        // As it was left; the first time, on a laptop-size screen, all of it: the contacts table and profile
        // need the width
        Boolean wasMaximized = context.settings().maximized();
        stage.setMaximized(wasMaximized != null ? wasMaximized : screen.getWidth() <= 1600);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDING, e -> context.settings().setWindow(
                scene.getWidth(), scene.getHeight(), stage.isMaximized()));
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        context.sessionProperty().addListener((obs, old, session) -> {
            if (session == null) {
                showStart();
            } else {
                // the area shown last when the app starts; Home when another workspace opens later
                showShell(firstOpen ? lastArea() : Area.HOME);
                firstOpen = false;
            }
        });
    }

    public Scene scene() {
        return scene;
    }

    public Shell shell() {
        return shell;
    }

    /**
     * Shows the window and opens a workspace: {@code requested} if given, else the last one used, else a
     * new "My workspace" on first start. Anything that needs the user (a password, a missing folder) is
     * asked on the start screen.
     */
    public void start(Path requested) {
        start(requested, null);
    }

    /** Shows the window and opens the team workspace at {@code address} (its password asked for when needed). */
    public void startTeam(String address) {
        newStartModel();
        startModel.openTeam(address, null, false);
        showStartView();
        stage.show();
    }

    /** As {@link #start(Path)}, or opens the sample {@code sample} (built on first use) when one is named. */
    public void start(Path requested, String sample) {
        // the workspace starts opening before the window is drawn: both take about a second
        newStartModel();
        Path open = sample != null ? null : requested != null ? requested
                : context.settings().recentWorkspaces().stream().findFirst()
                        .filter(WorkspaceService::isWorkspace).orElse(null);
        if (open != null) {
            startModel.open(open, null);
        }
        showStartView();
        stage.show();
        if (sample != null) {
            startModel.openSample(sample);
            return;
        }
        if (open != null || !context.settings().recentEntries().isEmpty()) {
            return;
        }
        Path first = context.defaultWorkspaceFolder();
        if (WorkspaceService.isWorkspace(first)) {
            startModel.open(first, null);
        } else if (!Files.exists(first) || isEmptyFolder(first)) {
            startModel.nameProperty().set(I18n.t("start.defaultName"));
            startModel.folderProperty().set(first.toString());
            String country = Locale.getDefault().getCountry();
            startModel.regionProperty().set(country == null || country.isBlank() ? "ES" : country);
            startModel.create();
        }
    }

    private static boolean isEmptyFolder(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public void showStart() {
        newStartModel();
        showStartView();
    }

    private void newStartModel() {
        shell = null;
        startModel = new StartViewModel(context.workspaces(), context.settings(), context.tasks(),
                context::openSession);
        startModel.enableSamples(org.registro.ingest.SampleWorkspaces.CODES, context::openSample);
    }

    private void showStartView() {
        setRoot(new StartView(startModel).view());
        stage.setTitle(I18n.t("app.name"));
    }

    /** Home's model; when the start is being measured, Home's first figures end the run. */
    private HomeModel homeModel(Session session) {
        HomeModel model = new HomeModel(session, context.tasks());
        if (StartTiming.measuring()) {
            model.figuresProperty().addListener((o, a, f) -> javafx.application.Platform.runLater(() -> {
                StartTiming.report(StartTiming.HOME);
                javafx.application.Platform.exit();
            }));
        }
        return model;
    }

    private Area lastArea() {
        try {
            return context.settings().lastArea() == null ? Area.HOME : Area.valueOf(context.settings().lastArea());
        } catch (IllegalArgumentException e) {
            return Area.HOME;
        }
    }

    public void showShell(Area area) {
        Session session = context.session();
        shell = new Shell(session.workspace().name(), this::createPage, context::closeSession, runner);
        shell.onShown(a -> context.settings().setLastArea(a.name()));
        if (StartTiming.measuring()) {
            javafx.application.Platform.runLater(() -> StartTiming.report(StartTiming.SHELL));
        }
        setRoot(shell.view());
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.N,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), this::newContact);
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.O,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> {
                    if (session.workspace().role().mayEdit()) {
                        importPage().chooseFile();
                    }
                });
        // A file dropped anywhere on the window is imported.
        shell.view().setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && session.workspace().role().mayEdit()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
        });
        shell.view().setOnDragDropped(e -> {
            boolean files = e.getDragboard().hasFiles();
            if (files) {
                importPage().openFile(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(files);
            e.consume();
        });
        var workspace = session.workspace();
        shell.allow(workspace.role());
        workspace.team().ifPresent(team -> {
            shell.showTeam(team.toString(), I18n.t("team.line", team.user(), I18n.t("team.role." + workspace.role().code())));
            runner.run(null, p -> workspace.busy(), busy -> shell.showBusy(busyText(busy)), error -> { });
            // what the others change reaches the counts by itself; the status bar says so and the page reloads
            workspace.changes().listen(batch -> {
                if (batch.others() && batch.catalogue().contains("registro_restore")) {
                    javafx.application.Platform.runLater(() -> shell.notice(I18n.t("team.restored")));
                } else if (batch.others() && batch.catalogue().contains("registro_busy")) {
                    // someone started or finished an import, a bulk merge, an undo or a retention run
                    var busy = workspace.busy();
                    javafx.application.Platform.runLater(() -> {
                        shell.showBusy(busyText(busy));
                        if (busy.isEmpty()) {
                            shell.notice(I18n.t("team.busyDone"));
                        }
                    });
                }
                if (batch.others() && !batch.contacts().isEmpty()) {
                    long count = batch.contacts().getLongCardinality();
                    javafx.application.Platform.runLater(() -> shell.othersChanged(I18n.t("team.othersChanged", count)));
                }
            });
        });
        session.workspace().recoveryProblem().ifPresent(problem ->
                shell.showRecoveryBanner(problem, this::retryRecovery, this::restoreBackup));
        shell.show(area);
        stage.setTitle(session.workspace().name() + " — " + I18n.t("app.name"));
        runJourneysAtOpen(session);
    }

    /**
     * Journeys that ask to run when the workspace opens move on in the background; a failure is reported and
     * leaves the workspace as it is (each batch of people is its own transaction).
     */
    private void runJourneysAtOpen(Session session) {
        if (session.workspace().readOnly()) {
            return;
        }
        runner.run(I18n.t("journey.atOpen.running"), p -> session.journeys().runAtOpen(p), result -> {
            if (result.changed() && shell != null) {
                shell.notice(I18n.t("journey.atOpen.done", org.registro.journey.ui.JourneyListModel.runText(result)));
            }
        }, error -> org.registro.ui.Dialogs.error(stage, error));
    }

    /** Closes the read-only workspace and opens it again, so the unfinished work is tried once more. */
    private void retryRecovery() {
        Path folder = context.session().workspace().folder();
        context.closeSession(() -> startModel.open(folder, null));
    }

    /**
     * Closes the workspace, does the work on its closed files (restore, encrypt, change the password), says how
     * it went and opens it again — with {@code password}, or asking for it when it is needed and not given.
     */
    private void whileClosed(String title, org.registro.safety.ui.SafetyModel.Work work, char[] password) {
        Path folder = context.session().workspace().folder();
        var team = context.session().workspace().team();
        java.util.function.Consumer<char[]> reopen = secret -> team.ifPresentOrElse(
                t -> startModel.openTeam(t.toString(), password, false), () -> startModel.open(folder, secret));
        context.closeSession(() -> runner.run(title, p -> work.apply(folder), message -> {
            reopen.accept(password);
            org.registro.ui.Dialogs.info(stage, title, message);
        }, error -> {
            org.registro.ui.Dialogs.error(stage, error);
            reopen.accept(null); // a folder whose password change failed asks for the one it has
        }));
    }

    /** Asks which backup to put back, then closes the workspace, restores it and opens it again. */
    private void restoreBackup() {
        Path folder = context.session().workspace().folder();
        runner.run(null, p -> WorkspaceService.backups(folder), backups -> chooseBackup(folder, backups),
                error -> org.registro.ui.Dialogs.error(stage, error));
    }

    private void chooseBackup(Path folder, java.util.List<org.registro.workspace.Backups.Backup> backups) {
        if (backups.isEmpty()) {
            org.registro.ui.Dialogs.info(stage, I18n.t("recovery.restore"), I18n.t("recovery.noBackups"));
            return;
        }
        java.util.Map<String, org.registro.workspace.Backups.Backup> byText = new java.util.LinkedHashMap<>();
        backups.forEach(b -> byText.put(org.registro.workspace.ui.BackupText.describe(b), b));
        javafx.scene.control.ChoiceDialog<String> choose = new javafx.scene.control.ChoiceDialog<>(
                byText.keySet().iterator().next(), byText.keySet());
        choose.initOwner(stage);
        choose.setTitle(I18n.t("app.name"));
        choose.setHeaderText(I18n.t("recovery.choose"));
        choose.setContentText(I18n.t("recovery.backup"));
        choose.getDialogPane().setId("recovery-choose");
        choose.showAndWait().map(byText::get).ifPresent(backup -> context.closeSession(() -> runner.run(
                I18n.t("recovery.restoring"),
                p -> context.workspaces().restore(folder, backup.file()), kept -> startModel.open(folder, null),
                error -> org.registro.ui.Dialogs.error(stage, error))));
    }

    /** The banner's words for someone else's large work, or null when there is none. */
    private static String busyText(java.util.Optional<org.registro.workspace.ExclusiveWork.Holder> busy) {
        return busy.map(h -> I18n.t("team.busyNow", h.describe())).orElse(null);
    }

    /** The page of {@code area}, showing only what the user's role may do there. */
    private Page createPage(Area area) {
        Page page = newPage(area);
        page.allowEdits(context.session().workspace().role().mayEdit());
        return page;
    }

    private Page newPage(Area area) {
        Session session = context.session();
        return switch (area) {
            case HOME -> new HomePage(homeModel(session), new HomePage.Navigation() {
                @Override
                public void area(Area a) {
                    shell.show(a);
                }

                @Override
                public void newContact() {
                    MainWindow.this.newContact();
                }

                @Override
                public void consent(String tab) {
                    shell.show(Area.CONSENT);
                    ((ConsentPage) shell.page(Area.CONSENT)).showTab(tab);
                }

                @Override
                public void rule(org.registro.segment.Rule rule) {
                    shell.show(Area.SEGMENTS);
                    ((SegmentsPage) shell.page(Area.SEGMENTS)).show(rule);
                }

                @Override
                public void segment(String name) {
                    shell.show(Area.SEGMENTS);
                    ((SegmentsPage) shell.page(Area.SEGMENTS)).showSaved(name);
                }
            });
            case CONTACTS -> {
                ContactsViewModel contacts = new ContactsViewModel(session.contacts(), session.contactTable(), context.tasks(),
                        context.settings());
                yield new ContactsView(contacts, id -> preferenceCentre(context, contacts, id),
                        id -> new org.registro.recommend.ui.NextView(new org.registro.recommend.ui.NextView.Model(
                                session.recommendations(), session.content(), session.consent(), context.tasks(),
                                id)).view());
            }
            case SEGMENTS -> {
                SegmentBuilderModel segments = new SegmentBuilderModel(session.segments(), context.tasks());
                yield new SegmentsPage(segments, new ModelsMenu(session.models(), context.tasks(),
                        () -> segments.saved().stream().map(s -> s.name()).toList(), segments::load).view(), rule -> {
                            shell.show(Area.EXPORTS);
                            ((ExportsPage) shell.page(Area.EXPORTS)).useRule(rule);
                        });
            }
            case CONSENT -> {
                DestinationsModel destinations = new DestinationsModel(session.destinations(), session.consent(),
                        context.tasks());
                yield new ConsentPage(new ConsentPageModel(session.consent(), session.privacy(),
                        session.doubleOptIn(), session.retention(),
                        (file, progress) -> session.exports().writeConfirmationRequests(file, progress).written(),
                        context.tasks()), session.workspace().clock(), new DestinationsTab(destinations,
                        session.workspace().exportsDir(), () -> java.time.LocalDate.now(session.workspace().clock()))
                        .allowEdits(session.workspace().role().mayEdit()).view(), destinations::load);
            }
            case IMPORT -> new ImportPage(new ImportViewModel(session.imports(), session.destinations(), context.tasks()),
                    () -> shell.show(Area.CONTACTS));
            case EXPORTS -> new ExportsPage(new ExportsPageModel(session.exports(), session.segments(),
                    session.consent(), session.destinations(), context.tasks(), session.workspace().exportsDir(),
                    java.time.LocalDate.now(session.workspace().clock())));
            case DUPLICATES -> new DuplicatesPage(new DuplicatesModel(session.duplicates(), session.quality(),
                    context.tasks()), this::openContact);
            case JOURNEYS -> new JourneysPage(new JourneyListModel(session.journeys(), context.tasks()),
                    new JourneyEditorModel(session.journeys(), session.segments(), session.exports(), session.destinations(),
                            context.tasks()));
            case CONTENT -> new org.registro.recommend.ui.ContentPage(new org.registro.recommend.ui.ContentPageModel(
                    session.content(), session.recommendations(), session.consent(), context.tasks(),
                    session.workspace().rejectsDir()));
            case SETTINGS -> new SettingsPage(context, this::redraw, context::closeSession, this::whileClosed);
        };
    }

    /** Goes to the Import area and returns its page. */
    private ImportPage importPage() {
        shell.show(Area.IMPORT);
        return (ImportPage) shell.page(Area.IMPORT);
    }

    /** Goes to Contacts and shows one contact's profile. */
    private void openContact(long id) {
        shell.show(Area.CONTACTS);
        ((ContactsView) shell.page(Area.CONTACTS)).open(id);
    }

    /** Goes to Contacts and opens the new-contact dialog (Ctrl+N anywhere in a workspace). */
    private void newContact() {
        shell.show(Area.CONTACTS);
        ((ContactsView) shell.page(Area.CONTACTS)).newContact();
    }

    /** Applies a new theme or language by rebuilding the current screen. */
    private void redraw() {
        if (shell != null) {
            showShell(shell.currentArea());
        } else {
            showStart();
        }
    }

    private void setRoot(Parent root) {
        scene.getAccelerators().clear(); // shortcuts belong to the screen that installed them
        scene.setRoot(root);
        Theme.apply(scene, context.settings().theme());
    }

    /**
     * A contact's preference centre, with what to offer them next (read again after each change of their consent)
     * and, under the privacy actions, the lists they were sent in, their journeys and what each email tool was told.
     */
    private static javafx.scene.Node preferenceCentre(AppContext context, ContactsViewModel contacts, long id) {
        Session session = context.session();
        var next = new org.registro.recommend.ui.NextView.Model(session.recommendations(), session.content(),
                session.consent(),
                context.tasks(), id);
        PreferenceCentreModel model = new PreferenceCentreModel(id, session.consent(), session.privacy(),
                context.tasks(), session.workspace().clock(), contacts::refresh, () -> {
                    contacts.select(null);
                    contacts.refresh();
                });
        model.onConsentRead(next::reload);
        javafx.scene.Node nextView = new org.registro.recommend.ui.NextView(next).view();
        nextView.setId("prefs-next");
        return new PreferenceCentre(model, nextView,
                new javafx.scene.layout.VBox(new SentListsView(session.exports(), context.tasks(), id).view(),
                        new JourneyHistoryView(new JourneyHistoryView.Model(session.journeys(), context.tasks(), id))
                                .view(), new ToldHistoryView(new ToldHistoryView.Model(session.destinations(),
                        context.tasks(), id)).view())).view();
    }
}
