package org.registro.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.registro.consent.ConsentService;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro topics list|add} (the preference centre's subjects) and {@code --channel} to add a channel. */
@Command(name = "topics", description = "List or add the preference centre's topics (and channels).",
        subcommands = {TopicsCommands.ListTopics.class, TopicsCommands.Add.class})
final class TopicsCommands {

    @ParentCommand
    RegistroCommand root;

    @Command(name = "list", description = "The topics, in their order.")
    static final class ListTopics implements Callable<Integer> {
        @ParentCommand
        TopicsCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<ConsentService.Topic> topics = ConsentCommands.service(parent.root, ws).topics();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(topics);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                topics.forEach(t -> rows.add(List.of(t.code(), t.label(), t.description() == null ? ""
                        : t.description())));
                out.table(List.of("code", "label", "description"), rows);
                out.line("");
                out.line("Channels: " + String.join(", ", ConsentCommands.service(parent.root, ws).channels()));
                return 0;
            }
        }
    }

    @Command(name = "add", description = "Add a topic at the end of the preference centre.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        TopicsCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CODE", description = "e.g. legacy_giving")
        String code;
        @Option(names = "--label", paramLabel = "TEXT", description = "What people see (default: the code).")
        String label;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--channel", description = "Add a channel (like sms or post) instead of a topic.")
        boolean channel;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                if (channel) {
                    ConsentCommands.service(parent.root, ws).addChannel(code, label);
                    new Output(spec, parent.root.json).line("Added channel " + code + ".");
                    return 0;
                }
                ConsentService.Topic topic = ConsentCommands.service(parent.root, ws).addTopic(code, label, description);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(topic);
                } else {
                    out.line("Added topic " + topic.code() + " (" + topic.label() + ").");
                }
                return 0;
            }
        }
    }
}
