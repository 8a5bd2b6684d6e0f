package org.registro.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.h2.tools.ChangeFileEncryption;
import org.registro.common.Json;
import org.registro.common.RegistroException;

/**
 * Encrypts a closed workspace's database with a password, or changes that password. H2 takes "file password,
 * space, user password" (see {@link WorkspaceService#h2Secret}): the user's password is set inside the database
 * first, then the file is encrypted again with H2's own tool. The database is copied aside first and put back if
 * anything fails, so a workspace is never left between two passwords.
 */
final class Encryption {

    private static final String USER = "registro";

    private Encryption() {
    }

    /** Result: how many backups of the plain database were deleted (they would have kept it readable). */
    static int encrypt(Path dir, char[] password) {
        WorkspaceManifest manifest = WorkspaceService.readManifest(dir);
        if (manifest.encrypted()) {
            throw new RegistroException("error.workspace.alreadyEncrypted", dir.toString());
        }
        requirePassword(password, dir);
        String secret = WorkspaceService.h2Secret(password);
        String hex = secret.substring(0, secret.indexOf(' '));
        try (WorkspaceLock lock = WorkspaceLock.acquire(dir)) {
            changing(dir, () -> {
                setUserPassword(url(dir, false), "", hex);
                ChangeFileEncryption.execute(dir.toString(), WorkspaceService.DB_NAME, "AES", null, hex.toCharArray(),
                        true);
            });
            writeManifest(dir, new WorkspaceManifest(manifest.format(), manifest.name(), true, manifest.createdAt()));
        }
        int deleted = 0;
        for (Backups.Backup b : Backups.list(dir)) {
            try {
                Files.deleteIfExists(b.file());
                deleted++;
            } catch (IOException e) {
                throw new RegistroException(e, "error.workspace.encryptBackups", b.file().toString(), e.getMessage());
            }
        }
        return deleted;
    }

    static void changePassword(Path dir, char[] old, char[] password) {
        WorkspaceManifest manifest = WorkspaceService.readManifest(dir);
        if (!manifest.encrypted()) {
            throw new RegistroException("error.workspace.notEncrypted", dir.toString());
        }
        requirePassword(password, dir);
        String oldSecret = WorkspaceService.h2Secret(old);
        String oldHex = oldSecret.substring(0, oldSecret.indexOf(' '));
        String newSecret = WorkspaceService.h2Secret(password);
        String newHex = newSecret.substring(0, newSecret.indexOf(' '));
        try (WorkspaceLock lock = WorkspaceLock.acquire(dir)) {
            changing(dir, () -> {
                setUserPassword(url(dir, true), oldSecret, newHex);
                ChangeFileEncryption.execute(dir.toString(), WorkspaceService.DB_NAME, "AES", oldHex.toCharArray(),
                        newHex.toCharArray(), true);
            });
        }
    }

    private static void requirePassword(char[] password, Path dir) {
        if (password == null || password.length == 0) {
            throw new RegistroException("error.workspace.passwordRequired", dir.toString());
        }
    }

    private static String url(Path dir, boolean encrypted) {
        return "jdbc:h2:file:" + dir.resolve(WorkspaceService.DB_NAME) + ";IFEXISTS=TRUE"
                + (encrypted ? ";CIPHER=AES" : "");
    }

    /** Sets the database user's password and closes the database, so its file can be encrypted again. */
    private static void setUserPassword(String url, String secret, String newPassword) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, secret); var s = c.createStatement()) {
            s.execute("ALTER USER " + USER + " SET PASSWORD '" + newPassword + "'");
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD
                    || e.getErrorCode() == org.h2.api.ErrorCode.FILE_ENCRYPTION_ERROR_1) {
                throw new WrongPasswordException(url);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Change {
        void run() throws SQLException;
    }

    /** Runs the change on the database file with a copy of it aside, put back when the change fails. */
    private static void changing(Path dir, Change change) {
        Path database = dir.resolve(WorkspaceService.DB_NAME + ".mv.db");
        Path aside = dir.resolve(WorkspaceService.DB_NAME + ".mv.db.before-password");
        try {
            Files.copy(database, aside, StandardCopyOption.REPLACE_EXISTING);
            try {
                change.run();
            } catch (SQLException | RuntimeException e) {
                Files.move(aside, database, StandardCopyOption.REPLACE_EXISTING);
                if (e instanceof RegistroException r) {
                    throw r;
                }
                throw new RegistroException(e, "error.workspace.encryptFailed", dir.toString(), e.getMessage());
            }
            Files.deleteIfExists(aside);
        } catch (IOException e) {
            throw new RegistroException(e, "error.workspace.encryptFailed", dir.toString(), e.getMessage());
        }
    }

    private static void writeManifest(Path dir, WorkspaceManifest manifest) {
        Path file = dir.resolve(WorkspaceService.MANIFEST);
        Path part = dir.resolve(WorkspaceService.MANIFEST + ".part");
        try {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(part.toFile(), manifest);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RegistroException(e, "error.workspace.encryptFailed", dir.toString(), e.getMessage());
        }
    }
}
