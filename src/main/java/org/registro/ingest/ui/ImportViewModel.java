package org.registro.ingest.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.ingest.BuiltInField;
import org.registro.ingest.ColumnMapping;
import org.registro.ingest.EventPart;
import org.registro.ingest.ImportMapping;
import org.registro.ingest.ImportRecords;
import org.registro.destination.Destination;
import org.registro.destination.DestinationService;
import org.registro.ingest.ImportService;
import org.registro.ingest.ParsedRow;
import org.registro.ingest.Preset;
import org.registro.ingest.Presets;
import org.registro.ingest.SourceFile;
import org.registro.ingest.Target;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The import wizard and history: a file is planned (format, preset, mapping, preview) off the FX thread,
 * the user adjusts the mapping, and the batch runs as a task with progress and cancel. The history lists
 * every batch with its undo.
 */
public final class ImportViewModel {

    /** Where the wizard is. */
    public enum Step { CHOOSE, MAP, RUNNING, DONE }

    /** One column of the file: its name, a few values, and what it becomes. */
    public static final class ColumnRow {
        private final String column;
        private final String samples;
        private final ObjectProperty<ColumnMapping> mapping;

        ColumnRow(String column, String samples, ColumnMapping mapping) {
            this.column = column;
            this.samples = samples;
            this.mapping = new SimpleObjectProperty<>(this, "mapping", mapping);
        }

        public String column() {
            return column;
        }

        public String samples() {
            return samples;
        }

        public ObjectProperty<ColumnMapping> mappingProperty() {
            return mapping;
        }
    }

    private final ImportService imports;
    private final TaskRunner tasks;
    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(this, "step", Step.CHOOSE);
    private final ObjectProperty<ImportRecords.Plan> plan = new SimpleObjectProperty<>(this, "plan");
    private final ObservableList<ColumnRow> columns = FXCollections.observableArrayList();
    private final ObservableList<ParsedRow> preview = FXCollections.observableArrayList();
    private final ObservableList<ImportRecords.Batch> history = FXCollections.observableArrayList();
    private final StringProperty sourceName = new SimpleStringProperty(this, "sourceName", "");
    private final StringProperty party = new SimpleStringProperty(this, "party", "first");
    private final StringProperty eventType = new SimpleStringProperty(this, "eventType", "");
    private final StringProperty eventCampaign = new SimpleStringProperty(this, "eventCampaign", "");
    private final ObjectProperty<Preset> preset = new SimpleObjectProperty<>(this, "preset");
    private final ObjectProperty<ImportRecords.Summary> summary = new SimpleObjectProperty<>(this, "summary");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
    /** What the running import reports: rows read, its pace and the time left. */
    private final StringProperty progressDetail = new SimpleStringProperty(this, "progressDetail", "");
    /** Share of the file read, or -1 while unknown. */
    private final javafx.beans.property.DoubleProperty progress =
            new javafx.beans.property.SimpleDoubleProperty(this, "progress", -1);
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty eventsMapped = new SimpleBooleanProperty(this, "eventsMapped");
    private SourceFile.Options options = SourceFile.Options.detect();
    private ImportMapping baseMapping;
    private TaskRunner.Handle running;
    private long previewRequest;

    private final DestinationService destinations;
    private final ObservableList<Destination> destinationChoices = FXCollections.observableArrayList();
    private final ObjectProperty<Destination> destination = new SimpleObjectProperty<>(this, "destination");

    public ImportViewModel(ImportService imports, DestinationService destinations, TaskRunner tasks) {
        this.imports = imports;
        this.destinations = destinations;
        this.tasks = tasks;
    }

    /** The plan of a file, with the email tool accounts it may be an export of. */
    private record Planned(ImportRecords.Plan plan, List<Destination> destinations) {
    }

    // ------------------------------------------------------------------ choosing and planning

    /** Reads the start of {@code file} and proposes a mapping. */
    public void open(Path file) {
        open(file, SourceFile.Options.detect(), null);
    }

    /** Reads the file again with another encoding, separator, sheet or header row, or another preset. */
    public void reopen(SourceFile.Options newOptions, String presetCode) {
        ImportRecords.Plan current = plan.get();
        if (current != null) {
            open(current.file(), newOptions, presetCode);
        }
    }

    private void open(Path file, SourceFile.Options newOptions, String presetCode) {
        error.set("");
        busy.set(true);
        tasks.run(null, p -> new Planned(imports.plan(file, newOptions, presetCode, null, p), destinations.list()),
                both -> {
            ImportRecords.Plan planned = both.plan();
            chooseDestination(planned.preset(), both.destinations());
            busy.set(false);
            options = newOptions;
            plan.set(planned);
            preset.set(planned.preset());
            baseMapping = planned.mapping();
            sourceName.set(planned.sourceName());
            party.set(planned.dataParty());
            eventType.set(planned.mapping().eventType() == null ? "" : planned.mapping().eventType());
            eventCampaign.set(planned.mapping().eventCampaign() == null ? "" : planned.mapping().eventCampaign());
            List<ColumnRow> rows = new ArrayList<>();
            for (String header : planned.description().header()) {
                ColumnMapping mapping = planned.mapping().column(header).orElse(ColumnMapping.ignore(header));
                ColumnRow row = new ColumnRow(header, samples(planned, header), mapping);
                row.mappingProperty().addListener((obs, old, now) -> refreshPreview());
                rows.add(row);
            }
            columns.setAll(rows);
            preview.setAll(planned.preview());
            eventsMapped.set(planned.mapping().mapsEvents());
            step.set(Step.MAP);
        }, e -> {
            busy.set(false);
            error.set(I18n.errorText(e));
        });
    }

    private static String samples(ImportRecords.Plan plan, String header) {
        int index = plan.description().header().indexOf(header);
        List<String> values = new ArrayList<>();
        for (var row : plan.description().sample()) {
            if (index < row.cells().size() && !row.cells().get(index).isBlank() && values.size() < 3) {
                String value = row.cells().get(index).strip();
                values.add(value.length() > 28 ? value.substring(0, 27) + "…" : value);
            }
        }
        return String.join(" · ", values);
    }

    /** The mapping as the user has set it. */
    public ImportMapping mapping() {
        List<ColumnMapping> list = columns.stream().map(c -> c.mappingProperty().get()).toList();
        String type = eventType.get() == null || eventType.get().isBlank() ? null : eventType.get().strip();
        return new ImportMapping(baseMapping.preset(), baseMapping.system(), list, type, baseMapping.listConsent(),
                baseMapping.skipFooter(), eventCampaign.get());
    }

    /** Shows the first rows again as they would be imported under the current mapping. */
    public void refreshPreview() {
        ImportRecords.Plan current = plan.get();
        if (current == null) {
            return;
        }
        long request = ++previewRequest;
        ImportMapping mapping = mapping();
        eventsMapped.set(mapping.mapsEvents());
        String source = sourceName.get();
        tasks.run(null, p -> imports.preview(current.description(), mapping, source), rows -> {
            if (request == previewRequest) {
                preview.setAll(rows);
            }
        }, e -> error.set(I18n.errorText(e)));
    }

    public void choosePreset(Preset chosen) {
        if (chosen != null && (preset.get() == null || !chosen.code().equals(preset.get().code()))) {
            reopen(options, chosen.code());
        }
    }

    public SourceFile.Options options() {
        return options;
    }

    // ------------------------------------------------------------------ running

    /** Imports the file; {@code dryRun} reads and counts it without writing. */
    public void run(boolean dryRun) {
        ImportRecords.Plan current = plan.get();
        if (current == null) {
            return;
        }
        error.set("");
        ImportRecords.Request request = new ImportRecords.Request(current.file(), options, sourceName.get(),
                party.get(), mapping(), dryRun, destination.get() == null ? null : destination.get().id());
        step.set(Step.RUNNING);
        progressText.set(I18n.t("import.running", current.file().getFileName()));
        progressDetail.set("");
        progress.set(-1);
        String title = I18n.t(dryRun ? "import.task.dryRun" : "import.task.run", current.file().getFileName());
        running = tasks.run(title, p -> imports.run(request, p), (fraction, message) -> {
            progress.set(fraction);
            progressDetail.set(message == null ? "" : message);
        }, done -> {
            running = null;
            summary.set(done);
            step.set(Step.DONE);
            loadHistory();
        }, e -> {
            running = null;
            step.set(Step.MAP);
            error.set(I18n.errorText(e));
            loadHistory();
        });
    }

    public void cancelRun() {
        if (running != null) {
            running.cancel();
            running = null;
            step.set(Step.MAP);
            error.set(I18n.t("import.cancelled"));
            loadHistory();
        }
    }

    /** Back to the start: choose another file. */
    public void reset() {
        plan.set(null);
        columns.clear();
        preview.clear();
        summary.set(null);
        error.set("");
        step.set(Step.CHOOSE);
        loadHistory();
    }

    // ------------------------------------------------------------------ history

    public void loadHistory() {
        tasks.run(null, p -> imports.batches(), history::setAll, e -> error.set(I18n.errorText(e)));
    }

    public void undo(ImportRecords.Batch batch, java.util.function.Consumer<ImportRecords.UndoSummary> onDone) {
        tasks.run(I18n.t("import.task.undo", batch.fileName()), p -> imports.undo(batch.id(), p), undone -> {
            loadHistory();
            onDone.accept(undone);
        }, e -> {
            error.set(I18n.errorText(e));
            loadHistory();
        });
    }

    // ------------------------------------------------------------------ target choices

    /** What a column can become, as offered in the mapping table. */
    public record Choice(String label, ColumnMapping mapping) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** The choices for a column, including the preset's own mapping when it is not one of the usual ones. */
    public static List<Choice> choices(String column, ColumnMapping current) {
        List<Choice> list = new ArrayList<>();
        list.add(new Choice(I18n.t("import.target.ignore"), ColumnMapping.ignore(column)));
        for (BuiltInField field : BuiltInField.values()) {
            list.add(new Choice(I18n.t("import.target.field." + field.key()), ColumnMapping.field(column, field)));
        }
        list.add(new Choice(I18n.t("import.target.customerNumber"),
                ColumnMapping.identifier(column, ColumnMapping.KIND_CUSTOMER_NUMBER)));
        list.add(new Choice(I18n.t("import.target.nationalId"),
                ColumnMapping.identifier(column, ColumnMapping.KIND_NATIONAL_ID)));
        list.add(new Choice(I18n.t("import.target.sourceKey"),
                ColumnMapping.identifier(column, ColumnMapping.KIND_SOURCE_KEY)));
        list.add(new Choice(I18n.t("import.target.extraEmail"), ColumnMapping.identifier(column, "email")));
        list.add(new Choice(I18n.t("import.target.extraPhone"), ColumnMapping.identifier(column, "phone")));
        for (String separator : List.of(",", ";", "|")) {
            list.add(new Choice(I18n.t("import.target.tags", separator), ColumnMapping.tags(column, separator)));
        }
        for (String channel : List.of("email", "sms", "phone", "post", "whatsapp")) {
            list.add(new Choice(I18n.t("import.target.consent", I18n.t("channel." + channel)),
                    ColumnMapping.consent(column, channel, null, org.registro.consent.Consent.METHOD_IMPORT)));
        }
        for (EventPart part : EventPart.values()) {
            list.add(new Choice(I18n.t("import.target.event." + part.key()), ColumnMapping.event(column, part)));
        }
        String key = ColumnMapping.customKeyFor(column);
        for (String type : List.of("text", "number", "date", "boolean")) {
            list.add(new Choice(I18n.t("import.target.custom." + type), ColumnMapping.custom(column, key, type, column)));
        }
        if (current != null && list.stream().noneMatch(c -> c.mapping().equals(current))) {
            list.add(1, new Choice(describe(current), current));
        }
        return list;
    }

    /** The choice that matches a mapping. */
    public static Choice choiceFor(List<Choice> choices, ColumnMapping mapping) {
        return choices.stream().filter(c -> c.mapping().equals(mapping)).findFirst().orElse(choices.get(0));
    }



    /** A preset's special mapping in words: "Email consent confirmed (double opt-in), at this time". */
    static String describe(ColumnMapping m) {
        String channel = m.channel() == null ? "" : I18n.t("channel." + m.channel());
        if (m.target() == Target.CONSENT_TIME) {
            return I18n.t("import.target.consentTime", channel, I18n.t("consent.status." + m.status()),
                    I18n.t("consent.method." + m.method()));
        }
        if (m.target() == Target.CONSENT && m.inverted()) {
            return I18n.t("import.target.doNotContact", channel);
        }
        if (m.target() == Target.CONSENT && m.status() != null) {
            return I18n.t("import.target.consentYesMeans", channel, I18n.t("consent.status." + m.status()));
        }
        if (m.target() == Target.CONSENT) {
            return I18n.t("import.target.consent", channel) + (m.timeColumn() == null ? ""
                    : " · " + I18n.t("import.target.timeFrom", m.timeColumn()));
        }
        if (m.target() == Target.ATTRIBUTES) {
            return I18n.t("import.target.attributes");
        }
        if (m.target() == Target.CUSTOM) {
            return I18n.t("import.target.customNamed", m.customLabel() == null ? m.customKey() : m.customLabel(),
                    I18n.t("import.type." + m.customType()));
        }
        return m.target().name().toLowerCase(Locale.ROOT);
    }

    public static List<Preset> presets() {
        return Presets.all();
    }

    // ------------------------------------------------------------------ properties

    public ObjectProperty<Step> stepProperty() {
        return step;
    }

    public ObjectProperty<ImportRecords.Plan> planProperty() {
        return plan;
    }

    public ObservableList<ColumnRow> columns() {
        return columns;
    }

    public ObservableList<ParsedRow> preview() {
        return preview;
    }

    public ObservableList<ImportRecords.Batch> history() {
        return history;
    }

    /**
     * The email tool account the file is an export of: kept when it is of the file's tool, else the one account of
     * that tool when there is exactly one, else none (the person chooses).
     */
    private void chooseDestination(Preset filePreset, List<Destination> all) {
        List<Destination> choices = new ArrayList<>();
        choices.add(null);
        choices.addAll(all);
        Destination kept = destination.get();
        destinationChoices.setAll(choices);
        String tool = filePreset == null ? null : filePreset.code();
        List<Destination> ofTool = all.stream().filter(d -> d.tool().code().equals(tool)).toList();
        if (kept != null && ofTool.stream().anyMatch(d -> d.id() == kept.id())) {
            destination.set(ofTool.stream().filter(d -> d.id() == kept.id()).findFirst().orElse(null));
        } else {
            destination.set(ofTool.size() == 1 ? ofTool.get(0) : null);
        }
    }

    /** The email tool accounts (the first, null, for none). */
    public ObservableList<Destination> destinations() {
        return destinationChoices;
    }

    public ObjectProperty<Destination> destinationProperty() {
        return destination;
    }

    public StringProperty sourceNameProperty() {
        return sourceName;
    }

    public StringProperty partyProperty() {
        return party;
    }

    /** The campaign every row's event is about when no column names it (an email tool's activity file). */
    public StringProperty eventCampaignProperty() {
        return eventCampaign;
    }

    public StringProperty eventTypeProperty() {
        return eventType;
    }

    public ObjectProperty<Preset> presetProperty() {
        return preset;
    }

    public ObjectProperty<ImportRecords.Summary> summaryProperty() {
        return summary;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty progressDetailProperty() {
        return progressDetail;
    }

    public javafx.beans.property.DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressTextProperty() {
        return progressText;
    }

    /** True when some column is mapped to an event, which then needs its type. */
    public BooleanProperty eventsMappedProperty() {
        return eventsMapped;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }
}
