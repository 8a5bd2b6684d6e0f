package org.registro.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.registro.content.ContentItem;

/**
 * The offline evaluation of issue 22, on a workspace's own activity: each person with interactions with at least
 * two items has their most recent item held out (every interaction with it), recommendations are made from the
 * rest of everyone's activity, and a hit is the held-out item among the first three. The baseline offers everyone
 * the three most popular items they have not engaged with. Dates and consent are not applied (the ranking is what
 * is measured); coverage is the share of items that are in someone's first three.
 *
 * @param people                how many people were evaluated
 * @param hitRateAt3            share of them whose held-out item was in the first three recommendations
 * @param popularityHitRateAt3  the same for the most-popular baseline
 * @param coverage              share of the items recommended in first three places to someone
 */
public record Evaluation(int people, double hitRateAt3, double popularityHitRateAt3, double coverage, int items) {

    /** The lift over the popularity baseline (hit rate divided by the baseline's; 0 when it has none). */
    public double lift() {
        return popularityHitRateAt3 == 0 ? 0 : hitRateAt3 / popularityHitRateAt3;
    }

    /** One person's touches, for the evaluation. */
    public record History(long id, List<Recommender.Touch> touches, String language) {
    }

    public static Evaluation run(List<ContentItem> items, List<History> histories, LocalDate today) {
        List<Recommender.Person> training = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        List<Recommender.Person> evaluated = new ArrayList<>();
        for (History h : histories) {
            Recommender.Touch latest = h.touches().stream().filter(t -> t.strength() > 0)
                    .max(java.util.Comparator.comparingLong(Recommender.Touch::at)).orElse(null);
            long distinct = h.touches().stream().filter(t -> t.strength() > 0).mapToInt(Recommender.Touch::item)
                    .distinct().count();
            if (latest == null || distinct < 2) {
                training.add(new Recommender.Person(h.id(), Recommender.engagement(h.touches()), h.language(),
                        Set.of(), true));
                continue;
            }
            int held = latest.item();
            Recommender.Person rest = new Recommender.Person(h.id(), Recommender.engagement(h.touches().stream()
                    .filter(t -> t.item() != held).toList()), h.language(), Set.of(), true);
            training.add(rest);
            evaluated.add(rest);
            heldOut.add(held);
        }
        Recommender model = new Recommender(items, training, today);
        Integer[] byPopularity = new Integer[items.size()];
        for (int i = 0; i < byPopularity.length; i++) {
            byPopularity[i] = i;
        }
        java.util.Arrays.sort(byPopularity, (a, b) -> Integer.compare(model.engagedBy(b), model.engagedBy(a)));
        int hits = 0;
        int popularHits = 0;
        Set<Integer> covered = new HashSet<>();
        for (int k = 0; k < evaluated.size(); k++) {
            Recommender.Person p = evaluated.get(k);
            int held = heldOut.get(k);
            List<Recommender.Pick> picks = model.rankOnly(p, 3);
            picks.forEach(x -> covered.add(x.item()));
            if (picks.stream().anyMatch(x -> x.item() == held)) {
                hits++;
            }
            Set<Integer> own = new HashSet<>();
            p.engaged().forEach(e -> own.add(e.item()));
            int offered = 0;
            for (int i : byPopularity) {
                if (offered == 3) {
                    break;
                }
                if (!own.contains(i)) {
                    offered++;
                    if (i == held) {
                        popularHits++;
                    }
                }
            }
        }
        int people = evaluated.size();
        return new Evaluation(people, people == 0 ? 0 : (double) hits / people,
                people == 0 ? 0 : (double) popularHits / people,
                items.isEmpty() ? 0 : (double) covered.size() / items.size(), items.size());
    }
}
