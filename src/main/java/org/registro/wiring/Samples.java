package org.registro.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.content.ContentFile;
import org.registro.content.ContentService;
import org.registro.ingest.SampleWorkspaces;
import org.registro.recommend.RecommendService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * Builds a sample workspace whole, for the start screen and the command line alike: its files imported
 * ({@link SampleWorkspaces}), then its content library, then everyone's recommendations.
 */
public final class Samples {

    private Samples() {
    }

    public static Workspace build(String code, Path folder, WorkspaceService workspaces, Clock clock, String actor,
                                  Progress progress) {
        boolean hasContent = SampleWorkspaces.describe(code).content() != null;
        int steps = SampleWorkspaces.describe(code).files().size() + (hasContent ? 2 : 0);
        Workspace workspace = SampleWorkspaces.build(code, folder, workspaces, clock, actor, progress, steps);
        try {
            Path content = SampleWorkspaces.contentFile(folder, code).filter(Files::exists).orElse(null);
            if (content != null) {
                AuditLog audit = new AuditLog(clock, actor);
                ContentService library = new ContentService(workspace, audit);
                new ContentFile(library).importFile(content, workspace.rejectsDir(),
                        progress.step(steps - 2, steps, Messages.get("sample.step.content")));
                new RecommendService(workspace, audit, library).refresh(
                        progress.step(steps - 1, steps, Messages.get("sample.step.recommend")));
            }
            progress.update(steps, steps, null);
            return workspace;
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
    }
}
