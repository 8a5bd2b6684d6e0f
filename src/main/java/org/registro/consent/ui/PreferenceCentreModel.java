package org.registro.consent.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.consent.AccessReport;
import org.registro.consent.ConsentService;
import org.registro.consent.Consent;
import org.registro.consent.PrivacyService;
import org.registro.consent.Purpose;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * One contact's preference centre: the state per channel and topic now or as of a date, every ledger event,
 * the answer to "could we send this on that date, and why", changes with a reason, and the privacy actions.
 */
public final class PreferenceCentreModel {

    /** What the grid, the timeline and the privacy buttons show. */
    record Snapshot(List<String> channels, List<ConsentService.Topic> topics, List<ConsentService.State> states,
                    List<ConsentService.Event> history, boolean restricted) {
    }

    private final long contactId;
    private final ConsentService consent;
    private final PrivacyService privacy;
    private final TaskRunner tasks;
    private final Clock clock;
    private final Runnable onContactChanged;
    private final Runnable onErased;
    private final ObjectProperty<LocalDate> asOf = new SimpleObjectProperty<>(this, "asOf");
    private final ObjectProperty<Snapshot> snapshot = new SimpleObjectProperty<>(this, "snapshot");
    private final ObservableList<ConsentService.Event> history = FXCollections.observableArrayList();
    private final ObjectProperty<ConsentService.Decision> decision = new SimpleObjectProperty<>(this, "decision");
    private final BooleanProperty restricted = new SimpleBooleanProperty(this, "restricted");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    /**
     * @param onContactChanged called after a change other views show (a restriction), so they reload the contact
     * @param onErased         called once the contact is erased, so the views let go of it
     */
    /** Whether the user may erase this person (in a team workspace, administrators only). */
    /** Whether the user may change this person's consent or record a privacy request (not a team's viewer). */
    public boolean mayChange() {
        return privacy.mayChange();
    }

    public boolean mayErase() {
        return privacy.mayErase();
    }

    public PreferenceCentreModel(long contactId, ConsentService consent, PrivacyService privacy, TaskRunner tasks,
                                 Clock clock, Runnable onContactChanged, Runnable onErased) {
        this.contactId = contactId;
        this.consent = consent;
        this.privacy = privacy;
        this.tasks = tasks;
        this.clock = clock;
        this.onContactChanged = onContactChanged;
        this.onErased = onErased;
        asOf.addListener((obs, old, now) -> load());
    }

    /** Loads the grid (now, or at the end of the chosen day), the ledger and the restriction flag. */
    public void load() {
        Instant at = moment(asOf.get());
        tasks.run(null, progress -> new Snapshot(consent.channels(), consent.topics().stream()
                        .filter(ConsentService.Topic::active).toList(),
                        at == null ? consent.current(contactId) : consent.asOf(contactId, at),
                        consent.history(contactId), privacy.restricted(contactId)),
                s -> {
                    snapshot.set(s);
                    List<ConsentService.Event> newestFirst = new java.util.ArrayList<>(s.history());
                    java.util.Collections.reverse(newestFirst);
                    history.setAll(newestFirst);
                    restricted.set(s.restricted());
                    error.set("");
                }, this::fail);
    }

    /** The status shown in a grid cell, or null when nothing was recorded. */
    public String statusOf(String channel, String topic) {
        Snapshot s = snapshot.get();
        if (s == null) {
            return null;
        }
        return s.states().stream().filter(st -> st.channel().equals(channel)
                        && java.util.Objects.equals(st.topic(), topic))
                .map(ConsentService.State::status).findFirst().orElse(null);
    }

    /** Records a change made by hand; the reason is kept as the event's evidence. */
    public void change(String channel, String topic, String status, String reason) {
        if (reason == null || reason.isBlank()) {
            error.set(I18n.t("prefs.reasonRequired"));
            return;
        }
        tasks.run(null, progress -> {
            consent.record(new ConsentService.Change(contactId, channel, topic, status, Consent.METHOD_MANUAL, null,
                    null, reason.strip()));
            return null;
        }, ok -> {
            decision.set(null);
            message.set(I18n.t("prefs.recorded", label(channel, topic), I18n.t("consent.status." + status)));
            load();
        }, this::fail);
    }

    /** Answers "could we send a {@code purpose} message on {@code channel} about {@code topic} on {@code day}?" */
    public void check(Purpose purpose, String channel, String topic, LocalDate day) {
        Instant at = day == null ? clock.instant() : moment(day);
        tasks.run(null, progress -> consent.decide(contactId, purpose, channel, topic, at), decision::set, this::fail);
    }

    public void restrict(boolean on, String reason) {
        tasks.run(null, progress -> {
            privacy.restrict(contactId, on, reason);
            return null;
        }, ok -> {
            message.set(I18n.t(on ? "prefs.restricted" : "prefs.unrestricted"));
            load();
            onContactChanged.run();
        }, this::fail);
    }

    public void access(Path folder, Consumer<AccessReport.Files> onWritten) {
        tasks.run(I18n.t("prefs.access.task"), progress -> privacy.access(contactId, folder), files -> {
            message.set(I18n.t("prefs.access.done", files.html().toString()));
            load();
            onWritten.accept(files);
        }, this::fail);
    }

    public void erase(String reason) {
        tasks.run(I18n.t("prefs.erase.task"), progress -> privacy.erase(contactId, reason), erasure -> {
            message.set(I18n.t("prefs.erase.done", erasure.identifiersSuppressed()));
            onErased.run();
        }, this::fail);
    }

    /** The end of that day in the user's zone (so "as of 1 March" includes 1 March), or null for now. */
    private Instant moment(LocalDate day) {
        return day == null ? null : day.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().minusMillis(1);
    }

    private void fail(Throwable t) {
        error.set(I18n.errorText(t));
    }

    /** "Email · Events": the channel's name and the topic's label. */
    String label(String channel, String topic) {
        String topicLabel = topic;
        Snapshot s = snapshot.get();
        if (topic != null && s != null) {
            topicLabel = s.topics().stream().filter(t -> t.code().equals(topic)).map(ConsentService.Topic::label)
                    .findFirst().orElse(topic);
        }
        return org.registro.common.Messages.getOr("channel." + channel, channel)
                + (topic == null ? "" : " · " + topicLabel);
    }

    public long contactId() {
        return contactId;
    }

    public ObjectProperty<LocalDate> asOfProperty() {
        return asOf;
    }

    /** Runs {@code action} each time the person's consent has been read again (after every change). */
    public void onConsentRead(Runnable action) {
        snapshot.addListener((obs, old, now) -> action.run());
    }

    public ObjectProperty<Snapshot> snapshotProperty() {
        return snapshot;
    }

    public ObservableList<ConsentService.Event> history() {
        return history;
    }

    public ObjectProperty<ConsentService.Decision> decisionProperty() {
        return decision;
    }

    public BooleanProperty restrictedProperty() {
        return restricted;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
