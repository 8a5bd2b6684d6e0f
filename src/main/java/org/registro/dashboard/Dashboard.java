package org.registro.dashboard;

import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.IMPORT_BATCH;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.SOURCE;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.registro.common.Progress;
import org.registro.consent.ConsentService;
import org.registro.consent.DoubleOptInService;
import org.registro.consent.PrivacyService;
import org.registro.contact.DataQuality;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.workspace.Workspace;

/**
 * What Home shows at a glance, computed in one go off the UI thread: who can be reached on each channel about each
 * topic now (from the audience index when it is built) and how that changed month by month, opt-ins and
 * withdrawals per month and where they came from, new contacts per month by data party, double opt-ins waiting,
 * a data-quality score with its parts, recent imports, exports and journey runs, privacy requests due, and the
 * largest segments with their size over time. Each figure carries the rule that selects its people, so it can
 * open them.
 */
public final class Dashboard {

    /** How many months the trends cover, the current one last. */
    public static final int MONTHS = 12;

    /** Who may receive a commercial message on the channel (about the topic; "" for the channel alone) now. */
    public record Reach(String channel, String topic, long people, Rule rule) {
    }

    /** A series over the months, oldest first, under a label code (a channel|topic key, a source, a party). */
    public record Series(String key, List<Long> values) {
        public long last() {
            return values.isEmpty() ? 0 : values.get(values.size() - 1);
        }

        /** The change over the last three months (last minus three months before). */
        public long change() {
            return values.size() < 4 ? 0 : last() - values.get(values.size() - 4);
        }
    }

    /** The data-quality score (0–100) and the share of contacts with each problem (percent). */
    public record Quality(int score, Map<DataQuality.Issue, Double> shares, Map<DataQuality.Issue, Long> counts) {
    }

    /**
     * Something that happened lately: an import (file, created, updated, rejected), an export (format code, rows,
     * purpose, channel) or a journey run (journey); {@code facts} in that order, for the words in each language,
     * and the audit's own summary when the facts are gone.
     */
    public record Recent(Instant at, String kind, List<Object> facts, String summary) {
    }

    /**
     * A step of the email funnel: {@code contacts}, {@code hasEmail} (an email address), {@code optedIn} (and opted
     * in to email, confirmed or not), {@code reachable} (and may receive marketing email now). Each step's people
     * are among the previous step's.
     */
    public record FunnelStep(String key, long people, Rule rule) {
    }

    /** A saved segment's size now and over time. */
    public record SegmentSize(String name, long size, List<SegmentService.Size> history) {
    }

    /** Everything Home shows. */
    public record Figures(Instant at, long contacts, List<YearMonth> months, List<Reach> reach,
                         List<Series> optedIn, List<Series> optIns, List<Series> withdrawals,
                         List<Series> newContacts, long pendingConfirmation, Quality quality, List<Recent> recent,
                         long privacyDue, long privacyOverdue, List<SegmentSize> segments,
                         Map<String, String> topicNames, List<FunnelStep> emailFunnel) {

        /** The reach of a channel about a topic ("" for the channel alone). */
        public java.util.Optional<Reach> reach(String channel, String topic) {
            return reach.stream().filter(r -> r.channel().equals(channel) && r.topic().equals(topic)).findFirst();
        }

        /** People opted in to the channel (and topic) at each month's end. */
        public java.util.Optional<Series> optedIn(String channel, String topic) {
            String key = topic.isEmpty() ? channel : channel + "|" + topic;
            return optedIn.stream().filter(s -> s.key().equals(key)).findFirst();
        }
    }

    private final Workspace workspace;
    private final SegmentService segments;
    private final ConsentService consent;
    private final DataQuality quality;
    private final DoubleOptInService doubleOptIn;
    private final PrivacyService privacy;
    private final java.util.function.BooleanSupplier indexReady;

    /** From how many contacts the reach is counted only once the audience index answers (SQL takes seconds). */
    static final long WAIT_FOR_INDEX_FROM = 10_000;

    /**
     * @param indexReady waits until the audience index answers, when one is being built (false at once when none
     *                   is), so the reach is counted in milliseconds instead of seconds per channel and topic
     */
    public Dashboard(Workspace workspace, SegmentService segments, ConsentService consent, DataQuality quality,
                     DoubleOptInService doubleOptIn, PrivacyService privacy,
                     java.util.function.BooleanSupplier indexReady) {
        this.workspace = workspace;
        this.segments = segments;
        this.consent = consent;
        this.quality = quality;
        this.doubleOptIn = doubleOptIn;
        this.privacy = privacy;
        this.indexReady = indexReady;
    }

    /** The rule of the people who may receive a commercial message on the channel about the topic. */
    public static Rule reachRule(String channel, String topic) {
        return new Rule.Consent("commercial", channel, topic.isEmpty() ? null : topic, null);
    }

    public Figures figures(Progress progress) {
        DSLContext dsl = workspace.dsl();
        Instant now = workspace.clock().instant();
        ZoneId zone = workspace.zone();
        YearMonth current = YearMonth.from(now.atZone(zone));
        List<YearMonth> months = new ArrayList<>();
        for (int i = MONTHS - 1; i >= 0; i--) {
            months.add(current.minusMonths(i));
        }
        long contacts = dsl.fetchCount(CONTACT, CONTACT.STATUS.eq("active"));
        if (contacts >= WAIT_FOR_INDEX_FROM) {
            progress.update(-1, -1, org.registro.common.Messages.get("home.progress.index"));
            indexReady.getAsBoolean();
        }
        List<String> channels = consent.channels();
        List<String> topics = new ArrayList<>(List.of(""));
        Map<String, String> topicNames = new LinkedHashMap<>();
        consent.topics().stream().filter(ConsentService.Topic::active).forEach(t -> {
            topics.add(t.code());
            topicNames.put(t.code(), t.label());
        });
        List<Reach> reach = new ArrayList<>();
        for (String channel : channels) {
            for (String topic : topics) {
                progress.checkCancelled();
                Rule rule = reachRule(channel, topic);
                reach.add(new Reach(channel, topic, segments.count(RuleDocument.of(rule)), rule));
            }
        }
        ConsentHistory history = ConsentHistory.read(dsl, months, zone);
        Map<DataQuality.Issue, Long> issues = quality.counts();
        Instant week = now.plus(java.time.Duration.ofDays(7));
        List<PrivacyService.Request> due = privacy.due(week);
        return new Figures(now, contacts, List.copyOf(months), List.copyOf(reach), series(history.optedIn),
                series(history.optIns), series(history.withdrawals), newContacts(dsl, months, zone),
                doubleOptIn.pendingCount(), quality(issues, contacts), recent(dsl), due.size(),
                due.stream().filter(r -> r.overdue(now)).count(), largestSegments(5), topicNames, emailFunnel());
    }

    /** From everyone to those who may receive marketing email, each step within the one before. */
    private List<FunnelStep> emailFunnel() {
        Rule everyone = new Rule.Group(Rule.Match.ALL, List.of());
        Rule hasEmail = new Rule.Identifier("email", true);
        Rule optedIn = new Rule.Group(Rule.Match.ALL, List.of(hasEmail, new Rule.Group(Rule.Match.ANY, List.of(
                new Rule.Consent(null, "email", null, org.registro.consent.Consent.GRANTED),
                new Rule.Consent(null, "email", null, org.registro.consent.Consent.CONFIRMED)))));
        Rule reachable = new Rule.Group(Rule.Match.ALL, List.of(optedIn, reachRule("email", "")));
        List<FunnelStep> steps = new ArrayList<>();
        for (var step : List.of(Map.entry("contacts", everyone), Map.entry("hasEmail", hasEmail),
                Map.entry("optedIn", optedIn), Map.entry("reachable", reachable))) {
            steps.add(new FunnelStep(step.getKey(), segments.count(RuleDocument.of(step.getValue())), step.getValue()));
        }
        return List.copyOf(steps);
    }

    private static List<Series> series(Map<String, long[]> map) {
        return map.entrySet().stream().map(e -> new Series(e.getKey(), java.util.Arrays.stream(e.getValue()).boxed()
                        .toList()))
                .sorted(Comparator.comparingLong(Series::last).reversed().thenComparing(Series::key)).toList();
    }

    /** New contacts per month by the data party of the source that created them (typed in: first party). */
    private static List<Series> newContacts(DSLContext dsl, List<YearMonth> months, ZoneId zone) {
        Map<String, long[]> byParty = new LinkedHashMap<>();
        var from = months.get(0).atDay(1).atStartOfDay(zone).toOffsetDateTime();
        dsl.select(CONTACT.CREATED_AT, SOURCE.DATA_PARTY).from(CONTACT).leftJoin(SOURCE)
                .on(SOURCE.ID.eq(CONTACT.CREATED_SOURCE_ID)).where(CONTACT.CREATED_AT.ge(from))
                .forEach(r -> {
                    int month = months.indexOf(YearMonth.from(r.value1().atZoneSameInstant(zone)));
                    if (month >= 0) {
                        byParty.computeIfAbsent(r.value2() == null ? "first" : r.value2(),
                                k -> new long[months.size()])[month]++;
                    }
                });
        return series(byParty);
    }

    /** The score is 100 minus the average share of contacts with each problem. */
    static Quality quality(Map<DataQuality.Issue, Long> counts, long contacts) {
        Map<DataQuality.Issue, Double> shares = new LinkedHashMap<>();
        double sum = 0;
        for (DataQuality.Issue issue : DataQuality.Issue.values()) {
            double share = contacts == 0 ? 0 : Math.min(100.0, 100.0 * counts.getOrDefault(issue, 0L) / contacts);
            shares.put(issue, share);
            sum += share;
        }
        int score = (int) Math.round(100 - sum / DataQuality.Issue.values().length);
        return new Quality(score, shares, Map.copyOf(counts));
    }

    private static List<Recent> recent(DSLContext dsl) {
        return dsl.select(AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ACTION, AUDIT_LOG.SUMMARY, AUDIT_LOG.ENTITY_ID,
                        AUDIT_LOG.SUMMARY_KEY, AUDIT_LOG.SUMMARY_ARGS)
                .from(AUDIT_LOG).where(AUDIT_LOG.ACTION.in("import.complete", "export.write", "journey.run"))
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc()).limit(8)
                .fetch(r -> {
                    String kind = r.value2().substring(0, r.value2().indexOf('.'));
                    return new Recent(r.value1().toInstant(), kind, facts(dsl, kind, r.value4()),
                            org.registro.workspace.AuditLog.summary(r.value3(), r.value5(), r.value6()));
                });
    }

    /** What the recent thing was, from its own row (empty when it is gone). */
    private static List<Object> facts(DSLContext dsl, String kind, Long id) {
        if (id == null) {
            return List.of();
        }
        return switch (kind) {
            case "import" -> dsl.select(IMPORT_BATCH.FILE_NAME, IMPORT_BATCH.ROWS_CREATED, IMPORT_BATCH.ROWS_UPDATED,
                            IMPORT_BATCH.ROWS_REJECTED).from(IMPORT_BATCH).where(IMPORT_BATCH.ID.eq(id))
                    .fetchOptional(r -> List.<Object>of(java.nio.file.Path.of(r.value1()).getFileName().toString(),
                            r.value2(), r.value3(), r.value4())).orElse(List.of());
            case "export" -> dsl.select(EXPORT_RUN.DESTINATION, EXPORT_RUN.ROW_COUNT, EXPORT_RUN.PURPOSE,
                            EXPORT_RUN.CHANNEL).from(EXPORT_RUN).where(EXPORT_RUN.ID.eq(id))
                    .fetchOptional(r -> List.<Object>of(r.value1(), r.value2(), r.value3(), r.value4()))
                    .orElse(List.of());
            default -> dsl.select(JOURNEY.NAME).from(JOURNEY).where(JOURNEY.ID.eq(id))
                    .fetchOptional(r -> List.<Object>of(r.value1())).orElse(List.of());
        };
    }

    private List<SegmentSize> largestSegments(int limit) {
        return segments.list().stream().filter(s -> s.size() != null)
                .sorted(Comparator.comparingLong(SegmentService.Saved::size).reversed()).limit(limit)
                .map(s -> new SegmentSize(s.name(), s.size(), segments.sizes(s.name()))).toList();
    }
}
