package org.registro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.RegistroException;
import org.registro.contact.Phones;
import org.registro.workspace.Backups;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.TeamAddress;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceInfo;
import org.registro.workspace.WorkspaceService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro workspace create|info|sample|recover}, and keeping it safe ({@link SafetyCommands}). */
@Command(name = "workspace", description = "Create a workspace, describe one, or bring one back after a failure.",
        subcommands = {WorkspaceCommands.Create.class, WorkspaceCommands.Info.class, WorkspaceCommands.Sample.class,
                WorkspaceCommands.CopyTo.class, TeamCommands.class,
                WorkspaceCommands.Recover.class, SafetyCommands.Backup.class, SafetyCommands.List_.class,
                SafetyCommands.Restore.class, SafetyCommands.Check.class, SafetyCommands.Encrypt.class,
                SafetyCommands.Password.class})
final class WorkspaceCommands {

    @ParentCommand
    RegistroCommand root;

    @Command(name = "create", description = "Create a workspace in a new or empty folder, or a team workspace on a "
            + "PostgreSQL server: postgresql://user@host:port/database (an empty database or ?schema=name).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR|ADDRESS", description = "The folder to create the workspace in, or the server "
                + "address of a team workspace.")
        String where;
        @Option(names = "--encrypt", description = "Encrypt the database with a password (from --password-file or typed).")
        boolean encrypt;
        @Option(names = "--region", paramLabel = "CC", defaultValue = "ES",
                description = "Default phone region, an ISO country code such as ES or DK (default: ${DEFAULT-VALUE}).")
        String region;
        @Option(names = "--name", description = "Workspace name (default: the folder name).")
        String name;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root;
            String cc = region.strip().toUpperCase(java.util.Locale.ROOT);
            if (!Phones.isSupportedRegion(cc)) {
                throw new RegistroException("validation.country", region);
            }
            boolean team = TeamAddress.isAddress(where);
            if (team && encrypt) {
                throw new RegistroException("error.team.noEncryption");
            }
            char[] password = null;
            if (encrypt) {
                password = root.password();
                if (password == null || password.length == 0) {
                    throw new RegistroException("error.workspace.passwordRequired", where);
                }
            }
            String workspaceName = name != null ? name : team ? TeamAddress.parse(where).database()
                    : Path.of(where).toAbsolutePath().normalize().getFileName().toString();
            try (Workspace ws = root.create(where, new NewWorkspace(workspaceName, cc, password))) {
                Output out = new Output(spec, root.json);
                if (out.json()) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    if (team) {
                        result.put("address", ws.address());
                    }
                    result.put("folder", ws.folder().toString());
                    result.put("name", ws.name());
                    result.put("region", cc);
                    result.put("encrypted", ws.encrypted());
                    out.json(result);
                } else {
                    out.line("Created workspace \"" + ws.name() + "\" in " + ws.address() + " (phone region " + cc
                            + (ws.encrypted() ? ", encrypted" : "") + ")."
                            + (team ? " Rejects, exports and backups on this computer go to " + ws.folder() + "." : ""));
                }
            }
            return 0;
        }
    }

    @Command(name = "copy-to", description = "Copy the workspace into a new one: a team workspace on a PostgreSQL "
            + "server (postgresql://user@host:port/database) to share it, or a folder to take it back; every table "
            + "is counted on both sides.")
    static final class CopyTo implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR|ADDRESS", description = "The new workspace: an empty folder, or a server address.")
        String where;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root;
            Output out = new Output(spec, root.json);
            try (Workspace from = root.openWorkspace()) {
                try (Workspace to = root.create(where, new NewWorkspace(from.name(), from.defaultRegion(), null))) {
                    List<org.registro.workspace.WorkspaceCopy.TableCount> counts =
                            org.registro.workspace.WorkspaceCopy.copy(from, to, org.registro.common.Progress.NONE);
                    if (out.json()) {
                        Map<String, Object> result = new LinkedHashMap<>();
                        result.put("from", from.address());
                        result.put("to", to.address());
                        result.put("tables", counts);
                        out.json(result);
                    } else {
                        long rows = counts.stream().mapToLong(org.registro.workspace.WorkspaceCopy.TableCount::copy).sum();
                        out.line("Copied \"" + from.name() + "\" from " + from.address() + " to " + to.address() + ": "
                                + counts.size() + " tables, " + rows + " rows, the same on both sides.");
                        List<List<String>> rowsTable = new ArrayList<>();
                        counts.stream().filter(c -> c.source() > 0).forEach(c -> rowsTable.add(
                                List.of(c.table(), String.valueOf(c.source()), String.valueOf(c.copy()))));
                        out.table(List.of("TABLE", "ROWS", "COPIED"), rowsTable);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "sample", description = "Build a sample workspace from realistic source files, through the import "
            + "pipeline: spanish-ngo or danish-shop.")
    static final class Sample implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "spanish-ngo or danish-shop")
        String code;
        @Parameters(index = "1", paramLabel = "DIR", description = "A new or empty folder for the workspace.")
        Path dir;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root;
            try (Workspace ws = org.registro.wiring.Samples.build(code, dir, new WorkspaceService(root.clock),
                    root.clock, RegistroCommand.actor(), org.registro.common.Progress.NONE)) {
                long contacts = new org.registro.contact.ContactService(ws,
                        new org.registro.workspace.AuditLog(root.clock, RegistroCommand.actor())).count();
                Output out = new Output(spec, root.json);
                if (out.json()) {
                    out.json(Map.of("folder", ws.folder().toString(), "name", ws.name(), "contacts", contacts));
                } else {
                    out.line("Built the sample \"" + ws.name() + "\" in " + ws.folder() + ": " + contacts
                            + " contacts from the files in " + ws.folder().resolve("sources") + ".");
                }
            }
            return 0;
        }
    }

    @Command(name = "info", description = "Schema version and the number of rows in each table.")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root;
            try (Workspace ws = root.openWorkspace()) {
                WorkspaceInfo info = new WorkspaceService(root.clock).info(ws);
                Output out = new Output(spec, root.json);
                if (out.json()) {
                    out.json(info);
                    return 0;
                }
                out.line("Workspace:      " + info.name());
                if (!info.address().equals(info.folder())) {
                    out.line("Server:         " + info.address());
                }
                out.line("Folder:         " + info.folder());
                out.line("Encrypted:      " + (info.encrypted() ? "yes" : "no"));
                out.line("Schema version: " + info.schemaVersion());
                out.line("Phone region:   " + info.defaultRegion());
                out.line("");
                List<List<String>> rows = new ArrayList<>();
                info.rowCounts().forEach((table, count) -> rows.add(List.of(table, String.valueOf(count))));
                out.table(List.of("TABLE", "ROWS"), rows);
            }
            return 0;
        }
    }

    @Command(name = "recover", description = "A workspace that opened read-only because unfinished work could not be "
            + "completed: try that work again (the default), or put a backup in place of the database (the "
            + "replaced database is kept as a backup).")
    static final class Recover implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--restore", paramLabel = "FILE", description = "Restore this backup (a .zip in backups/).")
        Path backup;
        @Option(names = "--latest-backup", description = "Restore the newest backup in backups/.")
        boolean latest;
        @Option(names = "--list", description = "List the backups, newest first.")
        boolean list;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root;
            Path folder = root.workspaceFolder();
            Output out = new Output(spec, root.json);
            List<Path> backups = WorkspaceService.backups(folder).stream().map(Backups.Backup::file).toList();
            if (list) {
                if (out.json()) {
                    out.json(Map.of("backups", backups.stream().map(Path::toString).toList()));
                } else {
                    backups.forEach(b -> out.line(b.toString()));
                }
                return 0;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            if (backup != null || latest) {
                Path chosen = backup != null ? backup : backups.stream().findFirst()
                        .orElseThrow(() -> new RegistroException("error.workspace.noBackup", folder.toString()));
                Path kept = root.workspaces().restore(folder, chosen);
                result.put("restored", chosen.toString());
                result.put("replacedDatabaseKeptAt", kept == null ? null : kept.toString());
            }
            try (Workspace ws = root.openWorkspace()) {
                result.put("readOnly", ws.readOnly());
                result.put("problem", ws.recoveryProblem().orElse(null));
            }
            if (out.json()) {
                out.json(result);
            } else {
                if (result.containsKey("restored")) {
                    out.line("Restored " + result.get("restored") + "; the database it replaced is kept as "
                            + result.get("replacedDatabaseKeptAt") + ".");
                }
                out.line(Boolean.TRUE.equals(result.get("readOnly"))
                        ? "The workspace still opens read-only: " + result.get("problem")
                        : "The workspace opens normally.");
            }
            return Boolean.TRUE.equals(result.get("readOnly")) ? 1 : 0;
        }
    }
}
