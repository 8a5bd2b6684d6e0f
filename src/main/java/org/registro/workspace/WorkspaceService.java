package org.registro.workspace;

import static org.registro.db.Tables.WORKSPACE_SETTING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.Table;
import org.registro.common.Phrase;
import org.registro.common.Json;
import org.registro.common.RegistroException;
import org.registro.db.DefaultSchema;

/**
 * Creates and opens workspaces. Opening takes the workspace lock, checks the password, takes a backup
 * when migrations are pending and then migrates, so a workspace made by an older Registro opens in a
 * newer one with its previous state kept under {@code backups/}.
 */
public final class WorkspaceService {

    public static final String MANIFEST = "workspace.json";
    static final String DB_NAME = "registro";
    private static final String USER = "registro";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Clock clock;
    private final Backups backups;
    private final String[] migrationLocations;
    private final List<Consumer<Workspace>> openHooks = new CopyOnWriteArrayList<>();

    public WorkspaceService(Clock clock) {
        this(clock, DEFAULT_MIGRATIONS);
    }

    /** With extra migration locations, so tests can play a newer Registro opening an older workspace. */
    WorkspaceService(Clock clock, String... migrationLocations) {
        this.clock = clock;
        this.backups = new Backups(clock);
        this.migrationLocations = migrationLocations.clone();
    }

    /**
     * Work to do on every workspace right after it opens and before anyone else uses it, such as undoing an
     * import that a killed Registro left half done. Hooks run in the opening thread; one that fails closes
     * the workspace again.
     */
    public WorkspaceService afterOpen(Consumer<Workspace> hook) {
        openHooks.add(hook);
        return this;
    }

    /** True when {@code folder} holds a Registro workspace. */
    public static boolean isWorkspace(Path folder) {
        return Files.isRegularFile(folder.resolve(MANIFEST));
    }

    public static WorkspaceManifest readManifest(Path folder) {
        Path file = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new RegistroException("error.workspace.notFound", folder.toString());
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), WorkspaceManifest.class);
        } catch (IOException e) {
            throw new RegistroException(e, "error.workspace.badManifest", file.toString(), e.getMessage());
        }
    }

    /** Creates a workspace in an empty or new folder and opens it. */
    public Workspace create(Path folder, NewWorkspace spec) {
        Path dir = folder.toAbsolutePath().normalize();
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new RegistroException("error.workspace.notAFolder", dir.toString());
                }
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new RegistroException("error.workspace.folderNotEmpty", dir.toString());
                    }
                }
            }
            Files.createDirectories(dir);
            for (String sub : new String[] {"backups", "rejects", "exports"}) {
                Files.createDirectories(dir.resolve(sub));
            }
            var manifest = new WorkspaceManifest(WorkspaceManifest.CURRENT_FORMAT, spec.name().strip(),
                    spec.encrypted(), clock.instant());
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        } catch (IOException e) {
            throw new RegistroException(e, "error.workspace.createFailed", dir.toString(), e.getMessage());
        }
        return withFirstSettings(openFolder(dir, spec.password(), true), spec);
    }

    /** A new workspace's own settings: the phone region chosen, and the salt of its suppression hashes. */
    private static Workspace withFirstSettings(Workspace workspace, NewWorkspace spec) {
        workspace.dsl().insertInto(WORKSPACE_SETTING, WORKSPACE_SETTING.SETTING_KEY, WORKSPACE_SETTING.SETTING_VALUE)
                .values(Workspace.SETTING_DEFAULT_REGION, spec.defaultRegion())
                .values(Workspace.SETTING_SALT, randomSalt())
                .execute();
        workspace.rememberRegion(spec.defaultRegion());
        return workspace;
    }

    /**
     * Creates a team workspace on a PostgreSQL server (an empty schema of a database that exists) and opens it.
     * {@code password} is the server user's; null to take it from the environment or {@code ~/.pgpass}.
     */
    public Workspace create(TeamAddress address, char[] password, NewWorkspace spec) {
        return withFirstSettings(TeamStore.open(this, address, password, spec, clock), spec);
    }

    /** Opens a team workspace; {@code password} as for {@link #create(TeamAddress, char[], NewWorkspace)}. */
    public Workspace open(TeamAddress address, char[] password) {
        Workspace workspace = TeamStore.open(this, address, password, null, clock);
        try {
            workspace.setting(Workspace.SETTING_DEFAULT_REGION).ifPresent(workspace::rememberRegion);
            for (Consumer<Workspace> hook : openHooks) {
                hook.accept(workspace);
            }
            return workspace;
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
    }

    /** Opens a workspace named as the user writes it: a folder, or a team workspace's address. */
    public Workspace open(String where, char[] password) {
        return TeamAddress.isAddress(where) ? open(TeamAddress.parse(where), password)
                : open(Path.of(where), password);
    }

    /** Opens an existing workspace; {@code password} may be null for unencrypted ones. */
    public Workspace open(Path folder, char[] password) {
        return openFolder(folder.toAbsolutePath().normalize(), password, false);
    }

    private Workspace openFolder(Path dir, char[] password, boolean creating) {
        WorkspaceManifest manifest = readManifest(dir);
        if (manifest.encrypted() && (password == null || password.length == 0)) {
            throw new PasswordRequiredException(dir.toString());
        }
        WorkspaceLock lock = WorkspaceLock.acquire(dir);
        JdbcConnectionPool pool = null;
        String url;
        String secret;
        try {
            // A page cache of up to 256 MB (H2 defaults to 16 MB) keeps the indexes of a million contacts in
            // memory; it lives on the Java heap, so never more than a quarter of it (a 512 MB heap: 128 MB).
            // WRITE_DELAY=0: H2 writes its file in the committing thread, never from a background thread while
            // tables are being changed, which after a kill -9 could keep half a transaction (h2database #2080).
            url = "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";CACHE_SIZE=" + cacheKilobytes()
                    + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=256" + (manifest.encrypted() ? ";CIPHER=AES" : "")
                    + (creating ? "" : ";IFEXISTS=TRUE");
            secret = manifest.encrypted() ? h2Secret(password) : "";
            pool = JdbcConnectionPool.create(url, USER, secret);
            pool.setMaxConnections(8);
            try (Connection ignored = pool.getConnection()) {
                // proves the password and that no other process holds the database
            } catch (SQLException e) {
                throw translate(e, dir);
            }
            if (lock.uncleanPreviousHolder() != null) {
                // H2 undoes what the killed session left unfinished as it opens; closing it once and opening it
                // again starts the repairs below from a store that holds nothing of that session, not even a lock
                // on a row (an update waiting on a lock of the dead session spun forever, once in many kill tests)
                shutdown(pool);
                pool = JdbcConnectionPool.create(url, USER, secret);
                pool.setMaxConnections(8);
            }
            migrate(pool, dir);
            Workspace workspace = new Workspace(dir, manifest, pool, lock, clock);
            workspace.setting(Workspace.SETTING_DEFAULT_REGION).ifPresent(workspace::rememberRegion);
            if (workspace.openedAfterUncleanShutdown()) {
                new AuditLog(clock, "registro").record(workspace.dsl(), "workspace.uncleanShutdown", "workspace",
                        null, Phrase.of("audit.workspace.uncleanShutdown", lock.uncleanPreviousHolder()), null);
            }
            try {
                try {
                    for (Consumer<Workspace> hook : openHooks) {
                        hook.accept(workspace);
                    }
                } catch (RuntimeException e) {
                    if (!DatabaseRebuild.damagedIndex(e)) {
                        throw e;
                    }
                    // kill -9 left an index pointing at rows its table no longer holds: the rows are whole, so
                    // the database is built anew from them and the unfinished work tried once more
                    pool.dispose();
                    pool = null;
                    Path kept = DatabaseRebuild.rebuild(dir, DB_NAME, url.replace(";IFEXISTS=TRUE", ""), USER,
                            secret, LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).format(STAMP));
                    pool = JdbcConnectionPool.create(url, USER, secret);
                    pool.setMaxConnections(8);
                    workspace = new Workspace(dir, manifest, pool, lock, clock);
                    workspace.setting(Workspace.SETTING_DEFAULT_REGION).ifPresent(workspace::rememberRegion);
                    new AuditLog(clock, "registro").record(workspace.dsl(), "workspace.rebuilt", "workspace", null,
                            Phrase.of("audit.workspace.rebuilt", kept.getFileName().toString()),
                            java.util.Map.of("error", chain(e)));
                    for (Consumer<Workspace> hook : openHooks) {
                        hook.accept(workspace);
                    }
                }
            } catch (RuntimeException | SQLException | IOException e) {
                // The work an earlier session left unfinished could not be completed: never lock the user out.
                // The failure is recorded, and the workspace opens read-only with a way back (retry, restore).
                String problem = describe(e);
                try {
                    new AuditLog(clock, "registro").record(workspace.dsl(), "workspace.recoveryFailed", "workspace",
                            null, Phrase.of("audit.workspace.recoveryFailed"),
                            java.util.Map.of("problem", problem, "error", chain(e)));
                } catch (RuntimeException ignored) {
                    // the database may refuse writes altogether; the message below still says what failed
                }
                if (pool != null) {
                    pool.dispose();
                }
                pool = null;
                JdbcConnectionPool readOnly = JdbcConnectionPool.create(url + ";ACCESS_MODE_DATA=r", USER, secret);
                readOnly.setMaxConnections(8);
                pool = readOnly;
                Workspace limited = new Workspace(dir, manifest, readOnly, lock, clock, problem);
                limited.setting(Workspace.SETTING_DEFAULT_REGION).ifPresent(limited::rememberRegion);
                return limited;
            }
            return workspace;
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.dispose();
            }
            lock.close();
            throw e;
        }
    }

    private static void shutdown(JdbcConnectionPool pool) {
        try (Connection c = pool.getConnection(); var statement = c.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not close the database after its recovery", e);
        } finally {
            pool.dispose();
        }
    }

    /** What the user is told: our own message as written, else the first line of the error. */
    private static String describe(Throwable e) {
        RegistroException ours = RegistroException.explain(e);
        if (ours != null) {
            return ours.getMessage();
        }
        String first = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
        return first.length() > 500 ? first.substring(0, 500) + "…" : first;
    }

    /** The whole chain of causes, first lines only, for the audit log (what support needs). */
    private static String chain(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 3000; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : " — ").append(t.getClass().getSimpleName()).append(": ")
                    .append(t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse(""));
        }
        return text.toString();
    }

    /**
     * Closes a workspace that opened read-only after a failed recovery and opens it again normally, so the
     * unfinished work is tried once more. Returns the new workspace (read-only again if it fails again).
     */
    public Workspace retryRecovery(Workspace workspace, char[] password) {
        Path folder = workspace.folder();
        workspace.close();
        return open(folder, password);
    }

    /**
     * Encrypts a closed workspace with a password. The backups of the plain database are deleted afterwards
     * (they would keep it readable); returns how many.
     */
    public int encrypt(Path folder, char[] password) {
        return Encryption.encrypt(folder.toAbsolutePath().normalize(), password);
    }

    /** Changes the password of a closed encrypted workspace (refused with the wrong old password). */
    public void changePassword(Path folder, char[] old, char[] password) {
        Encryption.changePassword(folder.toAbsolutePath().normalize(), old, password);
    }

    /** The backups of a workspace folder, newest first. */
    public static List<Backups.Backup> backups(Path folder) {
        return Backups.list(folder);
    }

    /**
     * Puts a backup back in place of a closed workspace's database; the database it replaces is kept as a backup
     * ({@code before-restore}), returned.
     */
    public Path restore(Path folder, Path backup) {
        return backups.restore(folder, backup);
    }

    /**
     * Puts a dump of a team workspace back on its server, for everyone (its schema's owner does this); the
     * workspace as it was is dumped first ({@code before-restore}), returned. Opened again afterwards: brought up to
     * date if the dump is older, its roles and row policies made again when it had them.
     */
    public Path restore(TeamAddress address, char[] password, Path dump) {
        if (!dump.getFileName().toString().endsWith(".dump")) {
            throw new RegistroException("error.team.restoreZip", dump.toString());
        }
        Path before;
        boolean roles;
        try (Workspace workspace = open(address, password)) {
            roles = TeamRoles.made(workspace);
            before = TeamBackups.restore(workspace, dump);
        }
        try (Workspace workspace = open(address, password)) {
            if (roles) {
                TeamRoles.init(workspace);
            }
        }
        return before;
    }

    /**
     * H2 takes "filePassword userPassword" and splits at the first space, so a passphrase with spaces
     * would lose everything after it. The UTF-8 bytes in hex keep the whole passphrase, for both parts.
     */
    static String h2Secret(char[] password) {
        java.nio.CharBuffer chars = java.nio.CharBuffer.wrap(password);
        java.nio.ByteBuffer bytes = java.nio.charset.StandardCharsets.UTF_8.encode(chars);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        String hex = HexFormat.of().formatHex(raw);
        java.util.Arrays.fill(raw, (byte) 0);
        return hex + " " + hex;
    }

    private static RuntimeException translate(SQLException e, Path dir) {
        return switch (e.getErrorCode()) {
            case ErrorCode.WRONG_USER_OR_PASSWORD, ErrorCode.FILE_ENCRYPTION_ERROR_1, ErrorCode.FILE_CORRUPTED_1 ->
                    new WrongPasswordException(dir.toString());
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> new WorkspaceLockedException(dir.toString(), "");
            case ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1, ErrorCode.DATABASE_NOT_FOUND_1 ->
                    new RegistroException("error.workspace.databaseMissing", dir.toString());
            default -> new RegistroException(e, "error.workspace.openFailed", dir.toString(), e.getMessage());
        };
    }

    /** H2's page cache: 256 MB, or a quarter of the heap when that is less. */
    static long cacheKilobytes() {
        return Math.min(262_144, Runtime.getRuntime().maxMemory() / 4 / 1024);
    }

    /**
     * The schema version the newest migration shipped with this Registro brings a workspace to. A workspace
     * already there opens without Flyway scanning the migrations (a third of a second at every start); a test
     * keeps the number equal to the newest migration file.
     */
    static final int LATEST_MIGRATION = 18;
    private static final String DEFAULT_MIGRATIONS = "classpath:db/migration";
    private static final String POSTGRES_MIGRATIONS = "classpath:db/postgresql";

    /** Whether the workspace's schema is at {@link #LATEST_MIGRATION} with every migration applied. */
    private boolean upToDate(javax.sql.DataSource pool) {
        if (migrationLocations.length != 1 || !DEFAULT_MIGRATIONS.equals(migrationLocations[0])) {
            return false;
        }
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            // asked first: a query on a missing table would be logged by H2 as an error
            try (var t = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_NAME = 'flyway_schema_history' AND TABLE_SCHEMA = CURRENT_SCHEMA")) {
                if (!t.next() || t.getLong(1) == 0) {
                    return false;
                }
            }
            var r = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" "
                    + "WHERE \"version\" IS NOT NULL");
            int latest = -1;
            while (r.next()) {
                if (!r.getBoolean(2)) {
                    return false;
                }
                latest = Math.max(latest, Integer.parseInt(r.getString(1).split("\\.")[0]));
            }
            return latest == LATEST_MIGRATION;
        } catch (SQLException | NumberFormatException e) {
            return false; // a new database, or a history Flyway must read itself
        }
    }

    private void migrate(JdbcConnectionPool pool, Path dir) {
        migrate(pool, Store.H2, dir.toString(), version -> backupTo(pool, dir.resolve("backups"), "before-v" + version));
    }

    /**
     * Brings the schema of {@code pool}'s database up to this Registro's, after {@code backup} of the version
     * about to be reached when an older schema is there. A team workspace also gets its PostgreSQL-only parts
     * ({@code db/postgresql}: the change feed).
     */
    void migrate(javax.sql.DataSource pool, Store store, String where, Consumer<String> backup) {
        if (upToDate(pool)) {
            return;
        }
        String[] locations = store == Store.POSTGRES
                ? Stream.concat(Stream.of(migrationLocations), Stream.of(POSTGRES_MIGRATIONS)).toArray(String[]::new)
                : migrationLocations;
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations(locations)
                .loggers("slf4j")
                .load();
        MigrationInfoService info = flyway.info();
        MigrationInfo[] pending = info.pending();
        if (pending.length == 0) {
            return;
        }
        if (info.applied().length > 0) {
            backup.accept(pending[pending.length - 1].getVersion().getVersion());
        }
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            throw new RegistroException(e, "error.workspace.migrationFailed", where, e.getMessage());
        }
    }

    /** Takes a consistent online backup into {@code backups/} and returns its path (see {@link Backups}). */
    public Path backup(Workspace workspace, String reason) {
        return workspace.backup(reason);
    }

    private void backupTo(JdbcConnectionPool pool, Path backupsDir, String reason) {
        try (Connection connection = pool.getConnection()) {
            backups.take(connection, backupsDir, reason);
        } catch (SQLException e) {
            throw new RegistroException(e, "error.workspace.backupFailed", backupsDir.toString(), e.getMessage());
        }
    }

    /** Schema version, default region and the number of rows in every table. */
    public WorkspaceInfo info(Workspace workspace) {
        var dsl = workspace.dsl();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (table.getName().startsWith("flyway")) {
                continue;
            }
            // A plain COUNT(*) is answered from H2's row count (fetchCount(table) would scan a derived table).
            counts.put(table.getName().toLowerCase(java.util.Locale.ROOT),
                    dsl.selectCount().from(table).fetchSingle(0, long.class));
        }
        String raw = dsl.resultQuery("select \"version\" from \"flyway_schema_history\" where \"success\""
                        + " and \"version\" is not null order by \"installed_rank\" desc limit 1")
                .fetchOne(0, String.class);
        // "001" is stored as written in the file name; show it as "1".
        String version = raw == null ? null : raw.replaceAll("(^|\\.)0+(?=\\d)", "$1");
        return new WorkspaceInfo(workspace.name(), workspace.folder().toString(), workspace.encrypted(), version,
                workspace.defaultRegion(), counts, workspace.recoveryProblem().orElse(null),
                workspace.store().name().toLowerCase(java.util.Locale.ROOT).replace("postgres", "postgresql"),
                workspace.address());
    }

    /** The latest audit log entries, newest first. */
    public java.util.List<ActivityEntry> recentActivity(Workspace workspace, int limit) {
        var log = org.registro.db.Tables.AUDIT_LOG;
        return workspace.dsl().selectFrom(log)
                .orderBy(log.OCCURRED_AT.desc(), log.ID.desc())
                .limit(limit)
                .fetch(r -> new ActivityEntry(r.getOccurredAt().toInstant(), r.getActor(), r.getAction(),
                        r.getEntityType(), r.getEntityId(),
                        AuditLog.summary(r.getSummary(), r.getSummaryKey(), r.getSummaryArgs())));
    }

    /** Changes the region phones without a country prefix are read in; audited. */
    public void setDefaultRegion(Workspace workspace, String region, AuditLog audit) {
        String code = region == null ? "" : region.strip().toUpperCase(java.util.Locale.ROOT);
        if (!java.util.Set.of(java.util.Locale.getISOCountries()).contains(code)) {
            throw new RegistroException("validation.country", region);
        }
        String before = workspace.defaultRegion();
        workspace.dsl().transaction(cfg -> {
            Workspace.putSetting(cfg.dsl(), Workspace.SETTING_DEFAULT_REGION, code);
            audit.record(cfg.dsl(), "workspace.region", "workspace", null,
                    Phrase.of("audit.workspace.region", before, code), java.util.Map.of("from", before, "to", code));
        });
        workspace.rememberRegion(code);
    }

    private static String randomSalt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }
}
