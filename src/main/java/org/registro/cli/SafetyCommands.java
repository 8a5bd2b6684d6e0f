package org.registro.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.safety.WorkspaceCheck;
import org.registro.workspace.Backups;
import org.registro.workspace.TeamAddress;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro workspace backup|backups|restore|check|encrypt|password}: keeping a workspace safe. */
final class SafetyCommands {

    private SafetyCommands() {
    }

    /** A subcommand of {@code workspace}: its root options and where it writes. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return run(parent.root, new Output(spec, parent.root.json));
        }

        abstract int run(RegistroCommand root, Output out);
    }

    private static Map<String, Object> json(Backups.Backup b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", b.file().toString());
        m.put("takenAt", b.takenAt().toString());
        m.put("reason", b.reason());
        m.put("automatic", b.automatic());
        m.put("bytes", b.bytes());
        return m;
    }

    private static String line(Backups.Backup b) {
        return String.format("%s  %-28s %,12d bytes  %s", b.takenAt(), b.reason(), b.bytes(), b.file().getFileName());
    }

    @Command(name = "backup", description = "Take a backup now (kept until deleted; automatic ones rotate).")
    static final class Backup extends Sub {

        @Override
        int run(RegistroCommand root, Output out) {
            try (Workspace ws = root.openWorkspace()) {
                Path file = ws.backup(Backups.MANUAL);
                Backups.Backup taken = Backups.list(ws.folder()).stream().filter(b -> b.file().equals(file))
                        .findFirst().orElseThrow();
                if (out.json()) {
                    out.json(json(taken));
                } else {
                    out.line("Backed up to " + file + ".");
                }
            }
            return 0;
        }
    }

    @Command(name = "backups", description = "The workspace's backups, newest first: when, why, size.")
    static final class List_ extends Sub {

        @Override
        int run(RegistroCommand root, Output out) {
            Path folder = root.localFolder();
            if (!TeamAddress.isAddress(root.workspaceAddress())) {
                WorkspaceService.readManifest(folder);
            }
            List<Backups.Backup> backups = Backups.list(folder);
            if (out.json()) {
                out.json(backups.stream().map(SafetyCommands::json).toList());
            } else if (backups.isEmpty()) {
                out.line("No backups yet: registro workspace backup");
            } else {
                backups.forEach(b -> out.line(line(b)));
            }
            return 0;
        }
    }

    @Command(name = "restore", description = "Put a backup in place of the workspace's database (a folder must not be "
            + "open elsewhere; a team workspace is restored on its server for everyone, by its owner). What it replaces "
            + "is kept as a backup of its own (before-restore).")
    static final class Restore extends Sub {
        @Parameters(paramLabel = "BACKUP", description = "A backup file, its name in backups/, or 'latest'.")
        String backup;

        @Override
        int run(RegistroCommand root, Output out) {
            String where = root.workspaceAddress();
            boolean team = TeamAddress.isAddress(where);
            Path folder = root.localFolder();
            Path chosen = chosen(folder);
            Path kept = team ? root.withServerPassword(where, password -> root.workspaces()
                    .restore(TeamAddress.parse(where), password, chosen)) : root.workspaces().restore(folder, chosen);
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("restored", chosen.toString());
                m.put("keptAs", kept == null ? null : kept.toString());
                out.json(m);
            } else {
                out.line("Restored " + chosen.getFileName() + (kept == null ? "." : "; the workspace as it was is kept as "
                        + kept.getFileName() + " (restore it to undo)."));
            }
            return 0;
        }

        private Path chosen(Path folder) {
            if ("latest".equals(backup)) {
                return Backups.list(folder).stream().findFirst().map(Backups.Backup::file)
                        .orElseThrow(() -> new RegistroException("error.workspace.noBackup", folder.toString()));
            }
            Path given = Path.of(backup);
            Path chosen = Files.isRegularFile(given) ? given : folder.resolve("backups").resolve(backup);
            if (!Files.isRegularFile(chosen)) {
                throw new RegistroException("error.workspace.notABackup", backup);
            }
            return chosen;
        }
    }

    @Command(name = "check", description = "Read the whole workspace and check what points at contacts, merges, "
            + "consent against its history, migrations and backups. Exit 1 when something is wrong.")
    static final class Check extends Sub {
        @Option(names = "--repair-consent", description = "Rebuild the consent state of the people whose state is "
                + "not what their history says, then check again.")
        boolean repair;

        @Override
        int run(RegistroCommand root, Output out) {
            try (Workspace ws = root.openWorkspace()) {
                WorkspaceCheck check = new WorkspaceCheck(ws);
                int repaired = repair ? check.repairConsent() : 0;
                WorkspaceCheck.Report report = check.run(Progress.NONE);
                if (out.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("ok", report.ok());
                    m.put("checkedAt", report.checkedAt().toString());
                    m.put("tables", report.tables());
                    m.put("rowsRead", report.rowsRead());
                    m.put("millis", report.millis());
                    if (repair) {
                        m.put("consentRepaired", repaired);
                    }
                    m.put("findings", report.findings().stream().map(f -> {
                        Map<String, Object> j = new LinkedHashMap<>();
                        j.put("code", f.code());
                        j.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
                        j.put("count", f.count());
                        j.put("about", f.about());
                        j.put("examples", f.examples());
                        j.put("text", f.text());
                        return j;
                    }).toList());
                    out.json(m);
                } else {
                    if (repair) {
                        out.line("Consent state rebuilt for " + repaired + " people.");
                    }
                    out.line(String.format("Read %,d rows in %d tables in %,d ms.", report.rowsRead(), report.tables(),
                            report.millis()));
                    report.findings().forEach(f -> out.line((f.severity() == WorkspaceCheck.Severity.ERROR
                            ? "ERROR    " : "warning  ") + f.text()
                            + (f.examples().isEmpty() ? "" : " Contacts: " + f.examples())));
                    out.line(report.ok() ? "No problems found." : "Problems found.");
                }
                return report.ok() ? 0 : 1;
            }
        }
    }

    @Command(name = "encrypt", description = "Encrypt the workspace with a password (from --password-file or typed). "
            + "Its backups of the unencrypted database are deleted.")
    static final class Encrypt extends Sub {

        @Override
        int run(RegistroCommand root, Output out) {
            Path folder = root.workspaceFolder();
            char[] password = root.password();
            int deleted = root.workspaces().encrypt(folder, password);
            if (out.json()) {
                out.json(Map.of("encrypted", true, "plainBackupsDeleted", deleted));
            } else {
                out.line("Encrypted " + folder + "; " + deleted + " unencrypted backups deleted. Keep the password "
                        + "safe: without it the workspace cannot be opened.");
            }
            return 0;
        }
    }

    @Command(name = "password", description = "Change the password of an encrypted workspace: the current one from "
            + "--password-file or typed, the new one from --new-password-file or typed.")
    static final class Password extends Sub {
        @Option(names = "--new-password-file", paramLabel = "FILE", description = "A file whose first line is the "
                + "new password.")
        Path newPasswordFile;

        @Override
        int run(RegistroCommand root, Output out) {
            Path folder = root.workspaceFolder();
            char[] old = root.password();
            char[] fresh;
            if (newPasswordFile != null) {
                fresh = RegistroCommand.firstLine(newPasswordFile);
            } else {
                var console = System.console();
                fresh = console == null ? null : console.readPassword("New password: ");
            }
            root.workspaces().changePassword(folder, old, fresh);
            if (out.json()) {
                out.json(Map.of("changed", true));
            } else {
                out.line("Password changed. Backups taken before this change open with the old password.");
            }
            return 0;
        }
    }
}
