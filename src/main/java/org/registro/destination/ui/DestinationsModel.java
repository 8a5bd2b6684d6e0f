package org.registro.destination.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.consent.ConsentService;
import org.registro.destination.Change;
import org.registro.destination.Destination;
import org.registro.destination.DestinationService;
import org.registro.destination.Reason;
import org.registro.destination.Tool;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The destinations tab: every email tool account with the changes it has not heard, the selected one's changes,
 * adding a destination, writing a changes file and the setting for when a change is late.
 */
public final class DestinationsModel {

    private final DestinationService destinations;
    private final ConsentService consent;
    private final TaskRunner tasks;
    private final ObservableList<DestinationService.Pending> rows = FXCollections.observableArrayList();
    private final ObjectProperty<DestinationService.Pending> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<Change> changes = FXCollections.observableArrayList();
    private final ObservableList<ConsentService.Topic> topics = FXCollections.observableArrayList();
    private final IntegerProperty lateDays = new SimpleIntegerProperty(this, "lateDays");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    public DestinationsModel(DestinationService destinations, ConsentService consent, TaskRunner tasks) {
        this.destinations = destinations;
        this.consent = consent;
        this.tasks = tasks;
        selected.addListener((obs, old, now) -> changes.setAll(now == null ? List.of() : now.changes()));
    }

    private record Loaded(List<DestinationService.Pending> rows, List<ConsentService.Topic> topics, int lateDays) {
    }

    public void load() {
        Long keep = selected.get() == null ? null : selected.get().destination().id();
        tasks.run(null, progress -> new Loaded(destinations.pendingAll(), consent.topics(), destinations.lateDays()),
                loaded -> {
            rows.setAll(loaded.rows());
            topics.setAll(loaded.topics());
            lateDays.set(loaded.lateDays());
            selected.set(loaded.rows().stream().filter(r -> keep != null && r.destination().id() == keep)
                    .findFirst().orElse(loaded.rows().isEmpty() ? null : loaded.rows().get(0)));
        }, this::fail);
    }

    public void add(String name, Tool tool, String topic) {
        clear();
        tasks.run(null, progress -> destinations.add(name, tool, topic), d -> {
            message.set(I18n.t("destinations.added", d.name()));
            load();
        }, this::fail);
    }

    /** Writes the selected destination's changes file and records that the tool was told. */
    public void sync(DestinationService.Pending row, Path file) {
        clear();
        tasks.run(I18n.t("destinations.syncing", row.destination().name()),
                progress -> destinations.sync(row.destination().id(), file, progress), r -> {
                    message.set(I18n.t("destinations.synced", r.changes(), row.destination().name(),
                            r.file().getFileName().toString()));
                    load();
                }, this::fail);
    }

    public void saveLateDays(int days) {
        clear();
        tasks.run(null, progress -> {
            destinations.setLateDays(days);
            return days;
        }, d -> {
            message.set(I18n.t("destinations.lateSaved", d));
            load();
        }, this::fail);
    }

    /** "3 withdrawals · 1 bounce". */
    public static String reasons(Map<Reason, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(I18n.t("destination.reason." + reason.code(), n)));
        return String.join(" · ", parts);
    }

    /** The file name a changes file gets by default: "brevo-changes-2026-12-05.zip". */
    public static String defaultFileName(Destination d, java.time.LocalDate today) {
        String slug = java.text.Normalizer.normalize(d.name(), java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return (slug.isEmpty() ? d.tool().code() : slug) + "-" + I18n.t("destinations.fileWord") + "-" + today + ".zip";
    }

    private void clear() {
        message.set("");
        error.set("");
    }

    private void fail(Throwable t) {
        error.set(I18n.errorText(t));
    }

    public ObservableList<DestinationService.Pending> rows() {
        return rows;
    }

    public ObjectProperty<DestinationService.Pending> selectedProperty() {
        return selected;
    }

    public ObservableList<Change> changes() {
        return changes;
    }

    public ObservableList<ConsentService.Topic> topics() {
        return topics;
    }

    public IntegerProperty lateDaysProperty() {
        return lateDays;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
