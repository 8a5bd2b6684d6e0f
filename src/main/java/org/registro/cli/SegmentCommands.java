package org.registro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.RegistroException;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.workspace.Workspace;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro segment count|save|list|explain|freeze|overlap|rename|delete}. */
@Command(name = "segment", description = "Count, save and list segments: rules over contacts, written as JSON.",
        subcommands = {SegmentCommands.Count.class, SegmentCommands.Save.class, SegmentCommands.ListSegments.class,
                SegmentCommands.Explain.class, SegmentCommands.Freeze.class,
                SegmentCommands.OverlapCommand.class, SegmentCommands.Rename.class, SegmentCommands.Delete.class,
                SegmentCommands.Sizes.class})
final class SegmentCommands {

    @ParentCommand
    RegistroCommand root;

    static SegmentService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).segments();
    }

    static RuleDocument read(Path file) {
        return RuleDocument.parse(readText(file));
    }

    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }

    /** --rule FILE or --name N. */
    static final class Selector {
        @Option(names = "--rule", paramLabel = "FILE.json", required = true)
        Path rule;
        @Option(names = "--name", paramLabel = "N", required = true)
        String name;
    }

    @Command(name = "count", description = "How many contacts a rule (or a saved segment) selects.")
    static final class Count implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Selector selector;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                SegmentService segments = service(parent.root, ws);
                long start = System.nanoTime();
                long count = selector.rule != null ? segments.count(read(selector.rule))
                        : segments.measure(selector.name);
                double ms = (System.nanoTime() - start) / 1e6;
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("count", count);
                    json.put("milliseconds", Math.round(ms));
                    out.json(json);
                } else {
                    out.line(String.format("%,d contacts", count));
                }
                return 0;
            }
        }
    }

    @Command(name = "save", description = "Save (or replace) a dynamic segment.")
    static final class Save implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", required = true, paramLabel = "N")
        String name;
        @Option(names = "--rule", required = true, paramLabel = "FILE.json")
        Path rule;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                SegmentService.Saved saved = service(parent.root, ws).save(name, description, read(rule));
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(saved);
                } else {
                    out.line(String.format("Saved \"%s\": %,d contacts.", saved.name(), saved.size()));
                }
                return 0;
            }
        }
    }

    @Command(name = "list", description = "The saved segments with their last size.")
    static final class ListSegments implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<SegmentService.Saved> saved = service(parent.root, ws).list();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(saved);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (SegmentService.Saved s : saved) {
                    rows.add(List.of(s.name(), s.kind(), s.size() == null ? "" : String.format("%,d", s.size()),
                            s.sizedAt() == null ? "" : s.sizedAt().toString(),
                            s.description() == null ? "" : s.description()));
                }
                out.table(List.of("name", "kind", "size", "counted", "description"), rows);
                return 0;
            }
        }
    }


    @Command(name = "explain", description = "Why a contact is in or out of a rule or saved segment.")
    static final class Explain implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CONTACT")
        long contact;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Selector selector;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                SegmentService segments = service(parent.root, ws);
                RuleDocument rule = selector.rule != null ? read(selector.rule) : segments.rule(selector.name);
                SegmentService.Explanation explanation = segments.explain(contact, rule);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(explanation);
                } else {
                    print(out, explanation, "");
                }
                return explanation.matched() ? 0 : 3;
            }
        }

        private static void print(Output out, SegmentService.Explanation e, String indent) {
            out.line(indent + (e.matched() ? "[yes] " : "[no]  ") + e.description());
            e.parts().forEach(p -> print(out, p, indent + "      "));
        }
    }

    @Command(name = "freeze", description = "Freeze who is in a segment now as a dated snapshot list.")
    static final class Freeze implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", required = true, paramLabel = "N")
        String name;
        @Option(names = "--as", required = true, paramLabel = "SNAPSHOT")
        String snapshot;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                SegmentService.Saved saved = service(parent.root, ws).freeze(name, snapshot);
                new Output(spec, parent.root.json).line(String.format("Froze %,d contacts as \"%s\".", saved.size(),
                        saved.name()));
                return 0;
            }
        }
    }

    @Command(name = "overlap", description = "How two or three saved segments overlap.")
    static final class OverlapCommand implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "2..3", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                SegmentService.Overlap overlap = service(parent.root, ws).overlap(names);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(overlap);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                overlap.regions().forEach((key, count) -> {
                    List<String> in = new ArrayList<>();
                    for (String part : key.split("\\+")) {
                        in.add(names.get(Integer.parseInt(part) - 1));
                    }
                    rows.add(List.of(String.join(" + ", in), String.format("%,d", count)));
                });
                out.table(List.of("in exactly", "contacts"), rows);
                return 0;
            }
        }
    }

    @Command(name = "rename", description = "Rename a saved segment.")
    static final class Rename implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "NEW_NAME")
        String newName;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).rename(name, newName);
                new Output(spec, parent.root.json).line("Renamed.");
                return 0;
            }
        }
    }

    @Command(name = "delete", description = "Delete a saved segment.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).delete(name);
                new Output(spec, parent.root.json).line("Deleted.");
                return 0;
            }
        }
    }

    @Command(name = "sizes", description = "A saved segment's size each time it was counted.")
    static final class Sizes implements Callable<Integer> {
        @ParentCommand
        SegmentCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", required = true, paramLabel = "N")
        String name;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<SegmentService.Size> sizes = service(parent.root, ws).sizes(name);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(sizes);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                sizes.forEach(s -> rows.add(List.of(s.at().toString(), String.format("%,d", s.size()))));
                out.table(List.of("counted", "contacts"), rows);
                return 0;
            }
        }
    }
}
