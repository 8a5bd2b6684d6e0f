package org.registro.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.registro.content.ContentItem;

/**
 * Generated people with known tastes, for the evaluation's benchmark and tests: items each about one of a few
 * topics, each topic with its flagship items and a long tail (Zipf by the rank within the topic); each person has a favourite topic and a second one, and engages with the
 * favourite's items seven times in ten, the second's two in ten, and any item otherwise — opening, clicking,
 * giving, signing up. A recommender that learns tastes finds the next item far more often than one that offers
 * everyone the most popular.
 */
public final class PlantedTastes {

    /** Event types drawn for a touch, and how often (of 100). */
    private static final String[] TYPES = {"email_opened", "email_clicked", "donation", "event_signup"};
    private static final int[] TYPE_SHARE = {50, 30, 15, 5};

    private final List<ContentItem> items = new ArrayList<>();
    private final List<Evaluation.History> people = new ArrayList<>();
    private final List<Integer> favourites = new ArrayList<>();

    public PlantedTastes(long seed, int persons, int itemCount, List<String> topics, LocalDate today) {
        Random r = new Random(seed);
        String[] kinds = {"cause", "appeal", "event", "news"};
        for (int i = 0; i < itemCount; i++) {
            String topic = topics.get(i % topics.size());
            String kind = kinds[r.nextInt(kinds.length)];
            items.add(new ContentItem(null, "item-" + i, kind, "Item " + i + " (" + topic + ")", null,
                    "https://example.org/item/" + i, null, true, !"event".equals(kind),
                    null, null, List.of(topic), List.of(), List.of(),
                    List.of(new ContentItem.Reference(ContentItem.Reference.CAMPAIGN, "Item " + i)), false));
        }
        double[] weight = new double[itemCount];
        for (int i = 0; i < itemCount; i++) {
            // each topic has its flagship items and a long tail (Zipf by the rank within the topic)
            weight[i] = 1 / Math.pow(1 + r.nextInt(Math.max(1, itemCount / topics.size())), 0.8);
        }
        long start = today.minusDays(365).toEpochDay() * 86_400_000L;
        for (int p = 0; p < persons; p++) {
            int favourite = (int) (topics.size() * Math.pow(r.nextDouble(), 1.3));
            int second = (favourite + 1 + r.nextInt(topics.size() - 1)) % topics.size();
            favourites.add(favourite);
            int touches = 2 + poisson(r, 3);
            List<Recommender.Touch> list = new ArrayList<>();
            long at = start + (long) (r.nextDouble() * 86_400_000L * 30);
            for (int t = 0; t < touches; t++) {
                double u = r.nextDouble();
                int item = u < 0.7 ? draw(r, weight, favourite, topics.size())
                        : u < 0.9 ? draw(r, weight, second, topics.size()) : draw(r, weight, -1, 0);
                String type = type(r);
                list.add(new Recommender.Touch(item, type, org.registro.content.Interactions.strength(type), at));
                at += (long) (r.nextDouble() * 86_400_000L * 20) + 60_000;
            }
            people.add(new Evaluation.History(p + 1, list, null));
        }
    }

    private static int poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** An item by weight, within the topic {@code topic} (items i with i % topics == topic) or among all (-1). */
    private static int draw(Random r, double[] weight, int topic, int topics) {
        double total = 0;
        for (int i = 0; i < weight.length; i++) {
            if (topic < 0 || i % topics == topic) {
                total += weight[i];
            }
        }
        double u = r.nextDouble() * total;
        for (int i = 0; i < weight.length; i++) {
            if (topic < 0 || i % topics == topic) {
                u -= weight[i];
                if (u <= 0) {
                    return i;
                }
            }
        }
        return weight.length - 1;
    }

    private static String type(Random r) {
        int u = r.nextInt(100);
        for (int i = 0; i < TYPES.length; i++) {
            u -= TYPE_SHARE[i];
            if (u < 0) {
                return TYPES[i];
            }
        }
        return TYPES[0];
    }

    public List<ContentItem> items() {
        return items;
    }

    /** Each person's touches (ids from 1, in the order generated). */
    public List<Evaluation.History> people() {
        return people;
    }

    /** Person {@code index}'s favourite topic, as an index into the topics given. */
    public int favourite(int index) {
        return favourites.get(index);
    }
}
