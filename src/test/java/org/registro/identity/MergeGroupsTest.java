package org.registro.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MergeGroupsTest {

    private static long[] pair(long a, long b, double score) {
        return new long[] {a, b, Double.doubleToLongBits(score)};
    }

    @Test
    void aRecordThatFitsTwoRelativesJoinsOnlyTheMoreLikelyOne() {
        // 1 "A. Pedraza": fits Adela (2) and Armando (3), who live together and are clearly two people
        Map<String, Double> weights = Map.of("2-3", -9.0, "1-2", 18.0, "1-3", 17.0);
        MergeGroups groups = MergeGroups.of(List.of(pair(1, 2, 99.8), pair(1, 3, 99.6)),
                (a, b) -> weights.get(Math.min(a, b) + "-" + Math.max(a, b)));

        assertThat(groups.groups()).containsExactly(List.of(1L, 2L));
        assertThat(groups.keptApart()).isEqualTo(1);
        assertThat(groups.bestScore(1)).isEqualTo(99.8);
    }

    @Test
    void threeRecordsOfOnePersonEndAsOneGroupEvenWhenTwoOfThemShareLittle() {
        // 1 has the email, 3 the phone; 1 and 3 share only a name and a town: a weak link, not two people
        Map<String, Double> weights = Map.of("1-3", 4.0);
        MergeGroups groups = MergeGroups.of(List.of(pair(1, 2, 99.9), pair(2, 3, 99.7), pair(4, 5, 99.6)),
                (a, b) -> weights.get(Math.min(a, b) + "-" + Math.max(a, b)));

        assertThat(groups.groups()).containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L));
        assertThat(groups.contacts()).isEqualTo(5);
        assertThat(groups.keptApart()).isZero();
    }

    @Test
    void noGroupEverHoldsTwoRecordsThatCompareAsTwoPeople() {
        long seed = Long.getLong("registro.groups.seed", System.nanoTime() % 100_000);
        System.out.println("MergeGroupsTest seed " + seed);
        Random random = new Random(seed);
        for (int world = 0; world < 200; world++) {
            int n = 3 + random.nextInt(10);
            Map<Long, Double> weight = new HashMap<>();
            List<long[]> pairs = new ArrayList<>();
            for (int a = 1; a <= n; a++) {
                for (int b = a + 1; b <= n; b++) {
                    weight.put(a * 100L + b, random.nextDouble() * 40 - 15);
                    if (random.nextDouble() < 0.4) {
                        pairs.add(pair(a, b, 90 + random.nextDouble() * 10));
                    }
                }
            }
            pairs.sort((x, y) -> Double.compare(Double.longBitsToDouble(y[2]), Double.longBitsToDouble(x[2])));
            List<long[]> linked = pairs;
            MergeGroups groups = MergeGroups.of(linked, (a, b) -> weight.get(Math.min(a, b) * 100 + Math.max(a, b)));

            for (List<Long> group : groups.groups()) {
                for (long a : group) {
                    for (long b : group) {
                        boolean listed = linked.stream().anyMatch(p -> p[0] == Math.min(a, b) && p[1] == Math.max(a, b));
                        if (a < b && !listed) {
                            assertThat(weight.get(a * 100 + b)).as("seed %d: %d and %d", seed, a, b)
                                    .isGreaterThanOrEqualTo(MergeGroups.APART);
                        }
                    }
                }
            }
            // every listed pair whose records are not in one group was kept apart, never lost
            long joinedOrApart = groups.joined() + groups.keptApart();
            assertThat(joinedOrApart).isLessThanOrEqualTo(pairs.size());
            assertThat(groups.contacts() - groups.groups().size()).isEqualTo(groups.joined());
        }
    }
}
