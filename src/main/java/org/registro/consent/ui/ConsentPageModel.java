package org.registro.consent.ui;

import org.registro.contact.ContactLookup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.common.Progress;
import org.registro.consent.ConsentService;
import org.registro.consent.DoubleOptInPolicy;
import org.registro.consent.DoubleOptInService;
import org.registro.consent.PrivacyService;
import org.registro.consent.RetentionService;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;

/**
 * The Consent area: privacy requests and their due dates, the double opt-in policy and the people waiting to
 * confirm, retention rules with their preview and runs, and the preference centre's topics.
 */
public final class ConsentPageModel {

    private final ConsentService consent;
    private final PrivacyService privacy;
    private final DoubleOptInService doubleOptIn;
    private final RetentionService retention;
    private final TaskRunner tasks;
    private final ObservableList<PrivacyService.Request> requests = FXCollections.observableArrayList();
    private final ObservableList<DoubleOptInService.Pending> pending = FXCollections.observableArrayList();
    private final IntegerProperty pendingCount = new SimpleIntegerProperty(this, "pendingCount");
    private final ObjectProperty<DoubleOptInPolicy> policy = new SimpleObjectProperty<>(this, "policy");
    private final ObservableList<RetentionService.Policy> rules = FXCollections.observableArrayList();
    private final ObservableList<RetentionService.Preview> previews = FXCollections.observableArrayList();
    private final ObservableList<RetentionService.Run> runs = FXCollections.observableArrayList();
    private final ObservableList<ConsentService.Topic> topics = FXCollections.observableArrayList();
    private final ObservableList<String> channels = FXCollections.observableArrayList();
    private final ConfirmationList confirmationList;
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    /** Writes the confirmation-request list through the export service (the app wires it); returns the rows. */
    @FunctionalInterface
    public interface ConfirmationList {
        long write(Path file, Progress progress);
    }

    /** Whether the user may run retention rules (in a team workspace, administrators only). */
    public boolean mayRunRetention() {
        return retention.mayRun();
    }

    public ConsentPageModel(ConsentService consent, PrivacyService privacy, DoubleOptInService doubleOptIn,
                            RetentionService retention, ConfirmationList confirmationList, TaskRunner tasks) {
        this.confirmationList = confirmationList;
        this.consent = consent;
        this.privacy = privacy;
        this.doubleOptIn = doubleOptIn;
        this.retention = retention;
        this.tasks = tasks;
    }

    private record Everything(List<PrivacyService.Request> requests, DoubleOptInPolicy policy, int pendingCount,
                              List<DoubleOptInService.Pending> pending, List<RetentionService.Policy> rules,
                              List<RetentionService.Preview> previews, List<RetentionService.Run> runs,
                              List<ConsentService.Topic> topics, List<String> channels) {
    }

    public void load() {
        tasks.run(null, progress -> new Everything(privacy.requests(), doubleOptIn.policy(),
                        doubleOptIn.pendingCount(), doubleOptIn.pending(200), retention.policies(),
                        retention.previewAll(), retention.runs(), consent.topics(), consent.channels()),
                all -> {
                    requests.setAll(all.requests());
                    policy.set(all.policy());
                    pendingCount.set(all.pendingCount());
                    pending.setAll(all.pending());
                    rules.setAll(all.rules());
                    previews.setAll(all.previews());
                    runs.setAll(all.runs());
                    topics.setAll(all.topics());
                    channels.setAll(all.channels());
                }, this::fail);
    }

    // ---------------------------------------------------------------- requests

    /** The people a typed id, email, phone or name may mean; the view offers a choice when there are several. */
    public void findPeople(String who, java.util.function.Consumer<List<ContactLookup.Candidate>> found) {
        tasks.run(null, progress -> privacy.candidates(who), found, this::fail);
    }

    /** Logs a request for one contact. */
    public void logRequest(long contactId, String kind, Instant receivedAt, String note) {
        tasks.run(null, progress -> privacy.log(contactId, kind, receivedAt, note),
                request -> done(I18n.t("consent.requests.logged", I18n.t("privacy.kind." + request.kind()),
                        request.contactName(), I18n.shortDate(request.dueAt()))), this::fail);
    }

    public void access(PrivacyService.Request request, Path folder) {
        tasks.run(I18n.t("prefs.access.task"), progress -> privacy.access(request.contactId(), folder),
                files -> done(I18n.t("prefs.access.done", files.html().toString())), this::fail);
    }

    public void erase(PrivacyService.Request request) {
        tasks.run(I18n.t("prefs.erase.task"), progress -> privacy.erase(request.contactId(),
                        I18n.t("consent.requests.eraseReason", request.id())),
                erasure -> done(I18n.t("prefs.erase.done", erasure.identifiersSuppressed())), this::fail);
    }

    public void restrict(PrivacyService.Request request) {
        tasks.run(null, progress -> {
            privacy.restrict(request.contactId(), true, I18n.t("consent.requests.restrictReason", request.id()));
            return null;
        }, ok -> done(I18n.t("prefs.restricted")), this::fail);
    }

    public void close(PrivacyService.Request request, boolean fulfilled, String result) {
        tasks.run(null, progress -> {
            privacy.close(request.id(), fulfilled, result);
            return null;
        }, ok -> done(I18n.t(fulfilled ? "consent.requests.closed" : "consent.requests.refused")), this::fail);
    }

    // ---------------------------------------------------------------- double opt-in

    public void savePolicy(String countries, int expiryDays) {
        tasks.run(null, progress -> {
            DoubleOptInPolicy current = doubleOptIn.policy();
            doubleOptIn.setPolicy(new DoubleOptInPolicy(DoubleOptInPolicy.countriesOf(countries),
                    current.channels(), expiryDays));
            return null;
        }, ok -> done(I18n.t("consent.doi.saved")), this::fail);
    }

    public void writeConfirmationList(Path file) {
        tasks.run(I18n.t("consent.doi.writing"), progress -> confirmationList.write(file, progress),
                rows -> done(I18n.t("consent.doi.written", rows, file.toString())), this::fail);
    }

    public void expire() {
        tasks.run(null, progress -> doubleOptIn.expire(), count -> done(I18n.t("consent.doi.expired", count)),
                this::fail);
    }

    // ---------------------------------------------------------------- retention

    public void saveRule(String kind, int months, boolean active) {
        tasks.run(null, progress -> retention.save(kind, months, active),
                rule -> done(I18n.t("consent.retention.saved")), this::fail);
    }

    public void runRule(RetentionService.Policy rule) {
        tasks.run(I18n.t("consent.retention.running"), progress -> retention.run(rule.id()),
                run -> done(I18n.t("consent.retention.ran", run.affected(), String.valueOf(run.backup()))),
                this::fail);
    }

    // ---------------------------------------------------------------- topics

    public void addTopic(String code, String label, String description) {
        tasks.run(null, progress -> consent.addTopic(code, label, description),
                topic -> done(I18n.t("consent.topics.added", topic.label())), this::fail);
    }

    public void addChannel(String code, String label) {
        tasks.run(null, progress -> {
            consent.addChannel(code, label);
            return null;
        }, ok -> done(I18n.t("consent.channels.added", code)), this::fail);
    }

    private void done(String text) {
        error.set("");
        message.set(text);
        load();
    }

    private void fail(Throwable t) {
        message.set("");
        error.set(I18n.errorText(t));
    }

    public ObservableList<PrivacyService.Request> requests() {
        return requests;
    }

    public ObservableList<DoubleOptInService.Pending> pending() {
        return pending;
    }

    public IntegerProperty pendingCountProperty() {
        return pendingCount;
    }

    public ObjectProperty<DoubleOptInPolicy> policyProperty() {
        return policy;
    }

    public ObservableList<RetentionService.Policy> rules() {
        return rules;
    }

    public ObservableList<RetentionService.Preview> previews() {
        return previews;
    }

    public ObservableList<RetentionService.Run> runs() {
        return runs;
    }

    public ObservableList<ConsentService.Topic> topics() {
        return topics;
    }

    public ObservableList<String> channels() {
        return channels;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
