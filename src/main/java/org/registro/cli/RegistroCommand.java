package org.registro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.registro.common.RegistroException;
import org.registro.workspace.PasswordRequiredException;
import org.registro.workspace.TeamAddress;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;
import org.registro.wiring.Session;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code registro} command: global options and the subcommands. */
@Command(name = "registro", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = RegistroCommand.Version.class,
        description = "Registro: one record per person, consent-safe lists. Without a command it opens the app.",
        subcommands = {WorkspaceCommands.class, ContactsCommands.class, ImportCommand.class, ConsentCommands.class,
                TopicsCommands.class, PrivacyCommands.class, RetentionCommands.class, SegmentCommands.class, ModelCommands.class,
                JourneyCommands.class,
                ExportCommands.class, DestinationCommands.class, ContentCommands.class, RecommendCommands.class, DedupeCommands.class, DedupeCommands.Quality.class,
                GenerateCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class RegistroCommand {

    @Option(names = "--workspace", scope = ScopeType.INHERIT, paramLabel = "DIR|ADDRESS",
            description = "The workspace folder, or a team workspace's address "
                    + "postgresql://user@host:port/database (default: $REGISTRO_WORKSPACE).")
    String workspace;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A file whose first line is the workspace password (an encrypted workspace's, or the "
                    + "server user's for a team workspace; else $PGPASSWORD, ~/.pgpass or typed).")
    Path passwordFile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable JSON on standard output.")
    boolean json;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces on errors.")
    boolean debug;

    final Clock clock;
    private CommandLine commandLine;

    RegistroCommand(Clock clock) {
        this.clock = clock;
    }

    /** Runs the command line and returns the exit code: 0 success, 1 error, 2 bad usage. */
    public static int run(Clock clock, String... args) {
        return commandLine(clock).execute(args);
    }

    /** The configured command line, for tests that capture its output. */
    public static CommandLine commandLine(Clock clock) {
        RegistroCommand root = new RegistroCommand(clock);
        CommandLine cli = new CommandLine(root);
        root.commandLine = cli;
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            var err = commandLine.getErr();
            RegistroException ours = RegistroException.explain(e);
            String message = ours != null ? ours.getMessage()
                    : "unexpected error: " + e + " (run again with --debug for details)";
            err.println("registro: " + message);
            if (root.debug) {
                e.printStackTrace(err);
            }
            err.flush();
            jsonError(commandLine, root.json, message, 1);
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine commandLine = e.getCommandLine();
            var err = commandLine.getErr();
            err.println("registro: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
            }
            err.flush();
            boolean json = java.util.Arrays.asList(args).contains("--json");
            jsonError(commandLine, json, e.getMessage(), 2);
            return 2;
        });
        return cli;
    }

    /** With --json, an error is also a JSON object on standard output, so scripts reading it see what failed. */
    private static void jsonError(CommandLine commandLine, boolean json, String message, int exitCode) {
        if (!json) {
            return;
        }
        var out = commandLine.getOut();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        error.put("exitCode", exitCode);
        out.println(org.registro.common.Json.writePretty(error));
        out.flush();
    }

    /** Opens the workspace named by --workspace or $REGISTRO_WORKSPACE. */
    Workspace openWorkspace() {
        return open(workspaces());
    }

    /**
     * Opens the workspace for a command that must change nothing (a dry run): unfinished work is still
     * completed, but nothing is done on the side (no expiry of double opt-in requests).
     */
    Workspace openWorkspaceToRead() {
        return open(Session.recoveringWorkspaceService(clock, actor()));
    }

    private Workspace open(WorkspaceService service) {
        String where = workspaceAddress();
        Workspace opened;
        if (TeamAddress.isAddress(where)) {
            opened = withServerPassword(where, password -> service.open(TeamAddress.parse(where), password));
            return opened;
        }
        Path dir = Path.of(where);
        if (!WorkspaceService.isWorkspace(dir) || !WorkspaceService.readManifest(dir).encrypted()) {
            opened = service.open(dir, null);
        } else {
            char[] password = password();
            if (password == null) {
                throw new PasswordRequiredException(dir.toString());
            }
            opened = service.open(dir, password);
        }
        opened.recoveryProblem().ifPresent(problem -> {
            var err = commandLine.getErr();
            err.println("registro: warning: the workspace is open read-only. " + problem);
            err.println("registro: run 'registro workspace recover' to retry, or 'registro workspace recover"
                    + " --latest-backup' to restore the last backup.");
            err.flush();
        });
        return opened;
    }

    /** The workspace named by --workspace or $REGISTRO_WORKSPACE: a folder, or a team workspace's address. */
    String workspaceAddress() {
        if (workspace != null && !workspace.isBlank()) {
            return workspace.strip();
        }
        String env = System.getenv("REGISTRO_WORKSPACE");
        if (env == null || env.isBlank()) {
            throw new RegistroException("error.workspace.none");
        }
        return env.strip();
    }

    /** The folder named by --workspace or $REGISTRO_WORKSPACE, for what only a folder workspace has. */
    Path workspaceFolder() {
        String where = workspaceAddress();
        if (TeamAddress.isAddress(where)) {
            throw new RegistroException("error.team.folderOnly", where);
        }
        return Path.of(where);
    }

    /** Where the workspace's backups, rejects and exports are: its folder, or a team workspace's local folder. */
    Path localFolder() {
        String where = workspaceAddress();
        return TeamAddress.isAddress(where) ? TeamAddress.parse(where).localFolder() : workspaceFolder();
    }

    /** Creates a workspace in a folder, or a team workspace at a server address (its password as for opening). */
    Workspace create(String where, org.registro.workspace.NewWorkspace spec) {
        WorkspaceService service = new WorkspaceService(clock);
        return TeamAddress.isAddress(where)
                ? withServerPassword(where, secret -> service.create(TeamAddress.parse(where), secret, spec))
                : service.create(Path.of(where), spec);
    }

    /**
     * Opens a team workspace with the server password from --password-file, else $PGPASSWORD or ~/.pgpass, and
     * asks for it at the console when the server wants one and none was given.
     */
    <T> T withServerPassword(String where, java.util.function.Function<char[], T> open) {
        char[] given = passwordFile != null ? firstLine(passwordFile) : null;
        try {
            return open.apply(given);
        } catch (PasswordRequiredException e) {
            var console = System.console();
            if (given != null || console == null) {
                throw e;
            }
            return open.apply(console.readPassword("Password for %s: ", TeamAddress.parse(where).user()));
        }
    }

    WorkspaceService workspaces() {
        return Session.workspaceService(clock, actor());
    }

    /** The services over an open workspace, from the same wiring as the app's. */
    Session session(Workspace ws) {
        return Session.open(ws, workspaces(), actor());
    }

    /** A password file's first line. */
    static char[] firstLine(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").toCharArray();
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }

    /** The password from --password-file, or typed at the console; null when neither is available. */
    char[] password() {
        if (passwordFile != null) {
            return firstLine(passwordFile);
        }
        var console = System.console();
        return console == null ? null : console.readPassword("Workspace password: ");
    }

    static String actor() {
        return System.getProperty("user.name", "registro");
    }

    /** The version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RegistroCommand.class.getPackage().getImplementationVersion();
            return new String[] {"Registro " + (version == null ? "development" : version)};
        }
    }
}
