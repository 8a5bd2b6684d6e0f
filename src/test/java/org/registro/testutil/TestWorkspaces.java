package org.registro.testutil;

import java.nio.file.Path;
import java.time.Clock;
import org.registro.contact.ContactService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.TeamAddress;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** Fresh, migrated workspaces in a test's temporary folder. */
public final class TestWorkspaces {

    private TestWorkspaces() {
    }

    /**
     * The PostgreSQL database the core suite runs against as well as H2 ({@code .ci/run} sets it:
     * {@code -Dregistro.test.postgresql=postgresql://user@host/db}, the password in {@code PGPASSWORD}); absent, every
     * workspace is an H2 one.
     */
    public static final String SERVER_PROPERTY = "registro.test.postgresql";
    private static final java.util.concurrent.atomic.AtomicInteger SCHEMAS = new java.util.concurrent.atomic.AtomicInteger();

    public static Workspace create(Path dir, Clock clock) {
        return create(new WorkspaceService(clock), dir);
    }

    /**
     * A new workspace made by {@code service}: in {@code dir}, or, when the suite runs against a server, in a new
     * schema of its database (the same tests, the other store).
     */
    public static Workspace create(WorkspaceService service, Path dir) {
        NewWorkspace spec = new NewWorkspace("Test", "ES", null);
        return onServer() ? service.create(newTeamAddress(), null, spec) : service.create(dir.resolve("ws"), spec);
    }

    /** Whether this run's workspaces are on a PostgreSQL server. */
    public static boolean onServer() {
        String server = System.getProperty(SERVER_PROPERTY);
        return server != null && !server.isBlank();
    }

    /** A schema of the test server no workspace has used yet. */
    public static TeamAddress newTeamAddress() {
        TeamAddress base = TeamAddress.parse(System.getProperty(SERVER_PROPERTY));
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet() + "_"
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        return new TeamAddress(base.user(), base.host(), base.port(), base.database(), schema);
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
