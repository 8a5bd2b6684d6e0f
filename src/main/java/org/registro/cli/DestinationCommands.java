package org.registro.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.destination.Change;
import org.registro.destination.Destination;
import org.registro.destination.DestinationService;
import org.registro.destination.Reason;
import org.registro.destination.Told;
import org.registro.destination.Tool;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code registro destination list|add|pending|sync|history|late-days}: the email tool accounts the organization
 * sends from, and the changes each has not heard.
 */
@Command(name = "destination", description = "The email tool accounts you send from (a Mailchimp audience, a Brevo "
        + "account, a Mailjet or listmonk list) and the changes each has not heard: withdrawals, bounces, "
        + "complaints, erasures, restrictions, confirmed opt-ins, corrected addresses.",
        subcommands = {DestinationCommands.ListDestinations.class, DestinationCommands.Add.class,
                DestinationCommands.Pending.class, DestinationCommands.Sync.class, DestinationCommands.History.class,
                DestinationCommands.LateDays.class})
final class DestinationCommands {

    @ParentCommand
    RegistroCommand root;

    static DestinationService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).destinations();
    }

    static Destination find(DestinationService service, String nameOrId) {
        return service.find(nameOrId).orElseThrow(() -> new RegistroException("error.destination.unknown", nameOrId));
    }

    private static String day(Instant t) {
        return t == null ? "" : t.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Map<String, Integer> codes(Map<Reason, Integer> counts) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        counts.forEach((k, v) -> codes.put(k.code(), v));
        return codes;
    }

    @Command(name = "list", description = "The destinations, with how many changes each has not heard and since when.")
    static final class ListDestinations implements Callable<Integer> {
        @ParentCommand
        DestinationCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspaceToRead()) {
                DestinationService service = service(parent.root, ws);
                Output out = new Output(spec, parent.root.json);
                List<DestinationService.Pending> all = service.pendingAll();
                if (out.json()) {
                    List<Map<String, Object>> json = new ArrayList<>();
                    for (DestinationService.Pending p : all) {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("id", p.destination().id());
                        d.put("name", p.destination().name());
                        d.put("tool", p.destination().tool().code());
                        d.put("topic", p.destination().topic());
                        d.put("pending", p.changes().size());
                        d.put("reasons", codes(p.counts()));
                        d.put("waitingSince", p.oldest() == null ? null : p.oldest().toString());
                        d.put("late", p.late());
                        json.add(d);
                    }
                    out.json(json);
                    return 0;
                }
                if (all.isEmpty()) {
                    out.line("No destinations yet: add one with 'registro destination add NAME --tool brevo'.");
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (DestinationService.Pending p : all) {
                    rows.add(List.of(p.destination().name(), p.destination().tool().label(),
                            p.destination().topic() == null ? "" : p.destination().topic(),
                            Integer.toString(p.changes().size()), day(p.oldest()),
                            p.late() ? "late" : ""));
                }
                out.table(List.of("destination", "tool", "topic", "changes to send", "waiting since", ""), rows);
                return 0;
            }
        }
    }

    @Command(name = "add", description = "Add a destination: the email tool account a list goes to.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        DestinationCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "e.g. \"Brevo newsletter\"")
        String name;
        @Option(names = "--tool", paramLabel = "T", required = true,
                description = "mailchimp, brevo, mailjet or listmonk")
        String tool;
        @Option(names = "--topic", paramLabel = "T", description = "The topic the list is about (default: every "
                + "email; only a withdrawal from email itself then unsubscribes).")
        String topic;

        @Override
        public Integer call() {
            Tool t = Tool.byCode(tool).orElseThrow(() -> new RegistroException("error.destination.tool", tool));
            try (Workspace ws = parent.root.openWorkspace()) {
                Destination d = service(parent.root, ws).add(name, t, topic);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(d);
                } else {
                    out.line("Added destination " + d.name() + " (" + t.label() + ").");
                }
                return 0;
            }
        }
    }

    @Command(name = "pending", description = "The changes a destination has not heard, by reason.")
    static final class Pending implements Callable<Integer> {
        @ParentCommand
        DestinationCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DEST", description = "The destination's name or number.")
        String destination;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspaceToRead()) {
                DestinationService service = service(parent.root, ws);
                DestinationService.Pending p = service.pending(find(service, destination).id());
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("destination", p.destination().name());
                    json.put("pending", p.changes().size());
                    json.put("reasons", codes(p.counts()));
                    json.put("waitingSince", p.oldest() == null ? null : p.oldest().toString());
                    json.put("late", p.late());
                    List<Map<String, Object>> changes = new ArrayList<>();
                    for (Change c : p.changes()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("contactId", c.contactId());
                        row.put("email", c.email());
                        row.put("status", c.status());
                        row.put("reason", c.reason().code());
                        row.put("since", c.since() == null ? null : c.since().toString());
                        changes.add(row);
                    }
                    json.put("changes", changes);
                    out.json(json);
                    return 0;
                }
                if (p.isEmpty()) {
                    out.line(p.destination().name() + " has heard every change.");
                    return 0;
                }
                out.line(String.format(Locale.ROOT, "%s has not heard %,d %s, waiting since %s%s.",
                        p.destination().name(), p.changes().size(), p.changes().size() == 1 ? "change" : "changes",
                        day(p.oldest()), p.late() ? " (late)" : ""));
                p.counts().forEach((reason, n) -> out.line(String.format(Locale.ROOT, "  %,6d %s", n,
                        reason.code())));
                List<List<String>> rows = new ArrayList<>();
                for (Change c : p.changes()) {
                    rows.add(List.of(c.email(), c.status(), c.reason().code(), day(c.since())));
                }
                out.line("");
                out.table(List.of("address", "becomes", "why", "since"), rows);
                return 0;
            }
        }
    }

    @Command(name = "sync", description = "Write the changes a destination has not heard, in its own import "
            + "format (a ZIP: one file per kind of import and how to import each), and record that it was told.")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        DestinationCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DEST", description = "The destination's name or number.")
        String destination;
        @Option(names = "--out", paramLabel = "FILE.zip", required = true)
        Path out;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DestinationService service = service(parent.root, ws);
                Destination d = find(service, destination);
                Output output = new Output(spec, parent.root.json);
                if (service.pending(d.id()).isEmpty()) {
                    if (output.json()) {
                        output.json(Map.of("changes", 0));
                    } else {
                        output.line(d.name() + " has heard every change: no file written.");
                    }
                    return 0;
                }
                DestinationService.SyncResult r = service.sync(d.id(), out, new ConsoleProgress(spec));
                if (output.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("syncId", r.syncId());
                    json.put("file", r.file().toAbsolutePath().toString());
                    json.put("sha256", r.sha256());
                    json.put("changes", r.changes());
                    json.put("reasons", codes(r.reasons()));
                    json.put("files", r.files());
                    output.json(json);
                    return 0;
                }
                output.line(String.format(Locale.ROOT, "Wrote %,d %s to %s (SHA-256 %s).", r.changes(),
                        r.changes() == 1 ? "change" : "changes", r.file(), r.sha256()));
                r.files().forEach((f, n) -> output.line(String.format(Locale.ROOT, "  %-16s %,6d", f, n)));
                output.line("Import them as how-to-import.txt in the ZIP says.");
                return 0;
            }
        }
    }

    @Command(name = "history", description = "What each destination was told about one contact, and when.")
    static final class History implements Callable<Integer> {
        @ParentCommand
        DestinationCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CONTACT")
        long contact;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspaceToRead()) {
                List<Told> told = service(parent.root, ws).history(contact);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(told);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (Told t : told) {
                    rows.add(List.of(t.toldAt().toString(), t.destinationName(), t.email(), t.status(), t.via(),
                            t.reason() == null ? "" : t.reason().code()));
                }
                out.table(List.of("when", "destination", "address", "status", "how", "why"), rows);
                return 0;
            }
        }
    }

    @Command(name = "late-days", description = "Show or set after how many days a change not sent counts as late.")
    static final class LateDays implements Callable<Integer> {
        @ParentCommand
        DestinationCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAYS", arity = "0..1")
        Integer days;

        @Override
        public Integer call() {
            try (Workspace ws = days == null ? parent.root.openWorkspaceToRead() : parent.root.openWorkspace()) {
                DestinationService service = service(parent.root, ws);
                if (days != null) {
                    service.setLateDays(days);
                }
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("lateDays", service.lateDays()));
                } else {
                    out.line("A change waiting " + service.lateDays() + " days or more is late.");
                }
                return 0;
            }
        }
    }
}
