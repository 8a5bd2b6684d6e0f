package org.registro.cli;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.Json;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.ingest.ImportMapping;
import org.registro.ingest.ImportRecords;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro import FILE}, {@code import list}, {@code import undo BATCH}, {@code import mapping FILE}. */
@Command(name = "import", description = "Import a CSV or Excel file from a CRM or email tool.",
        subcommands = {ImportCommand.ListBatches.class, ImportCommand.Undo.class, ImportCommand.Mapping.class})
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    RegistroCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", arity = "0..1", description = "The .csv, .txt, .xlsx or .xls file.")
    Path file;
    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "auto",
            description = "mailchimp, brevo, mailjet, hubspot, salesforce, civicrm, mautic, listmonk, mailchimp-activity, "
                    + "brevo-activity, generic or auto "
                    + "(default: ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--source", paramLabel = "NAME", description = "The source the file comes from (default: the tool's "
            + "name, or the file's name).")
    String source;
    @Option(names = "--party", paramLabel = "P", defaultValue = "first",
            description = "first, second or third party data (default: ${DEFAULT-VALUE}).")
    String party;
    @Option(names = "--mapping", paramLabel = "FILE.json", description = "A mapping written by 'registro import mapping'.")
    Path mappingFile;
    @Option(names = "--sheet", paramLabel = "NAME", description = "The sheet of a workbook (default: the first).")
    String sheet;
    @Option(names = "--header-row", paramLabel = "N", defaultValue = "1", description = "The row holding the column "
            + "names; the rows above it are skipped (default: ${DEFAULT-VALUE}).")
    int headerRow;
    @Option(names = "--no-header", description = "The file has no header row: its columns are numbered (Column 1, "
            + "Column 2…) and its first row is data.")
    boolean noHeader;
    @Option(names = "--encoding", paramLabel = "E", description = "UTF-8, UTF-16, windows-1252, ISO-8859-1… "
            + "(default: detected).")
    String encoding;
    @Option(names = "--delimiter", paramLabel = "C", description = "The separator of a text file: , ; tab | "
            + "(default: detected).")
    String delimiter;
    @Option(names = "--event-type", paramLabel = "TYPE", description = "The event every row records when no column "
            + "says so: donation, purchase, event_signup, email_opened, email_clicked…")
    String eventType;
    @Option(names = "--campaign", paramLabel = "NAME", description = "The campaign (a journey message's name) every "
            + "row's event is about when no column says so: an email tool's activity export of one campaign.")
    String campaign;
    @Option(names = "--destination", paramLabel = "NAME", description = "The email tool account this file was "
            + "exported from (see 'registro destination list'): who it lists, and their status there, is what that "
            + "tool knows.")
    String destination;
    @Option(names = "--dry-run", description = "Read, link and count everything; write nothing.")
    boolean dryRun;

    static ImportService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).imports();
    }

    @Override
    public Integer call() {
        if (file == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing FILE (or a command: list, undo, mapping)");
        }
        requireFile(file);
        SourceFile.Options options = options(spec, encoding, delimiter, sheet, headerRow, noHeader);
        try (Workspace ws = dryRun ? root.openWorkspaceToRead() : root.openWorkspace()) {
            ImportService imports = service(root, ws);
            ImportRecords.Plan plan = imports.plan(file, options, preset, source, Progress.NONE);
            ImportMapping mapping = mappingFile == null ? plan.mapping() : readMapping(mappingFile);
            if (eventType != null) {
                mapping = mapping.withEventType(eventType.strip());
            }
            if (campaign != null) {
                mapping = mapping.withEventCampaign(campaign);
            }
            Output out = new Output(spec, root.json);
            warnAboutHeader(spec, plan);
            Long destinationId = destination == null ? null
                    : DestinationCommands.find(root.session(ws).destinations(), destination).id();
            ImportRecords.Summary summary = imports.run(new ImportRecords.Request(file, options, plan.sourceName(),
                    party, mapping, dryRun, destinationId), Progress.NONE);
            if (out.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("batchId", dryRun ? null : summary.batchId());
                json.put("file", summary.fileName());
                json.put("preset", mapping.preset());
                json.put("source", plan.sourceName());
                json.put("dryRun", dryRun);
                json.put("read", summary.read());
                json.put("created", summary.created());
                json.put("updated", summary.updated());
                json.put("unchanged", summary.unchanged());
                json.put("rejected", summary.rejected());
                json.put("withProblems", summary.withProblems());
                json.put("conflicts", summary.conflicts());
                json.put("skipped", summary.skipped());
                json.put("rejectFile", summary.rejectFile() == null ? null : summary.rejectFile().toString());
                json.put("reimportOf", summary.reimportOf());
                json.put("notImported", mapping.notImported());
                out.json(json);
                return 0;
            }
            out.line((dryRun ? "Dry run of " : "Imported ") + summary.fileName() + " as " + plan.preset().system()
                    + " (source \"" + plan.sourceName() + "\"" + (dryRun ? "" : ", batch " + summary.batchId()) + ")");
            if (summary.reimportOf() != null) {
                out.line("This file was imported before (batch " + summary.reimportOf()
                        + "): its rows updated the same contacts instead of adding new ones.");
            }
            out.table(List.of("read", "created", "updated", "unchanged", "rejected", "with problems", "conflicts"),
                    List.of(List.of(n(summary.read()), n(summary.created()), n(summary.updated()),
                            n(summary.unchanged()), n(summary.rejected()), n(summary.withProblems()),
                            n(summary.conflicts()))));
            if (summary.rejectFile() != null) {
                out.line("Rejected rows and values left out: " + summary.rejectFile());
            }
            if (!mapping.notImported().isEmpty()) {
                out.line("Columns not imported: " + String.join(", ", mapping.notImported()));
            }
            return 0;
        }
    }

    private static String n(long value) {
        return String.format("%,d", value);
    }

    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RegistroException("error.file.read", file.toString(), "no such file");
        }
    }

    /** A header row that reads as data: the file may have none (stderr, so --json output stays clean). */
    static void warnAboutHeader(CommandSpec spec, ImportRecords.Plan plan) {
        if (plan.headerLooksLikeData() != null) {
            var err = spec.commandLine().getErr();
            err.println("registro: warning: the first row looks like data (\"" + plan.headerLooksLikeData()
                    + "\"), not column names. If the file has no header row, import it with --no-header.");
            err.flush();
        }
    }

    static SourceFile.Options options(CommandSpec spec, String encoding, String delimiter, String sheet, int headerRow,
                                      boolean noHeader) {
        if (noHeader && headerRow != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--no-header and --header-row cannot be used together");
        }
        if (!noHeader && headerRow < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--header-row counts from 1 (the first row);"
                    + " for a file without a header row use --no-header");
        }
        Charset charset = null;
        if (encoding != null) {
            try {
                charset = Charset.forName(encoding);
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Unknown encoding: " + encoding);
            }
        }
        Character separator = null;
        if (delimiter != null) {
            separator = switch (delimiter) {
                case "tab", "\\t", "\t" -> '\t';
                case ",", ";", "|" -> delimiter.charAt(0);
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "The delimiter is one of , ; | tab");
            };
        }
        return new SourceFile.Options(charset, separator, sheet, noHeader ? SourceFile.Options.NO_HEADER : headerRow);
    }

    private static ImportMapping readMapping(Path file) {
        requireFile(file);
        try {
            return Json.read(Files.readString(file), ImportMapping.class);
        } catch (java.io.IOException e) {
            throw new RegistroException(e, "error.file.read", file.toString(), e.getMessage());
        }
    }

    @Command(name = "list", description = "List imported files, newest first.")
    static final class ListBatches implements Callable<Integer> {
        @ParentCommand
        ImportCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<ImportRecords.Batch> batches = service(parent.root, ws).batches();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(batches);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (ImportRecords.Batch b : batches) {
                    rows.add(List.of(Long.toString(b.id()), b.startedAt().toString(), b.fileName(), b.sourceName(),
                            b.status(), n(b.read()), n(b.created()), n(b.updated()), n(b.rejected())));
                }
                out.table(List.of("batch", "started", "file", "source", "status", "read", "created", "updated",
                        "rejected"), rows);
                return 0;
            }
        }
    }

    @Command(name = "undo", description = "Undo a whole import batch.")
    static final class Undo implements Callable<Integer> {
        @ParentCommand
        ImportCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "BATCH")
        long batchId;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ImportRecords.UndoSummary undo = service(parent.root, ws).undo(batchId, Progress.NONE);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(undo);
                    return 0;
                }
                out.line("Undid batch " + batchId + ": " + n(undo.contactsRemoved()) + " contacts removed, "
                        + n(undo.valuesRestored()) + " values restored.");
                if (undo.contactsKept() > 0) {
                    out.line(n(undo.contactsKept()) + " contacts it created were kept: they were merged or exported "
                            + "since.");
                }
                if (undo.valuesChangedSince() > 0) {
                    out.line(n(undo.valuesChangedSince()) + " values were left as they are: they were changed again "
                            + "after this import.");
                }
                return 0;
            }
        }
    }

    @Command(name = "mapping", description = "Print the mapping Registro suggests for a file, as JSON to edit and "
            + "pass back with --mapping.")
    static final class Mapping implements Callable<Integer> {
        @ParentCommand
        ImportCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            requireFile(file);
            SourceFile.Options options = options(spec, parent.encoding, parent.delimiter, parent.sheet,
                    parent.headerRow, parent.noHeader);
            try (Workspace ws = parent.root.openWorkspace()) {
                ImportRecords.Plan plan = service(parent.root, ws).plan(file, options, parent.preset, parent.source,
                        Progress.NONE);
                new Output(spec, true).json(plan.mapping());
                return 0;
            }
        }
    }
}
