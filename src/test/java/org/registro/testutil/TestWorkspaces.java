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

    /** The schema version the newest migration shipped with Registro brings a workspace to ("14" for V014). */
    public static String latestSchemaVersion() {
        try (var sql = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"));
             var code = java.nio.file.Files.list(java.nio.file.Path.of("src/main/java/db/migration"))) {
            return String.valueOf(java.util.stream.Stream.concat(sql, code).map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.(sql|java)"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
