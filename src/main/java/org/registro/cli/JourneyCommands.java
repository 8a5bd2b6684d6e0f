package org.registro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.export.ExportRequest;
import org.registro.export.ExportResult;
import org.registro.journey.Assumptions;
import org.registro.journey.JourneyCheck;
import org.registro.journey.JourneyDocument;
import org.registro.journey.JourneyFile;
import org.registro.journey.JourneyReport;
import org.registro.journey.JourneyService;
import org.registro.journey.JourneyTemplates;
import org.registro.journey.Simulation;
import org.registro.journey.Step;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro journey …}: journeys from templates or files, activated, run, reported and exported. */
@Command(name = "journey", description = "Customer journeys: create from a template, activate, run, report, and "
        + "export each send step's list.",
        subcommands = {JourneyCommands.ListJourneys.class, JourneyCommands.Show.class, JourneyCommands.Templates.class,
                JourneyCommands.New.class, JourneyCommands.Activate.class, JourneyCommands.Pause.class,
                JourneyCommands.Run.class, JourneyCommands.Simulate.class, JourneyCommands.Report.class, JourneyCommands.SendList.class,
                JourneyCommands.Export.class, JourneyCommands.Import.class, JourneyCommands.Migrate.class,
                JourneyCommands.Delete.class, JourneyCommands.History.class})
final class JourneyCommands {

    @ParentCommand
    RegistroCommand root;

    /** The shared shape of a subcommand: open the workspace, do it, print text or JSON. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        JourneyCommands parent;
        @Spec
        CommandSpec spec;
        org.registro.wiring.Session session;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                session = parent.root.session(ws);
                return run(session.journeys(), new Output(spec, parent.root.json));
            }
        }

        abstract int run(JourneyService journeys, Output out);
    }

    /** A subcommand about one journey, named first. */
    abstract static class OnJourney extends Sub {
        @Parameters(paramLabel = "JOURNEY")
        String name;
    }

    @Command(name = "list", description = "The journeys, their state and how many people are in them.")
    static final class ListJourneys extends Sub {
        @Override
        int run(JourneyService journeys, Output out) {
            List<JourneyService.Summary> list = journeys.list();
            if (out.json()) {
                out.json(list);
            } else if (list.isEmpty()) {
                out.line("No journeys yet. Start from a template: registro journey templates");
            } else {
                List<List<String>> rows = new ArrayList<>();
                list.forEach(s -> rows.add(List.of(s.name(), s.status() + (s.edited() ? " (edited)" : ""),
                        s.version() == 0 ? "-" : "v" + s.version(), String.format("%,d", s.inJourney()),
                        String.format("%,d", s.finished()), String.format("%,d", s.converted()))));
                out.table(List.of("journey", "state", "version", "in it", "finished", "reached goal"), rows);
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A journey's steps and what stops it from being activated.")
    static final class Show extends OnJourney {
        @Override
        int run(JourneyService journeys, Output out) {
            JourneyDocument doc = journeys.document(name);
            List<JourneyCheck.Problem> problems = journeys.problems(doc);
            if (out.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("summary", journeys.summary(name));
                json.put("journey", doc);
                json.put("problems", problems.stream().map(p -> Map.of("step", p.step() == null ? "" : p.step(),
                        "severity", p.severity().name().toLowerCase(java.util.Locale.ROOT), "code", p.code(),
                        "message", Messages.get(p.messageKey(), p.args().toArray()))).toList());
                out.json(json);
                return 0;
            }
            JourneyService.Summary s = journeys.summary(name);
            out.line(s.name() + " — " + s.status() + (s.version() > 0 ? ", version " + s.version() : "")
                    + (s.edited() ? ", edited since" : ""));
            for (Step step : doc.steps()) {
                out.line(String.format("  %-18s %-15s %s%s", step.key(), step.type(),
                        step.label() == null ? "" : step.label(), next(step)));
            }
            if (problems.isEmpty()) {
                out.line("Ready to activate.");
            } else {
                problems.forEach(p -> out.line((p.error() ? "  error   " : "  warning ")
                        + (p.step() == null ? "" : "[" + p.step() + "] ") + Messages.get(p.messageKey(),
                        p.args().toArray())));
            }
            return 0;
        }

        private static String next(Step step) {
            List<String> next = step.successors().stream().map(n -> n == null ? "(end)" : n).toList();
            return next.isEmpty() ? "" : "  → " + String.join(" | ", next);
        }
    }

    @Command(name = "templates", description = "The journeys you can start from.")
    static final class Templates implements Callable<Integer> {
        @ParentCommand
        JourneyCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Output out = new Output(spec, parent.root.json);
            List<JourneyTemplates.Template> list = JourneyTemplates.list();
            if (out.json()) {
                out.json(list);
            } else {
                list.forEach(t -> out.line(String.format("%-24s %s — %s", t.key(), t.name(), t.description())));
            }
            return 0;
        }
    }

    @Command(name = "new", description = "A new draft journey from a template (or a journey JSON file).")
    static final class New extends Sub {
        @Option(names = "--template", paramLabel = "T", description = "welcome-series, donor-reactivation, "
                + "event-reminder, double-opt-in-reminder, birthday or monthly-pick (see: journey templates).")
        String template;
        @Option(names = "--file", paramLabel = "FILE.json", description = "A journey written as JSON (the draft).")
        Path file;
        @Option(names = "--name", paramLabel = "N", description = "Its name (default: the template's).")
        String name;

        @Override
        int run(JourneyService journeys, Output out) {
            JourneyService.Summary s;
            if (file != null) {
                JourneyDocument doc = JourneyDocument.parse(SegmentCommands.readText(file));
                s = journeys.create(name != null ? name : doc.name(), doc);
            } else if (template != null) {
                s = journeys.createFromTemplate(template, name);
            } else {
                throw new RegistroException("error.cli.journeyNew");
            }
            if (out.json()) {
                out.json(s);
            } else {
                out.line("Created the draft \"" + s.name() + "\". Check it with: registro journey show \""
                        + s.name() + "\"");
            }
            return 0;
        }
    }

    @Command(name = "activate", description = "Activate a journey (publishing its draft as a new version).")
    static final class Activate extends OnJourney {
        @Override
        int run(JourneyService journeys, Output out) {
            JourneyService.Summary s = journeys.activate(name);
            if (out.json()) {
                out.json(s);
            } else {
                out.line("\"" + s.name() + "\" is active (version " + s.version() + "). People enter and move on "
                        + "each time journeys run: registro journey run");
            }
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause a journey: nobody enters or moves on until it is activated.")
    static final class Pause extends OnJourney {
        @Override
        int run(JourneyService journeys, Output out) {
            JourneyService.Summary s = journeys.pause(name);
            if (out.json()) {
                out.json(s);
            } else {
                out.line("\"" + s.name() + "\" is paused; " + s.inJourney() + " people wait where they are.");
            }
            return 0;
        }
    }

    @Command(name = "migrate", description = "Move people on older versions to the newest one, step for step.")
    static final class Migrate extends OnJourney {
        @Override
        int run(JourneyService journeys, Output out) {
            int moved = journeys.moveToLatest(name);
            if (out.json()) {
                out.json(Map.of("moved", moved));
            } else {
                out.line(String.format("Moved %,d people to the newest version.", moved));
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a journey (one with history is archived; everyone in it leaves).")
    static final class Delete extends OnJourney {
        @Override
        int run(JourneyService journeys, Output out) {
            journeys.delete(name);
            if (out.json()) {
                out.json(Map.of("deleted", name));
            } else {
                out.line("Removed \"" + name + "\".");
            }
            return 0;
        }
    }

    @Command(name = "run", description = "Run the active journeys up to now (or --at): people enter, move on, and "
            + "land on send lists. Running twice at the same time changes nothing.")
    static final class Run extends Sub {
        @Option(names = "--at", paramLabel = "TIME", description = "Run as of this moment, e.g. 2026-03-01T09:00:00Z.")
        OffsetDateTime at;

        @Override
        int run(JourneyService journeys, Output out) {
            JourneyService.RunResult result = journeys.run(at, out.json() ? Progress.NONE : new ConsoleProgress(spec));
            if (out.json()) {
                out.json(result);
            } else {
                List<List<String>> rows = new ArrayList<>();
                result.journeys().forEach(o -> rows.add(List.of(o.journey(), n(o.entered()), n(o.listed()),
                        n(o.skipped()), n(o.converted()), n(o.finished()))));
                if (rows.isEmpty()) {
                    out.line("No active journeys.");
                } else {
                    out.table(List.of("journey", "entered", "listed", "skipped", "reached goal", "finished"), rows);
                    out.line(String.format("As of %s, in %,d ms.%s", result.at(), result.milliseconds(),
                            result.changed() ? "" : " Nothing to do: everyone is where they should be."));
                }
            }
            return 0;
        }
    }

    @Command(name = "history", description = "A contact's journeys: each step they passed, when, and how they left it.")
    static final class History extends Sub {
        @Parameters(paramLabel = "CONTACT", description = "The contact's id.")
        long contact;

        @Override
        int run(JourneyService journeys, Output out) {
            List<JourneyService.Visit> visits = journeys.history(contact);
            if (out.json()) {
                out.json(visits);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            visits.forEach(v -> rows.add(List.of(String.valueOf(v.enteredAt()), v.journey(),
                    v.stepLabel() == null ? v.step() : v.stepLabel(), v.leftAt() == null ? "waiting"
                            : String.valueOf(v.outcome()))));
            out.table(List.of("when", "journey", "step", "how they left"), rows);
            return 0;
        }
    }

    @Command(name = "simulate", description = "Play a journey forward N days from now, in memory: the workspace is "
            + "not changed. People enter and act as the workspace's recent activity says (or as --assume says).")
    static final class Simulate extends OnJourney {
        @Option(names = "--days", paramLabel = "N", description = "How many days to play (default 30).")
        int days = 30;
        @Option(names = "--seed", paramLabel = "S", description = "The same seed gives the same result (default 1).")
        long seed = 1;
        @Option(names = "--assume", paramLabel = "KEY=VALUE", split = ",", description = "Change an assumption: "
                + "arrivals (people a day), open, click, goal (within 30 days), event:TYPE (within 30 days); "
                + "shares from 0 to 1.")
        List<String> assume = new ArrayList<>();

        @Override
        int run(JourneyService journeys, Output out) {
            Assumptions a = journeys.assumptions(name, null);
            for (String kv : assume) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--assume " + kv
                            + ": expected KEY=VALUE");
                }
                try {
                    a = a.with(kv.substring(0, eq).strip(), Double.parseDouble(kv.substring(eq + 1).strip()));
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--assume " + kv
                            + ": not an assumption or out of range");
                }
            }
            Simulation sim = journeys.simulate(name, null, days, seed, a,
                    out.json() ? Progress.NONE : new ConsoleProgress(spec));
            if (out.json()) {
                out.json(sim);
                return 0;
            }
            Assumptions used = sim.assumptions();
            out.line(String.format("Assumed: %.1f arrivals a day (%s), open %.0f%% (%s), click %.1f%% (%s), goal "
                    + "%.1f%% within 30 days (%s)", used.arrivalsPerDay(), used.basisOf("arrivals"),
                    100 * used.openRate(), used.basisOf("open"), 100 * used.clickRate(), used.basisOf("click"),
                    100 * used.goalPer30Days(), used.basisOf("goal")));
            used.eventsPer30Days().forEach((type, p) -> out.line(String.format("        %s %.1f%% within 30 days (%s)",
                    type, 100 * p, used.basisOf("event:" + type))));
            List<List<String>> rows = new ArrayList<>();
            JourneyDocument doc = journeys.document(name);
            for (var step : doc.steps()) {
                Simulation.StepFlow f = sim.step(step.key());
                rows.add(List.of(step.key(), step.type(), n(f.arrived()), n(f.waiting()),
                        f.outcomes().isEmpty() ? "" : f.outcomes().toString()));
            }
            out.table(List.of("step", "type", "arrived", "waiting at the end", "how they left"), rows);
            out.line(String.format("%d days from %s, seed %d: entered %,d · listed %,d · skipped %,d · reached the "
                    + "goal %,d · finished %,d · left early %,d (%,d ms)", sim.days(), sim.from(), sim.seed(),
                    sim.entered(), sim.listed(), sim.skipped().values().stream().mapToLong(Long::longValue).sum(),
                    sim.converted(), sim.completed(), sim.exited(), sim.milliseconds()));
            return 0;
        }
    }

    @Command(name = "report", description = "Per step: entered, waiting, left, listed, skipped per reason, reached "
            + "the goal; the funnel; A/B results.")
    static final class Report extends OnJourney {
        @Override
        int run(JourneyService journeys, Output out) {
            JourneyReport r = journeys.report(name);
            if (out.json()) {
                out.json(r);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            r.steps().forEach(s -> rows.add(List.of(s.key(), s.type(), n(s.entered()), n(s.waiting()), n(s.left()),
                    n(s.listed()), s.skipped().isEmpty() ? "" : s.skipped().toString(), n(s.reachedGoal()))));
            out.table(List.of("step", "type", "entered", "waiting", "left", "listed", "skipped", "reached goal"), rows);
            JourneyReport.Funnel f = r.funnel();
            out.line(String.format("Entered %,d · in the journey %,d · finished %,d · left early %,d · reached the "
                    + "goal %,d (%.1f%%)", f.enrolled(), f.active(), f.completed(), f.exited(), f.converted(),
                    100 * f.goalRate()));
            for (JourneyReport.SplitResult split : r.splits()) {
                out.line("A/B " + split.step() + ":");
                split.arms().forEach(a -> out.line(String.format("  %-12s %3d%%  %,6d people  %,5d reached the goal "
                        + "(%.1f%%)", a.key(), a.percent(), a.people(), a.converted(), 100 * a.rate())));
                split.comparisons().forEach(c -> out.line("  " + Messages.get("journey.ab." + c.verdict(), c.arm(),
                        c.against(), String.format("%+.1f", 100 * c.difference()),
                        String.format("%.0f", 100 * c.confidence()))));
            }
            return 0;
        }
    }

    @Command(name = "send-list", description = "Export a send step's list (one day, or every day) through the "
            + "export path: consent is checked again, the file recorded.")
    static final class SendList extends OnJourney {
        @Option(names = "--step", required = true, paramLabel = "S")
        String step;
        @Option(names = "--day", paramLabel = "DATE", description = "Only the list of this day (YYYY-MM-DD).")
        LocalDate day;
        @Option(names = "--format", paramLabel = "F", description = "mailchimp, brevo, mailjet, listmonk, csv, "
                + "excel-csv or xlsx (default: the destination's tool, else csv).")
        String format;
        @Option(names = "--out", paramLabel = "FILE", description = "The list to write; without it, the days and "
                + "counts are shown.")
        Path file;
        @Option(names = "--destination", paramLabel = "NAME", description = "The email tool account the list goes "
                + "to (its format unless --format says otherwise): it then knows who is on its list.")
        String destination;

        @Override
        int run(JourneyService journeys, Output out) {
            if (file == null) {
                List<JourneyService.SendDay> days = journeys.sendDays(name).stream()
                        .filter(d -> d.step().equals(step) && (day == null || d.day().equals(day))).toList();
                if (out.json()) {
                    out.json(days);
                } else {
                    days.forEach(d -> out.line(String.format("%s  %-24s listed %,6d  skipped %s", d.day(),
                            d.message(), d.listed(), d.skipped())));
                }
                return 0;
            }
            org.registro.destination.Destination to = destination == null ? null
                    : DestinationCommands.find(session.destinations(), destination);
            String chosen = format == null ? to == null ? "csv" : to.tool().code() : format;
            ExportRequest request = journeys.sendListRequest(name, step, day,
                    ExportCommands.destination(chosen).template(), to == null ? null : to.id());
            ExportResult result = session.exports().export(request, file, null, Progress.NONE);
            if (out.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("exportId", result.exportId());
                json.put("file", result.file().toAbsolutePath().toString());
                json.put("written", result.written());
                json.put("excluded", result.excluded());
                out.json(json);
            } else {
                out.line(String.format("Export %d: wrote %,d to %s; left out %,d (consent checked again).",
                        result.exportId(), result.written(), result.file(), result.excludedTotal()));
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Save a journey to a JSON file another workspace can open.")
    static final class Export extends OnJourney {
        @Option(names = "--out", required = true, paramLabel = "FILE.json")
        Path file;

        @Override
        int run(JourneyService journeys, Output out) {
            JourneyFile f = journeys.exportFile(name);
            try {
                Files.writeString(file, f.toJson(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RegistroException(e, "error.file.write", file.toString(), e.getMessage());
            }
            if (out.json()) {
                out.json(Map.of("file", file.toAbsolutePath().toString()));
            } else {
                out.line("Saved \"" + name + "\" to " + file);
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Open a journey file as a new draft, naming what this workspace lacks.")
    static final class Import extends Sub {
        @Parameters(paramLabel = "FILE.json")
        Path file;
        @Option(names = "--name", paramLabel = "N")
        String name;
        @Option(names = "--create-missing", description = "Create the segments, topics and fields it needs.")
        boolean createMissing;

        @Override
        int run(JourneyService journeys, Output out) {
            JourneyFile f = JourneyFile.parse(SegmentCommands.readText(file));
            Map<String, List<String>> missing = journeys.missing(f);
            JourneyService.Summary s = journeys.importFile(f, name, createMissing);
            Map<String, List<String>> still = createMissing ? journeys.missing(f) : missing;
            if (out.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("journey", s);
                json.put("missing", missing);
                json.put("stillMissing", still);
                out.json(json);
            } else {
                out.line("Opened \"" + s.name() + "\" as a draft.");
                if (!still.isEmpty()) {
                    still.forEach((kind, names) -> out.line("  missing " + kind + ": " + String.join(", ", names)));
                    if (!createMissing) {
                        out.line("Run again with --create-missing to create them.");
                    }
                }
            }
            return 0;
        }
    }

    static String n(long v) {
        return String.format("%,d", v);
    }
}
