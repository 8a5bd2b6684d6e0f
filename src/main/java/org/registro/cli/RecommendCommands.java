package org.registro.cli;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.registro.common.Progress;
import org.registro.recommend.Evaluation;
import org.registro.recommend.ReasonText;
import org.registro.recommend.RecommendService;
import org.registro.recommend.Rhythm;
import org.registro.wiring.Session;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code registro recommend CONTACT}, {@code recommend refresh}, {@code recommend evaluate}: the items each person
 * is offered next, with their reasons, and how well the ranking finds what people do next.
 */
@Command(name = "recommend", description = "What to offer a person next (items with score and reason), "
        + "refreshing everyone's recommendations, and measuring them against the most popular items.",
        subcommands = {RecommendCommands.Refresh.class, RecommendCommands.Evaluate.class,
                RecommendCommands.Exploration.class})
final class RecommendCommands implements Callable<Integer> {

    @ParentCommand
    RegistroCommand root;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTACT", description = "The contact's id.")
    Long contact;

    @Override
    public Integer call() {
        if (contact == null) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 2;
        }
        try (Workspace ws = root.openWorkspaceToRead()) {
            Session session = root.session(ws);
            RecommendService service = session.recommendations();
            List<RecommendService.Recommendation> recs = service.forContact(contact);
            Rhythm rhythm = service.rhythm(contact).orElse(null);
            UnaryOperator<String> topics = session.consent().topicLabels();
            Output out = new Output(spec, root.json);
            if (out.json()) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (RecommendService.Recommendation r : recs) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("rank", r.rank());
                    m.put("item", r.item().key());
                    m.put("title", r.item().title());
                    m.put("url", r.item().url());
                    m.put("score", r.score());
                    m.put("reason", r.reason().code());
                    m.put("because", ReasonText.words(r.reason(), topics));
                    items.add(m);
                }
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("contact", contact);
                json.put("recommendations", items);
                json.put("bestMoment", rhythm);
                json.put("refreshedAt", service.lastRefresh().map(Object::toString).orElse(null));
                out.json(json);
                return 0;
            }
            if (recs.isEmpty()) {
                out.line(service.lastRefresh().isEmpty()
                        ? "No recommendations yet: run 'registro recommend refresh'."
                        : "Nothing to offer contact " + contact + " now: no item in its dates that they may receive "
                                + "(an opt-in for one of its topics) and have not already done.");
            }
            List<List<String>> rows = new ArrayList<>();
            for (RecommendService.Recommendation r : recs) {
                rows.add(List.of(Integer.toString(r.rank()), r.item().title(), String.format(Locale.ROOT, "%.3f",
                        r.score()), ReasonText.words(r.reason(), topics)));
            }
            if (!rows.isEmpty()) {
                out.table(List.of("#", "item", "score", "because"), rows);
            }
            if (rhythm != null) {
                out.line(String.format("Best moment: %s, %s at %02d:00 (%s)", rhythm.channel(),
                        DayOfWeek.of(rhythm.weekday()).getDisplayName(TextStyle.FULL, Locale.ENGLISH), rhythm.hour(),
                        Rhythm.OWN.equals(rhythm.basis()) ? "from " + rhythm.responses() + " of their responses"
                                : "the organization's; too few responses of their own"));
            }
            return 0;
        }
    }

    @Command(name = "refresh", description = "Rank everyone's items again and keep each person's first three, "
            + "with their best channel and moment.")
    static final class Refresh implements Callable<Integer> {
        @ParentCommand
        RecommendCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                RecommendService.Refreshed done = parent.root.session(ws).recommendations().refresh(Progress.NONE);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(done);
                } else {
                    out.line(String.format("%,d recommendations for %,d people from %,d items in %.1f s.",
                            done.recommendations(), done.people(), done.items(), done.durationMs() / 1000.0));
                }
                return 0;
            }
        }
    }

    @Command(name = "evaluate", description = "Hold out each person's most recent item, recommend from the rest, "
            + "and report how often it is in the first three, beside offering everyone the most popular.")
    static final class Evaluate implements Callable<Integer> {
        @ParentCommand
        RecommendCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspaceToRead()) {
                Evaluation e = parent.root.session(ws).recommendations().evaluate(Progress.NONE);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("people", e.people());
                    m.put("items", e.items());
                    m.put("hitRateAt3", e.hitRateAt3());
                    m.put("popularityHitRateAt3", e.popularityHitRateAt3());
                    m.put("lift", e.lift());
                    m.put("coverage", e.coverage());
                    out.json(m);
                } else {
                    out.line(String.format("%,d people with two items or more: the next item is in the first three "
                            + "for %.1f%% (the most popular items: %.1f%%, lift %.2f×); %.0f%% of %,d items are "
                            + "recommended to someone.", e.people(), 100 * e.hitRateAt3(),
                            100 * e.popularityHitRateAt3(), e.lift(), 100 * e.coverage(), e.items()));
                }
                return 0;
            }
        }
    }

    @Command(name = "exploration", description = "Show or set the share of people offered, in last place, "
            + "something about a topic they have not tried (0 to 0.5; default 0.2).")
    static final class Exploration implements Callable<Integer> {
        @ParentCommand
        RecommendCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "SHARE")
        Double share;

        @Override
        public Integer call() {
            try (Workspace ws = share == null ? parent.root.openWorkspaceToRead() : parent.root.openWorkspace()) {
                RecommendService service = parent.root.session(ws).recommendations();
                if (share != null) {
                    service.setExploration(share);
                }
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("exploration", service.exploration()));
                } else {
                    out.line(String.format(Locale.ROOT, "Exploration: %.2f", service.exploration()));
                }
                return 0;
            }
        }
    }
}
