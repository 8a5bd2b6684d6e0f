package org.registro.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.Messages;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro consent grant|withdraw|confirm|status|history}. */
@Command(name = "consent", description = "Record consent changes and read a contact's consent, now or as of a date.",
        subcommands = {ConsentCommands.Grant.class, ConsentCommands.Withdraw.class, ConsentCommands.Confirm.class,
                ConsentCommands.Status.class, ConsentCommands.History.class})
final class ConsentCommands {

    @ParentCommand
    RegistroCommand root;

    static ConsentService service(RegistroCommand root, Workspace ws) {
        return new ConsentService(ws, new AuditLog(root.clock, RegistroCommand.actor()));
    }

    /** "2025-03-01" (start of that day, UTC) or "2025-03-01T10:15:00Z". */
    static Instant time(CommandSpec spec, String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "A time is 2025-03-01 or 2025-03-01T10:15:00Z, not " + text);
        }
    }

    /** The options every change takes. */
    abstract static class Change implements Callable<Integer> {
        @ParentCommand
        ConsentCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--contact", required = true, paramLabel = "ID")
        long contact;
        @Option(names = "--channel", required = true, paramLabel = "C", description = "email, sms, phone, post, whatsapp…")
        String channel;
        @Option(names = "--topic", paramLabel = "T", description = "newsletter, events, fundraising, volunteering…")
        String topic;
        @Option(names = "--method", paramLabel = "M", description = "form, import, double_opt_in, "
                + "email_tool_unsubscribe, bounce, complaint, manual (default: manual)")
        String method;
        @Option(names = "--source", paramLabel = "S", description = "Where the change came from.")
        String source;
        @Option(names = "--at", paramLabel = "TIME", description = "When it happened (default: now).")
        String at;
        @Option(names = "--evidence", paramLabel = "TEXT", description = "Form URL, wording, IP or a note.")
        String evidence;

        abstract String status();

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).record(new ConsentService.Change(contact, channel, topic, status(),
                        method, source, time(spec, at), evidence));
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("contact", contact, "channel", channel, "status", status()));
                } else {
                    out.line("Recorded: contact " + contact + ", " + channel + (topic == null ? "" : "/" + topic)
                            + " " + status() + ".");
                }
                return 0;
            }
        }
    }

    @Command(name = "grant", description = "Record an opt-in.")
    static final class Grant extends Change {
        @Override
        String status() {
            return Consent.GRANTED;
        }
    }

    @Command(name = "withdraw", description = "Record a withdrawal (unsubscribe, objection).")
    static final class Withdraw extends Change {
        @Override
        String status() {
            return Consent.WITHDRAWN;
        }
    }

    @Command(name = "confirm", description = "Record a double opt-in confirmation.")
    static final class Confirm extends Change {
        @Override
        String status() {
            return Consent.CONFIRMED;
        }
    }

    @Command(name = "status", description = "A contact's consent per channel and topic, now or as of a date.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ConsentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long contact;
        @Option(names = "--as-of", paramLabel = "DATE", description = "2025-03-01 or 2025-03-01T10:15:00Z")
        String asOf;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ConsentService consent = service(parent.root, ws);
                List<ConsentService.State> states = asOf == null ? consent.current(contact)
                        : consent.asOf(contact, time(spec, asOf));
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(states);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (ConsentService.State s : states) {
                    rows.add(List.of(s.channel(), s.topic() == null ? "" : s.topic(),
                            Messages.get("consent.status." + s.status()), s.method(), s.occurredAt().toString()));
                }
                out.table(List.of("channel", "topic", "status", "method", "since"), rows);
                return 0;
            }
        }
    }

    @Command(name = "history", description = "Every consent event of a contact, oldest first.")
    static final class History implements Callable<Integer> {
        @ParentCommand
        ConsentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long contact;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<ConsentService.Event> events = service(parent.root, ws).history(contact);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(events);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (ConsentService.Event e : events) {
                    rows.add(List.of(e.occurredAt().toString(), e.channel(), e.topic() == null ? "" : e.topic(),
                            e.status(), e.method(), e.sourceSystem() == null ? "" : e.sourceSystem(),
                            e.recordedBy() == null ? "" : e.recordedBy()));
                }
                out.table(List.of("when", "channel", "topic", "status", "method", "source", "recorded by"), rows);
                return 0;
            }
        }
    }
}
