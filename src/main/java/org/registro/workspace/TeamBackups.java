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
        return tool("pg_dump");
    }

    /** One of PostgreSQL's client programs, found as {@link #pgDump()} is. */
    private static Optional<Path> tool(String name) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(dir, name));
            }
        }
        for (String root : new String[] {"/usr/lib/postgresql", "/usr/local/pgsql", "/Library/PostgreSQL",
                "C:\\Program Files\\PostgreSQL"}) {
            Path dir = Path.of(root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> versions = Files.list(dir)) {
                    versions.sorted(java.util.Comparator.reverseOrder())
                            .forEach(v -> candidates.add(v.resolve("bin").resolve(name)));
                } catch (IOException e) {
                    // not readable: not ours to use
                }
            }
        }
        return candidates.stream().flatMap(c -> Stream.of(c, c.resolveSibling(c.getFileName() + ".exe")))
                .filter(Files::isExecutable).findFirst();
    }

    /** Dumps the workspace's schema into {@code backups}; returns the file. */
    static Path take(TeamAddress address, char[] password, Path backups, String reason, Clock clock) {
        Path tool = pgDump().orElseThrow(() -> new RegistroException("error.team.noPgDump"));
        Path target = Backups.newBackupFile(backups, reason, clock, ".dump");
        Path part = target.resolveSibling(target.getFileName() + ".part");
        List<String> command = List.of(tool.toString(), "--format=custom", "--no-owner", "--no-privileges",
                "--host=" + address.host(), "--port=" + address.port(), "--username=" + address.user(),
                "--schema=" + address.schema(), "--file=" + part, "--no-password", address.database());
        try {
            run(command, null, password, "error.workspace.backupFailed", backups.toString());
            Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Backups.rotate(backups);
            return target;
        } catch (IOException e) {
            throw new RegistroException(e, "error.workspace.backupFailed", backups.toString(), e.getMessage());
        } finally {
            deleteQuietly(part); // a leftover part file is not listed as a backup anyway
        }
    }

    /**
     * Puts a dump of this workspace back on the server, for everyone: run by the schema's owner, as the only large
     * work, after a dump of the workspace as it is ({@code before-restore}, the way back). The schema is dropped and
     * the dump's script run in one transaction by {@code psql} (fed by {@code pg_restore}), so a restore that fails
     * changes nothing. Row policies are left out (the roles are made again by {@link TeamRoles#init} once the
     * workspace is open again); everyone else's counts and screens hear that every person changed. Returns the
     * before-restore dump.
     */
    static Path restore(Workspace workspace, Path dump) {
        TeamAddress address = workspace.team().orElseThrow();
        Path pgRestore = tool("pg_restore").orElseThrow(() -> new RegistroException("error.team.noPgRestore"));
        Path psql = tool("psql").orElseThrow(() -> new RegistroException("error.team.noPgRestore"));
        var schema = workspace.dsl().resultQuery("SELECT pg_get_userbyid(nspowner), pg_get_userbyid(nspowner) = "
                + "current_user OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_namespace "
                + "WHERE nspname = current_schema()").fetchOne();
        String owner = schema.get(0, String.class);
        boolean mayRestore = schema.get(1, Boolean.class);
        if (!mayRestore) {
            throw new RegistroException("error.team.restoreOwner", owner);
        }
        List<String> contents = run(List.of(pgRestore.toString(), "--list", dump.toString()), null,
                workspace.teamPassword(), "error.team.restoreFailed", dump.toString()).lines().toList();
        java.util.regex.Pattern table = java.util.regex.Pattern.compile("^\\d+; \\d+ \\d+ TABLE (?!DATA )(\\S+) ");
        List<String> schemas = contents.stream().map(table::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1)).distinct().toList();
        if (!schemas.equals(List.of(address.schema()))) {
            throw new RegistroException("error.team.restoreOtherSchema", dump.getFileName().toString(),
                    schemas.isEmpty() ? "?" : String.join(", ", schemas), address.schema());
        }
        // the schema itself is made again below (a dump of "public" holds no CREATE for it); row policies name
        // the roles of the server the dump came from and are made again after opening
        java.util.regex.Pattern leftOut = java.util.regex.Pattern.compile(
                "^\\d+; \\d+ \\d+ (SCHEMA - |COMMENT - SCHEMA |POLICY |ROW SECURITY )");
        List<String> restored = contents.stream().filter(l -> !leftOut.matcher(l).find()).toList();
        return workspace.exclusively(org.registro.common.Phrase.of("team.busy.restore", dump.getFileName().toString()),
                () -> {
                    Path before = take(address, workspace.teamPassword(), workspace.backupsDir(),
                            Backups.BEFORE_RESTORE, workspace.clock());
                    Long[] earlier = workspace.dsl().resultQuery("SELECT coalesce(array_agg(id), '{}') FROM contact")
                            .fetchOne(0, Long[].class);
                    Path list = null;
                    try {
                        list = Files.createTempFile("registro-restore", ".list");
                        Files.write(list, restored);
                        String quoted = "\"" + address.schema() + "\"";
                        String script = "DROP SCHEMA IF EXISTS " + quoted + " CASCADE;\nCREATE SCHEMA " + quoted + ";\n";
                        run(List.of(psql.toString(), "--no-psqlrc", "--quiet", "--single-transaction",
                                        "--set=ON_ERROR_STOP=1", "--host=" + address.host(), "--port=" + address.port(),
                                        "--username=" + address.user(), "--no-password", "--dbname=" + address.database(),
                                        "--file=-"),
                                List.of(pgRestore.toString(), "--no-owner", "--no-privileges", "--use-list=" + list,
                                        "--file=-", dump.toString()), workspace.teamPassword(),
                                "error.team.restoreFailed", dump.toString(), script);
                    } catch (IOException e) {
                        throw new RegistroException(e, "error.team.restoreFailed", dump.toString(), e.getMessage());
                    } finally {
                        deleteQuietly(list);
                    }
                    // everyone who has it open hears that every person, old and restored, changed
                    workspace.dsl().execute("INSERT INTO registro_change (table_name, contact_ids) "
                            + "SELECT 'contact', array(SELECT unnest({0}::bigint[]) UNION SELECT id FROM contact)",
                            org.jooq.impl.DSL.val(earlier));
                    workspace.dsl().execute("INSERT INTO registro_change (table_name) VALUES ('registro_restore')");
                    return before;
                });
    }

    /**
     * Runs one of PostgreSQL's client programs with the server password, and answers its output; with
     * {@code feeder}, {@code prefix} and then the feeder's output go to its input. A failure is {@code errorKey}
     * with {@code about} and the program's first words.
     */
    private static String run(List<String> command, List<String> feeder, char[] password, String errorKey,
                              String about, String... prefix) {
        char[] secret = password != null && password.length > 0 ? password : TeamPassword.fromEnvironment();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (secret != null) {
                builder.environment().put("PGPASSWORD", new String(secret));
            }
            Process process = builder.start();
            Process source = null;
            if (feeder != null) {
                source = new ProcessBuilder(feeder).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Process from = source;
                Thread pump = new Thread(() -> {
                    try (var in = from.getInputStream(); var out = process.getOutputStream()) {
                        for (String p : prefix) {
                            out.write(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the program ends with an error of its own, reported below
                    }
                }, "registro-pg-pump");
                pump.setDaemon(true);
                pump.start();
            } else {
                process.getOutputStream().close();
            }
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean done = process.waitFor(1, TimeUnit.HOURS);
            boolean fed = source == null || source.waitFor(1, TimeUnit.MINUTES) && source.exitValue() == 0;
            if (!done || process.exitValue() != 0 || !fed) {
                process.destroyForcibly();
                throw new RegistroException(errorKey, about, output.lines().filter(l -> !l.isBlank()).findFirst()
                        .orElse(command.get(0) + " failed"));
            }
            return output;
        } catch (IOException e) {
            throw new RegistroException(e, errorKey, about, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistroException(e, errorKey, about, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file the system clears
        }
    }

    /** As {@link #take}, or nothing when {@code pg_dump} is not installed. */
    static void takeQuietly(TeamAddress address, char[] password, Path backups, String reason, Clock clock) {
        if (pgDump().isPresent()) {
            take(address, password, backups, reason, clock);
        }
    }
}
