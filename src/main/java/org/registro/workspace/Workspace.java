package org.registro.workspace;

import static org.registro.db.Tables.WORKSPACE_SETTING;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * One open workspace: its folder, its database and the lock that keeps other Registro instances out.
 * Services take a workspace and run their own transactions on {@link #dsl()}.
 */
public final class Workspace implements AutoCloseable {

    public static final String SETTING_DEFAULT_REGION = "default_region";
    public static final String SETTING_SALT = "suppression_salt";
    public static final String SETTING_TIME_ZONE = "time_zone";

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final Path folder;
    private final Store store;
    private final TeamAddress team;
    private final WorkspaceManifest manifest;
    private final JdbcConnectionPool pool;
    private final DSLContext dsl;
    private final Changes changes;
    /** A team workspace's lock for work that changes many people at once; null in a folder. */
    private final ExclusiveWork exclusive;
    private final WorkspaceLock lock;
    private final Clock clock;
    private volatile boolean closed;
    private volatile String defaultRegion = "ES";
    /** What the user may do: in a folder, everything; in a team workspace, their role there. */
    private volatile TeamRoles.Role role = TeamRoles.Role.ADMINISTRATOR;
    /** A team workspace's server password, kept in memory for pg_dump while it is open (never written). */
    private char[] teamPassword;
    private final String uncleanPreviousHolder;
    private final String recoveryProblem;

    Workspace(Path folder, WorkspaceManifest manifest, JdbcConnectionPool pool, WorkspaceLock lock, Clock clock) {
        this(folder, manifest, pool, lock, clock, null);
    }

    Workspace(Path folder, WorkspaceManifest manifest, JdbcConnectionPool pool, WorkspaceLock lock, Clock clock,
              String recoveryProblem) {
        this(folder, null, null, manifest, pool, lock, clock, recoveryProblem);
    }

    /**
     * A workspace in {@code pool}'s database; {@code team} is where a team workspace lives (then there is no
     * folder lock: several people open it at once, and {@code folder} is this user's local folder), whose
     * connections all carry {@code client} as their {@code registro.client} setting.
     */
    Workspace(Path folder, TeamAddress team, String client, WorkspaceManifest manifest, JdbcConnectionPool pool,
              WorkspaceLock lock, Clock clock, String recoveryProblem) {
        this.recoveryProblem = recoveryProblem;
        this.uncleanPreviousHolder = lock == null ? null : lock.uncleanPreviousHolder();
        this.team = team;
        this.store = team == null ? Store.H2 : Store.POSTGRES;
        this.folder = folder;
        this.manifest = manifest;
        this.pool = pool;
        this.lock = lock;
        this.clock = clock;
        this.changes = store == Store.H2 ? new Changes(databaseOf(pool)) : new Changes(pool, client);
        this.exclusive = team == null ? null : new ExclusiveWork(pool, team.schema(), client);
        this.dsl = DSL.using(new org.jooq.impl.DefaultConfiguration().set(pool).set(store.dialect())
                .set(settings(store))
                .set(changes.transactions()).set(changes.statements()));
    }

    /**
     * How jOOQ writes SQL for a store. The generated code names tables as H2 stores them (upper case); PostgreSQL
     * folds the names of the same migrations to lower case, so they are written in lower case there.
     */
    public static Settings settings(Store store) {
        Settings settings = new Settings().withExecuteLogging(false).withRenderSchema(false);
        return store == Store.POSTGRES ? settings.withRenderNameCase(org.jooq.conf.RenderNameCase.LOWER) : settings;
    }

    private static String databaseOf(JdbcConnectionPool pool) {
        try (java.sql.Connection c = pool.getConnection()) {
            return ChangeTrigger.database(c);
        } catch (java.sql.SQLException e) {
            throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
        }
    }

    /** What each commit changed, for whoever keeps figures in step with the data (the audience index). */
    public Changes changes() {
        return changes;
    }

    public DSLContext dsl() {
        if (closed) {
            throw new IllegalStateException("Workspace " + folder + " is closed");
        }
        return dsl;
    }

    /** The workspace folder; for a team workspace, this user's local folder for rejects, exports and backups. */
    public Path folder() {
        return folder;
    }

    /** The database the workspace lives in. */
    public Store store() {
        return store;
    }

    /** Where a team workspace lives on its server; empty for a workspace in a folder. */
    public Optional<TeamAddress> team() {
        return Optional.ofNullable(team);
    }

    /** What the user may do here ({@link TeamRoles}); a workspace in a folder is its user's to administer. */
    public TeamRoles.Role role() {
        return role;
    }

    void rememberRole(TeamRoles.Role role) {
        this.role = role;
    }

    char[] teamPassword() {
        return teamPassword;
    }

    /**
     * A copy of the server password this team workspace was opened with (null in a folder, or when the server
     * took it from the environment), to open it again after work done while it is closed.
     */
    public char[] serverPassword() {
        char[] kept = teamPassword;
        return kept == null ? null : kept.clone();
    }

    void rememberTeamPassword(char[] password) {
        this.teamPassword = password == null ? null : password.clone();
    }

    /**
     * Runs work that changes many people at once — an import, a bulk merge, an undo, a retention run — as the only
     * such work in a team workspace, or refuses saying who is at it ({@link ExclusiveWork}). In a folder, it runs.
     */
    public <T> T exclusively(org.registro.common.Phrase what, java.util.function.Supplier<T> work) {
        return exclusive == null ? work.get() : exclusive.run(what, work);
    }

    /** Who is running such work in this team workspace now; always empty in a folder. */
    public Optional<ExclusiveWork.Holder> busy() {
        return exclusive == null ? Optional.empty() : exclusive.holder();
    }

    /** How the user names this workspace: its folder, or its server address for a team workspace. */
    public String address() {
        return team == null ? folder.toString() : team.toString();
    }

    public String name() {
        return manifest.name();
    }

    public boolean encrypted() {
        return manifest.encrypted();
    }

    public Clock clock() {
        return clock;
    }

    public Path backupsDir() {
        return folder.resolve("backups");
    }

    public Path rejectsDir() {
        return folder.resolve("rejects");
    }

    public Path exportsDir() {
        return folder.resolve("exports");
    }

    /**
     * The region phones without a country prefix are read in, e.g. "ES". Read once when the workspace
     * opens and kept up to date when changed, so validating a phone never waits for the database.
     */
    public String defaultRegion() {
        return defaultRegion;
    }

    void rememberRegion(String region) {
        defaultRegion = region;
    }

    /**
     * The time zone journeys keep their send windows and "Tuesday at 9:00" in: the workspace's setting, else
     * this computer's zone.
     */
    public java.time.ZoneId zone() {
        return setting(SETTING_TIME_ZONE).filter(z -> !z.isBlank()).map(z -> {
            try {
                return java.time.ZoneId.of(z);
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }).orElse(java.time.ZoneId.systemDefault());
    }

    public Optional<String> setting(String key) {
        return dsl().select(WORKSPACE_SETTING.SETTING_VALUE)
                .from(WORKSPACE_SETTING)
                .where(WORKSPACE_SETTING.SETTING_KEY.eq(key))
                .fetchOptional(WORKSPACE_SETTING.SETTING_VALUE);
    }

    public void putSetting(String key, String value) {
        putSetting(dsl(), key, value);
        if (SETTING_DEFAULT_REGION.equals(key)) {
            rememberRegion(value);
        }
    }

    /** Writes a setting inside the caller's transaction. */
    public static void putSetting(DSLContext tx, String key, String value) {
        tx.mergeInto(WORKSPACE_SETTING)
                .using(DSL.selectOne())
                .on(WORKSPACE_SETTING.SETTING_KEY.eq(key))
                .whenMatchedThenUpdate().set(WORKSPACE_SETTING.SETTING_VALUE, value)
                .whenNotMatchedThenInsert(WORKSPACE_SETTING.SETTING_KEY, WORKSPACE_SETTING.SETTING_VALUE)
                .values(key, value)
                .execute();
    }

    /**
     * True when the previous session did not close this workspace (Registro was killed, crashed or lost
     * power). H2 may then keep part of a transaction that was being written (h2database issue #2080).
     */
    public boolean openedAfterUncleanShutdown() {
        return uncleanPreviousHolder != null;
    }

    /**
     * Why the work left unfinished by an earlier session (an interrupted import or undo) could not be completed
     * when the workspace opened; the workspace is then open read-only, so what is in it can be read, exported and
     * backed up, and the user can retry or restore a backup ({@link WorkspaceService#retryRecovery},
     * {@link WorkspaceService#restore}). Empty when the workspace opened normally.
     */
    public Optional<String> recoveryProblem() {
        return Optional.ofNullable(recoveryProblem);
    }

    /** True when the workspace was opened read-only after a failed recovery. */
    public boolean readOnly() {
        return recoveryProblem != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Takes a backup now (see {@link Backups}): on demand ({@link Backups#MANUAL}), or before work that changes
     * many people at once, named for it ("before-merge"). Returns its file.
     */
    public Path backup(String reason) {
        return new Backups(clock).take(this, reason);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            changes.close();
            // Closing the pool's last connection closes the database (H2's DB_CLOSE_DELAY is 0).
            pool.dispose();
        } finally {
            if (lock != null) {
                lock.close();
            }
            if (teamPassword != null) {
                java.util.Arrays.fill(teamPassword, '\0');
            }
        }
    }
}
