package org.registro.app;

import org.registro.consent.ConsentService;
import org.registro.consent.DoubleOptInService;
import org.registro.consent.PrivacyService;
import org.registro.consent.RetentionService;
import org.registro.contact.ContactService;
import org.registro.contact.DataQuality;
import org.registro.export.ExportService;
import org.registro.identity.DuplicateService;
import org.registro.ingest.ImportService;
import org.registro.insight.ModelService;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** One open workspace and the services over it; closed when the user switches or quits. */
public record Session(Workspace workspace, WorkspaceService workspaces, ContactService contacts, ImportService imports,
                      ConsentService consent, PrivacyService privacy, DoubleOptInService doubleOptIn,
                      RetentionService retention, SegmentService segments, ModelService models,
                      ExportService exports, DuplicateService duplicates, DataQuality quality)
        implements AutoCloseable {

    static Session open(Workspace workspace, WorkspaceService workspaces, String actor) {
        AuditLog audit = new AuditLog(workspace.clock(), actor);
        return new Session(workspace, workspaces, new ContactService(workspace, audit),
                new ImportService(workspace, audit), new ConsentService(workspace, audit),
                new PrivacyService(workspace, audit), new DoubleOptInService(workspace, audit),
                new RetentionService(workspace, audit, reason -> workspaces.backup(workspace, reason)),
                new SegmentService(workspace, audit), new ModelService(workspace, audit),
                new ExportService(workspace, audit), new DuplicateService(workspace, audit),
                new DataQuality(workspace, audit));
    }

    @Override
    public void close() {
        workspace.close();
    }
}
