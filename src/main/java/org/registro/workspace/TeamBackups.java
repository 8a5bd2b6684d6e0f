package org.registro.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.registro.common.RegistroException;

/**
 * Backups of a team workspace: its schema dumped by PostgreSQL's own {@code pg_dump} (custom format) into this
 * user's local {@code backups/} folder, named like a folder workspace's backups ({@code registro-<stamp>-<reason>.dump})
 * so they are listed and rotated with them. Without {@code pg_dump} a backup on demand says so plainly; the one
 * before a migration is skipped (the server's own backups are its administrator's).
 */
final class TeamBackups {

    private TeamBackups() {
    }

    /** {@code pg_dump} on the path, or in Debian's and the usual server folders; empty when not installed. */
    static Optional<Path> pgDump() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(dir, "pg_dump"));
            }
        }
        for (String root : new String[] {"/usr/lib/postgresql", "/usr/local/pgsql", "/Library/PostgreSQL",
                "C:\\Program Files\\PostgreSQL"}) {
            Path dir = Path.of(root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> versions = Files.list(dir)) {
                    versions.sorted(java.util.Comparator.reverseOrder())
                            .forEach(v -> candidates.add(v.resolve("bin").resolve("pg_dump")));
                } catch (IOException e) {
                    // not readable: not ours to use
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Dumps the workspace's schema into {@code backups}; returns the file. */
    static Path take(TeamAddress address, char[] password, Path backups, String reason, Clock clock) {
        Path tool = pgDump().orElseThrow(() -> new RegistroException("error.team.noPgDump"));
        Path target = Backups.newBackupFile(backups, reason, clock, ".dump");
        Path part = target.resolveSibling(target.getFileName() + ".part");
        List<String> command = List.of(tool.toString(), "--format=custom", "--no-owner", "--no-privileges",
                "--host=" + address.host(), "--port=" + address.port(), "--username=" + address.user(),
                "--schema=" + address.schema(), "--file=" + part, "--no-password", address.database());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        char[] secret = password != null && password.length > 0 ? password : TeamPassword.fromEnvironment();
        if (secret != null) {
            builder.environment().put("PGPASSWORD", new String(secret));
        }
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.HOURS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new RegistroException("error.workspace.backupFailed", backups.toString(),
                        output.lines().findFirst().orElse("pg_dump failed"));
            }
            Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Backups.rotate(backups);
            return target;
        } catch (IOException e) {
            throw new RegistroException(e, "error.workspace.backupFailed", backups.toString(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistroException(e, "error.workspace.backupFailed", backups.toString(), e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a leftover part file is not listed as a backup
            }
        }
    }

    /** As {@link #take}, or nothing when {@code pg_dump} is not installed. */
    static void takeQuietly(TeamAddress address, char[] password, Path backups, String reason, Clock clock) {
        if (pgDump().isPresent()) {
            take(address, password, backups, reason, clock);
        }
    }
}
