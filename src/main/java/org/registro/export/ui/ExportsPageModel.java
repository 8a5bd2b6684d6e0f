package org.registro.export.ui;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.consent.ConsentService;
import org.registro.destination.Destination;
import org.registro.destination.DestinationService;
import org.registro.consent.Purpose;
import org.registro.export.CsvOptions;
import org.registro.export.ListFormat;
import org.registro.export.ExportColumn;
import org.registro.export.ExportPreview;
import org.registro.export.ExportRequest;
import org.registro.export.ExportResult;
import org.registro.export.ExportRun;
import org.registro.export.ExportService;
import org.registro.export.ExportTemplate;
import org.registro.export.Selector;
import org.registro.segment.SegmentService;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The Exports area's state: who (all contacts, a saved segment, a rule handed over from the Segments area, or the
 * people waiting to confirm), why (purpose, channel, topic), the format with its columns and CSV options, the
 * count before writing, and the lists sent so far.
 */
public final class ExportsPageModel {

    /** One choice of "who". */
    public record Who(String label, Selector selector) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A column as the table edits it. */
    public static final class Column {
        final String field;
        final BooleanProperty included = new SimpleBooleanProperty(true);
        final StringProperty header = new SimpleStringProperty();

        Column(ExportColumn column) {
            this.field = column.field();
            this.header.set(column.header());
        }
    }

    private final ExportService exports;
    private final SegmentService segments;
    private final ConsentService consent;
    private final TaskRunner tasks;
    private final Path defaultFolder;
    private final LocalDate today;

    private final ObservableList<Who> whoChoices = FXCollections.observableArrayList();
    private final ObservableList<String> channels = FXCollections.observableArrayList();
    private final ObservableList<String> topics = FXCollections.observableArrayList();
    private final ObservableList<ExportTemplate> formats = FXCollections.observableArrayList();
    private final ObservableList<Column> columns = FXCollections.observableArrayList();
    private final ObservableList<ExportRun> history = FXCollections.observableArrayList();
    private final ObservableList<Destination> destinations = FXCollections.observableArrayList();
    private final ObjectProperty<Destination> destination = new SimpleObjectProperty<>(this, "destination");
    private final java.util.Map<String, String> topicLabels = new java.util.HashMap<>();

    private final ObjectProperty<Who> who = new SimpleObjectProperty<>(this, "who");
    private final ObjectProperty<Purpose> purpose = new SimpleObjectProperty<>(this, "purpose", Purpose.COMMERCIAL);
    private final StringProperty channel = new SimpleStringProperty(this, "channel", "email");
    private final StringProperty topic = new SimpleStringProperty(this, "topic", "");
    private final ObjectProperty<ExportTemplate> format = new SimpleObjectProperty<>(this, "format");
    private final ObjectProperty<CsvOptions> csv = new SimpleObjectProperty<>(this, "csv", CsvOptions.STANDARD);
    private final ObjectProperty<ExportPreview> preview = new SimpleObjectProperty<>(this, "preview");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty saveExcluded = new SimpleBooleanProperty(this, "saveExcluded", true);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private TaskRunner.Handle counting;
    /** The format whose columns the table shows, so that reloading the lists keeps the user's edits. */
    private ExportTemplate shownFormat;

    private final DestinationService destinationService;

    public ExportsPageModel(ExportService exports, SegmentService segments, ConsentService consent,
                            DestinationService destinationService, TaskRunner tasks, Path defaultFolder,
                            LocalDate today) {
        this.destinationService = destinationService;
        this.exports = exports;
        this.segments = segments;
        this.consent = consent;
        this.tasks = tasks;
        this.defaultFolder = defaultFolder;
        this.today = today;
        format.addListener((obs, old, now) -> {
            if (now != null && !now.equals(shownFormat)) {
                shownFormat = now;
                columns.setAll(now.columns().stream().map(Column::new).toList());
                csv.set(now.csv());
            }
            preview.set(null);
        });
        who.addListener((obs, old, now) -> preview.set(null));
        purpose.addListener((obs, old, now) -> preview.set(null));
        channel.addListener((obs, old, now) -> preview.set(null));
        topic.addListener((obs, old, now) -> preview.set(null));
        // a list for an email tool is written in that tool's format
        destination.addListener((obs, old, now) -> {
            if (now != null) {
                formats.stream().filter(f -> f.name() == null && f.destination().code().equals(now.tool().code()))
                        .findFirst().ifPresent(format::set);
            }
        });
    }

    private record Loaded(List<Who> who, List<String> channels, List<ConsentService.Topic> topics,
                          List<ExportTemplate> templates,
                          List<ExportRun> history, List<Destination> destinations) {
    }

    public void load() {
        tasks.run(null, progress -> {
            List<Who> choices = new ArrayList<>();
            choices.add(new Who(I18n.t("export.who.all"), Selector.all()));
            segments.list().forEach(s -> choices.add(new Who(I18n.t("export.who.segment", s.name()),
                    Selector.segment(s.name()))));
            choices.add(new Who(I18n.t("export.who.doubleOptIn"), Selector.doubleOptInPending()));
            List<ExportTemplate> templates = new ArrayList<>();
            for (ListFormat d : ListFormat.values()) {
                templates.add(d.template());
            }
            templates.addAll(exports.templates());
            return new Loaded(choices, consent.channels(), consent.topics(), templates, exports.list(),
                    destinationService.list());
        }, loaded -> {
            ExportPreview counted = preview.get(); // the choices are put back as they were, so the count holds
            Who current = who.get();
            List<Who> all = new ArrayList<>(loaded.who());
            if (current != null && Selector.RULE.equals(current.selector().kind())) {
                all.add(0, current);
            }
            whoChoices.setAll(all);
            who.set(current == null ? all.get(0) : all.stream().filter(w -> w.label().equals(current.label()))
                    .findFirst().orElse(all.get(0)));
            // A combo box clears its value when its items are replaced; the choices are put back afterwards.
            String chosenChannel = channel.get();
            channels.setAll(loaded.channels());
            channel.set(chosenChannel != null && channels.contains(chosenChannel) ? chosenChannel : "email");
            String chosenTopic = topic.get();
            List<String> topicChoices = new ArrayList<>();
            topicChoices.add("");
            loaded.topics().forEach(t -> {
                topicChoices.add(t.code());
                topicLabels.put(t.code(), t.label());
            });
            topics.setAll(topicChoices);
            topic.set(chosenTopic != null && topicChoices.contains(chosenTopic) ? chosenTopic : "");
            ExportTemplate chosen = format.get();
            formats.setAll(loaded.templates());
            format.set(chosen != null && formats.contains(chosen) ? chosen : loaded.templates().get(0));
            history.setAll(loaded.history());
            Destination chosenDestination = destination.get();
            List<Destination> destinationChoices = new ArrayList<>();
            destinationChoices.add(null);
            destinationChoices.addAll(loaded.destinations());
            destinations.setAll(destinationChoices);
            destination.set(chosenDestination == null ? null : loaded.destinations().stream()
                    .filter(d -> d.id() == chosenDestination.id()).findFirst().orElse(null));
            preview.set(counted);
        }, this::fail);
    }

    /** Starts from a rule built in the Segments area. */
    public void useRule(org.registro.segment.RuleDocument rule) {
        Who fromRule = new Who(I18n.t("export.who.rule"), Selector.rule(rule));
        whoChoices.removeIf(w -> Selector.RULE.equals(w.selector().kind()));
        whoChoices.add(0, fromRule);
        who.set(fromRule);
    }

    /** The request as the screen says it now. */
    public ExportRequest request() {
        List<ExportColumn> chosen = columns.stream().filter(c -> c.included.get())
                .map(c -> new ExportColumn(c.field, c.header.get())).toList();
        if (chosen.isEmpty()) {
            throw new org.registro.common.RegistroException("error.export.noColumns");
        }
        ExportTemplate template = format.get().withColumns(chosen).withCsv(csv.get());
        String t = topic.get();
        return new ExportRequest(who.get().selector(), purpose.get(), channel.get(), t == null || t.isBlank() ? null : t,
                template, destination.get() == null ? null : destination.get().id());
    }

    /** Counts who would be written and who left out; a newer count replaces one still running. */
    public void count() {
        ExportRequest request;
        try {
            request = request();
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (counting != null) {
            counting.cancel();
        }
        busy.set(true);
        counting = tasks.run(I18n.t("export.counting"), progress -> exports.preview(request, progress), result -> {
            busy.set(false);
            preview.set(result);
            error.set("");
        }, e -> {
            busy.set(false);
            fail(e);
        });
    }

    /** The file name offered for a new export: the format and today's date, in the workspace's exports folder. */
    public Path suggestedFile() {
        ExportTemplate t = format.get();
        String name = (t.name() != null ? t.name() : t.destination().code()).replaceAll("[^\\p{L}\\p{N}._-]+", "-")
                + "-" + today + "." + t.destination().extension();
        return defaultFolder.resolve(name);
    }

    /** Writes the list (and who was left out, beside it, when asked) and records it. */
    public void export(Path file) {
        ExportRequest request;
        try {
            request = request();
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        Path excluded = saveExcluded.get() ? file.resolveSibling(stem(file) + "-left-out.csv") : null;
        busy.set(true);
        tasks.run(I18n.t("export.writing"), progress -> exports.export(request, file, excluded, progress),
                (ExportResult result) -> {
                    busy.set(false);
                    error.set("");
                    message.set(I18n.t("export.done", I18n.number(result.written()), result.file().toString(),
                            I18n.number(result.excludedTotal())));
                    load();
                }, e -> {
                    busy.set(false);
                    fail(e);
                });
    }

    /** Writes an earlier export again, beside the original: {@code <name>-again-<today>.<ext>}. */
    public void recreate(ExportRun run) {
        Path original = Path.of(run.fileName());
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path file = original.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-again-" + today
                + (dot > 0 ? name.substring(dot) : ""));
        tasks.run(I18n.t("export.recreating"), progress -> exports.recreate(run.id(), file), r -> {
            error.set("");
            message.set(r.identical() ? I18n.t("export.recreated.identical", r.file().toString())
                    : r.erasedSince() > 0 ? I18n.t("export.recreated.erased", r.file().toString(), r.erasedSince())
                    : I18n.t("export.recreated.sameRows", r.file().toString()));
        }, this::fail);
    }

    public void saveTemplate(String name) {
        ExportTemplate template;
        try {
            template = request().template().named(name);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        tasks.run(null, progress -> {
            exports.saveTemplate(template);
            return template;
        }, saved -> {
            message.set(I18n.t("export.templateSaved", name));
            load();
        }, this::fail);
    }

    /**
     * The built-in fields the columns do not hold yet, to add one (not the item a journey chose: only a journey's
     * send list, exported from the journey, has it).
     */
    public List<String> addableFields() {
        java.util.Set<String> present = new java.util.HashSet<>();
        columns.forEach(c -> present.add(c.field));
        return java.util.Arrays.stream(org.registro.export.ExportField.values())
                .filter(f -> !f.readsJourneyItem())
                .map(org.registro.export.ExportField::code).filter(f -> !present.contains(f)).toList();
    }

    /**
     * Adds a column for the built-in field, named as the format's tool names its fields (the name can be changed
     * in the table).
     */
    public void addColumn(String field) {
        org.registro.export.ListFormat tool = format.get() == null ? org.registro.export.ListFormat.CSV
                : format.get().destination();
        org.registro.export.ExportField.byCode(field)
                .ifPresent(f -> columns.add(new Column(ExportColumn.of(f, tool.headerFor(f)))));
    }

    public void moveColumn(int index, int by) {
        int to = index + by;
        if (index >= 0 && to >= 0 && to < columns.size()) {
            Column c = columns.remove(index);
            columns.add(to, c);
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private void fail(Throwable e) {
        message.set("");
        error.set(I18n.errorText(e));
    }

    public ObservableList<Who> whoChoices() {
        return whoChoices;
    }

    public ObservableList<String> channels() {
        return channels;
    }

    public ObservableList<String> topics() {
        return topics;
    }

    /** The topic's name as the workspace calls it. */
    public String topicLabel(String code) {
        return topicLabels.getOrDefault(code, code);
    }

    public ObservableList<ExportTemplate> formats() {
        return formats;
    }

    public ObservableList<Column> columns() {
        return columns;
    }

    public ObservableList<ExportRun> history() {
        return history;
    }

    /** The email tool accounts a list can go to (the first, null, for none). */
    public ObservableList<Destination> destinations() {
        return destinations;
    }

    public ObjectProperty<Destination> destinationProperty() {
        return destination;
    }

    public ObjectProperty<Who> whoProperty() {
        return who;
    }

    public ObjectProperty<Purpose> purposeProperty() {
        return purpose;
    }

    public StringProperty channelProperty() {
        return channel;
    }

    public StringProperty topicProperty() {
        return topic;
    }

    public ObjectProperty<ExportTemplate> formatProperty() {
        return format;
    }

    public ObjectProperty<CsvOptions> csvProperty() {
        return csv;
    }

    public ObjectProperty<ExportPreview> previewProperty() {
        return preview;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty saveExcludedProperty() {
        return saveExcluded;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
