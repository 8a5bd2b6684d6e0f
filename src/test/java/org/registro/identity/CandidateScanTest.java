package org.registro.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.registro.common.Progress;
import org.registro.contact.Emails;
import org.registro.contact.Phones;
import org.registro.generate.GeneratorOptions;
import org.registro.generate.SyntheticData;

class CandidateScanTest {

    private static MatchRecord named(long id, String first, String last, String postal) {
        return new MatchRecord(id, first, last, List.of(), List.of(), null, null, postal, "Madrid", "ES");
    }

    @Test
    void blockingKeysCoverInitialsSwappedNamesEmailsAndPhones() {
        Blocking blocking = new Blocking();
        MatchRecord masha = new MatchRecord(1, "Masha", "Kelley", List.of("masha.k@example.org"),
                List.of("+4527753028"), null, null, "2100", "København", "DK");
        MatchRecord initial = new MatchRecord(2, "M.", "Kelly", List.of("m.kelley@work.dk"), List.of("27753028"),
                null, null, null, "Aarhus", "DK");

        List<String> a = blocking.keys(masha);
        List<String> b = blocking.keys(initial);

        assertThat(a).contains("e|mashak", "p|27753028");
        assertThat(a).anyMatch(k -> k.startsWith("n|") && k.endsWith("|2100"));
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        assertThat(shared).as("the initial and the sound of the surname, wherever they live")
                .anyMatch(k -> k.startsWith("i|m|")).contains("p|27753028");
    }

    @Test
    void eachPairIsReportedOnceAndDeclaredDifferentPairsNever() {
        List<MatchRecord> records = List.of(
                named(1, "Ana", "Ruiz", "28013"), named(2, "Ana", "Ruiz", "28013"), named(3, "A.", "Ruiz", "28013"),
                named(4, "Pedro", "Gil", "28013"), named(5, "Ruiz", "Ana", "28013"));

        CandidateScan.Result all = new CandidateScan(new PairScorer()).run(records, 0, (a, b) -> false,
                Progress.NONE);
        Set<Long> keys = new HashSet<>();
        for (PairScore p : all.pairs()) {
            assertThat(p.a()).isLessThan(p.b());
            assertThat(keys.add(CandidateScan.pairKey(p.a(), p.b()))).as("reported once: %s", p).isTrue();
        }
        assertThat(keys).contains(CandidateScan.pairKey(1, 2), CandidateScan.pairKey(1, 3),
                CandidateScan.pairKey(1, 5));
        assertThat(all.pairs()).isSortedAccordingTo((x, y) -> Double.compare(y.weight(), x.weight()));

        CandidateScan.Result without = new CandidateScan(new PairScorer()).run(records, 0,
                (a, b) -> CandidateScan.pairKey(a, b) == CandidateScan.pairKey(2, 1), Progress.NONE);
        assertThat(without.pairs()).noneMatch(p -> p.a() == 1 && p.b() == 2).hasSize(all.pairs().size() - 1);
    }

    @Test
    void onGeneratedDataItComparesFarFewerThanAllPairsAndFindsTheKnownDuplicates() {
        int size = 4_000;
        List<MatchRecord> records = new ArrayList<>();
        Map<Long, String> truth = new HashMap<>();
        new SyntheticData(new GeneratorOptions(size, 0.1, 11, "es")).generate(r -> {
            long id = records.size() + 1;
            truth.put(id, r.truePersonId());
            records.add(new MatchRecord(id, r.firstName(), r.lastName(),
                    r.email() == null ? List.of() : List.of(Emails.normalize(r.email())),
                    Phones.toE164(r.phone(), "ES").map(List::of).orElse(List.of()), r.birthDate(), r.street(),
                    r.postalCode(), r.city(), "ES"));
        }, Progress.NONE);

        CandidateScan.Result result = new CandidateScan(new PairScorer()).run(records, 99, (a, b) -> false,
                Progress.NONE);

        assertThat(result.comparisons()).isLessThan((long) size * (size - 1) / 2 / 20);
        long truePairs = truth.values().stream().collect(java.util.stream.Collectors.groupingBy(v -> v,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(k -> k * (k - 1) / 2).sum();
        long correct = result.pairs().stream().filter(p -> truth.get(p.a()).equals(truth.get(p.b()))).count();
        assertThat((double) correct / result.pairs().size()).as("precision").isGreaterThan(0.95);
        assertThat((double) correct / truePairs).as("recall").isGreaterThan(0.9);
    }
}
