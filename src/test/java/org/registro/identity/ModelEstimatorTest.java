package org.registro.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.registro.common.Progress;
import org.registro.contact.Emails;
import org.registro.contact.Phones;
import org.registro.generate.GeneratorOptions;
import org.registro.generate.SyntheticData;

/**
 * The weights a workspace learns, on generated contacts whose true person is known. The generator's seed is
 * printed; {@code -Dregistro.dedupe.seed=N} replays one.
 */
class ModelEstimatorTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    /** Generated contacts as match records, with each one's true person. */
    private record Generated(List<MatchRecord> records, List<String> truth) {
        long truePairs() {
            Map<String, Integer> sizes = new HashMap<>();
            truth.forEach(t -> sizes.merge(t, 1, Integer::sum));
            return sizes.values().stream().mapToLong(k -> (long) k * (k - 1) / 2).sum();
        }

        boolean same(PairScore p) {
            return truth.get((int) p.a() - 1).equals(truth.get((int) p.b() - 1));
        }
    }

    private static Generated generate(int rows, String profile, long seed) {
        System.out.println("ModelEstimatorTest seed " + seed + " (" + profile + ", " + rows + " rows)");
        List<MatchRecord> records = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        new SyntheticData(new GeneratorOptions(rows, 0.1, seed, "es", profile)).generate(r -> {
            records.add(new MatchRecord(records.size() + 1, r.firstName(), r.lastName(),
                    r.email() == null ? List.of() : List.of(Emails.normalize(r.email())),
                    Phones.toE164(r.phone(), "ES").map(List::of).orElse(List.of()), r.birthDate(), r.street(),
                    r.postalCode(), r.city(), "ES"));
            truth.add(r.truePersonId());
        }, Progress.NONE);
        return new Generated(records, truth);
    }

    /** Learns the weights and scores every candidate pair with them. */
    private static List<PairScore> scan(Generated g, MatchModel[] model) {
        PairScorer comparer = new PairScorer();
        CandidateScan.Compared compared = new CandidateScan(comparer).compare(g.records(), (a, b) -> false,
                Progress.NONE);
        model[0] = new ModelEstimator(comparer).estimate(g.records(), compared.codes(), 1, NOW);
        return CandidateScan.score(g.records(), compared, comparer.with(model[0], TermFrequencies.of(g.records())),
                0).pairs();
    }

    private static long seed() {
        return Long.getLong("registro.dedupe.seed", System.nanoTime() % 100_000);
    }

    @Test
    void duplicatesAreLearnedFromTheWorkspaceAndHouseholdsAreNotMerged() {
        Generated g = generate(6_000, GeneratorOptions.HARD, seed());
        MatchModel[] model = new MatchModel[1];
        List<PairScore> pairs = scan(g, model);

        assertThat(model[0].source()).isEqualTo(MatchModel.Source.LEARNED);
        // how many pairs are one person, within a third of the truth
        assertThat(model[0].duplicates()).isBetween(g.truePairs() * 0.67, g.truePairs() * 1.33);
        // a different first name is strong evidence against, a shared birth date strong evidence for
        assertThat(model[0].weight(MatchField.FIRST_NAME, MatchLevel.DIFFERENT)).isLessThan(-3);
        assertThat(model[0].weight(MatchField.BIRTH_DATE, MatchLevel.EXACT)).isGreaterThan(8);
        // next to a shared phone, a shared surname and address say little: relatives share them too
        assertThat(model[0].given(MatchField.PHONE, MatchField.ADDRESS, MatchLevel.SAME_STREET).weight())
                .isLessThan(model[0].weight(MatchField.ADDRESS, MatchLevel.SAME_STREET) - 5);

        List<PairScore> auto = pairs.stream().filter(p -> p.score() >= 99).toList();
        long right = auto.stream().filter(g::same).count();
        assertThat((double) right / auto.size()).as("pairwise precision at 99").isGreaterThan(0.98);
        assertThat((double) right / g.truePairs()).as("pairwise recall at 99").isGreaterThan(0.7);
    }

    @Test
    void aFirstNameSharedBesideAPhoneCountsAsMuchAsRelativesRarelyShareOne() {
        Generated g = generate(6_000, GeneratorOptions.HARD, seed());
        MatchModel[] model = new MatchModel[1];
        scan(g, model);
        // the generated families never give two members one first name: beside a shared phone, an agreeing first
        // name is rarer among relatives than among strangers
        double strangers = model[0].weight(MatchField.FIRST_NAME, MatchLevel.EXACT);
        double relatives = model[0].given(MatchField.PHONE, MatchField.FIRST_NAME, MatchLevel.EXACT).weight();
        assertThat(relatives).isGreaterThan(strangers);

        // a workspace where fathers and sons share one name (another birth date, the family's phone and address)
        // learns that beside a phone a first name says less
        List<MatchRecord> records = new ArrayList<>(g.records());
        List<String> truth = new ArrayList<>(g.truth());
        for (MatchRecord r : g.records()) {
            if (r.phones().isEmpty() || r.birthDate() == null || records.size() >= g.records().size() + 600) {
                continue;
            }
            records.add(new MatchRecord(records.size() + 1, r.firstName(), r.lastName(), List.of(), r.phones(),
                    r.birthDate().minusYears(28).minusDays(40), r.street(), r.postalCode(), r.city(), "ES"));
            truth.add("junior-" + r.id());
        }
        MatchModel[] juniors = new MatchModel[1];
        scan(new Generated(records, truth), juniors);
        assertThat(juniors[0].given(MatchField.PHONE, MatchField.FIRST_NAME, MatchLevel.EXACT).weight())
                .isLessThan(relatives - 1.5);
    }

    @Test
    void peopleWhoOnlyShareCommonNamesKeepTheFixedWeightsAndNeverReachReview() {
        Generated g = generate(1_500, GeneratorOptions.NAMESAKES, seed());
        MatchModel[] model = new MatchModel[1];
        List<PairScore> pairs = scan(g, model);

        assertThat(model[0].source()).isEqualTo(MatchModel.Source.FIXED);
        assertThat(pairs).isNotEmpty();
        // with 1,500 people born over 66 years, two namesakes now and then also share a birth date: a person would
        // look at such a pair, so it may reach review, but never an automatic merge
        assertThat(pairs.stream().filter(p -> onlyNamesAgree(p)).toList()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.score()).as("%s", p).isLessThan(70));
        assertThat(pairs).allSatisfy(p -> assertThat(p.score()).as("%s", p).isLessThan(99));
    }

    /** Whether the pair agrees on nothing but names (and the emails made of them). */
    private static boolean onlyNamesAgree(PairScore p) {
        return p.fields().stream()
                .filter(f -> f.field() != MatchField.FIRST_NAME && f.field() != MatchField.LAST_NAME)
                .allMatch(f -> f.level() == MatchLevel.DIFFERENT || f.level() == MatchLevel.MISSING
                        || f.level() == MatchLevel.NAME_ONLY || f.level() == MatchLevel.SAME_AREA);
    }

    @Test
    void aCommonNameAgreeingWeighsLessThanARareOne() {
        List<MatchRecord> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String first = i % 10 == 0 ? "María" : "Name" + (i % 700);
            records.add(new MatchRecord(i + 1, first, "Surname" + (i % 900), List.of(), List.of(), null, null,
                    null, "Madrid", "ES"));
        }
        records.add(new MatchRecord(10_001, "Søren", "Kierkegaard", List.of(), List.of(), null, null, null,
                "Madrid", "ES"));
        records.add(new MatchRecord(10_002, "Søren", "Kierkegaard", List.of(), List.of(), null, null, null,
                "Madrid", "ES"));
        PairScorer scorer = new PairScorer().with(MatchModel.fixed(records.size()), TermFrequencies.of(records));

        FieldMatch common = scorer.score(records.get(0), records.get(10)).field(MatchField.FIRST_NAME);
        FieldMatch rare = scorer.score(records.get(3_000), records.get(3_001)).field(MatchField.FIRST_NAME);

        assertThat(common.level()).isEqualTo(MatchLevel.EXACT);
        assertThat(common.rarity()).isNegative();
        assertThat(rare.rarity()).isPositive();
        assertThat(rare.weight()).isGreaterThan(common.weight() + 5);
    }

    @Test
    void inASmallWorkspaceRarityCountsForLittle() {
        List<MatchRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(new MatchRecord(i + 1, "Name" + i, "Surname" + i, List.of(), List.of(), null, null, null,
                    null, "ES"));
        }
        records.add(new MatchRecord(41, "Name0", "Surname0", List.of(), List.of(), null, null, null, null, "ES"));
        PairScorer scorer = new PairScorer().with(MatchModel.fixed(records.size()), TermFrequencies.of(records));

        assertThat(Math.abs(scorer.score(records.get(0), records.get(40)).field(MatchField.FIRST_NAME).rarity()))
                .isLessThan(1.5);
    }

    @Test
    void theLearnedWeightsSurviveBeingStored() {
        MatchModel[] model = new MatchModel[1];
        scan(generate(3_000, GeneratorOptions.HARD, seed()), model);

        MatchModel back = MatchModel.fromJson(model[0].toJson());

        assertThat(back.levels()).isEqualTo(model[0].levels());
        assertThat(back.given()).isEqualTo(model[0].given());
        assertThat(back.prior()).isEqualTo(model[0].prior());
        assertThat(back.source()).isEqualTo(model[0].source());
    }

    @Test
    void aPairOfRelativesScoresLowAndTheSamePersonHigh() {
        MatchModel[] model = new MatchModel[1];
        Generated g = generate(6_000, GeneratorOptions.HARD, seed());
        scan(g, model);
        PairScorer scorer = new PairScorer().with(model[0], TermFrequencies.of(g.records()));
        MatchRecord mother = new MatchRecord(1, "Carmen", "Ruiz Gil", List.of(), List.of("+34912345678"),
                LocalDate.of(1958, 4, 2), "Calle Mayor 5", "28013", "Madrid", "ES");
        MatchRecord son = new MatchRecord(2, "Pablo", "Ruiz Gil", List.of(), List.of("+34912345678"),
                LocalDate.of(1989, 11, 23), "Calle Mayor 5", "28013", "Madrid", "ES");
        MatchRecord again = new MatchRecord(3, "Carmen", "Ruiz Gil", List.of("carmen@example.es"),
                List.of("+34912345678"), LocalDate.of(1958, 4, 2), "C/ Mayor 5", "28013", "Madrid", "ES");

        assertThat(scorer.score(mother, son).score()).isLessThan(10);
        assertThat(scorer.score(mother, again).score()).isGreaterThan(99.9);
    }
}
