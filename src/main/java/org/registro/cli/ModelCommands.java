package org.registro.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.registro.insight.ModelService;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro model rfm|engagement|lookalike}. */
@Command(name = "model", description = "Customer models stored on contacts: RFM, engagement, look-alike audiences.",
        subcommands = {ModelCommands.Rfm.class, ModelCommands.Engagement.class, ModelCommands.LookAlike.class,
                ModelCommands.Clusters.class})
final class ModelCommands {

    @ParentCommand
    RegistroCommand root;

    static ModelService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).models();
    }

    static int print(CommandSpec spec, boolean json, ModelService.Result result) {
        Output out = new Output(spec, json);
        if (out.json()) {
            out.json(result);
            return 0;
        }
        out.line(String.format("%,d contacts scored (%s).", result.scored(), result.model()));
        List<List<String>> rows = new ArrayList<>();
        result.cells().forEach((cell, count) -> rows.add(List.of(cell, String.format("%,d", count))));
        out.table(List.of("cell", "contacts"), rows);
        return 0;
    }

    @Command(name = "rfm", description = "Recency, frequency and monetary quintiles from events with amounts.")
    static final class Rfm implements Callable<Integer> {
        @ParentCommand
        ModelCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                return print(spec, parent.root.json, service(parent.root, ws).rfm());
            }
        }
    }

    @Command(name = "engagement", description = "An engagement score (0–100) from the last year of activity.")
    static final class Engagement implements Callable<Integer> {
        @ParentCommand
        ModelCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                return print(spec, parent.root.json, service(parent.root, ws).engagement());
            }
        }
    }

    @Command(name = "lookalike", description = "Save the contacts most like a seed segment as a new segment.")
    static final class LookAlike implements Callable<Integer> {
        @ParentCommand
        ModelCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--seed", required = true, paramLabel = "SEGMENT")
        String seed;
        @Option(names = "--size", required = true, paramLabel = "K")
        int size;
        @Option(names = "--name", required = true, paramLabel = "NEW_SEGMENT")
        String name;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ModelService.LookAlike result = service(parent.root, ws).lookAlike(seed, size, name);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(result);
                } else {
                    out.line(String.format("Saved \"%s\": the %,d contacts most like \"%s\" (scores %.2f to %.2f).",
                            result.segment(), result.size(), seed, result.topScore(), result.lowestScore()));
                }
                return 0;
            }
        }
    }

    @Command(name = "clusters", description = "Group the contacts with amounts into K clusters (k-means) and describe them.")
    static final class Clusters implements Callable<Integer> {
        @ParentCommand
        ModelCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--k", defaultValue = "4", paramLabel = "K", description = "Number of clusters (default: 4).")
        int k;
        @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Repeatable runs (default: 7).")
        long seed;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<ModelService.Cluster> clusters = service(parent.root, ws).clusters(k, seed);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(clusters);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                clusters.forEach(c -> rows.add(List.of(Integer.toString(c.number()), String.format("%,d", c.size()),
                        c.description())));
                out.table(List.of("cluster", "contacts", "centre"), rows);
                return 0;
            }
        }
    }
}
