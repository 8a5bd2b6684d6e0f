package org.registro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.workspace.TeamRoles;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro workspace team init|add-user|users}: who may do what in a team workspace ({@link TeamRoles}). */
@Command(name = "team", description = "Roles in a team workspace on a PostgreSQL server: viewer, editor, administrator.",
        subcommands = {TeamCommands.Init.class, TeamCommands.AddUser.class, TeamCommands.Remove.class,
                TeamCommands.Users.class})
final class TeamCommands {

    @ParentCommand
    WorkspaceCommands parent;

    RegistroCommand root() {
        return parent.root;
    }

    @Command(name = "init", description = "Make the workspace's roles and their privileges (run once by the owner "
            + "of the workspace's schema, and again after an upgrade).")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        TeamCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root();
            try (Workspace ws = root.openWorkspace()) {
                // the change feed's triggers, which only the owner may add, before anyone else opens it
                new org.registro.audience.LiveAudience(ws).close();
                TeamRoles.init(ws);
                Output out = new Output(spec, root.json);
                if (out.json()) {
                    out.json(Map.of("address", ws.address(), "roles", List.of("viewer", "editor", "administrator")));
                } else {
                    out.line("Made the roles viewer, editor and administrator for " + ws.address()
                            + ". Give people one with: registro workspace team add-user NAME --role editor");
                }
            }
            return 0;
        }
    }

    @Command(name = "add-user", description = "Give a server user a role in the workspace (made with a password "
            + "when there is no user by that name). Needs an administrator allowed to make roles.")
    static final class AddUser implements Callable<Integer> {
        @ParentCommand
        TeamCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "USER", description = "The server user name.")
        String user;
        @Option(names = "--role", required = true, description = "viewer, editor or administrator")
        String role;
        @Option(names = "--user-password-file", paramLabel = "FILE",
                description = "A file whose first line is the new user's password (else typed, when the user is new).")
        Path userPasswordFile;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root();
            TeamRoles.Role chosen = TeamRoles.Role.parse(role);
            try (Workspace ws = root.openWorkspace()) {
                char[] password = userPasswordFile != null ? RegistroCommand.firstLine(userPasswordFile) : null;
                if (password == null && System.console() != null
                        && TeamRoles.members(ws).stream().noneMatch(m -> m.user().equals(user))) {
                    password = System.console().readPassword("Password for the new user %s (empty if they exist): ",
                            user);
                }
                TeamRoles.grant(ws, user, chosen, password);
                Output out = new Output(spec, root.json);
                if (out.json()) {
                    out.json(Map.of("user", user, "role", chosen.code(), "address", ws.address()));
                } else {
                    out.line(user + " is now " + chosen.code() + " in " + ws.address() + ".");
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", description = "Take a user's role in the workspace away (the server user stays).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        TeamCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "USER", description = "The server user name.")
        String user;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root();
            try (Workspace ws = root.openWorkspace()) {
                TeamRoles.revoke(ws, user);
                Output out = new Output(spec, root.json);
                if (out.json()) {
                    out.json(Map.of("user", user, "removed", true, "address", ws.address()));
                } else {
                    out.line(user + " no longer has a role in " + ws.address() + ".");
                }
            }
            return 0;
        }
    }

    @Command(name = "users", description = "Who has which role in the workspace.")
    static final class Users implements Callable<Integer> {
        @ParentCommand
        TeamCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RegistroCommand root = parent.root();
            try (Workspace ws = root.openWorkspace()) {
                List<TeamRoles.Member> members = TeamRoles.members(ws);
                Output out = new Output(spec, root.json);
                if (out.json()) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    members.forEach(m -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("user", m.user());
                        row.put("role", m.role().code());
                        rows.add(row);
                    });
                    out.json(Map.of("address", ws.address(), "you", ws.role().code(), "users", rows));
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    members.forEach(m -> rows.add(List.of(m.user(), m.role().code())));
                    out.table(List.of("USER", "ROLE"), rows);
                    out.line("You are " + ws.role().code() + " here.");
                }
            }
            return 0;
        }
    }
}
