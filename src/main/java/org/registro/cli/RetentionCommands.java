package org.registro.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.registro.consent.RetentionService;
import org.registro.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro retention preview|run|set}. */
@Command(name = "retention", description = "Retention rules: how long data is kept.",
        subcommands = {RetentionCommands.Preview.class, RetentionCommands.Run.class, RetentionCommands.Set.class})
final class RetentionCommands {

    @ParentCommand
    RegistroCommand root;

    static RetentionService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).retention();
    }

    @Command(name = "set", description = "Add or change a rule: erase_inactive_without_consent MONTHS, "
            + "delete_old_events MONTHS.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        RetentionCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KIND")
        String kind;
        @Parameters(index = "1", paramLabel = "MONTHS")
        int months;
        @Option(names = "--inactive", description = "Keep the rule but do not apply it.")
        boolean inactive;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                RetentionService.Policy policy = service(parent.root, ws).save(kind, months, !inactive);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(policy);
                } else {
                    out.line("Rule " + policy.kind() + ": " + policy.months() + " months"
                            + (policy.active() ? "." : " (inactive)."));
                }
                return 0;
            }
        }
    }

    @Command(name = "preview", description = "What each active rule would do now: counts and examples.")
    static final class Preview implements Callable<Integer> {
        @ParentCommand
        RetentionCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<RetentionService.Preview> previews = service(parent.root, ws).previewAll();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(previews);
                    return 0;
                }
                if (previews.isEmpty()) {
                    out.line("No active retention rules. Add one with: registro retention set KIND MONTHS");
                }
                for (RetentionService.Preview p : previews) {
                    out.line(p.policy().kind() + " (" + p.policy().months() + " months, before " + p.cutoff()
                            + "): " + p.count());
                    p.examples().forEach(e -> out.line("  " + e));
                }
                return 0;
            }
        }
    }

    @Command(name = "run", description = "Run the active rules (or one KIND) after a backup; needs --yes.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        RetentionCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "KIND")
        String kind;
        @Option(names = "--yes", description = "Confirm: this erases or deletes data (a backup is taken first).")
        boolean yes;

        @Override
        public Integer call() {
            if (!yes) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Retention erases or deletes data. Look at 'registro retention preview', then add --yes.");
            }
            try (Workspace ws = parent.root.openWorkspace()) {
                RetentionService retention = service(parent.root, ws);
                List<RetentionService.Run> runs = new ArrayList<>();
                for (RetentionService.Policy p : retention.policies()) {
                    if (p.active() && (kind == null || kind.equals(p.kind()))) {
                        runs.add(retention.run(p.id()));
                    }
                }
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(runs);
                } else {
                    if (runs.isEmpty()) {
                        out.line("No active retention rule" + (kind == null ? "." : " " + kind + "."));
                    }
                    runs.forEach(r -> out.line(r.policy().kind() + ": " + r.affected() + " affected (backup "
                            + r.backup() + ")."));
                }
                return runs.isEmpty() && kind != null ? 1 : 0;
            }
        }
    }
}
