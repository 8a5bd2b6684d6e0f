package org.registro.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.api.ErrorCode;

/**
 * Builds a workspace's database anew from its own rows. A kill -9 at the wrong moment can leave an index of
 * H2's file pointing at a row its table no longer holds ("Row not found in primary index"): the rows are whole,
 * one index is not, and the work left unfinished cannot be completed over it. Writing every table out
 * ({@code SCRIPT}, which reads the rows themselves) and reading it into a fresh file ({@code RUNSCRIPT}) builds
 * every index again. The damaged file is kept among the backups; the script is encrypted with a one-time key and
 * deleted afterwards.
 */
final class DatabaseRebuild {

    private DatabaseRebuild() {
    }

    /** Whether a failure comes from an index that points at rows its table does not hold. */
    static boolean damagedIndex(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == ErrorCode.ROW_NOT_FOUND_IN_PRIMARY_INDEX
                    || sql.getErrorCode() == ErrorCode.ROW_NOT_FOUND_WHEN_DELETING_1)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Rebuilds the database {@code dbName} of the workspace folder; {@code url} opens it (without IFEXISTS),
     * nothing else may hold it open; the damaged file is kept in the backups as "NAME-STAMP-damaged.mv.db", like
     * the other files a workspace keeps there. Returns where.
     */
    static Path rebuild(Path dir, String dbName, String url, String user, String secret, String stamp)
            throws SQLException, IOException {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Path script = backups.resolve(dbName + "-" + stamp + "-rebuild.sql");
        String key = UUID.randomUUID().toString();
        String file = script.toString().replace("'", "''");
        try {
            try (Connection c = DriverManager.getConnection(url, user, secret); Statement s = c.createStatement()) {
                s.execute("SCRIPT TO '" + file + "' COMPRESSION DEFLATE CIPHER AES PASSWORD '" + key + "'");
            }
            Path db = dir.resolve(dbName + ".mv.db");
            Path kept = backups.resolve(dbName + "-" + stamp + "-damaged.mv.db");
            Files.move(db, kept);
            try (Connection c = DriverManager.getConnection(url, user, secret); Statement s = c.createStatement()) {
                s.execute("RUNSCRIPT FROM '" + file + "' COMPRESSION DEFLATE CIPHER AES PASSWORD '" + key + "'");
            } catch (SQLException | RuntimeException e) {
                // the new file is not whole: the damaged one goes back, as it was
                Files.deleteIfExists(db);
                Files.move(kept, db);
                throw e;
            }
            return kept;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
