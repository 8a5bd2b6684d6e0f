package org.registro.recommend;

import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_NEXT;

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
import org.registro.common.Phrase;
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
            tx.deleteFrom(CONTACT_NEXT).execute();
            BatchBindStep rows = batch(tx);
            int done = 0;
            for (Recommender.Person p : people) {
                List<Recommender.Pick> picks = model.recommend(p, today, null, STORED, explores(p.id(), share));
                List<StoredPick> stored = new ArrayList<>(picks.size());
                for (Recommender.Pick pick : picks) {
                    stored.add(new StoredPick(items.get(pick.item()).id(), Math.round(pick.score() * 1e6) / 1e6,
                            pick.reason()));
                }
                written[0] += stored.size();
                Rhythm r = Rhythm.choose(activity.responses.get(p.id()), activity.channels, organization);
                rows.bind(p.id(), itemAt(stored, 0), itemAt(stored, 1), itemAt(stored, 2), Json.write(stored),
                        r == null ? null : r.channel(), r == null ? null : r.weekday(), r == null ? null : r.hour(),
                        r == null ? 0 : r.responses(), r == null ? null : r.basis(), now);
                if (++done % 10_000 == 0) {
                    rows.execute();
                    rows = batch(tx);
                    progress.checkCancelled();
                    progress.update(done, total, Messages.get("recommend.progress.ranking"));
                }
            }
            if (rows.size() > 0) {
                rows.execute();
            }
            audit.record(tx, "recommend.refreshed", "workspace", null, Phrase.of("audit.recommend.refreshed",
                    total, items.size()), Map.of("people", total, "items", items.size(),
                    "recommendations", written[0]));
        });
        return new Refreshed(total, items.size(), written[0], (System.nanoTime() - started) / 1_000_000);
    }

    /** One stored recommendation: the item's id, its score and why. */
    record StoredPick(long item, double score, Recommender.Reason reason) {
    }

    private static Long itemAt(List<StoredPick> picks, int i) {
        return i < picks.size() ? picks.get(i).item() : null;
    }

    private static BatchBindStep batch(DSLContext tx) {
        return tx.batch(tx.insertInto(CONTACT_NEXT, CONTACT_NEXT.CONTACT_ID, CONTACT_NEXT.ITEM_1_ID,
                CONTACT_NEXT.ITEM_2_ID, CONTACT_NEXT.ITEM_3_ID, CONTACT_NEXT.PICKS_JSON, CONTACT_NEXT.CHANNEL,
                CONTACT_NEXT.BEST_WEEKDAY, CONTACT_NEXT.BEST_HOUR, CONTACT_NEXT.RESPONSES, CONTACT_NEXT.BASIS,
                CONTACT_NEXT.COMPUTED_AT).values((Long) null, null, null, null, null, null, null, null, null, null,
                null));
    }

    /**
     * The person's stored recommendations, best first (empty before the first refresh), without those the rules
     * no longer allow today: an item archived or past its dates, a commercial item once the person withdrew the
     * opt-in it needed or asked not to be contacted.
     */
    public List<Recommendation> forContact(long contactId) {
        var row = workspace.dsl().selectFrom(CONTACT_NEXT).where(CONTACT_NEXT.CONTACT_ID.eq(contactId)).fetchOne();
        if (row == null) {
            return List.of();
        }
        Map<Long, ContentItem> items = new HashMap<>();
        offerable().forEach(i -> items.put(i.id(), i));
        Recommender.Person now = consentNow(contactId);
        LocalDate today = LocalDate.now(workspace.clock().withZone(workspace.zone()));
        List<Recommendation> out = new ArrayList<>();
        StoredPick[] picks = Json.read(row.getPicksJson(), StoredPick[].class);
        for (int i = 0; i < picks.length; i++) {
            ContentItem item = items.get(picks[i].item());
            if (item != null && Recommender.allowed(now, item, today, null)) {
                out.add(new Recommendation(i + 1, item, picks[i].score(), picks[i].reason(), row.getComputedAt()));
            }
        }
        return out;
    }

    /** The person as the rules see them now: where they opted in, and whether anything commercial may reach them. */
    private Recommender.Person consentNow(long contactId) {
        DSLContext dsl = workspace.dsl();
        boolean contactable = dsl.fetchExists(CONTACT, CONTACT.ID.eq(contactId).and(CONTACT.STATUS.eq("active"))
                .and(CONTACT.DO_NOT_CONTACT.isFalse()));
        java.util.Set<String> optedIn = new java.util.HashSet<>(dsl.select(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC)
                .from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(contactId)
                        .and(CONSENT_STATE.STATUS.in(org.registro.consent.Consent.GRANTED,
                                org.registro.consent.Consent.CONFIRMED)))
                .fetch(r -> r.value1() + "|" + r.value2()));
        return new Recommender.Person(contactId, List.of(), null, optedIn, contactable);
    }

    /** When recommendations were last refreshed (empty: never). */
    public Optional<OffsetDateTime> lastRefresh() {
        return workspace.dsl().select(org.jooq.impl.DSL.max(AUDIT_LOG.OCCURRED_AT)).from(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("recommend.refreshed")).fetchOptional(0, OffsetDateTime.class);
    }

    /** The person's best channel and moment from the last refresh. */
    public Optional<Rhythm> rhythm(long contactId) {
        return workspace.dsl().selectFrom(CONTACT_NEXT).where(CONTACT_NEXT.CONTACT_ID.eq(contactId)
                        .and(CONTACT_NEXT.CHANNEL.isNotNull()))
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
