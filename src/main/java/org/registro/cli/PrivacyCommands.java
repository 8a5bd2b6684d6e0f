package org.registro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.consent.AccessReport;
import org.registro.consent.PrivacyService;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro privacy access|erase|restrict|log|requests|close}. */
@Command(name = "privacy", description = "Answer privacy requests: access, erasure, restriction; log requests "
        + "and see what is due.",
        subcommands = {PrivacyCommands.Access.class, PrivacyCommands.Erase.class, PrivacyCommands.Restrict.class,
                PrivacyCommands.Log.class, PrivacyCommands.Requests.class, PrivacyCommands.Close.class})
final class PrivacyCommands {

    @ParentCommand
    RegistroCommand root;

    static PrivacyService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).privacy();
    }

    @Command(name = "access", description = "Write everything held about a contact (JSON and a readable HTML page).")
    static final class Access implements Callable<Integer> {
        @ParentCommand
        PrivacyCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long contact;
        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path folder;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                AccessReport.Files files = service(parent.root, ws).access(contact, folder);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("json", files.json().toAbsolutePath().toString(),
                            "html", files.html().toAbsolutePath().toString()));
                } else {
                    out.line("Wrote " + files.html() + " and " + files.json() + ".");
                }
                return 0;
            }
        }
    }

    @Command(name = "erase", description = "Erase a contact: personal data removed, identifiers kept only as salted "
            + "hashes so a later import does not bring them back, consent ledger kept anonymized.")
    static final class Erase implements Callable<Integer> {
        @ParentCommand
        PrivacyCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long contact;
        @Option(names = "--reason", paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                PrivacyService.Erasure erasure = service(parent.root, ws).erase(contact, reason);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(erasure);
                } else {
                    out.line("Erased contact " + contact + (erasure.contactIds().size() > 1 ? " and "
                            + (erasure.contactIds().size() - 1) + " records merged into it" : "") + ": "
                            + erasure.identifiersSuppressed() + " identifiers suppressed, " + erasure.eventsDeleted()
                            + " events deleted, " + erasure.consentEventsAnonymized()
                            + " consent events kept anonymized.");
                }
                return 0;
            }
        }
    }

    @Command(name = "restrict", description = "Mark a contact do-not-contact (or lift it with --lift).")
    static final class Restrict implements Callable<Integer> {
        @ParentCommand
        PrivacyCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        long contact;
        @Option(names = "--lift", description = "Allow contact again.")
        boolean lift;
        @Option(names = "--reason", paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).restrict(contact, !lift, reason);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("contact", contact, "doNotContact", !lift));
                } else {
                    out.line(lift ? "Contact " + contact + " may be contacted again."
                            : "Contact " + contact + " is now do-not-contact.");
                }
                return 0;
            }
        }
    }

    @Command(name = "log", description = "Log a privacy request received from a contact; it is due in 30 days.")
    static final class Log implements Callable<Integer> {
        @ParentCommand
        PrivacyCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "WHO", description = "The contact: an id, an email, a phone or a name.")
        String who;
        @Option(names = "--kind", required = true, paramLabel = "K",
                description = "access, rectification, erasure or restriction")
        String kind;
        @Option(names = "--received", paramLabel = "DATE", description = "When it arrived (default: now).")
        String received;
        @Option(names = "--note", paramLabel = "TEXT")
        String note;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                long contact = onePerson(service(parent.root, ws).candidates(who), who);
                PrivacyService.Request request = service(parent.root, ws).log(contact, kind,
                        ConsentCommands.time(spec, received), note);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(request);
                } else {
                    out.line("Logged request " + request.id() + " (" + kind + "), due " + request.dueAt() + ".");
                }
                return 0;
            }
        }
    }

    /** The one person meant; none or several is an error that lists them, so the user can type an id. */
    static long onePerson(java.util.List<org.registro.contact.ContactLookup.Candidate> people, String typed) {
        if (people.size() == 1) {
            return people.get(0).id();
        }
        if (people.isEmpty()) {
            throw new org.registro.common.RegistroException("consent.requests.nobody", typed);
        }
        String list = String.join("; ", people.stream().map(p -> "#" + p.id() + " " + p.name()
                + (p.email() == null ? "" : " " + p.email()) + (p.city() == null ? "" : " " + p.city())).toList());
        throw new org.registro.common.RegistroException("error.person.several", people.size(), typed, list);
    }

    @Command(name = "requests", description = "Privacy requests, open ones first by due date.")
    static final class Requests implements Callable<Integer> {
        @ParentCommand
        PrivacyCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<PrivacyService.Request> requests = service(parent.root, ws).requests();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(requests);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (PrivacyService.Request r : requests) {
                    rows.add(List.of(Long.toString(r.id()), Long.toString(r.contactId()), r.contactName(), r.kind(),
                            r.overdue(parent.root.clock.instant()) ? "OVERDUE" : r.status(),
                            r.receivedAt().toString(), r.dueAt().toString()));
                }
                out.table(List.of("id", "contact", "name", "kind", "status", "received", "due"), rows);
                return 0;
            }
        }
    }

    @Command(name = "close", description = "Close a request done by hand (e.g. a rectification), or refuse it.")
    static final class Close implements Callable<Integer> {
        @ParentCommand
        PrivacyCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "REQUEST")
        long request;
        @Option(names = "--refused", description = "The request was refused (the result says why).")
        boolean refused;
        @Option(names = "--result", paramLabel = "TEXT")
        String result;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).close(request, !refused, result);
                new Output(spec, parent.root.json).line("Request " + request + (refused ? " refused." : " closed."));
                return 0;
            }
        }
    }
}
