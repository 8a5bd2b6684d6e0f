package org.registro.recommend;

import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONTACT_RECOMMENDATION;
import static org.registro.db.Tables.CONTACT_RHYTHM;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.registro.common.Json;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Recommendations for everyone in a workspace (issue 22): {@link #refresh} reads the items and the activity that
 * points at them, ranks each active person's items with {@link Recommender} and stores their first
 * {@value #STORED} with reasons, and each person's best channel and moment ({@link Rhythm}); {@link #forContact}
 * answers from what is stored, at once. {@link #evaluate} measures the ranking on the workspace's own activity.
 */
public final class RecommendService {

    /** How many recommendations are kept per person (exports offer the first one to three). */
    public static final int STORED = 3;
    public static final String SETTING_EXPLORATION = "recommend.exploration";
    /** The share of people whose last place goes to a topic they have not tried, unless set. */
    public static final double DEFAULT_EXPLORATION = 0.2;

    /** A stored recommendation. */
    public record Recommendation(int rank, ContentItem item, double score, Recommender.Reason reason,
                                 OffsetDateTime computedAt) {
    }

    /** What a refresh did. */
    public record Refreshed(int people, int items, long recommendations, long durationMs) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final ContentService content;

    public RecommendService(Workspace workspace, AuditLog audit, ContentService content) {
        this.workspace = workspace;
        this.audit = audit;
        this.content = content;
    }

    public double exploration() {
        return workspace.setting(SETTING_EXPLORATION).map(Double::parseDouble).orElse(DEFAULT_EXPLORATION);
    }

    /** Sets the share of people offered something new in last place (0 to 0.5). */
    public void setExploration(double share) {
        if (!(share >= 0 && share <= 0.5)) {
            throw new RegistroException("error.recommend.exploration", share);
        }
        workspace.putSetting(SETTING_EXPLORATION, Double.toString(share));
    }

    /** Whether this person's last place goes to something new (the same people each time, a stated share). */
    static boolean explores(long contactId, double share) {
        return Math.floorMod(Long.hashCode(contactId * 0x9E3779B97F4A7C15L), 1000) < share * 1000;
    }

    private List<ContentItem> offerable() {
        return content.list();
    }

    /** Ranks everyone's items again and stores the first {@value #STORED} of each, with their best moment. */
    public Refreshed refresh(Progress progress) {
        long started = System.nanoTime();
        progress.update(-1, -1, Messages.get("recommend.progress.reading"));
        List<ContentItem> items = offerable();
        WorkspaceActivity activity = WorkspaceActivity.read(workspace.dsl(), items, null, workspace.zone());
        progress.checkCancelled();
        List<Recommender.Person> people = activity.people();
        LocalDate today = LocalDate.now(workspace.clock().withZone(workspace.zone()));
        Recommender model = new Recommender(items, people, today);
        double share = exploration();
        List<Integer> all = new ArrayList<>();
        activity.responses.values().forEach(all::addAll);
        // no opens or clicks anywhere: nobody's moment is known
        Rhythm organization = all.isEmpty() ? null : Rhythm.of(all, activity.channels, Rhythm.ORGANIZATION);
        OffsetDateTime now = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        long[] written = {0};
        int total = people.size();
        workspace.dsl().transaction(c -> {
            DSLContext tx = c.dsl();
            tx.deleteFrom(CONTACT_RECOMMENDATION).execute();
            tx.deleteFrom(CONTACT_RHYTHM).execute();
            BatchBindStep recs = recommendationBatch(tx);
            BatchBindStep rhythms = rhythmBatch(tx);
            int done = 0;
            for (Recommender.Person p : people) {
                List<Recommender.Pick> picks = model.recommend(p, today, null, STORED, explores(p.id(), share));
                for (int rank = 0; rank < picks.size(); rank++) {
                    Recommender.Pick pick = picks.get(rank);
                    recs.bind(p.id(), rank + 1, items.get(pick.item()).id(), BigDecimal.valueOf(pick.score())
                            .setScale(6, RoundingMode.HALF_UP), Json.write(pick.reason()), now);
                    written[0]++;
                }
                Rhythm r = Rhythm.choose(activity.responses.get(p.id()), activity.channels, organization);
                if (r != null) {
                    rhythms.bind(p.id(), r.channel(), r.weekday(), r.hour(), r.responses(), r.basis(), now);
                }
                if (++done % 5_000 == 0) {
                    recs.execute();
                    rhythms.execute();
                    recs = recommendationBatch(tx);
                    rhythms = rhythmBatch(tx);
                    progress.checkCancelled();
                    progress.update(done, total, Messages.get("recommend.progress.ranking"));
                }
            }
            if (recs.size() > 0) {
                recs.execute();
            }
            if (rhythms.size() > 0) {
                rhythms.execute();
            }
            audit.record(tx, "recommend.refreshed", "workspace", null, "Recommendations for " + total
                    + " people from " + items.size() + " items", Map.of("people", total, "items", items.size(),
                    "recommendations", written[0]));
        });
        return new Refreshed(total, items.size(), written[0], (System.nanoTime() - started) / 1_000_000);
    }

    private static BatchBindStep recommendationBatch(DSLContext tx) {
        return tx.batch(tx.insertInto(CONTACT_RECOMMENDATION, CONTACT_RECOMMENDATION.CONTACT_ID,
                CONTACT_RECOMMENDATION.ITEM_RANK, CONTACT_RECOMMENDATION.ITEM_ID, CONTACT_RECOMMENDATION.SCORE,
                CONTACT_RECOMMENDATION.REASON_JSON, CONTACT_RECOMMENDATION.COMPUTED_AT)
                .values((Long) null, null, null, null, null, null));
    }

    private static BatchBindStep rhythmBatch(DSLContext tx) {
        return tx.batch(tx.insertInto(CONTACT_RHYTHM, CONTACT_RHYTHM.CONTACT_ID, CONTACT_RHYTHM.CHANNEL,
                CONTACT_RHYTHM.BEST_WEEKDAY, CONTACT_RHYTHM.BEST_HOUR, CONTACT_RHYTHM.RESPONSES, CONTACT_RHYTHM.BASIS,
                CONTACT_RHYTHM.COMPUTED_AT).values((Long) null, null, null, null, null, null, null));
    }

    /** The person's stored recommendations, best first (empty before the first refresh). */
    public List<Recommendation> forContact(long contactId) {
        Map<Long, ContentItem> items = new HashMap<>();
        offerable().forEach(i -> items.put(i.id(), i));
        List<Recommendation> out = new ArrayList<>();
        workspace.dsl().selectFrom(CONTACT_RECOMMENDATION).where(CONTACT_RECOMMENDATION.CONTACT_ID.eq(contactId))
                .orderBy(CONTACT_RECOMMENDATION.ITEM_RANK).forEach(r -> {
                    ContentItem item = items.get(r.getItemId());
                    if (item != null) {
                        out.add(new Recommendation(r.getItemRank(), item, r.getScore().doubleValue(),
                                Json.read(r.getReasonJson(), Recommender.Reason.class), r.getComputedAt()));
                    }
                });
        return out;
    }

    /** When recommendations were last refreshed (empty: never). */
    public Optional<OffsetDateTime> lastRefresh() {
        return workspace.dsl().select(org.jooq.impl.DSL.max(AUDIT_LOG.OCCURRED_AT)).from(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("recommend.refreshed")).fetchOptional(0, OffsetDateTime.class);
    }

    /** The person's best channel and moment from the last refresh. */
    public Optional<Rhythm> rhythm(long contactId) {
        return workspace.dsl().selectFrom(CONTACT_RHYTHM).where(CONTACT_RHYTHM.CONTACT_ID.eq(contactId))
                .fetchOptional(r -> new Rhythm(r.getChannel(), r.getBestWeekday(), r.getBestHour(), r.getResponses(),
                        r.getBasis()));
    }

    /** The offline evaluation on this workspace's activity (see {@link Evaluation}). */
    public Evaluation evaluate(Progress progress) {
        progress.update(-1, -1, Messages.get("recommend.progress.reading"));
        List<ContentItem> items = offerable();
        WorkspaceActivity activity = WorkspaceActivity.read(workspace.dsl(), items, null, workspace.zone());
        List<Evaluation.History> histories = new ArrayList<>();
        activity.contacts.values().forEach(c -> histories.add(new Evaluation.History(c.id(), c.touches(),
                c.language())));
        progress.update(-1, -1, Messages.get("recommend.progress.evaluating"));
        return Evaluation.run(items, histories, LocalDate.now(workspace.clock().withZone(workspace.zone())));
    }
}
