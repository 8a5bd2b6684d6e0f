package org.registro.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.registro.content.ContentItem;

/**
 * Recommendations on generated people with planted tastes (seed printed, {@code -Dregistro.recommend.seed=N}),
 * and the rules that always apply.
 */
class RecommenderTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
    private static final List<String> TOPICS = List.of("newsletter", "events", "fundraising", "volunteering",
            "water", "education", "health", "climate");

    private static long seed() {
        return Long.getLong("registro.recommend.seed", System.nanoTime() % 100_000);
    }

    @Test
    void findsTheNextItemFarMoreOftenThanThePopularityBaseline() {
        long seed = seed();
        System.out.println("RecommenderTest seed " + seed);
        PlantedTastes world = new PlantedTastes(seed, 3_000, 120, TOPICS, TODAY);
        Evaluation e = Evaluation.run(world.items(), world.people(), TODAY);
        System.out.println("RecommenderTest seed " + seed + ": " + e);
        assertThat(e.people()).isGreaterThan(2_500);
        // 2.8 to 3.7 times on the seeds tried
        assertThat(e.hitRateAt3()).as("seed %d", seed).isGreaterThanOrEqualTo(2 * e.popularityHitRateAt3());
        assertThat(e.coverage()).as("seed %d: not only the popular few", seed).isGreaterThan(0.2);
    }

    @Test
    void favouriteTopicsComeFirstWithTheirReason() {
        long seed = seed();
        PlantedTastes world = new PlantedTastes(seed, 2_000, 80, TOPICS, TODAY);
        java.util.List<Recommender.Person> people = world.people().stream().map(h -> new Recommender.Person(h.id(),
                Recommender.engagement(h.touches()), null, Set.of(), true)).toList();
        Recommender model = new Recommender(world.items(), people, TODAY);
        int onTopic = 0;
        int total = 0;
        for (int p = 0; p < 300; p++) {
            for (Recommender.Pick pick : model.rankOnly(people.get(p), 3)) {
                total++;
                if (world.items().get(pick.item()).topics().get(0).equals(TOPICS.get(world.favourite(p)))) {
                    onTopic++;
                }
                assertThat(pick.reason().code()).isIn(Recommender.Reason.ALSO, Recommender.Reason.TOPIC,
                        Recommender.Reason.POPULAR);
            }
        }
        // three in four touches are on the favourite topic: most recommendations should be too
        assertThat((double) onTopic / total).as("seed %d", seed).isGreaterThan(0.6);
    }

    private static ContentItem item(String key, String topic, boolean commercial, boolean repeatable,
                                    LocalDate ends, String language) {
        return new ContentItem(null, key, "appeal", key, null, null, language, commercial, repeatable, null, ends,
                topic == null ? List.of() : List.of(topic), List.of(), List.of(), List.of(), false);
    }

    @Test
    void theRulesAlwaysApply() {
        List<ContentItem> items = List.of(
                item("water", "fundraising", true, true, null, null),        // 0
                item("clean-up-day", "events", true, false, null, null),      // 1: once only
                item("old-appeal", "fundraising", true, true, TODAY.minusDays(1), null), // 2: expired
                item("report", null, false, true, null, null),                // 3: not commercial
                item("boletin", "newsletter", true, true, null, "es"),       // 4: Spanish
                item("volunteer", "volunteering", true, true, null, "en"));  // 5: English
        Recommender.Touch gave = new Recommender.Touch(0, "donation", 5, 1);
        Recommender.Touch joined = new Recommender.Touch(1, "event_signup", 4, 2);
        Recommender.Person ana = new Recommender.Person(1, Recommender.engagement(List.of(gave, joined)), "es",
                Set.of("email|", "email|fundraising", "email|newsletter", "email|volunteering", "email|events"), true);
        // others who gave to the water appeal also joined the clean-up day and volunteer
        List<Recommender.Person> people = new java.util.ArrayList<>(List.of(ana));
        for (int i = 0; i < 20; i++) {
            people.add(new Recommender.Person(10 + i, Recommender.engagement(List.of(
                    new Recommender.Touch(0, "donation", 5, 1), new Recommender.Touch(5, "event_signup", 4, 2),
                    new Recommender.Touch(2, "donation", 5, 3))), "en", Set.of(), true));
        }
        Recommender model = new Recommender(items, people, TODAY);

        List<String> keys = model.recommend(ana, TODAY, "email", 6, false).stream()
                .map(p -> items.get(p.item()).key()).toList();
        // done once, expired: never; in her language or for everyone before English
        assertThat(keys).doesNotContain("clean-up-day", "old-appeal").endsWith("volunteer")
                .contains("boletin", "water", "report");

        // no opt-in for volunteering: not offered (commercial); the report needs none
        Recommender.Person noVolunteering = new Recommender.Person(1, ana.engaged(), "es",
                Set.of("email|", "email|fundraising"), true);
        List<String> allowed = model.recommend(noVolunteering, TODAY, "email", 6, false).stream()
                .map(p -> items.get(p.item()).key()).toList();
        assertThat(allowed).doesNotContain("volunteer", "boletin").contains("report", "water");
        // restricted: nothing commercial at all
        Recommender.Person restricted = new Recommender.Person(1, ana.engaged(), "es", ana.optedIn(), false);
        assertThat(model.recommend(restricted, TODAY, "email", 6, false)).extracting(p -> items.get(p.item()).key())
                .containsExactly("report");

        // the reason names what she gave to and what others did next
        Recommender.Pick volunteer = model.recommend(ana, TODAY, "email", 6, false).stream()
                .filter(p -> items.get(p.item()).key().equals("volunteer")).findFirst().orElseThrow();
        assertThat(volunteer.reason().code()).isEqualTo(Recommender.Reason.ALSO);
        assertThat(volunteer.reason().args()).containsExactly("gave", "water", "appeal", "volunteer");
    }
}
