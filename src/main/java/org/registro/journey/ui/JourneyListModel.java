package org.registro.journey.ui;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.journey.JourneyFile;
import org.registro.journey.JourneyService;
import org.registro.journey.JourneyTemplates;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/** The list of journeys: create one from a template or a file, run them all, delete, save one to a file. */
public final class JourneyListModel {

    private final JourneyService journeys;
    private final TaskRunner tasks;
    private final ObservableList<JourneyService.Summary> rows = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    public JourneyListModel(JourneyService journeys, TaskRunner tasks) {
        this.journeys = journeys;
        this.tasks = tasks;
    }

    public void refresh() {
        tasks.run(null, p -> journeys.list(), rows::setAll, this::fail);
    }

    public List<JourneyTemplates.Template> templates() {
        return JourneyTemplates.list();
    }

    /** A new draft from a template; {@code opened} receives its name. */
    public void create(String template, String name, Consumer<String> opened) {
        tasks.run(null, p -> journeys.createFromTemplate(template, name), s -> {
            refresh();
            opened.accept(s.name());
        }, this::fail);
    }

    public void delete(String name) {
        tasks.run(null, p -> {
            journeys.delete(name);
            return journeys.list();
        }, list -> {
            rows.setAll(list);
            message.set(I18n.t("journey.list.deleted", name));
        }, this::fail);
    }

    /** Runs every active journey up to now. */
    public void runAll() {
        tasks.run(I18n.t("journey.list.running"), p -> journeys.run(null, p), result -> {
            message.set(runText(result));
            refresh();
        }, this::fail);
    }

    /** What a run did, in one sentence. */
    public static String runText(JourneyService.RunResult result) {
        long entered = result.journeys().stream().mapToLong(JourneyService.Outcome::entered).sum();
        long listed = result.journeys().stream().mapToLong(JourneyService.Outcome::listed).sum();
        long skipped = result.journeys().stream().mapToLong(JourneyService.Outcome::skipped).sum();
        long converted = result.journeys().stream().mapToLong(JourneyService.Outcome::converted).sum();
        return result.journeys().isEmpty() ? I18n.t("journey.list.nothingActive")
                : I18n.t("journey.list.ran", result.journeys().size(), I18n.number(entered), I18n.number(listed),
                I18n.number(skipped), I18n.number(converted));
    }

    /** Saves a journey with what it needs to a JSON file another workspace can open. */
    public void exportFile(String name, Path file) {
        tasks.run(null, p -> {
            Files.writeString(file, journeys.exportFile(name).toJson(), StandardCharsets.UTF_8);
            return file;
        }, f -> message.set(I18n.t("journey.list.exported", name, f.getFileName())), this::fail);
    }

    /** What a journey file needs that this workspace lacks (segments, topics, fields…), by kind. */
    public void inspectFile(Path file, Consumer<Map<String, List<String>>> missing) {
        tasks.run(null, p -> journeys.missing(JourneyFile.parse(Files.readString(file, StandardCharsets.UTF_8))),
                missing, this::fail);
    }

    /** Opens a journey file as a new draft, creating what it needs when asked. */
    public void importFile(Path file, boolean createMissing, Consumer<String> opened) {
        tasks.run(null, p -> journeys.importFile(JourneyFile.parse(Files.readString(file, StandardCharsets.UTF_8)),
                null, createMissing), s -> {
                    refresh();
                    opened.accept(s.name());
                }, this::fail);
    }

    private void fail(Throwable t) {
        error.set(I18n.errorText(t));
    }

    public ObservableList<JourneyService.Summary> rows() {
        return rows;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
