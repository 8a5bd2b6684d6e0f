package org.registro.bench;

import static org.registro.db.Tables.EVENT;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.registro.common.Progress;
import org.registro.content.ContentItem;
import org.registro.recommend.Evaluation;
import org.registro.recommend.PlantedTastes;
import org.registro.recommend.RecommendService;
import org.registro.recommend.Recommender;
import org.registro.wiring.Session;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The recommendations benchmark of issue 22: {@code contacts} generated people with planted tastes (a favourite
 * among eight topics, three touches in four on it) and 500 items, their activity imported as events naming the
 * items; then a refresh of everyone's recommendations, the offline evaluation against the popularity baseline,
 * and one person's recommendations as the profile asks for them.
 */
public final class RecommendBench {

    private static final int ITEMS = 500;
    private static final List<String> TOPICS = List.of("newsletter", "events", "fundraising", "volunteering",
            "water", "education", "health", "climate");

    private final Path dir;
    private final Clock clock;
    private final int contacts;
    private final Consumer<String> log;

    public RecommendBench(Path dir, Clock clock, int contacts, Consumer<String> log) {
        this.dir = dir;
        this.clock = clock;
        this.contacts = contacts;
        this.log = log;
    }

    public List<BenchResult> run() {
        List<BenchResult> results = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        PlantedTastes world = new PlantedTastes(42, contacts, ITEMS, TOPICS, today);
        String size = String.format("%,d contacts, %,d items, %,d touches", contacts, ITEMS,
                world.people().stream().mapToLong(h -> h.touches().size()).sum());
        try (Workspace ws = new WorkspaceService(clock).create(dir.resolve("recommend-" + System.nanoTime()),
                new NewWorkspace("Recommendations bench", "ES", null))) {
            Session session = Session.open(ws, new WorkspaceService(clock), "bench");
            long start = System.nanoTime();
            for (String topic : TOPICS) {
                if (session.consent().topics().stream().noneMatch(t -> t.code().equals(topic))) {
                    session.consent().addTopic(topic, topic, null);
                }
            }
            log.accept("saving " + ITEMS + " items");
            for (ContentItem item : world.items()) {
                // generated items are not marketing: the benchmark measures the ranking, not the opt-ins
                session.content().save(new ContentItem(null, item.key(), item.kind(), item.title(), null, item.url(),
                        null, false, item.repeatable(), null, null, item.topics(), List.of(), List.of(),
                        item.references(), false));
            }
            SegmentBench.loadContacts(ws.dsl(), contacts, log);
            long first = ws.dsl().fetchSingle("SELECT MIN(id) FROM contact").get(0, Long.class);
            loadEvents(ws.dsl(), world, first);
            results.add(new BenchResult("load items, contacts and their activity", size,
                    (System.nanoTime() - start) / 1e6, null, 0, "", null));

            log.accept("refreshing recommendations");
            RecommendService recommend = session.recommendations();
            start = System.nanoTime();
            RecommendService.Refreshed refreshed = recommend.refresh(Progress.NONE);
            double ms = (System.nanoTime() - start) / 1e6;
            results.add(new BenchResult("refresh: everyone's first three items and best moment", size + String.format(
                    " → %,d recommendations", refreshed.recommendations()), ms, String.format("%,.0f people/s",
                    refreshed.people() / (ms / 1000)), 0, "≤ 30 s", ms <= 30_000));

            log.accept("evaluating");
            start = System.nanoTime();
            Evaluation e = recommend.evaluate(Progress.NONE);
            ms = (System.nanoTime() - start) / 1e6;
            results.add(new BenchResult("hit rate at 3: the next item among the first three", String.format(
                    "%,d people → %.1f%% (most popular items: %.1f%%), lift %.2f×, coverage %.0f%%", e.people(),
                    100 * e.hitRateAt3(), 100 * e.popularityHitRateAt3(), e.lift(), 100 * e.coverage()), ms, null,
                    0, "≥ 2× the popularity baseline", e.lift() >= 2));

            Random random = new Random(7);
            double[] times = new double[101];
            for (int i = 0; i < times.length; i++) {
                long id = first + random.nextInt(contacts);
                start = System.nanoTime();
                recommend.forContact(id);
                times[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(times);
            results.add(new BenchResult("one person's recommendations (the profile panel) — median of 101", size,
                    times[50], null, 0, "instant (≤ 100 ms)", times[50] <= 100));
        }
        return results;
    }

    private void loadEvents(DSLContext dsl, PlantedTastes world, long first) {
        log.accept("loading activity");
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        dsl.transaction(c -> {
            DSLContext tx = c.dsl();
            BatchBindStep batch = batch(tx);
            int n = 0;
            for (Evaluation.History h : world.people()) {
                for (Recommender.Touch t : h.touches()) {
                    batch.bind(first + h.id() - 1, t.type(), OffsetDateTime.ofInstant(Instant.ofEpochMilli(t.at()),
                            ZoneOffset.UTC), world.items().get(t.item()).references().get(0).value(), now);
                    if (++n % 10_000 == 0) {
                        batch.execute();
                        batch = batch(tx);
                    }
                }
            }
            if (batch.size() > 0) {
                batch.execute();
            }
        });
    }

    private static BatchBindStep batch(DSLContext tx) {
        return tx.batch(tx.insertInto(EVENT, EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT, EVENT.CAMPAIGN,
                EVENT.RECORDED_AT).values((Long) null, null, null, null, null));
    }
}
