package org.registro.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.consent.Purpose;
import org.registro.export.CsvOptions;
import org.registro.export.ListFormat;
import org.registro.export.Exclusion;
import org.registro.export.ExportPreview;
import org.registro.export.ExportRequest;
import org.registro.export.ExportResult;
import org.registro.export.ExportRun;
import org.registro.export.ExportService;
import org.registro.export.ExportTemplate;
import org.registro.export.Selector;
import org.registro.export.SentList;
import org.registro.workspace.Workspace;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code registro export}: a consent-filtered list for an email tool, and the history of lists sent
 * ({@code list}, {@code recreate}, {@code sent}, {@code templates}).
 */
@Command(name = "export", description = "Write a consent-filtered list for an email tool; without --segment or "
        + "--rule it starts from every contact.",
        subcommands = {ExportCommands.ListRuns.class, ExportCommands.Recreate.class, ExportCommands.Sent.class,
                ExportCommands.Templates.class})
final class ExportCommands implements Callable<Integer> {

    @ParentCommand
    RegistroCommand root;
    @Spec
    CommandSpec spec;

    static final class Who {
        @Option(names = "--segment", paramLabel = "NAME", description = "A saved segment.")
        String segment;
        @Option(names = "--rule", paramLabel = "FILE.json", description = "A rule written as JSON.")
        Path rule;
        @Option(names = "--double-opt-in", description = "People waiting to confirm their opt-in on the channel.")
        boolean doubleOptIn;
    }

    @ArgGroup(exclusive = true)
    Who who;
    @Option(names = "--format", paramLabel = "F", description = "mailchimp, brevo, mailjet, listmonk, csv, excel-csv "
            + "or xlsx (default: csv).")
    String format = "csv";
    @Option(names = "--template", paramLabel = "NAME", description = "A saved template (format, columns, options).")
    String template;
    @Option(names = "--add-column", paramLabel = "FIELD[=HEADER]", description = "Add a column at the end: a field "
            + "(recommended_1, recommended_1_url, best_hour, best_day, best_channel, birth_date, city, tags… or "
            + "custom:KEY) with the header the format's tool expects unless given, e.g. "
            + "recommended_1_url=APPEAL_URL. Repeatable.")
    java.util.List<String> addColumns = new java.util.ArrayList<>();
    @Option(names = "--purpose", paramLabel = "P", description = "commercial or transactional (default: commercial).")
    String purpose = "commercial";
    @Option(names = "--channel", paramLabel = "C", description = "The channel (default: email).")
    String channel = "email";
    @Option(names = "--topic", paramLabel = "T", description = "The topic, for a commercial list about one subject.")
    String topic;
    @Option(names = "--destination", paramLabel = "NAME", description = "The email tool account the list goes to "
            + "(see 'registro destination list'): it then knows who is on its list, for telling it of later changes.")
    String destination;
    @Option(names = "--out", paramLabel = "FILE", description = "The list to write (not needed with --preview).")
    Path out;
    @Option(names = "--excluded", paramLabel = "FILE", description = "Also write who was left out, and why.")
    Path excluded;
    @Option(names = "--preview", description = "Only count who would be written and who left out.")
    boolean preview;
    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV separator: , ; | or tab.")
    String delimiter;
    @Option(names = "--encoding", paramLabel = "NAME", description = "CSV encoding, e.g. UTF-8 or windows-1252.")
    String encoding;
    @Option(names = "--bom", description = "Start the CSV with a byte-order mark.")
    Boolean bom;

    static ExportService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).exports();
    }

    @Override
    public Integer call() {
        try (Workspace ws = root.openWorkspace()) {
            ExportService exports = service(root, ws);
            ExportRequest request = new ExportRequest(selector(), Purpose.of(purpose), channel, topic,
                    template(exports)).to(destination == null ? null
                    : DestinationCommands.find(root.session(ws).destinations(), destination).id());
            Output output = new Output(spec, root.json);
            if (preview) {
                ExportPreview p = exports.preview(request, Progress.NONE);
                if (output.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("selected", p.selected());
                    json.put("written", p.included());
                    json.put("excluded", codes(p.excluded()));
                    output.json(json);
                } else {
                    output.line(String.format("%,d selected: %,d would be written, %,d left out.", p.selected(),
                            p.included(), p.excludedTotal()));
                    reasons(output, p.excluded());
                }
                return 0;
            }
            if (out == null) {
                throw new RegistroException("error.cli.exportOut");
            }
            ExportResult result = exports.export(request, out, excluded, Progress.NONE);
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("exportId", result.exportId());
                json.put("file", result.file().toAbsolutePath().toString());
                json.put("sha256", result.sha256());
                json.put("written", result.written());
                json.put("excluded", codes(result.excluded()));
                json.put("milliseconds", result.durationMs());
                output.json(json);
            } else {
                output.line(String.format("Export %d: wrote %,d to %s (%s); left out %,d.", result.exportId(),
                        result.written(), result.file(), request.template().destination().label(),
                        result.excludedTotal()));
                reasons(output, result.excluded());
                if (result.excludedFile() != null) {
                    output.line("Who was left out, and why: " + result.excludedFile());
                }
            }
            return 0;
        }
    }

    private Selector selector() {
        if (who == null) {
            return Selector.all();
        }
        if (who.segment != null) {
            return Selector.segment(who.segment);
        }
        if (who.rule != null) {
            return Selector.rule(SegmentCommands.read(who.rule));
        }
        return Selector.doubleOptInPending();
    }

    private ExportTemplate template(ExportService exports) {
        ExportTemplate chosen = template != null
                ? exports.template(template).orElseThrow(() -> new RegistroException("error.cli.noTemplate", template))
                : destination(format).template();
        if (delimiter != null || encoding != null || bom != null) {
            CsvOptions csv = chosen.csv();
            char sep = delimiter == null ? csv.delimiter()
                    : "tab".equalsIgnoreCase(delimiter) ? '\t' : delimiter.charAt(0);
            chosen = chosen.withCsv(new CsvOptions(sep, encoding == null ? csv.encoding() : encoding,
                    bom == null ? csv.bom() : bom, csv.quoteAll(), csv.neutralizeFormulas()));
        }
        if (!addColumns.isEmpty()) {
            java.util.List<org.registro.export.ExportColumn> columns = new java.util.ArrayList<>(chosen.columns());
            for (String spec : addColumns) {
                int eq = spec.indexOf('=');
                String field = (eq < 0 ? spec : spec.substring(0, eq)).strip();
                String header = eq < 0 ? null : spec.substring(eq + 1).strip();
                if (field.startsWith(org.registro.export.ExportField.CUSTOM_PREFIX)) {
                    columns.add(new org.registro.export.ExportColumn(field, header != null ? header
                            : field.substring(org.registro.export.ExportField.CUSTOM_PREFIX.length())));
                } else {
                    org.registro.export.ExportField known = org.registro.export.ExportField.byCode(field)
                            .filter(f -> !f.readsJourneyItem())
                            .orElseThrow(() -> new RegistroException("error.export.field", field, Arrays.stream(
                                    org.registro.export.ExportField.values()).filter(f -> !f.readsJourneyItem())
                                    .map(org.registro.export.ExportField::code).collect(Collectors.joining(", "))));
                    columns.add(org.registro.export.ExportColumn.of(known, header != null ? header
                            : chosen.destination().headerFor(known)));
                }
            }
            chosen = chosen.withColumns(columns);
        }
        return chosen;
    }

    static ListFormat destination(String code) {
        return ListFormat.byCode(code).orElseThrow(() -> new RegistroException("error.export.format", code,
                Arrays.stream(ListFormat.values()).map(ListFormat::code).collect(Collectors.joining(", "))));
    }

    private static Map<String, Long> codes(Map<Exclusion, Long> excluded) {
        Map<String, Long> json = new LinkedHashMap<>();
        for (Exclusion reason : Exclusion.values()) {
            json.put(reason.code(), excluded.getOrDefault(reason, 0L));
        }
        return json;
    }

    private static void reasons(Output output, Map<Exclusion, Long> excluded) {
        for (Exclusion reason : Exclusion.values()) {
            long n = excluded.getOrDefault(reason, 0L);
            if (n > 0) {
                output.line(String.format("  %,9d  %s", n, org.registro.common.Messages.get(reason.messageKey())));
            }
        }
    }

    @Command(name = "list", description = "The lists exported so far, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @ParentCommand
        ExportCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<ExportRun> runs = service(parent.root, ws).list();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(runs);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (ExportRun r : runs) {
                    rows.add(List.of(Long.toString(r.id()), r.createdAt().toLocalDate().toString(), r.destination(),
                            r.purpose(), r.channel() + (r.topic() == null ? "" : "/" + r.topic()), r.selectorLabel(),
                            String.format("%,d", r.rows()), String.format("%,d", r.excludedCount())));
                }
                out.table(List.of("ID", "DATE", "FORMAT", "PURPOSE", "CHANNEL", "WHO", "WRITTEN", "LEFT OUT"), rows);
                return 0;
            }
        }
    }

    @Command(name = "recreate", description = "Write an earlier export again, exactly as it was sent "
            + "(people erased since are left out).")
    static final class Recreate implements Callable<Integer> {
        @ParentCommand
        ExportCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "EXPORT")
        long id;
        @Option(names = "--out", paramLabel = "FILE", required = true)
        Path out;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ExportService.Recreated r = service(parent.root, ws).recreate(id, out);
                Output output = new Output(spec, parent.root.json);
                if (output.json()) {
                    output.json(Map.of("file", r.file().toAbsolutePath().toString(), "rows", r.rows(),
                            "erasedSince", r.erasedSince(), "sha256", r.sha256(), "identical", r.identical()));
                } else {
                    output.line(String.format("Wrote %,d rows to %s; %s", r.rows(), r.file(), r.identical()
                            ? "the same file as sent (SHA-256 " + r.sha256() + ")."
                            : r.erasedSince() > 0 ? r.erasedSince() + " people erased since are left out."
                            : "same rows as sent (a workbook's packaging differs byte for byte)."));
                }
                return 0;
            }
        }
    }

    @Command(name = "sent", description = "The lists one contact was in, with the consent each rested on.")
    static final class Sent implements Callable<Integer> {
        @ParentCommand
        ExportCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CONTACT")
        long contactId;
        @Option(names = "--on", paramLabel = "DATE", description = "Only lists sent that day (yyyy-mm-dd).")
        LocalDate on;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ExportService exports = service(parent.root, ws);
                List<SentList> lists = on == null ? exports.sentTo(contactId) : exports.sentOn(contactId, on);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(lists);
                    return lists.isEmpty() && on != null ? 3 : 0;
                }
                if (lists.isEmpty()) {
                    out.line(on == null ? "Contact " + contactId + " was in no exported list."
                            : "Contact " + contactId + " was in no list exported on " + on + ".");
                    return on != null ? 3 : 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (SentList s : lists) {
                    rows.add(List.of(Long.toString(s.exportId()), s.exportedAt().toString(), s.destination(),
                            s.purpose(), s.channel() + (s.topic() == null ? "" : "/" + s.topic()),
                            s.consentEventId() == null ? "—" : "#" + s.consentEventId() + " " + s.consentStatus() + " "
                                    + s.consentAt().toLocalDate() + " (" + s.consentMethod() + ")"));
                }
                out.table(List.of("EXPORT", "SENT", "FORMAT", "PURPOSE", "CHANNEL", "ON CONSENT"), rows);
                return 0;
            }
        }
    }

    @Command(name = "templates", description = "Saved export templates; --save NAME saves the given --format's "
            + "columns and options under a name.")
    static final class Templates implements Callable<Integer> {
        @ParentCommand
        ExportCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--save", paramLabel = "NAME")
        String save;
        @Option(names = "--from-json", paramLabel = "FILE", description = "With --save: the template as JSON.")
        Path fromJson;
        @Option(names = "--delete", paramLabel = "NAME")
        String delete;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ExportService exports = service(parent.root, ws);
                Output out = new Output(spec, parent.root.json);
                if (save != null) {
                    ExportTemplate t = fromJson != null ? ExportTemplate.fromJson(SegmentCommands.readText(fromJson))
                            : destination(parent.format).template();
                    exports.saveTemplate(t.named(save));
                    out.line("Saved template " + save + ".");
                    return 0;
                }
                if (delete != null) {
                    exports.deleteTemplate(delete);
                    out.line("Deleted template " + delete + ".");
                    return 0;
                }
                List<ExportTemplate> templates = exports.templates();
                if (out.json()) {
                    out.json(templates);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (ExportTemplate t : templates) {
                    rows.add(List.of(t.name(), t.destination().code(), String.join(", ", t.headers())));
                }
                out.table(List.of("NAME", "FORMAT", "COLUMNS"), rows);
                return 0;
            }
        }
    }
}
