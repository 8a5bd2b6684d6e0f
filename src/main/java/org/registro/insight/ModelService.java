package org.registro.insight;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SEGMENT_MEMBER;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Customer models stored on contacts ({@code contact_score}) so segments can use them: RFM (recency,
 * frequency and monetary value from events with amounts, quintile scores 1–5 and named cells), an engagement
 * score from recent activity, and look-alike audiences ranked by similarity to a seed segment.
 */
public final class ModelService {

    public static final String RFM = "rfm";
    public static final String RECENCY = "rfm_recency";
    public static final String FREQUENCY = "rfm_frequency";
    public static final String MONETARY = "rfm_monetary";
    public static final String ENGAGEMENT = "engagement";

    /** What a model run did: how many contacts got a score, and how many fell in each named cell. */
    public record Result(String model, long scored, Map<String, Long> cells) {
    }

    /** One cluster: its number, size, and its centre in words and numbers. */
    public record Cluster(int number, long size, String description, Map<String, Double> centre) {
    }

    /** A look-alike audience saved as a segment. */
    public record LookAlike(String segment, int size, double topScore, double lowestScore) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;

    private final SegmentService segments;

    public ModelService(Workspace workspace, AuditLog audit, SegmentService segments) {
        this.workspace = workspace;
        this.audit = audit;
        this.segments = segments;
        this.clock = workspace.clock();
    }

    /**
     * RFM over events with an amount: recency (days since the last), frequency (how many), monetary (their
     * total), each as a quintile 1–5 (5 is best), the average as the score, and a named cell as the label:
     * champions, loyal, potential loyalists, new, at risk, can't lose them, hibernating, others.
     */
    public Result rfm() {
        OffsetDateTime now = now();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.deleteFrom(CONTACT_SCORE).where(CONTACT_SCORE.MODEL.in(RFM, RECENCY, FREQUENCY, MONETARY)).execute();
            tx.execute("CREATE LOCAL TEMPORARY TABLE rfm_work AS SELECT contact_id, "
                    + "NTILE(5) OVER (ORDER BY last_at) AS r, NTILE(5) OVER (ORDER BY cnt) AS f, "
                    + "NTILE(5) OVER (ORDER BY total) AS m FROM (SELECT e.contact_id, MAX(e.occurred_at) AS last_at, "
                    + "COUNT(*) AS cnt, SUM(e.amount) AS total FROM event e JOIN contact c ON c.id = e.contact_id "
                    + "WHERE e.amount IS NOT NULL AND c.status NOT IN ('erased', 'merged') GROUP BY e.contact_id) t");
            for (String[] part : new String[][] {{RECENCY, "r"}, {FREQUENCY, "f"}, {MONETARY, "m"}}) {
                tx.execute("INSERT INTO contact_score (contact_id, model, score, computed_at) "
                        + "SELECT contact_id, {0}, " + part[1] + ", {1} FROM rfm_work", DSL.val(part[0]), DSL.val(now));
            }
            tx.execute("INSERT INTO contact_score (contact_id, model, score, label, computed_at) "
                    + "SELECT contact_id, {0}, CAST((r + f + m) AS DECIMAL(12, 4)) / 3, CASE "
                    + "WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'champions' "
                    + "WHEN r <= 2 AND f >= 4 THEN 'cant_lose_them' "
                    + "WHEN r <= 2 AND f >= 3 THEN 'at_risk' "
                    + "WHEN f >= 4 THEN 'loyal' "
                    + "WHEN r >= 4 AND f <= 1 THEN 'new' "
                    + "WHEN r >= 3 AND f <= 3 THEN 'potential_loyalists' "
                    + "WHEN r <= 2 AND f <= 2 THEN 'hibernating' "
                    + "ELSE 'others' END, {1} FROM rfm_work", DSL.val(RFM), DSL.val(now));
            tx.execute("DROP TABLE rfm_work");
            audit.record(tx, "model.rfm", "workspace", null, Phrase.of("audit.model.rfm"), null);
        });
        return result(RFM);
    }

    /**
     * Engagement 0–100 from the last year of activity (any event): 10 points for each event in the last 30
     * days, 5 in the last 90, 2 in the last 365; labelled high (30+), medium (10+) or low.
     */
    public Result engagement() {
        OffsetDateTime now = now();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.deleteFrom(CONTACT_SCORE).where(CONTACT_SCORE.MODEL.eq(ENGAGEMENT)).execute();
            tx.execute("INSERT INTO contact_score (contact_id, model, score, label, computed_at) "
                    + "SELECT contact_id, {0}, points, CASE WHEN points >= 30 THEN 'high' WHEN points >= 10 THEN 'medium' "
                    + "ELSE 'low' END, {1} FROM (SELECT e.contact_id, LEAST(100, SUM(CASE "
                    + "WHEN e.occurred_at >= {2} THEN 10 WHEN e.occurred_at >= {3} THEN 5 ELSE 2 END)) AS points "
                    + "FROM event e JOIN contact c ON c.id = e.contact_id WHERE e.occurred_at >= {4} "
                    + "AND c.status NOT IN ('erased', 'merged') GROUP BY e.contact_id) t",
                    DSL.val(ENGAGEMENT), DSL.val(now), DSL.val(now.minusDays(30)), DSL.val(now.minusDays(90)),
                    DSL.val(now.minusDays(365)));
            audit.record(tx, "model.engagement", "workspace", null, Phrase.of("audit.model.engagement"), null);
        });
        return result(ENGAGEMENT);
    }

    private Result result(String model) {
        Map<String, Long> cells = new java.util.LinkedHashMap<>();
        workspace.dsl().select(CONTACT_SCORE.LABEL, DSL.count()).from(CONTACT_SCORE)
                .where(CONTACT_SCORE.MODEL.eq(model)).groupBy(CONTACT_SCORE.LABEL).orderBy(DSL.count().desc())
                .forEach(r -> cells.put(r.value1() == null ? "" : r.value1(), r.value2().longValue()));
        long scored = cells.values().stream().mapToLong(Long::longValue).sum();
        return new Result(model, scored, cells);
    }

    /**
     * Ranks everyone outside the seed segment by how much they resemble it, and saves the top {@code size} as a
     * snapshot segment {@code name}. Resemblance is the sum, over city, country, decade of birth, tags and the
     * kinds of things they did, of the share of seed members who have the same: a contact from the city
     * where 60 % of the seed lives gains 0.6. The score is stored as model {@code lookalike:<name>}.
     */
    public LookAlike lookAlike(String seedSegment, int size, String name) {
        if (size < 1) {
            throw new RegistroException("error.model.size", size);
        }
        Condition seed = segments.membersOf(seedSegment);
        DSLContext dsl = workspace.dsl();
        // Unaliased, so the segment's condition (written against CONTACT) applies as it is. The lists are
        // jOOQ's aggregate: LISTAGG on H2, STRING_AGG on PostgreSQL; the decade is the year's first three digits.
        var ct = org.registro.db.Tables.CONTACT_TAG.as("ct");
        var ev = org.registro.db.Tables.EVENT.as("e");
        java.util.function.Function<Condition, org.jooq.ResultQuery<?>> features = where -> dsl.select(CONTACT.ID, CONTACT.CITY, CONTACT.COUNTRY,
                        DSL.floor(DSL.extract(CONTACT.BIRTH_DATE, org.jooq.DatePart.YEAR).div(10)).cast(Integer.class),
                        DSL.field(DSL.select(DSL.listAgg(ct.TAG_ID.cast(String.class), ",").withinGroupOrderBy(ct.TAG_ID))
                                .from(ct).where(ct.CONTACT_ID.eq(CONTACT.ID))),
                        DSL.field(DSL.select(DSL.listAggDistinct(ev.EVENT_TYPE, ",").withinGroupOrderBy(ev.EVENT_TYPE))
                                .from(ev).where(ev.CONTACT_ID.eq(CONTACT.ID))))
                .from(CONTACT).where(where).fetchSize(5000);
        Set<Long> seedIds = new HashSet<>();
        Map<String, Double> share = new HashMap<>();
        features.apply(seed).forEach(r -> {
            seedIds.add(r.get(0, Long.class));
            for (String feature : features(r)) {
                share.merge(feature, 1.0, Double::sum);
            }
        });
        if (seedIds.isEmpty()) {
            throw new RegistroException("error.model.emptySeed", seedSegment);
        }
        share.replaceAll((k, v) -> v / seedIds.size());
        record Scored(long id, double score) {
        }
        PriorityQueue<Scored> best = new PriorityQueue<>(Comparator.comparingDouble(Scored::score)
                .thenComparing(Scored::id, Comparator.reverseOrder()));
        features.apply(CONTACT.STATUS.notIn("erased", "merged")).forEach(r -> {
            long id = r.get(0, Long.class);
            if (seedIds.contains(id)) {
                return;
            }
            double score = 0;
            for (String feature : features(r)) {
                score += share.getOrDefault(feature, 0.0);
            }
            if (score > 0) {
                best.add(new Scored(id, score));
                if (best.size() > size) {
                    best.poll();
                }
            }
        });
        List<Scored> chosen = new ArrayList<>(best);
        chosen.sort(Comparator.comparingDouble(Scored::score).reversed());
        String model = "lookalike:" + name.strip();
        OffsetDateTime now = now();
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.fetchExists(SEGMENT, SEGMENT.NAME.eq(name.strip()))) {
                throw new RegistroException("error.segment.exists", name);
            }
            String rule = RuleDocument.of(new org.registro.segment.Rule.Segment(seedSegment, false)).toJson();
            long id = tx.insertInto(SEGMENT).set(SEGMENT.NAME, name.strip())
                    .set(SEGMENT.DESCRIPTION, "Look-alike of " + seedSegment + ": the " + chosen.size()
                            + " most similar contacts")
                    .set(SEGMENT.RULE_JSON, rule).set(SEGMENT.KIND, SegmentService.SNAPSHOT)
                    .set(SEGMENT.SNAPSHOT_AT, now).set(SEGMENT.CREATED_AT, now).set(SEGMENT.UPDATED_AT, now)
                    .returningResult(SEGMENT.ID).fetchSingle().value1();
            tx.deleteFrom(CONTACT_SCORE).where(CONTACT_SCORE.MODEL.eq(model)).execute();
            var members = tx.batch(tx.insertInto(SEGMENT_MEMBER, SEGMENT_MEMBER.SEGMENT_ID, SEGMENT_MEMBER.CONTACT_ID)
                    .values((Long) null, null));
            var scores = tx.batch(tx.insertInto(CONTACT_SCORE, CONTACT_SCORE.CONTACT_ID, CONTACT_SCORE.MODEL,
                    CONTACT_SCORE.SCORE, CONTACT_SCORE.COMPUTED_AT).values((Long) null, null, null, null));
            for (Scored s : chosen) {
                members.bind(id, s.id());
                scores.bind(s.id(), model, BigDecimal.valueOf(s.score()).setScale(4, java.math.RoundingMode.HALF_UP),
                        now);
            }
            if (!chosen.isEmpty()) {
                members.execute();
                scores.execute();
            }
            audit.record(tx, "model.lookalike", "segment", id, Phrase.of("audit.model.lookalike", seedSegment), null);
        });
        segments.measure(name.strip());
        return new LookAlike(name.strip(), chosen.size(), chosen.isEmpty() ? 0 : chosen.get(0).score(),
                chosen.isEmpty() ? 0 : chosen.get(chosen.size() - 1).score());
    }

    public static final String CLUSTER = "cluster";
    static final List<String> CLUSTER_FEATURES = List.of("age", "daysSinceLast", "gifts", "total");

    /**
     * Groups the contacts who did something with an amount into {@code k} clusters (k-means over age, days
     * since their last event, how many events and their total, each standardized), stores the cluster number
     * on each contact (model {@code cluster}, label "cluster N") and describes each cluster by its centre.
     * The seed makes the run repeatable.
     */
    public List<Cluster> clusters(int k, long seed) {
        if (k < 2 || k > 12) {
            throw new RegistroException("error.model.k", k);
        }
        OffsetDateTime now = now();
        List<Long> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        workspace.dsl().resultQuery("SELECT c.id, c.birth_date, MAX(e.occurred_at), COUNT(*), SUM(e.amount) "
                        + "FROM contact c JOIN event e ON e.contact_id = c.id WHERE e.amount IS NOT NULL "
                        + "AND c.status NOT IN ('erased', 'merged') GROUP BY c.id, c.birth_date ORDER BY c.id")
                .fetchSize(5000).forEach(r -> {
                    ids.add(r.get(0, Long.class));
                    java.time.LocalDate born = r.get(1, java.time.LocalDate.class);
                    OffsetDateTime last = r.get(2, OffsetDateTime.class);
                    // whole years and days crossed, as H2's DATEDIFF counted them before
                    rows.add(new double[] {born == null ? Double.NaN : now.getYear() - born.getYear(),
                            java.time.temporal.ChronoUnit.DAYS.between(last.withOffsetSameInstant(now.getOffset())
                                    .toLocalDate(), now.toLocalDate()),
                            r.get(3, Double.class), r.get(4, Double.class)});
                });
        if (ids.size() < k) {
            throw new RegistroException("error.model.tooFew", ids.size(), k);
        }
        KMeans.Fit fit = KMeans.fit(rows, k, seed);
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.deleteFrom(CONTACT_SCORE).where(CONTACT_SCORE.MODEL.eq(CLUSTER)).execute();
            var insert = tx.batch(tx.insertInto(CONTACT_SCORE, CONTACT_SCORE.CONTACT_ID, CONTACT_SCORE.MODEL,
                    CONTACT_SCORE.SCORE, CONTACT_SCORE.LABEL, CONTACT_SCORE.COMPUTED_AT)
                    .values((Long) null, null, null, null, null));
            for (int i = 0; i < ids.size(); i++) {
                int cluster = fit.assignment()[i] + 1;
                insert.bind(ids.get(i), CLUSTER, BigDecimal.valueOf(cluster), "cluster " + cluster, now);
                if (insert.size() >= 5000) {
                    insert.execute();
                    insert = tx.batch(tx.insertInto(CONTACT_SCORE, CONTACT_SCORE.CONTACT_ID, CONTACT_SCORE.MODEL,
                            CONTACT_SCORE.SCORE, CONTACT_SCORE.LABEL, CONTACT_SCORE.COMPUTED_AT)
                            .values((Long) null, null, null, null, null));
                }
            }
            if (insert.size() > 0) {
                insert.execute();
            }
            audit.record(tx, "model.clusters", "workspace", null, Phrase.of("audit.model.clusters", k), null);
        });
        List<Cluster> clusters = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] centre = fit.centres()[c];
            Map<String, Double> named = new java.util.LinkedHashMap<>();
            for (int f = 0; f < CLUSTER_FEATURES.size(); f++) {
                named.put(CLUSTER_FEATURES.get(f), centre[f]);
            }
            clusters.add(new Cluster(c + 1, fit.sizes()[c], org.registro.common.Messages.get("models.cluster.describe",
                    Double.isNaN(centre[0]) ? "?" : Math.round(centre[0]), Math.round(centre[1]),
                    String.format("%.1f", centre[2]), Math.round(centre[3])), named));
        }
        return clusters;
    }

    /** The features of one contact row: "city:madrid", "country:ES", "decade:198", "tag:3", "did:donation". */
    private static List<String> features(org.jooq.Record r) {
        List<String> out = new ArrayList<>();
        String city = r.get(1, String.class);
        if (city != null && !city.isBlank()) {
            out.add("city:" + city.strip().toLowerCase(java.util.Locale.ROOT));
        }
        String country = r.get(2, String.class);
        if (country != null) {
            out.add("country:" + country);
        }
        Object decade = r.get(3);
        if (decade != null) {
            out.add("decade:" + decade);
        }
        String tags = r.get(4, String.class);
        if (tags != null) {
            for (String t : tags.split(",")) {
                out.add("tag:" + t);
            }
        }
        String did = r.get(5, String.class);
        if (did != null) {
            for (String d : did.split(",")) {
                out.add("did:" + d);
            }
        }
        return out;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
