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
import org.registro.consent.DoubleOptInPolicy;
import org.registro.consent.DoubleOptInService;
import org.registro.consent.Purpose;
import org.registro.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro consent grant|withdraw|confirm|status|history}. */
@Command(name = "consent", description = "Record consent changes, read a contact's consent now or as of a date, "
        + "and manage double opt-in.",
        subcommands = {ConsentCommands.Grant.class, ConsentCommands.Withdraw.class, ConsentCommands.Confirm.class,
                ConsentCommands.Status.class, ConsentCommands.History.class, ConsentCommands.Check.class,
                ConsentCommands.Pending.class, ConsentCommands.Expire.class, ConsentCommands.Policy.class})
final class ConsentCommands {

    @ParentCommand
    RegistroCommand root;

    static ConsentService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).consent();
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
        @Option(names = "--evidence", paramLabel = "TEXT", description = "What proves it: a note, a reference.")
        String evidence;
        @Option(names = "--legal-basis", paramLabel = "B", description = "consent, contract, legal_obligation, "
                + "vital_interests, public_task, legitimate_interests")
        String legalBasis;
        @Option(names = "--form-url", paramLabel = "URL", description = "The form the person used.")
        String formUrl;
        @Option(names = "--wording", paramLabel = "VERSION", description = "The version of the consent wording.")
        String wording;
        @Option(names = "--ip", paramLabel = "IP", description = "The IP address the opt-in came from.")
        String ip;

        abstract String status();

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).record(new ConsentService.Change(contact, channel, topic, status(),
                        method, source, time(spec, at), evidence, legalBasis, formUrl, wording, ip));
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
                            e.recordedBy() == null ? "" : e.recordedBy(),
                            e.retracted() ? "retracted " + e.retractedAt() : ""));
                }
                out.table(List.of("when", "channel", "topic", "status", "method", "source", "recorded by", "note"),
                        rows);
                return 0;
            }
        }
    }

    @Command(name = "check", description = "Could a message be sent to this contact (now or at a date), and why.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ConsentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long contact;
        @Option(names = "--channel", required = true, paramLabel = "C")
        String channel;
        @Option(names = "--topic", paramLabel = "T")
        String topic;
        @Option(names = "--purpose", paramLabel = "P", defaultValue = "commercial",
                description = "commercial (default) or transactional")
        String purpose;
        @Option(names = "--at", paramLabel = "DATE", description = "2025-03-01 or 2025-03-01T10:15:00Z (default: now)")
        String at;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                Instant when = at == null ? parent.root.clock.instant() : time(spec, at);
                ConsentService.Decision d = service(parent.root, ws).decide(contact, Purpose.of(purpose), channel,
                        topic, when);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    Map<String, Object> json = new java.util.LinkedHashMap<>();
                    json.put("allowed", d.allowed());
                    json.put("reason", Messages.get(d.reasonKey()));
                    json.put("reasonKey", d.reasonKey());
                    json.put("channel", d.channel());
                    json.put("topic", d.topic());
                    out.json(json);
                } else {
                    out.line((d.allowed() ? "Yes. " : "No. ") + Messages.get(d.reasonKey()));
                    if (d.channel() != null) {
                        out.line("  " + channel + ": " + d.channel().status() + " by " + d.channel().method()
                                + " on " + d.channel().occurredAt() + " (event " + d.channel().eventId() + ")");
                    }
                    if (d.topic() != null) {
                        out.line("  " + channel + "/" + topic + ": " + d.topic().status() + " by "
                                + d.topic().method() + " on " + d.topic().occurredAt() + " (event "
                                + d.topic().eventId() + ")");
                    }
                }
                return d.allowed() ? 0 : 3;
            }
        }
    }

    @Command(name = "pending", description = "People whose opt-in waits for double opt-in confirmation; "
            + "--out writes the confirmation-request list for the email tool.")
    static final class Pending implements Callable<Integer> {
        @ParentCommand
        ConsentCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--out", paramLabel = "FILE")
        java.nio.file.Path outFile;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DoubleOptInService doi = parent.root.session(ws).doubleOptIn();
                Output out = new Output(spec, parent.root.json);
                if (outFile != null) {
                    long rows = ExportCommands.service(parent.root, ws)
                            .writeConfirmationRequests(outFile, org.registro.common.Progress.NONE).written();
                    if (out.json()) {
                        out.json(Map.of("written", rows, "file", outFile.toAbsolutePath().toString()));
                    } else {
                        out.line("Wrote " + rows + " confirmation requests to " + outFile + ".");
                    }
                    return 0;
                }
                List<DoubleOptInService.Pending> pending = doi.pending(1000);
                if (out.json()) {
                    out.json(pending);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (DoubleOptInService.Pending p : pending) {
                    rows.add(List.of(Long.toString(p.contactId()), p.email() == null ? "" : p.email(),
                            p.country() == null ? "" : p.country(), p.since().toString(),
                            p.expiresAt().toString()));
                }
                out.table(List.of("id", "email", "country", "pending since", "expires"), rows);
                return 0;
            }
        }
    }

    @Command(name = "expire", description = "Withdraw the opt-ins nobody confirmed within the policy's days.")
    static final class Expire implements Callable<Integer> {
        @ParentCommand
        ConsentCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                int expired = parent.root.session(ws).doubleOptIn()
                        .expire();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("expired", expired));
                } else {
                    out.line(expired + " unconfirmed opt-ins expired.");
                }
                return 0;
            }
        }
    }

    @Command(name = "policy", description = "Show or change the double opt-in policy.")
    static final class Policy implements Callable<Integer> {
        @ParentCommand
        ConsentCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--countries", paramLabel = "LIST", description = "ISO codes, e.g. DE,AT (\"\" for none)")
        String countries;
        @Option(names = "--channels", paramLabel = "LIST", description = "e.g. email")
        String channels;
        @Option(names = "--expiry-days", paramLabel = "N")
        Integer expiryDays;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DoubleOptInService doi = parent.root.session(ws).doubleOptIn();
                DoubleOptInPolicy policy = doi.policy();
                if (countries != null || channels != null || expiryDays != null) {
                    policy = new DoubleOptInPolicy(
                            countries == null ? policy.countries() : DoubleOptInPolicy.countriesOf(countries),
                            channels == null ? policy.channels()
                                    : java.util.Set.of(channels.toLowerCase(java.util.Locale.ROOT).split("[,;\\s]+")),
                            expiryDays == null ? policy.expiryDays() : expiryDays);
                    doi.setPolicy(policy);
                }
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(policy);
                } else {
                    out.line("Double opt-in required in: " + (policy.countries().isEmpty() ? "(nowhere)"
                            : String.join(", ", policy.countries().stream().sorted().toList())));
                    out.line("Channels: " + String.join(", ", policy.channels().stream().sorted().toList()));
                    out.line("Unconfirmed opt-ins expire after " + policy.expiryDays() + " days.");
                }
                return 0;
            }
        }
    }
}
