package org.registro.app;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.registro.common.Progress;
import org.registro.consent.PrivacyService;
import org.registro.consent.RetentionService;
import org.registro.dashboard.Dashboard;
import org.registro.dashboard.ui.ChartImages;
import org.registro.destination.DestinationService;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;
import org.registro.wiring.Session;
import org.registro.workspace.ActivityEntry;

/** What Home shows, read off the UI thread: the dashboard's figures and what needs attention. */
public final class HomeModel {

    /** What needs doing, and the latest entries of the audit log. */
    record Attention(List<ActivityEntry> activity, List<PrivacyService.Request> dueRequests, int pendingConfirmation,
                     List<RetentionService.Preview> retention, int duplicatePairs,
                     List<DestinationService.Pending> behind) {
    }

    private final Session session;
    private final TaskRunner tasks;
    private final ObjectProperty<Dashboard.Figures> figures = new SimpleObjectProperty<>(this, "figures");
    private final ObjectProperty<Attention> attention = new SimpleObjectProperty<>(this, "attention");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");

    public HomeModel(Session session, TaskRunner tasks) {
        this.session = session;
        this.tasks = tasks;
    }

    public void load() {
        java.time.Instant soon = session.workspace().clock().instant().plus(java.time.Duration.ofDays(7));
        tasks.run(null, p -> new Attention(session.workspaces().recentActivity(session.workspace(), 12),
                        session.privacy().due(soon), session.doubleOptIn().pendingCount(),
                        session.retention().previewAll().stream().filter(r -> r.count() > 0).toList(),
                        session.duplicates().stored().pairs(),
                        session.destinations().pendingAll().stream().filter(d -> !d.isEmpty()).toList()),
                attention::set, e -> error.set(I18n.errorText(e)));
        tasks.run(null, p -> session.dashboard().figures(Progress.NONE), figures::set,
                e -> error.set(I18n.errorText(e)));
    }

    /** Writes a chart's picture (taken on the FX thread) to a PNG file. */
    public void savePicture(java.awt.image.BufferedImage picture, Path file) {
        tasks.run(null, p -> {
            ChartImages.write(picture, file);
            return file;
        }, f -> message.set(I18n.t("home.chart.saved", f.getFileName())), e -> error.set(I18n.errorText(e)));
    }

    public java.time.Instant now() {
        return session.workspace().clock().instant();
    }

    public String workspaceName() {
        return session.workspace().name();
    }

    public ObjectProperty<Dashboard.Figures> figuresProperty() {
        return figures;
    }

    ObjectProperty<Attention> attentionProperty() {
        return attention;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
