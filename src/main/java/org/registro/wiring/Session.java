package org.registro.wiring;

import java.time.Clock;
import org.registro.consent.ConsentService;
import org.registro.consent.DoubleOptInService;
import org.registro.consent.PrivacyService;
import org.registro.consent.RetentionService;
import org.registro.contact.ContactService;
import org.registro.contact.DataQuality;
import org.registro.content.ContentService;
import org.registro.recommend.RecommendService;
import org.registro.destination.DestinationService;
import org.registro.export.ExportService;
import org.registro.identity.DuplicateService;
import org.registro.identity.MergeService;
import org.registro.ingest.ImportService;
import org.registro.insight.ModelService;
import org.registro.journey.JourneyService;
import org.registro.audience.LiveAudience;
import org.registro.segment.ContactTable;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The composition root: one open workspace and every service over it, built here and nowhere else, for the
 * desktop app and the command line alike. Services take the services they use in their constructors.
 */
public record Session(Workspace workspace, WorkspaceService workspaces, ContactService contacts, ImportService imports,
                      ConsentService consent, PrivacyService privacy, DoubleOptInService doubleOptIn,
                      RetentionService retention, SegmentService segments, ModelService models,
                      ExportService exports, JourneyService journeys, MergeService merges,
                      DuplicateService duplicates, DataQuality quality, DestinationService destinations,
                      LiveAudience audience, ContentService content, RecommendService recommendations,
                      org.registro.dashboard.Dashboard dashboard, ContactTable contactTable)
        implements AutoCloseable {

    /** The services over {@code workspace}, each change audited as {@code actor}. */
    public static Session open(Workspace workspace, WorkspaceService workspaces, String actor) {
        AuditLog audit = new AuditLog(workspace.clock(), actorIn(workspace, actor));
        SegmentService segments = new SegmentService(workspace, audit);
        LiveAudience audience = new LiveAudience(workspace);
        segments.useIndex(audience);
        PrivacyService privacy = new PrivacyService(workspace, audit);
        MergeService merges = new MergeService(workspace, audit);
        DestinationService destinations = new DestinationService(workspace, audit);
        ExportService exports = new ExportService(workspace, audit, segments, destinations);
        DataQuality quality = new DataQuality(workspace, audit);
        quality.useIndex(audience::qualityCounts);
        ContentService content = new ContentService(workspace, audit);
        ConsentService consent = new ConsentService(workspace, audit);
        DoubleOptInService doubleOptIn = new DoubleOptInService(workspace, audit);
        ContactService contacts = new ContactService(workspace, audit);
        return new Session(workspace, workspaces, contacts,
                new ImportService(workspace, audit, destinations), consent, privacy, doubleOptIn,
                new RetentionService(workspace, audit, reason -> workspaces.backup(workspace, reason), privacy),
                segments, new ModelService(workspace, audit, segments), exports,
                new JourneyService(workspace, audit, segments, exports), merges,
                new DuplicateService(workspace, audit, merges), quality, destinations, audience, content,
                new RecommendService(workspace, audit, content),
                new org.registro.dashboard.Dashboard(workspace, segments, consent, quality, doubleOptIn, privacy,
                        () -> audience.started() && audience.awaitReady(5, java.util.concurrent.TimeUnit.MINUTES)),
                new ContactTable(workspace, segments, contacts, consent));
    }

    /**
     * Opens and creates workspaces, and on every open completes what an earlier session left unfinished (an
     * interrupted import or undo) and expires unconfirmed double opt-in requests.
     */
    public static WorkspaceService workspaceService(Clock clock, String actor) {
        return recoveringWorkspaceService(clock, actor).afterOpen(ws -> {
            if (ws.role().mayEdit()) { // a viewer of a team workspace leaves it to those who may change it
                new DoubleOptInService(ws, audit(ws, actor)).expire();
            }
        });
    }

    /**
     * Opens workspaces completing only what an earlier session left unfinished (for dry runs). In a team workspace
     * that is done only when nobody is running large work: an import that looks unfinished may be someone's, still
     * going; with the workspace's lock taken, it is not.
     */
    public static WorkspaceService recoveringWorkspaceService(Clock clock, String actor) {
        return new WorkspaceService(clock).afterOpen(ws -> {
            if (!ws.role().mayEdit()) {
                return;
            }
            try {
                ws.exclusively(org.registro.common.Phrase.of("team.busy.recovery"), () -> {
                    org.registro.ingest.DeferredIndexes.restore(ws); // before the undo, which reads by batch
                    new ImportService(ws, audit(ws, actor)).recoverInterrupted();
                    new MergeService(ws, audit(ws, actor)).repairAfterUncleanShutdown();
                    new ConsentService(ws, audit(ws, actor)).repairAfterUncleanShutdown();
                    return null;
                });
            } catch (org.registro.workspace.WorkspaceBusyException busy) {
                // someone else is at work in the team workspace: whoever opens it next finishes what is left
            }
        });
    }

    /** Who the audit log names: the server user in a team workspace, else {@code actor} (this computer's user). */
    public static String actorIn(Workspace workspace, String actor) {
        return workspace.team().map(org.registro.workspace.TeamAddress::user).orElse(actor);
    }

    private static AuditLog audit(Workspace workspace, String actor) {
        return new AuditLog(workspace.clock(), actorIn(workspace, actor));
    }

    /**
     * Builds the audience index in the background so counts become instant (the desktop app does, once per
     * open workspace; a single command line count is answered in SQL).
     */
    public Session withLiveCounts() {
        audience.start();
        return this;
    }

    @Override
    public void close() {
        audience.close();
        workspace.close();
    }
}
