package org.registro.recommend.ui;

import java.nio.file.Path;
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
import org.registro.content.ContentFile;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;
import org.registro.recommend.Evaluation;
import org.registro.recommend.RecommendService;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The Content area: the library of items, the campaigns in imported activity that name no item yet (to link),
 * and recommendations — refresh, the share of exploration, and how well they find what people do next.
 */
public final class ContentPageModel {

    private final ContentService content;
    private final RecommendService recommendations;
    private final ConsentService consent;
    private final TaskRunner tasks;
    private final Path rejectsDir;

    private final ObservableList<ContentItem> items = FXCollections.observableArrayList();
    private final ObservableList<ContentService.Unknown> unknown = FXCollections.observableArrayList();
    private final ObservableList<ConsentService.Topic> topics = FXCollections.observableArrayList();
    private final ObservableList<String> channels = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty refreshed = new SimpleStringProperty(this, "refreshed", "");
    private final ObjectProperty<Evaluation> evaluation = new SimpleObjectProperty<>(this, "evaluation");
    private final ObjectProperty<Double> exploration = new SimpleObjectProperty<>(this, "exploration",
            RecommendService.DEFAULT_EXPLORATION);
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    /** What the page reads at once. */
    private record Everything(List<ContentItem> items, java.util.Map<String, java.time.Instant> savedAt,
                              List<ContentService.Unknown> unknown, List<ConsentService.Topic> topics,
                              List<String> channels, String refreshed, double exploration) {
    }

    /** When each item was last saved, as read with the library: the version an edit begins from. */
    private java.util.Map<String, java.time.Instant> savedAt = java.util.Map.of();

    public ContentPageModel(ContentService content, RecommendService recommendations, ConsentService consent,
                            TaskRunner tasks, Path rejectsDir) {
        this.content = content;
        this.recommendations = recommendations;
        this.consent = consent;
        this.tasks = tasks;
        this.rejectsDir = rejectsDir;
    }

    public void load() {
        tasks.run(null, p -> new Everything(content.list(), content.savedAt(), content.unknownCampaigns(100),
                consent.topics(),
                consent.channels(), recommendations.lastRefresh().map(t -> I18n.dateTime(t.toInstant())).orElse(""),
                recommendations.exploration()), all -> {
                    items.setAll(all.items());
                    savedAt = all.savedAt();
                    unknown.setAll(all.unknown());
                    topics.setAll(all.topics());
                    channels.setAll(all.channels());
                    refreshed.set(all.refreshed());
                    exploration.set(all.exploration());
                }, this::failed);
    }

    /** Saves the item (a new one, or the one with its key) and reads the library again. */
    public void save(ContentItem item) {
        save(item, null, null);
    }

    /** The version of {@code item} an edit begins from (null for a new one). */
    public java.time.Instant versionOf(ContentItem item) {
        return item == null ? null : savedAt.get(item.key());
    }

    /**
     * Saves an edit begun from version {@code seen}; when someone saved the item since, nothing is saved, the error
     * says who, and {@code saveOver} gets the edit back with their version, to offer saving it over theirs.
     */
    public void save(ContentItem item, java.time.Instant seen,
                     java.util.function.BiConsumer<ContentItem, java.time.Instant> saveOver) {
        busy.set(true);
        error.set("");
        tasks.run(null, p -> content.save(item, seen), saved -> done(I18n.t("content.saved", saved.title())), e -> {
            failed(e);
            if (saveOver != null && org.registro.common.RegistroException.explain(e)
                    instanceof org.registro.workspace.SavedMeanwhileException meanwhile) {
                saveOver.accept(item, meanwhile.current());
            }
        });
    }

    public void archive(ContentItem item, boolean archived) {
        run(p -> {
            content.archive(item.key(), archived);
            return item;
        }, i -> done(I18n.t(archived ? "content.archived" : "content.restored", i.title())));
    }

    /** Says which item a campaign in imported activity means. */
    public void link(ContentService.Unknown campaign, ContentItem item) {
        run(p -> content.map(ContentItem.Reference.CAMPAIGN, campaign.value(), item.key()),
                i -> done(I18n.t("content.linked", campaign.value(), i.title())));
    }

    public void importFile(Path file) {
        run(p -> new ContentFile(content).importFile(file, rejectsDir, p), r -> {
            done(I18n.t("content.imported", r.added(), r.updated()));
            if (r.rejected() > 0) {
                error.set(I18n.t("content.importRejected", r.rejected(), r.rejects().toString()));
            }
        });
    }

    public void refresh() {
        run(recommendations::refresh, r -> done(I18n.t("content.refreshedNow", r.people(), r.items())));
    }

    public void evaluate() {
        run(recommendations::evaluate, e -> {
            evaluation.set(e);
            busy.set(false);
        });
    }

    public void setExploration(double share) {
        run(p -> {
            recommendations.setExploration(share);
            return share;
        }, s -> {
            exploration.set(s);
            busy.set(false);
        });
    }

    private <T> void run(TaskRunner.Job<T> job, java.util.function.Consumer<T> then) {
        busy.set(true);
        error.set("");
        tasks.run(null, job, then, this::failed);
    }

    private void done(String text) {
        message.set(text);
        busy.set(false);
        load();
    }

    private void failed(Throwable e) {
        busy.set(false);
        error.set(I18n.errorText(e));
    }

    public ObservableList<ContentItem> items() {
        return items;
    }

    public ObservableList<ContentService.Unknown> unknown() {
        return unknown;
    }

    /** The item's topics as the preference centre names them, for the library's table. */
    public String topicNames(ContentItem item) {
        return String.join(", ", item.topics().stream().map(t -> topics.stream().filter(x -> x.code().equals(t))
                .map(ConsentService.Topic::label).findFirst().orElse(t)).toList());
    }

    public ObservableList<ConsentService.Topic> topics() {
        return topics;
    }

    public ObservableList<String> channels() {
        return channels;
    }

    public StringProperty message() {
        return message;
    }

    public StringProperty error() {
        return error;
    }

    public StringProperty refreshed() {
        return refreshed;
    }

    public ObjectProperty<Evaluation> evaluation() {
        return evaluation;
    }

    public ObjectProperty<Double> exploration() {
        return exploration;
    }

    public BooleanProperty busy() {
        return busy;
    }
}
