package org.registro.testutil;

import java.nio.file.Path;
import java.time.Clock;
import org.registro.contact.ContactService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** Fresh, migrated workspaces in a test's temporary folder. */
public final class TestWorkspaces {

    private TestWorkspaces() {
    }

    public static Workspace create(Path dir, Clock clock) {
        return new WorkspaceService(clock).create(dir.resolve("ws"), new NewWorkspace("Test", "ES", null));
    }

    public static ContactService contacts(Workspace workspace) {
        return new ContactService(workspace, new AuditLog(workspace.clock(), "tester"));
    }
}
