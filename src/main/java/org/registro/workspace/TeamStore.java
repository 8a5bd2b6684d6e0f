package org.registro.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.registro.common.RegistroException;

/**
 * Opens and creates team workspaces: the same schema and services on a shared PostgreSQL server (decision 0014).
 * The workspace's name lives in the database; rejects, exports and backups go to this user's local folder
 * ({@link TeamAddress#localFolder()}). Several people open it at once, so there is no folder lock.
 */
final class TeamStore {

    static final String SETTING_NAME = "workspace_name";
    static final String SETTING_CREATED = "workspace_created_at";
    /** PostgreSQL's code for a refused password, a missing password, and a missing database. */
    private static final String BAD_PASSWORD = "28P01";
    private static final String NO_AUTH = "28000";
    private static final String NO_DATABASE = "3D000";

    private TeamStore() {
    }

    /** A pool of connections to the workspace's schema; every connection says which client it is. */
    static JdbcConnectionPool pool(TeamAddress address, char[] password, String client) {
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setServerNames(new String[] {address.host()});
        source.setPortNumbers(new int[] {address.port()});
        source.setDatabaseName(address.database());
        source.setUser(address.user());
        char[] secret = password != null && password.length > 0 ? password : TeamPassword.fromEnvironment();
        if (secret != null) {
            source.setPassword(new String(secret));
        }
        source.setCurrentSchema(address.schema());
        source.setApplicationName("Registro");
        source.setConnectTimeout(10);
        source.setReWriteBatchedInserts(true);
        source.setOptions("-c registro.client=" + client);
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(8);
        return pool;
    }

    /** Whether the schema already holds a workspace (a schema history). */
    private static boolean holdsWorkspace(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT to_regclass(quote_ident(current_schema()) || '.flyway_schema_history')"
                + " IS NOT NULL"); var r = s.executeQuery()) {
            return r.next() && r.getBoolean(1);
        }
    }

    /** Opens the team workspace at {@code address}, or creates it there when {@code spec} is given. */
    static Workspace open(WorkspaceService service, TeamAddress address, char[] password, NewWorkspace spec,
                          Clock clock) {
        boolean creating = spec != null;
        String client = UUID.randomUUID().toString();
        JdbcConnectionPool pool = pool(address, password, client);
        try {
            try (Connection c = pool.getConnection()) {
                boolean exists = holdsWorkspace(c);
                if (creating && exists) {
                    throw new RegistroException("error.team.exists", address.toString());
                }
                if (!creating && !exists) {
                    throw new RegistroException("error.team.notFound", address.toString());
                }
                if (creating) {
                    prepare(c, address);
                }
            } catch (SQLException e) {
                throw translate(e, address, password != null || TeamPassword.fromEnvironment() != null);
            }
            Path folder = address.localFolder();
            for (String sub : new String[] {"backups", "rejects", "exports"}) {
                Files.createDirectories(folder.resolve(sub));
            }
            service.migrate(pool, Store.POSTGRES, address.toString(), version -> {
                // the server's own backups are the administrator's: a dump is taken when pg_dump is at hand
                TeamBackups.takeQuietly(address, password, folder.resolve("backups"), "before-v" + version, clock);
            });
            if (creating) {
                // the name lives in the database: written before the workspace starts reading it
                var setup = org.jooq.impl.DSL.using(pool, Store.POSTGRES.dialect(), Workspace.settings(Store.POSTGRES));
                Workspace.putSetting(setup, SETTING_NAME, spec.name().strip());
                Workspace.putSetting(setup, SETTING_CREATED, clock.instant().toString());
            }
            Workspace workspace = new Workspace(folder, address, client, manifest(pool, address), pool, null, clock,
                    null);
            try {
                finishOpening(workspace, pool, address, password);
            } catch (RuntimeException e) {
                workspace.close(); // its change feed stops with it
                throw e;
            }
            return workspace;
        } catch (java.io.IOException e) {
            pool.dispose();
            throw new RegistroException(e, "error.workspace.createFailed", address.localFolder().toString(),
                    e.getMessage());
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    /** The user's role, the busy table watched, and the change feed's old rows pruned (by those who may). */
    private static void finishOpening(Workspace workspace, JdbcConnectionPool pool, TeamAddress address,
                                      char[] password) {
        workspace.rememberTeamPassword(password);
        try (Connection c = pool.getConnection()) {
            workspace.rememberRole(TeamRoles.roleOf(c, address));
        } catch (SQLException e) {
            throw translate(e, address, true);
        }
        // others hear when someone starts or ends large work (a catalogue change of registro_busy)
        workspace.changes().watch(workspace.dsl(), "registro_busy", null);
        if (workspace.role().mayEdit()) {
            // the feed's rows are read within seconds; a day's are kept for clients that were asleep
            workspace.dsl().execute("DELETE FROM registro_change WHERE changed_at < now() - interval '1 day'");
        }
    }

    /** The schema of a new team workspace, made when missing. */
    private static void prepare(Connection c, TeamAddress address) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + address.schema());
        }
    }

    private static WorkspaceManifest manifest(JdbcConnectionPool pool, TeamAddress address) {
        try (Connection c = pool.getConnection();
             var s = c.prepareStatement("SELECT setting_key, setting_value FROM workspace_setting"
                     + " WHERE setting_key IN (?, ?)")) {
            s.setString(1, SETTING_NAME);
            s.setString(2, SETTING_CREATED);
            String name = address.database();
            Instant created = Instant.EPOCH;
            try (var r = s.executeQuery()) {
                while (r.next()) {
                    if (SETTING_NAME.equals(r.getString(1))) {
                        name = r.getString(2);
                    } else {
                        created = Instant.parse(r.getString(2));
                    }
                }
            }
            return new WorkspaceManifest(WorkspaceManifest.CURRENT_FORMAT, name, false, created);
        } catch (SQLException e) {
            throw translate(e, address, true);
        }
    }

    /** What the user is told when the server refuses. */
    static RuntimeException translate(SQLException e, TeamAddress address, boolean gavePassword) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (BAD_PASSWORD.equals(state) || NO_AUTH.equals(state) && message.contains("password")
                || message.contains("no password was provided")) {
            return gavePassword ? new WrongPasswordException(address.toString())
                    : new PasswordRequiredException(address.toString());
        }
        if (NO_DATABASE.equals(state)) {
            return new RegistroException("error.team.noDatabase", address.toString(), address.database());
        }
        if (state.startsWith("08")) {
            return new RegistroException(e, "error.team.unreachable", address.toString(), message);
        }
        return new RegistroException(e, "error.workspace.openFailed", address.toString(), message);
    }
}
