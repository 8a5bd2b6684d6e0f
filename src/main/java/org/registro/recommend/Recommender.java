package org.registro.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.registro.content.ContentItem;
import org.registro.content.Interactions;

/**
 * Ranks items for people (issue 22): what people who engaged with the same items also engaged with (item-to-item
 * co-engagement, cosine over who engaged), how an item's topics and tags match a person's history and the topics
 * they opted in to, and popularity with freshness as a prior. Rules always apply: an expired or archived item is
 * never offered, a commercial one only when the person may receive one of its topics, what they already did is
 * not offered again when it cannot be repeated, and items in their language come first. A stated share of people
 * gets, in the last place, the best item about a topic they have not tried (exploration). Every recommendation
 * carries its {@link Reason}.
 *
 * <p>Pure and in memory: the service reads the workspace into {@link Person}s and writes the result.
 */
public final class Recommender {

    /**
     * Weights in the score: co-engagement and taste carry it; tag fit and overall popularity only break near ties.
     * The reason compares co-engagement with topic fit at {@link #COLLABORATIVE} against {@link #CONTENT}.
     */
    static final double COLLABORATIVE = 0.55;
    static final double TASTE = 3;
    static final double CONTENT = 0.30;
    static final double CONTENT_NUDGE = 0.03;
    static final double PRIOR_NUDGE = 0.015;
    static final double TASTE_PRIOR = 1;
    static final double STATED_WEIGHT = 0.5;
    /** Strength of a person's engagement with one item is capped here (many opens weigh like a gift). */
    static final double MAX_STRENGTH = 10;

    /** One person's engagement with one item: total strength, strongest event type, latest time (epoch ms). */
    public record Engagement(int item, double strength, String strongest, long last) {
    }

    /**
     * A person as recommendations see them: their engagement, their language, and the channel-topic pairs they
     * opted in to ("email|" for the channel itself, "email|events" for a topic), and whether they may be sent
     * anything commercial at all (not restricted).
     */
    public record Person(long id, List<Engagement> engaged, String language, Set<String> optedIn,
                         boolean contactable) {
    }

    /** One event that points at an item: its type, strength and time (epoch ms). */
    public record Touch(int item, String type, double strength, long at) {
    }

    /** Engagement per item from a person's events: strengths summed, the strongest type, the latest time. */
    public static List<Engagement> engagement(List<Touch> touches) {
        Map<Integer, double[]> sums = new HashMap<>();
        Map<Integer, String> strongest = new HashMap<>();
        Map<Integer, Double> strongestStrength = new HashMap<>();
        for (Touch t : touches) {
            if (t.strength() <= 0) {
                continue;
            }
            double[] sum = sums.computeIfAbsent(t.item(), k -> new double[2]);
            sum[0] += t.strength();
            sum[1] = Math.max(sum[1], t.at());
            if (t.strength() > strongestStrength.getOrDefault(t.item(), 0.0)) {
                strongestStrength.put(t.item(), t.strength());
                strongest.put(t.item(), t.type());
            }
        }
        List<Engagement> out = new ArrayList<>();
        sums.forEach((item, sum) -> out.add(new Engagement(item, sum[0], strongest.get(item), (long) sum[1])));
        out.sort(java.util.Comparator.comparingInt(Engagement::item));
        return out;
    }

    /** Why an item is recommended: a code and its arguments, worded in each language by {@code ReasonText}. */
    public record Reason(String code, List<String> args) {
        public static final String ALSO = "also";
        public static final String TOPIC = "topic";
        public static final String STATED = "stated";
        public static final String POPULAR = "popular";
        public static final String EXPLORE = "explore";
    }

    /** One recommendation. */
    public record Pick(int item, double score, Reason reason) {
    }

    private final List<ContentItem> items;
    private final int n;
    /** Cosine co-engagement between items. */
    private final float[][] similarity;
    private final int[] engagedBy;
    private final double[] prior;
    private final double[] freshness;
    private final Map<String, Integer> topicIndex = new HashMap<>();
    private final int[][] itemTopics;
    private final Map<String, Integer> tagIndex = new HashMap<>();
    private final int[][] itemTags;
    private final double[] topicEngaged;
    /** How many people engaged with each item, a new item counted as an average one of its topic (plus one). */
    private final double[] uptake;
    private final double[] topicShare;

    /**
     * Learns co-engagement and popularity from everyone's engagement ({@code people}); {@code today} sets
     * freshness.
     */
    public Recommender(List<ContentItem> items, List<Person> people, LocalDate today) {
        this.items = List.copyOf(items);
        this.n = items.size();
        this.similarity = new float[n][n];
        this.engagedBy = new int[n];
        int[][] together = new int[n][n];
        for (Person p : people) {
            int[] seen = p.engaged().stream().filter(e -> e.strength() > 0).mapToInt(Engagement::item).distinct()
                    .toArray();
            for (int a : seen) {
                engagedBy[a]++;
                for (int b : seen) {
                    if (a != b) {
                        together[a][b]++;
                    }
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (together[a][b] > 0) {
                    similarity[a][b] = (float) (together[a][b] / Math.sqrt((double) engagedBy[a] * engagedBy[b]));
                }
            }
        }
        int most = Arrays.stream(engagedBy).max().orElse(0);
        this.prior = new double[n];
        this.freshness = new double[n];
        for (int i = 0; i < n; i++) {
            freshness[i] = freshness(items.get(i), today);
            double popularity = most == 0 ? 0 : (double) engagedBy[i] / most;
            prior[i] = popularity * freshness(items.get(i), today);
        }
        this.itemTopics = new int[n][];
        this.itemTags = new int[n][];
        for (int i = 0; i < n; i++) {
            itemTopics[i] = items.get(i).topics().stream().mapToInt(t -> topicIndex.computeIfAbsent(t,
                    k -> topicIndex.size())).toArray();
            itemTags[i] = items.get(i).tags().stream().mapToInt(t -> tagIndex.computeIfAbsent(
                    t.toLowerCase(java.util.Locale.ROOT), k -> tagIndex.size())).toArray();
        }
        // an item launched in the last weeks has had no time to be taken up: it counts as taken up like an average
        // item of its topics until its own uptake passes that (the newcomer's chance), fading over its third month
        this.uptake = new double[n];
        double[] topicItems = new double[topicIndex.size()];
        double[] topicSum = new double[topicIndex.size()];
        for (int i = 0; i < n; i++) {
            for (int t : itemTopics[i]) {
                topicItems[t]++;
                topicSum[t] += engagedBy[i];
            }
        }
        for (int i = 0; i < n; i++) {
            double average = 0;
            for (int t : itemTopics[i]) {
                average = Math.max(average, topicSum[t] / topicItems[t]);
            }
            uptake[i] = Math.max(engagedBy[i], average * newcomer(items.get(i), today)) + 1;
        }
        // how people's engagement divides among topics, and each item's share of its topic's
        this.topicEngaged = new double[topicIndex.size()];
        for (int i = 0; i < n; i++) {
            for (int t : itemTopics[i]) {
                topicEngaged[t] += uptake[i];
            }
        }
        double all = java.util.Arrays.stream(topicEngaged).sum();
        this.topicShare = new double[topicIndex.size()];
        for (int t = 0; t < topicShare.length; t++) {
            topicShare[t] = all == 0 ? 0 : topicEngaged[t] / all;
        }
    }

    /** 1 for an item launched in the last 60 days, fading to 0 at 90; 0 for one without a start date. */
    private static double newcomer(ContentItem item, LocalDate today) {
        if (item.startsOn() == null) {
            return 0;
        }
        long age = java.time.temporal.ChronoUnit.DAYS.between(item.startsOn(), today);
        return age < 0 ? 0 : age <= 60 ? 1 : Math.max(0, (90 - age) / 30.0);
    }

    /** New items weigh a little more than old ones: full weight for a month, then slowly less (half a year on). */
    private static double freshness(ContentItem item, LocalDate today) {
        if (item.startsOn() == null) {
            return 0.75;
        }
        long age = java.time.temporal.ChronoUnit.DAYS.between(item.startsOn(), today);
        return age <= 30 ? 1 : 0.5 + 0.5 * Math.exp(-(age - 30) / 180.0);
    }

    public List<ContentItem> items() {
        return items;
    }

    /** How many people engaged with item {@code i}. */
    public int engagedBy(int i) {
        return engagedBy[i];
    }

    /**
     * The person's best {@code limit} items on {@code today} for {@code channel} (null: any), with the rules
     * applied; {@code explore}: whether this person's last place goes to a topic they have not tried.
     */
    public List<Pick> recommend(Person person, LocalDate today, String channel, int limit, boolean explore) {
        return rank(person, limit, explore, false, i -> allowed(person, items.get(i), today, channel));
    }

    /**
     * The ranking of items the person has not engaged with, without the rules of dates and consent: what the
     * offline evaluation measures (which new item comes next).
     */
    List<Pick> rankOnly(Person person, int limit) {
        return rank(person, limit, false, true, i -> true);
    }

    private List<Pick> rank(Person person, int limit, boolean explore, boolean newOnly,
                            java.util.function.IntPredicate allowed) {
        double[] strength = new double[n];
        String[] strongest = new String[n];
        for (Engagement e : person.engaged()) {
            double s = Math.min(MAX_STRENGTH, e.strength());
            if (s > strength[e.item()]) {
                strongest[e.item()] = e.strongest();
                strength[e.item()] = s;
            }
        }
        int[] engaged = java.util.stream.IntStream.range(0, n).filter(i -> strength[i] > 0).toArray();
        double total = 0;
        for (int i : engaged) {
            total += strength[i];
        }
        double[] topicAffinity = new double[topicIndex.size()];
        double[] tagAffinity = new double[tagIndex.size()];
        boolean[] tried = new boolean[topicIndex.size()];
        // for taste, each item engaged with counts once, a little more when done than when opened: how much of
        // what they engage with is about a topic, not how strongly (a gift says more about the gift than the topic)
        double[] tasteWeight = new double[topicIndex.size()];
        double tasteTotal = 0;
        for (int i : engaged) {
            double w = 1 + Math.log(Math.max(1, strength[i]));
            tasteTotal += w;
            for (int t : itemTopics[i]) {
                topicAffinity[t] += strength[i] / total;
                tasteWeight[t] += w;
                tried[t] = true;
            }
            for (int t : itemTags[i]) {
                tagAffinity[t] += strength[i] / total;
            }
        }
        boolean[] stated = new boolean[topicIndex.size()];
        for (String key : person.optedIn()) {
            int bar = key.indexOf('|');
            Integer t = bar >= 0 && bar < key.length() - 1 ? topicIndex.get(key.substring(bar + 1)) : null;
            if (t != null) {
                stated[t] = true;
            }
        }
        // every candidate's score and what it rests on; the reasons are worded only for the few picked
        double[] score = new double[n];
        double[] collaborativePart = new double[n];
        double[] contentPart = new double[n];
        int[] because = new int[n];
        int[] topicReason = new int[n];
        int[] statedReason = new int[n];
        boolean[] candidate = new boolean[n];
        boolean[] language = new boolean[n];
        boolean[] untried = new boolean[n];
        for (int j = 0; j < n; j++) {
            ContentItem item = items.get(j);
            if (!allowed.test(j) || strength[j] > 0 && (newOnly || !item.repeatable() && done(person, j))) {
                continue;
            }
            candidate[j] = true;
            double collaborative = 0;
            because[j] = -1;
            double best = 0;
            for (int i : engaged) {
                if (i != j && similarity[i][j] > 0) {
                    double part = strength[i] * similarity[i][j];
                    collaborative += part;
                    if (part > best) {
                        best = part;
                        because[j] = i;
                    }
                }
            }
            collaborative = total > 0 ? collaborative / total : 0;
            double topic = 0;
            topicReason[j] = -1;
            statedReason[j] = -1;
            boolean allNew = true;
            for (int t : itemTopics[j]) {
                if (topicAffinity[t] > topic) {
                    topic = topicAffinity[t];
                    topicReason[j] = t;
                }
                if (stated[t] && statedReason[j] < 0) {
                    statedReason[j] = t;
                }
                allNew &= !tried[t];
            }
            double tag = 0;
            for (int t : itemTags[j]) {
                tag = Math.max(tag, tagAffinity[t]);
            }
            double content = Math.min(1, 0.7 * topic + 0.3 * tag + (statedReason[j] >= 0 ? 0.2 : 0));
            // the chance they take it up next if they follow their tastes: how much of what they do is about its
            // topic (one pseudo-touch spread as everyone's is, so a first-timer gets the common taste) times the
            // item's share of what is done about that topic
            double taste = 0;
            for (int t : itemTopics[j]) {
                double affinity = (tasteWeight[t] + TASTE_PRIOR * topicShare[t]
                        + (stated[t] ? STATED_WEIGHT : 0)) / (tasteTotal + TASTE_PRIOR + STATED_WEIGHT);
                taste = Math.max(taste, affinity * uptake[j] / topicEngaged[t]);
            }
            if (itemTopics[j].length == 0) {
                taste = (double) (engagedBy[j] + 1) / (java.util.Arrays.stream(engagedBy).sum() + n);
            }
            score[j] = COLLABORATIVE * Math.min(1, collaborative) + TASTE * taste * freshness[j]
                    + CONTENT_NUDGE * content + PRIOR_NUDGE * prior[j];

            collaborativePart[j] = COLLABORATIVE * collaborative;
            contentPart[j] = CONTENT * content;
            language[j] = item.language() == null || person.language() == null
                    || item.language().equals(person.language());
            untried[j] = allNew;
        }
        List<Pick> picks = new ArrayList<>(limit);
        boolean[] taken = new boolean[n];
        // in their language first, then what is new to them (what they already did comes again only after), then
        // by score
        for (int k = 0; k < limit; k++) {
            int best = -1;
            for (int j = 0; j < n; j++) {
                if (candidate[j] && !taken[j] && (best < 0 || before(j, best, language, strength, score))) {
                    best = j;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            picks.add(new Pick(best, score[best], reason(best, because[best], strongest, collaborativePart[best],
                    contentPart[best], topicReason[best], statedReason[best])));
        }
        if (explore && limit > 1 && picks.size() == limit && total > 0) {
            // the last place goes to the best item about something they have not tried, when there is one
            int best = -1;
            for (int j = 0; j < n; j++) {
                if (candidate[j] && !taken[j] && untried[j] && language[j] && (best < 0 || score[j] > score[best])) {
                    best = j;
                }
            }
            if (best >= 0) {
                List<String> topics = items.get(best).topics();
                picks.set(limit - 1, new Pick(best, score[best], new Reason(Reason.EXPLORE,
                        List.of(topics.isEmpty() ? "" : topics.get(0)))));
            }
        }
        return picks;
    }

    private static boolean before(int a, int b, boolean[] language, double[] strength, double[] score) {
        if (language[a] != language[b]) {
            return language[a];
        }
        boolean newA = strength[a] == 0;
        boolean newB = strength[b] == 0;
        return newA != newB ? newA : score[a] > score[b];
    }

    /** Why item {@code j} is offered: what others did next, a topic of theirs, a topic they asked for, or popular. */
    private Reason reason(int j, int because, String[] strongest, double collaborative, double content,
                          int topicReason, int statedReason) {
        ContentItem item = items.get(j);
        if (because >= 0 && collaborative >= content) {
            ContentItem from = items.get(because);
            return new Reason(Reason.ALSO, List.of(verb(strongest[because], from.kind()), from.title(), item.kind(),
                    item.title()));
        }
        if (topicReason >= 0) {
            return new Reason(Reason.TOPIC, List.of(topicName(topicReason)));
        }
        if (statedReason >= 0) {
            return new Reason(Reason.STATED, List.of(topicName(statedReason)));
        }
        return new Reason(Reason.POPULAR, List.of());
    }

    private String topicName(int index) {
        return topicIndex.entrySet().stream().filter(e -> e.getValue() == index).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static boolean done(Person person, int item) {
        return person.engaged().stream().anyMatch(e -> e.item() == item && e.strength() >= Interactions.DONE);
    }

    /** How the person engaged, as a reason words it: gave, signed up, bought, clicked, opened. */
    static String verb(String eventType, String kind) {
        if (eventType == null) {
            return "engaged";
        }
        return switch (eventType) {
            case "donation" -> "gave";
            case "event_signup", "volunteer_signup", "event_attended", "petition_signed" -> "joined";
            case "purchase" -> "bought";
            case "email_clicked", "sms_clicked", "page_view" -> "read";
            case "email_opened" -> "opened";
            default -> "engaged";
        };
    }

    /**
     * Whether the item may be offered to the person on the day, on the channel: active on the day, suited to the
     * channel, and — when commercial — the person contactable and opted in to the channel and to one of the item's
     * topics (the channel alone when it has none).
     */
    static boolean allowed(Person person, ContentItem item, LocalDate day, String channel) {
        if (!item.activeOn(day) || channel != null && !item.suits(channel)) {
            return false;
        }
        if (!item.commercial()) {
            return true;
        }
        if (!person.contactable()) {
            return false;
        }
        List<String> channels = channel != null ? List.of(channel) : item.channels().isEmpty()
                ? person.optedIn().stream().filter(k -> k.endsWith("|")).map(k -> k.substring(0, k.length() - 1))
                        .toList() : item.channels();
        for (String c : channels) {
            if (!person.optedIn().contains(c + "|")) {
                continue;
            }
            if (item.topics().isEmpty() || item.topics().stream().anyMatch(t -> person.optedIn().contains(c + "|" + t))) {
                return true;
            }
        }
        return false;
    }
}
