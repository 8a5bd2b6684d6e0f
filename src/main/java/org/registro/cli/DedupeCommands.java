package org.registro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.RegistroException;
import org.registro.contact.DataQuality;
import org.registro.identity.DuplicateService;
import org.registro.identity.FieldMatch;
import org.registro.identity.MatchModel;
import org.registro.identity.MergeService;
import org.registro.identity.PairScore;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro dedupe scan|queue|explain|merge|auto|undo|not-same|history|thresholds|weights}. */
@Command(name = "dedupe", description = "Find and merge the duplicates imports could not link: typos, initials, "
        + "nicknames, other emails. Every merge can be undone.",
        subcommands = {DedupeCommands.Scan.class, DedupeCommands.Queue.class, DedupeCommands.Explain.class,
                DedupeCommands.Merge.class, DedupeCommands.Auto.class, DedupeCommands.Undo.class,
                DedupeCommands.NotSame.class, DedupeCommands.History.class, DedupeCommands.ThresholdsCommand.class,
                DedupeCommands.Weights.class})
final class DedupeCommands {

    @ParentCommand
    RegistroCommand root;

    static DuplicateService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).duplicates();
    }

    /** A score with one decimal, rounded down: 99.98 is not yet 100. */
    static String score(double score) {
        return String.format(Locale.ROOT, "%.1f", Math.floor(score * 10) / 10);
    }

    @Command(name = "scan", description = "Compare all contacts and store the pairs at or above the review score.")
    static final class Scan implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--export-pairs", paramLabel = "FILE.csv",
                description = "Also write the pairs: both contact ids, names, source record keys, score, decision.")
        Path exportPairs;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DuplicateService service = service(parent.root, ws);
                DuplicateService.ScanSummary summary = service.scan(new ConsoleProgress(spec));
                List<DuplicateService.ReportedPair> pairs = exportPairs == null && !parent.root.json ? List.of()
                        : service.reportedPairs(service.thresholds().review());
                if (exportPairs != null) {
                    DuplicateService.writePairs(exportPairs, pairs);
                }
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("summary", summary);
                    json.put("pairs", pairs);
                    out.json(json);
                } else {
                    out.line(String.format(Locale.ROOT, "Compared %,d contacts in %,d comparisons (%.1f s): %,d "
                                    + "pairs, %,d to merge automatically, %,d to review.", summary.contacts(),
                            summary.comparisons(), summary.millis() / 1000.0, summary.pairs(), summary.toMerge(),
                            summary.toReview()));
                    if (exportPairs != null) {
                        out.line("Wrote " + pairs.size() + " pairs to " + exportPairs + ".");
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "queue", description = "List the stored pairs, best first.")
    static final class Queue implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--min-score", paramLabel = "S", description = "Default: the review score.")
        Double min;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DuplicateService service = service(parent.root, ws);
                DuplicateService.Thresholds t = service.thresholds();
                List<DuplicateService.QueuedPair> pairs = service.queue(min == null ? t.review() : min, 101, limit);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(pairs);
                } else if (pairs.isEmpty()) {
                    out.line("No pairs. Run \"registro dedupe scan\" first, or lower --min-score.");
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (DuplicateService.QueuedPair p : pairs) {
                        rows.add(List.of(score(p.score()), t.decision(p.score()), String.valueOf(p.a()), p.nameA(),
                                String.valueOf(p.b()), p.nameB()));
                    }
                    out.table(List.of("SCORE", "DECISION", "A", "NAME A", "B", "NAME B"), rows);
                }
                return 0;
            }
        }
    }

    @Command(name = "explain", description = "Compare two contacts field by field: what agreed and what it weighed.")
    static final class Explain implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "A")
        long a;
        @Parameters(index = "1", paramLabel = "B")
        long b;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DuplicateService service = service(parent.root, ws);
                PairScore pair = service.compare(a, b)
                        .orElseThrow(() -> new RegistroException("error.dedupe.notactive", a + "/" + b, "-"));
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(pair);
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (FieldMatch f : pair.fields()) {
                        rows.add(List.of(f.field().name().toLowerCase(Locale.ROOT), f.level().code(),
                                String.format(Locale.ROOT, "%+.1f", f.weight()), f.rarity() == 0 ? ""
                                        : String.format(Locale.ROOT, "%+.1f", f.rarity()), nz(f.a()), nz(f.b())));
                    }
                    out.table(List.of("FIELD", "AGREEMENT", "BITS", "OF WHICH RARITY", "A", "B"), rows);
                    out.line(String.format(Locale.ROOT, "Weight %.1f bits (prior %.1f): score %s, %s%s.",
                            pair.weight(), service.model().prior(), score(pair.score()),
                            service.thresholds().decision(pair.score()),
                            pair.swapped() ? "; first and last names written the other way round" : ""));
                }
                return 0;
            }
        }

        private static String nz(String text) {
            return text == null ? "—" : text;
        }
    }

    @Command(name = "merge", description = "Merge contact B into contact A (A survives). Fields follow the "
            + "defaults (most recent value from the most trusted source) unless --take says otherwise.")
    static final class Merge implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "A", description = "The surviving contact.")
        long survivor;
        @Parameters(index = "1", paramLabel = "B", description = "The contact merged into A.")
        long merged;
        @Option(names = "--take", paramLabel = "PART=SIDE", split = ",",
                description = "name, email, phone, birth-date, gender, language, organization or address = a "
                        + "(survivor) or b (merged); repeatable.")
        List<String> take = new ArrayList<>();

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                Map<MergeService.Part, MergeService.Side> overrides = new EnumMap<>(MergeService.Part.class);
                for (String t : take) {
                    String[] kv = t.split("=", 2);
                    if (kv.length != 2 || !kv[1].strip().matches("(?i)a|b|survivor|merged")) {
                        throw new RegistroException("error.dedupe.part", t);
                    }
                    String side = kv[1].strip().toLowerCase(Locale.ROOT);
                    overrides.put(MergeService.Part.byCode(kv[0].strip().toLowerCase(Locale.ROOT)),
                            side.equals("b") || side.equals("merged") ? MergeService.Side.MERGED
                                    : MergeService.Side.SURVIVOR);
                }
                DuplicateService service = service(parent.root, ws);
                Double score = service.compare(survivor, merged).map(PairScore::score).orElse(null);
                MergeService.MergeResult result = service.merges().merge(survivor, merged, overrides, score);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(result);
                } else {
                    out.line("Merged contact " + merged + " into " + survivor + " (merge " + result.mergeId() + "): "
                            + result.identifiers() + " identifiers, " + result.events() + " events, "
                            + result.consentEvents() + " consent events moved. Undo with \"registro dedupe undo "
                            + result.mergeId() + "\".");
                }
                return 0;
            }
        }
    }

    @Command(name = "auto", description = "Merge every stored pair at or above a score, transitively (three "
            + "records of one person end as one contact).")
    static final class Auto implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--min-score", paramLabel = "S", description = "Default: the automatic-merge score.")
        Double min;
        @Option(names = "--preview", description = "Only say how many contacts would be merged.")
        boolean preview;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DuplicateService service = service(parent.root, ws);
                double from = min == null ? service.thresholds().autoMerge() : min;
                Output out = new Output(spec, parent.root.json);
                if (preview) {
                    DuplicateService.Preview p = service.preview(from);
                    if (out.json()) {
                        out.json(p);
                    } else {
                        out.line(String.format(Locale.ROOT, "At score %s or more: %,d pairs join %,d contacts into "
                                + "%,d people (%,d merges).", score(from), p.pairs(), p.contacts(),
                                p.contacts() - p.merges(), p.merges()) + keptApart(p.keptApart()));
                    }
                    return 0;
                }
                DuplicateService.AutoMergeResult result = service.autoMerge(from, new ConsoleProgress(spec));
                if (out.json()) {
                    out.json(result);
                } else {
                    out.line(String.format(Locale.ROOT, "Made %,d merges: %,d people now have one contact each.",
                            result.merges(), result.people()) + keptApart(result.keptApart()));
                }
                return 0;
            }
        }
    }

    private static String keptApart(int pairs) {
        return pairs == 0 ? "" : String.format(Locale.ROOT, " %,d %s for review: merging would join people who "
                + "differ (another first name or birth date).", pairs, pairs == 1 ? "pair stays" : "pairs stay");
    }

    @Command(name = "undo", description = "Undo merges: each merged contact comes back with everything that was "
            + "its own. Several ids are undone newest first (a bulk merge: the ids \"history\" lists).")
    static final class Undo implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "MERGE", arity = "0..*", description = "Merge ids (see history).")
        List<Long> mergeIds = new ArrayList<>();
        @Option(names = "--last", description = "Undo the most recent merge.")
        boolean last;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                MergeService merges = service(parent.root, ws).merges();
                List<Long> ids = new ArrayList<>(mergeIds);
                if (last) {
                    ids.add(merges.lastMerge().orElseThrow(() -> new RegistroException("error.dedupe.nomerge", "-"))
                            .id());
                }
                if (ids.isEmpty()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "Name a merge id, or use --last.");
                }
                ids.sort(java.util.Comparator.reverseOrder());
                List<MergeService.UndoResult> results = new ArrayList<>();
                for (long id : ids) {
                    results.add(merges.undo(id));
                }
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(results.size() == 1 ? results.get(0) : results);
                } else {
                    for (MergeService.UndoResult result : results) {
                        out.line("Undid merge " + result.mergeId() + ": contact " + result.mergedId()
                                + " is separate from " + result.survivorId() + " again."
                                + (result.keptEdits().isEmpty() ? "" : " Kept the values edited since the merge: "
                                + String.join(", ", result.keptEdits()) + "."));
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "not-same", description = "Remember that two contacts are different people; the pair never "
            + "comes back.")
    static final class NotSame implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "A")
        long a;
        @Parameters(index = "1", paramLabel = "B")
        long b;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).notSame(a, b);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("a", a, "b", b, "notSame", true));
                } else {
                    out.line("Contacts " + a + " and " + b + " are different people; the pair will not come back.");
                }
                return 0;
            }
        }
    }

    @Command(name = "history", description = "The merges, newest first.")
    static final class History implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                List<MergeService.MergeInfo> merges = service(parent.root, ws).merges().history(limit);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(merges);
                } else if (merges.isEmpty()) {
                    out.line("No merges yet.");
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (MergeService.MergeInfo m : merges) {
                        rows.add(List.of(String.valueOf(m.id()), m.mergedAt().toString(),
                                m.survivorId() + " " + m.survivorName(), m.mergedId() + " " + m.mergedName(),
                                m.score() == null ? "" : score(m.score()), m.decidedBy(),
                                m.undoneAt() == null ? "" : "undone " + m.undoneAt()));
                    }
                    out.table(List.of("MERGE", "WHEN", "KEPT", "MERGED", "SCORE", "BY", ""), rows);
                }
                return 0;
            }
        }
    }

    @Command(name = "thresholds", description = "Show or set the automatic-merge and review scores (0-100).")
    static final class ThresholdsCommand implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--auto", paramLabel = "S", description = "Pairs at or above it may be merged automatically.")
        Double auto;
        @Option(names = "--review", paramLabel = "S", description = "Pairs at or above it go to the review queue.")
        Double review;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                DuplicateService service = service(parent.root, ws);
                DuplicateService.Thresholds current = service.thresholds();
                if (auto != null || review != null) {
                    service.setThresholds(new DuplicateService.Thresholds(auto == null ? current.autoMerge() : auto,
                            review == null ? current.review() : review));
                    current = service.thresholds();
                }
                Output out = new Output(spec, parent.root.json);
                double precision = service.expectedPrecision(current.autoMerge());
                if (out.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("autoMerge", current.autoMerge());
                    json.put("review", current.review());
                    json.put("expectedPrecision", precision);
                    out.json(json);
                } else {
                    out.line("Automatic merge at " + score(current.autoMerge()) + " or more; review from "
                            + score(current.review()) + "; below that, ignored. (Run a scan again after a change.)");
                    out.line(String.format(Locale.ROOT, "Of the stored pairs at %s or more, about %.1f %% are one "
                            + "person, as their scores say.", score(current.autoMerge()), precision * 100));
                }
                return 0;
            }
        }
    }

    @Command(name = "weights", description = "The Fellegi-Sunter weights: for each field and agreement level, m "
            + "(how often one person's two records agree so), u (how often two people's do) and log2(m/u).")
    static final class Weights implements Callable<Integer> {
        @ParentCommand
        DedupeCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                MatchModel model = service(parent.root, ws).model();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("source", model.source().code());
                    json.put("prior", model.prior());
                    json.put("contacts", model.contacts());
                    json.put("candidatePairs", model.pairs());
                    json.put("expectedDuplicatePairs", model.duplicates());
                    json.put("estimatedAt", model.estimatedAt());
                    json.put("levels", model.levels());
                    out.json(json);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (MatchModel.Level e : model.levels()) {
                    rows.add(List.of(e.field().name().toLowerCase(Locale.ROOT), e.level().code(),
                            String.format(Locale.ROOT, "%.4f", e.m()), String.format(Locale.ROOT, "%.6f", e.u()),
                            String.format(Locale.ROOT, "%+.1f", e.weight()),
                            String.format(Locale.ROOT, "%+.1f", e.fixedWeight())));
                }
                out.table(List.of("FIELD", "AGREEMENT", "M", "U", "BITS", "FIXED BITS"), rows);
                out.line(model.source() == MatchModel.Source.LEARNED
                        ? String.format(Locale.ROOT, "Learned from %,d contacts and %,d candidate pairs (about %,.0f "
                        + "pairs are one person).", model.contacts(), model.pairs(), model.duplicates())
                        : "Fixed weights: " + (model.estimatedAt() == null ? "no scan yet."
                        : "too few duplicates to learn from."));
                out.line(String.format(Locale.ROOT, "A missing value adds 0; a shared name or place adds more when "
                        + "rare, less when common. Score = 100 / (1 + 2^-(prior %.1f + sum of bits)).",
                        model.prior()));
                return 0;
            }
        }
    }

    /** {@code registro quality}: counts of what needs cleaning, the contacts behind each, normalize again. */
    @Command(name = "quality", description = "Data quality: invalid emails, unparseable phones, missing names, "
            + "contacts with no channel, import conflicts. --list shows the contacts of one; --renormalize applies "
            + "today's rules and default country to every stored email and phone.")
    static final class Quality implements Callable<Integer> {
        @ParentCommand
        RegistroCommand root;
        @Spec
        CommandSpec spec;
        @Option(names = "--list", paramLabel = "ISSUE",
                description = "invalid-email, unparseable-phone, missing-name, no-channel or import-conflict")
        String list;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100")
        int limit;
        @Option(names = "--renormalize", description = "Normalize every email and phone again first.")
        boolean renormalize;

        @Override
        public Integer call() {
            try (Workspace ws = root.openWorkspace()) {
                DataQuality quality = root.session(ws).quality();
                Output out = new Output(spec, root.json);
                Map<String, Object> json = new LinkedHashMap<>();
                if (renormalize) {
                    DataQuality.Renormalized r = quality.renormalize(new ConsoleProgress(spec));
                    json.put("renormalized", r);
                    if (!out.json()) {
                        out.line(String.format(Locale.ROOT, "Normalized again: %,d identifiers changed, %,d now "
                                + "invalid, %,d valid again, %,d conflicts recorded, %,d name keys refreshed.",
                                r.identifiersChanged(), r.nowInvalid(), r.nowValid(), r.conflicts(), r.nameKeys()));
                    }
                }
                if (list != null) {
                    List<DataQuality.Finding> findings = quality.findings(DataQuality.Issue.byCode(list), limit);
                    json.put("contacts", findings);
                    if (!out.json()) {
                        List<List<String>> rows = new ArrayList<>();
                        findings.forEach(f -> rows.add(List.of(String.valueOf(f.contactId()), f.name(),
                                f.value() == null ? "" : f.value())));
                        out.table(List.of("ID", "NAME", "VALUE"), rows);
                    }
                } else {
                    Map<DataQuality.Issue, Long> counts = quality.counts();
                    Map<String, Long> byCode = new LinkedHashMap<>();
                    counts.forEach((k, v) -> byCode.put(k.code(), v));
                    json.put("counts", byCode);
                    if (!out.json()) {
                        List<List<String>> rows = new ArrayList<>();
                        byCode.forEach((k, v) -> rows.add(List.of(k, String.format(Locale.ROOT, "%,d", v))));
                        out.table(List.of("ISSUE", "CONTACTS"), rows);
                    }
                }
                if (out.json()) {
                    out.json(json);
                }
                return 0;
            }
        }
    }
}
