package org.registro.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.RegistroException;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactProfile;
import org.registro.contact.ContactQuery;
import org.registro.contact.ContactService;
import org.registro.contact.ContactSort;
import org.registro.contact.ContactSummary;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro contacts list|show|add|export}. */
@Command(name = "contacts", description = "List, show and add contacts.",
        subcommands = {ContactsCommands.ListContacts.class, ContactsCommands.Show.class, ContactsCommands.Add.class,
                ContactsCommands.Export.class})
final class ContactsCommands {

    @ParentCommand
    RegistroCommand root;

    static ContactService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).contacts();
    }

    @Command(name = "list", description = "List contacts: all, a quick search, or a segment's people, sorted by a "
            + "field or by what they gave, their last activity or their consent on a channel.")
    static final class ListContacts implements Callable<Integer> {
        @ParentCommand
        ContactsCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--query", paramLabel = "Q", description = "Name, email, phone or identifier to search for.")
        String query;
        @Option(names = "--segment", paramLabel = "NAME", description = "Only the people of this saved segment.")
        String segment;
        @Option(names = "--rule", paramLabel = "FILE.json", description = "Only the people this rule selects.")
        java.nio.file.Path rule;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N rows (default: ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N rows.")
        int offset;
        @Option(names = "--sort", defaultValue = "NAME", description = "One of: ${COMPLETION-CANDIDATES} "
                + "(GIVEN: total given; CONSENT: the status on --channel).")
        ContactSort sort;
        @Option(names = "--descending", description = "Largest, latest or last first.")
        boolean descending;
        @Option(names = "--channel", paramLabel = "CODE", description = "The channel whose consent --sort CONSENT "
                + "and --columns consent read (default: email).", defaultValue = "email")
        String channel;
        @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns besides id and name: "
                + "email, phone, city, created, updated, given, gifts, last_gift, last_activity, tags, consent "
                + "(default: email,phone,city).")
        List<String> columns;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 1000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be between 1 and 1000");
            }
            if (segment != null && rule != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --segment or --rule, not both");
            }
            List<String> shown = columns == null ? List.of("email", "phone", "city") : columns;
            for (String column : shown) {
                if (!COLUMNS.contains(column)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown column \"" + column
                            + "\": one of " + String.join(", ", COLUMNS));
                }
            }
            try (Workspace ws = parent.root.openWorkspace()) {
                ContactService contacts = service(parent.root, ws);
                org.registro.segment.ContactTable table = parent.root.session(ws).contactTable();
                org.registro.segment.Rule filter = segment != null ? org.registro.segment.ContactTable.segment(segment)
                        : rule != null ? SegmentCommands.read(rule).rule() : null;
                List<ContactSummary> rows;
                long total;
                boolean capped = false;
                if (filter != null || sort.computed()) {
                    var listing = table.list(query, filter, sort, channel, !descending);
                    rows = table.rows(listing, offset, limit);
                    total = listing.size();
                } else {
                    rows = contacts.page(new ContactQuery(query, sort, !descending, offset, limit)).rows();
                    total = contacts.countMatching(query);
                    capped = query != null && !query.isBlank() && total > ContactService.SEARCH_LIMIT;
                }
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(rows);
                    return 0;
                }
                List<String> header = new ArrayList<>(List.of("ID", "NAME"));
                shown.forEach(c -> header.add(c.equals("consent") ? channel.toUpperCase(java.util.Locale.ROOT)
                        + " CONSENT" : c.toUpperCase(java.util.Locale.ROOT).replace('_', ' ')));
                List<List<String>> cells = new ArrayList<>();
                for (ContactSummary c : rows) {
                    List<String> line = new ArrayList<>(List.of(String.valueOf(c.id()), c.displayName()));
                    shown.forEach(column -> line.add(cell(c, column, channel)));
                    cells.add(line);
                }
                out.table(header, cells);
                out.line(rows.size() + " of " + (capped ? ContactService.SEARCH_LIMIT + "+" : String.valueOf(total))
                        + " contacts");
            }
            return 0;
        }

        static final List<String> COLUMNS = List.of("email", "phone", "city", "created", "updated", "given", "gifts",
                "last_gift", "last_activity", "tags", "consent");

        private static String cell(ContactSummary c, String column, String channel) {
            var facts = c.facts();
            return switch (column) {
                case "email" -> nz(c.email());
                case "phone" -> nz(c.phone());
                case "city" -> nz(c.city());
                case "created" -> day(c.createdAt());
                case "updated" -> day(c.updatedAt());
                case "given" -> facts.gifts() == 0 ? "" : facts.given().toPlainString();
                case "gifts" -> String.valueOf(facts.gifts());
                case "last_gift" -> day(facts.lastGift());
                case "last_activity" -> day(facts.lastActivity());
                case "tags" -> String.join(", ", facts.tags());
                default -> nz(facts.consent().get(channel));
            };
        }

        private static String day(java.time.Instant at) {
            return at == null ? "" : at.toString().substring(0, 10);
        }
    }

    @Command(name = "show", description = "Show one contact's profile.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ContactsCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ContactProfile p = service(parent.root, ws).profile(id)
                        .orElseThrow(() -> new RegistroException("error.contact.notFound", id));
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(p);
                    return 0;
                }
                out.line("#" + p.id() + "  " + p.displayName() + (p.status().equals("active") ? "" : "  [" + p.status() + "]"));
                field(out, "Email", p.email());
                field(out, "Phone", p.phone());
                field(out, "Birth date", p.birthDate() == null ? null : p.birthDate().toString());
                field(out, "Organization", p.organization());
                field(out, "Address", String.join(", ", nonBlank(p.street(), p.postalCode(), p.city(), p.country())));
                field(out, "Tags", String.join(", ", p.tags()));
                out.line("Identifiers:");
                for (var i : p.identifiers()) {
                    out.line("  " + i.kind() + (i.system().isEmpty() ? "" : " (" + i.system() + ")") + ": "
                            + i.normalizedValue() + (i.primary() ? " [primary]" : "")
                            + (i.source() == null ? "" : "  from " + i.source()));
                }
                if (!p.consent().isEmpty()) {
                    out.line("Consent:");
                    for (var c : p.consent()) {
                        out.line("  " + c.channel() + (c.topic().isEmpty() ? "" : "/" + c.topic()) + ": " + c.status()
                                + " (" + c.method() + ", " + c.occurredAt() + ")");
                    }
                }
                if (!p.events().isEmpty()) {
                    out.line("Events: " + p.events().size() + " (latest " + p.events().get(0).type() + " on "
                            + p.events().get(0).occurredAt() + ")");
                }
            }
            return 0;
        }

        private static void field(Output out, String label, String value) {
            if (value != null && !value.isBlank()) {
                out.line(String.format("%-13s %s", label + ":", value));
            }
        }
    }

    @Command(name = "add", description = "Add a contact by hand.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ContactsCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--email", required = true)
        String email;
        @Option(names = "--phone")
        String phone;
        @Option(names = "--first-name")
        String firstName;
        @Option(names = "--last-name")
        String lastName;
        @Option(names = "--birth-date", description = "YYYY-MM-DD")
        LocalDate birthDate;
        @Option(names = "--city")
        String city;
        @Option(names = "--country", paramLabel = "CC")
        String country;
        @Option(names = "--tag", paramLabel = "T", description = "A tag; repeat for several.")
        List<String> tags = new ArrayList<>();

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                var draft = new ContactDraft(firstName, lastName, email, phone, birthDate, null, null, null, null, city,
                        null, country, null, tags);
                long id = service(parent.root, ws).create(draft);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("id", id));
                } else {
                    out.line("Created contact #" + id + ".");
                }
            }
            return 0;
        }
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    private static List<String> nonBlank(String... values) {
        List<String> result = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                result.add(value);
            }
        }
        return result;
    }

    @Command(name = "export", description = "Write every contact with its identifiers, source record keys and tags "
            + "to a CSV file, for checking an import.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        ContactsCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--out", required = true, paramLabel = "FILE.csv")
        java.nio.file.Path out;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                long written = org.registro.contact.ContactCsvExport.write(ws, out, org.registro.common.Progress.NONE);
                Output output = new Output(spec, parent.root.json);
                if (output.json()) {
                    output.json(Map.of("contacts", written, "file", out.toAbsolutePath().toString()));
                } else {
                    output.line("Wrote " + String.format("%,d", written) + " contacts to " + out);
                }
                return 0;
            }
        }
    }
}
