package org.registro.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.registro.common.RegistroException;

/**
 * A workspace's backups: zip files of its database under {@code backups/}, named
 * {@code registro-<yyyyMMdd-HHmmss>-<reason>.zip}. One is taken on demand ({@value #MANUAL}) and automatically
 * before work that changes many people at once: a migration to a newer schema, merges in bulk, undoing an import,
 * a retention run, a restore, encrypting or changing the password. Only the newest {@value #KEEP_AUTOMATIC}
 * automatic backups are kept; backups taken on demand stay until deleted by hand. A backup of an encrypted
 * workspace is as encrypted as the workspace.
 */
public final class Backups {

    /** The reason of a backup taken on demand. */
    public static final String MANUAL = "manual";
    /** The workspace as it was before a restore: restoring it undoes the restore. */
    public static final String BEFORE_RESTORE = "before-restore";
    /** How many automatic backups are kept, newest first. */
    public static final int KEEP_AUTOMATIC = 10;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern NAME =
            Pattern.compile(WorkspaceService.DB_NAME + "-(\\d{8}-\\d{6})-(.+)\\.(zip|dump)");
    private static final String ENTRY = WorkspaceService.DB_NAME + ".mv.db";

    /** One backup: its file, when it was taken, why, and its size. */
    public record Backup(Path file, Instant takenAt, String reason, long bytes) {
        public boolean automatic() {
            return !MANUAL.equals(reason);
        }
    }

    private final Clock clock;

    public Backups(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a consistent backup of an open workspace while it keeps working; returns its file (null for an
     * automatic backup of a team workspace on a computer without {@code pg_dump}).
     */
    public Path take(Workspace workspace, String reason) {
        if (workspace.team().isPresent()) {
            // before large work, a team workspace is dumped when pg_dump is at hand (the server has its own
            // backups); a backup asked for says plainly when it is not
            if (!MANUAL.equals(reason) && TeamBackups.pgDump().isEmpty()) {
                return null;
            }
            return TeamBackups.take(workspace.team().get(), workspace.teamPassword(), workspace.backupsDir(), reason,
                    clock);
        }
        try (Connection connection = workspace.dsl().configuration().connectionProvider().acquire()
                .unwrap(Connection.class)) {
            return take(connection, workspace.backupsDir(), reason);
        } catch (SQLException e) {
            throw new RegistroException(e, "error.workspace.backupFailed", workspace.folder().toString(),
                    e.getMessage());
        }
    }

    /** The same through a connection of a workspace being opened (before a migration). */
    Path take(Connection connection, Path backups, String reason) throws SQLException {
        Path target = target(backups, reason);
        // written aside and moved into place whole: a backup cut short never looks like one
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            if (!quickly(connection, part)) {
                try (var statement = connection.prepareStatement("BACKUP TO ?")) {
                    statement.setString(1, part.toString());
                    statement.execute();
                }
            }
            Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SQLException(e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the next backup's rotation does not list it; a leftover part file is harmless
            }
        }
        rotate(backups);
        return target;
    }

    /**
     * What {@code BACKUP TO} does — the database flushed, then its file copied by the store while it keeps
     * working — with the fastest compression instead of the default: the zip is about a fifth larger and written
     * several times faster (a million contacts: minutes with {@code BACKUP TO}). The same zip, restored the same
     * way. False when the connection is not to an embedded database (then {@code BACKUP TO} is used).
     */
    private static boolean quickly(Connection connection, Path file) throws IOException {
        org.h2.engine.Database db;
        try {
            if (!(connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession()
                    instanceof org.h2.engine.SessionLocal local)) {
                return false;
            }
            db = local.getDatabase();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
        var store = db.getStore();
        if (store == null) {
            return false;
        }
        try (var out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
            store.flush();
            db.flush();
            synchronized (db.getLobSyncObject()) {
                store.getMvStore().getFileStore().backup(zip);
            }
        }
        return true;
    }

    private Path target(Path backups, String reason) throws SQLException {
        try {
            return newBackupFile(backups, reason, clock, ".zip");
        } catch (RegistroException e) {
            throw new SQLException(e.getCause());
        }
    }

    /** A new backup's file in {@code backups} (made when missing), named for now and {@code reason}. */
    static Path newBackupFile(Path backups, String reason, Clock clock, String extension) {
        try {
            Files.createDirectories(backups);
        } catch (IOException e) {
            throw new RegistroException(e, "error.workspace.backupFailed", backups.toString(), e.getMessage());
        }
        String stamp = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).format(STAMP);
        String name = WorkspaceService.DB_NAME + "-" + stamp + "-" + reason.replaceAll("[^A-Za-z0-9._-]", "_");
        Path target = backups.resolve(name + extension);
        for (int n = 2; Files.exists(target); n++) {
            // two in one second (a retention run right after a backup on demand): both kept
            target = backups.resolve(name + "-" + n + extension);
        }
        return target;
    }

    /** Deletes the automatic backups beyond the newest {@value #KEEP_AUTOMATIC}. */
    static void rotate(Path backups) {
        List<Backup> automatic = list(backups.getParent()).stream().filter(Backup::automatic).toList();
        for (Backup old : automatic.subList(Math.min(KEEP_AUTOMATIC, automatic.size()), automatic.size())) {
            try {
                Files.deleteIfExists(old.file());
            } catch (IOException e) {
                // a backup that cannot be deleted now is deleted at the next rotation
            }
        }
    }

    /** The backups of a workspace folder, newest first (files that are not Registro backups are left out). */
    public static List<Backup> list(Path folder) {
        Path dir = folder.resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Backup> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    Instant at = LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC);
                    out.add(new Backup(f, at, m.group(2).replaceFirst("-\\d+$", ""), Files.size(f)));
                } catch (DateTimeParseException | IOException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", dir.toString(), e.getMessage());
        }
        out.sort(Comparator.comparing(Backup::takenAt).thenComparingInt(b -> sequence(b.file())).reversed());
        return out;
    }

    /** The number a second backup of the same second and reason gets ("…-manual-2.zip"), else 1. */
    private static int sequence(Path file) {
        Matcher m = Pattern.compile("-(\\d+)\\.(zip|dump)$").matcher(file.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    /**
     * Puts a backup back in place of a closed workspace's database. The database it replaces is first kept as a
     * backup of its own ({@code before-restore}), so a restore can be undone by restoring that one. Returns it.
     */
    public Path restore(Path folder, Path backup) {
        if (backup.getFileName().toString().endsWith(".dump")) {
            // a team workspace's pg_dump: restored onto its server (WorkspaceService#restore(TeamAddress, …))
            throw new RegistroException("error.team.restoreDump", backup.toString());
        }
        Path dir = folder.toAbsolutePath().normalize();
        WorkspaceService.readManifest(dir);
        Path database = dir.resolve(ENTRY);
        try (WorkspaceLock lock = WorkspaceLock.acquire(dir); ZipFile zip = new ZipFile(backup.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null) {
                throw new RegistroException("error.workspace.notABackup", backup.toString());
            }
            Path incoming = dir.resolve(WorkspaceService.DB_NAME + ".restoring");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, incoming, StandardCopyOption.REPLACE_EXISTING);
            }
            Path kept = null;
            if (Files.exists(database)) {
                kept = zipClosed(database, dir.resolve("backups"), BEFORE_RESTORE);
            }
            Files.move(incoming, database, StandardCopyOption.REPLACE_EXISTING);
            return kept;
        } catch (IOException | SQLException e) {
            throw new RegistroException(e, "error.workspace.restoreFailed", backup.toString(), e.getMessage());
        }
    }

    /** A backup of a closed workspace's database file, as {@code BACKUP TO} writes one. */
    Path zipClosed(Path database, Path backups, String reason) throws IOException, SQLException {
        Path target = target(backups, reason);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(ENTRY));
            Files.copy(database, zip);
            zip.closeEntry();
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        rotate(backups);
        return target;
    }
}
