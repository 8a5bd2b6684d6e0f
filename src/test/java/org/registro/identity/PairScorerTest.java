package org.registro.identity;

import org.registro.contact.Nicknames;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairScorerTest {

    private final PairScorer scorer = new PairScorer();

    private static MatchRecord person(long id, String first, String last, String email, String phone,
                                      LocalDate birth, String street, String postal, String city) {
        return new MatchRecord(id, first, last, email == null ? List.of() : List.of(email),
                phone == null ? List.of() : List.of(phone), birth, street, postal, city, "ES");
    }

    private static MatchRecord named(long id, String first, String last) {
        return person(id, first, last, null, null, null, null, "28013", "Madrid");
    }

    @Test
    void anInitialAgreesWithTheFullFirstNameAndCountsForThePair() {
        PairScore pair = scorer.score(named(1, "M.", "Kelley"), named(2, "Masha", "Kelley"));

        assertThat(pair.field(MatchField.FIRST_NAME).level()).isEqualTo(MatchLevel.INITIAL);
        assertThat(pair.field(MatchField.FIRST_NAME).weight()).isPositive();
        assertThat(pair.field(MatchField.LAST_NAME).level()).isEqualTo(MatchLevel.EXACT);

        PairScore other = scorer.score(named(1, "T.", "Kelley"), named(2, "Masha", "Kelley"));
        assertThat(other.field(MatchField.FIRST_NAME).level()).isEqualTo(MatchLevel.DIFFERENT);
        assertThat(other.score()).isLessThan(pair.score());
    }

    @Test
    void aPostalCodeOneSlipApartInOneCityIsTheSameAreaAnotherCityIsNot() {
        MatchRecord a = person(1, "Jayden", "Browne", null, null, null, "80 chaseling street", "2630",
                "sussex inlet");
        MatchRecord typo = person(2, "Jayden", "Browne", null, null, null, "80 chaseling st", "2660",
                "sussex inlet");
        MatchRecord swapped = person(3, "Jayden", "Browne", null, null, null, null, "2603", "sussex inlet");
        MatchRecord elsewhere = person(4, "Jayden", "Browne", null, null, null, null, "2660", "nowra");
        MatchRecord farApart = person(5, "Jayden", "Browne", null, null, null, "12 other road", "2950",
                "sussex inlet");

        assertThat(scorer.address(a, typo).level()).isEqualTo(MatchLevel.SAME_STREET);
        assertThat(scorer.address(a, swapped).level()).isEqualTo(MatchLevel.SAME_AREA);
        assertThat(scorer.address(a, elsewhere).level()).isEqualTo(MatchLevel.DIFFERENT);
        assertThat(scorer.address(a, farApart).level()).isEqualTo(MatchLevel.DIFFERENT);
        assertThat(ContactPointLevels.oneSlipApart("5045", "5054")).isTrue();
        assertThat(ContactPointLevels.oneSlipApart("5045", "5504")).isFalse();
    }

    @Test
    void neighboursOnOneStreetDoNotShareAHomeButADoorNumberMistypedDoes() {
        MatchRecord home = person(1, "Benjamín", "Coronado", null, null, null, "Pasaje Carla Solano 22", "14665",
                "Córdoba");
        MatchRecord neighbour = person(2, "Mónica", "Raya", null, null, null, "Pasaje Carla Solano 75", "14665",
                "Córdoba");
        MatchRecord slip = person(4, "Benjamín", "Coronado", null, null, null, "Pasaje Carla Solano 222", "14665",
                "Córdoba");
        MatchRecord floor = person(5, "Benjamín", "Coronado", null, null, null, "C/ Carla Solano, 22, 3º B", "14665",
                "Córdoba");
        MatchRecord noNumber = person(6, "Benjamín", "Coronado", null, null, null, "Pasaje Carla Solano", "14665",
                "Córdoba");

        assertThat(scorer.address(home, neighbour).level()).isEqualTo(MatchLevel.SAME_AREA);
        assertThat(scorer.address(home, slip).level()).isEqualTo(MatchLevel.SAME_STREET);
        assertThat(scorer.address(home, floor).level()).isEqualTo(MatchLevel.SAME_STREET);
        assertThat(scorer.address(home, noNumber).level()).isEqualTo(MatchLevel.SAME_STREET);
        assertThat(ContactPointLevels.sameHouse("5", "6")).isFalse();
        assertThat(ContactPointLevels.sameHouse("22", "23")).isTrue();   // one keystroke: a slip or next door
        assertThat(ContactPointLevels.sameHouse("117", "171")).isTrue();
        assertThat(ContactPointLevels.sameHouse("117", "1117")).isTrue();
        assertThat(ContactPointLevels.sameHouse("22", "75")).isFalse();
    }

    @Test
    void aLetterWrongInALongNameOrASpaceTypedInsideItIsATypo() {
        assertThat(scorer.lastName("Amner", "Amber").level()).isEqualTo(MatchLevel.SIMILAR);
        assertThat(scorer.lastName("Wyl Lie", "Wyllie").level()).isEqualTo(MatchLevel.SIMILAR);
        assertThat(scorer.firstName("Kykee", "Kylee").level()).isEqualTo(MatchLevel.SIMILAR);
        assertThat(scorer.lastName("Gil", "Gol").level()).as("too short to tell a typo").isEqualTo(MatchLevel.DIFFERENT);
        assertThat(scorer.lastName("Campbell", "Nguyen").level()).isEqualTo(MatchLevel.DIFFERENT);
    }

    @Test
    void spanishEnglishAndDanishNicknamesAgree() {
        assertThat(scorer.firstName("Pepe", "José").level()).isEqualTo(MatchLevel.NICKNAME);
        assertThat(scorer.firstName("Paco", "Francisco").level()).isEqualTo(MatchLevel.NICKNAME);
        assertThat(scorer.firstName("Bob", "Robert").level()).isEqualTo(MatchLevel.NICKNAME);
        assertThat(scorer.firstName("Chema", "José María").level()).isEqualTo(MatchLevel.NICKNAME);
        assertThat(scorer.firstName("Masha", "Mary").level()).isEqualTo(MatchLevel.NICKNAME); // both of María
        assertThat(scorer.firstName("Paco", "Pedro").level()).isEqualTo(MatchLevel.DIFFERENT);
    }

    @Test
    void caseAndAccentsDoNotMatterAndCloseSpellingIsSimilar() {
        assertThat(scorer.firstName("JOSÉ", "jose").level()).isEqualTo(MatchLevel.EXACT);
        assertThat(scorer.lastName("Muñoz Pérez", "munoz perez").level()).isEqualTo(MatchLevel.EXACT);
        assertThat(scorer.lastName("Kelley", "Kelly").level()).isEqualTo(MatchLevel.SIMILAR);
        assertThat(scorer.firstName("Cristina", "Christina").level()).isEqualTo(MatchLevel.SIMILAR);
    }

    @Test
    void compoundNamesAgreeOnlyWhenTheOtherRecordHasFewerWords() {
        assertThat(scorer.lastName("García", "García López").level()).isEqualTo(MatchLevel.PARTIAL);
        assertThat(scorer.lastName("Quesada Pedraza", "Quesada Ceja").level()).isEqualTo(MatchLevel.DIFFERENT);
        assertThat(scorer.firstName("María", "María José").level()).isEqualTo(MatchLevel.PARTIAL);
        assertThat(scorer.firstName("María José", "María del Carmen").level()).isEqualTo(MatchLevel.DIFFERENT);
        assertThat(scorer.lastName("Ruiz García", "García Ruiz").level()).isEqualTo(MatchLevel.EXACT);
    }

    @Test
    void firstAndLastNamesWrittenTheOtherWayRoundAreCompared() {
        PairScore pair = scorer.score(named(1, "Ana", "Ruiz"), named(2, "Ruiz", "Ana"));

        assertThat(pair.swapped()).isTrue();
        assertThat(pair.field(MatchField.FIRST_NAME).level()).isEqualTo(MatchLevel.EXACT);
        assertThat(pair.field(MatchField.LAST_NAME).level()).isEqualTo(MatchLevel.EXACT);
        assertThat(scorer.score(named(1, "Ana", "Ruiz"), named(2, "Ana", "Ruiz")).swapped()).isFalse();
    }

    @Test
    void aMissingValueNeitherHelpsNorHurts() {
        LocalDate birth = LocalDate.of(1980, 5, 17);
        MatchRecord a = person(1, "Lucía", "Martín", null, null, birth, null, "28013", "Madrid");
        MatchRecord withoutBirth = person(2, "Lucía", "Martín", null, null, null, null, "28013", "Madrid");
        MatchRecord bothWithout = person(1, "Lucía", "Martín", null, null, null, null, "28013", "Madrid");

        PairScore missing = scorer.score(a, withoutBirth);
        assertThat(missing.field(MatchField.BIRTH_DATE).level()).isEqualTo(MatchLevel.MISSING);
        assertThat(missing.field(MatchField.BIRTH_DATE).weight()).isZero();
        assertThat(missing.weight()).isEqualTo(scorer.score(bothWithout, withoutBirth).weight());

        MatchRecord otherBirth = person(2, "Lucía", "Martín", null, null, LocalDate.of(1961, 2, 3), null,
                "28013", "Madrid");
        MatchRecord sameBirth = person(2, "Lucía", "Martín", null, null, birth, null, "28013", "Madrid");
        assertThat(scorer.score(a, otherBirth).weight()).isLessThan(missing.weight());
        assertThat(scorer.score(a, sameBirth).weight()).isGreaterThan(missing.weight());
    }

    @Test
    void emailsAgreeOnTheSameUserAtAnotherDomainButNotOnANameAnyNamesakeWouldUse() {
        MatchRecord a = person(1, "Lucía", "Martín", "lmartin.bcn@gmail.com", null, null, null, null, null);
        MatchRecord b = person(2, "Lucía", "Martín", "lmartin.bcn@hotmail.es", null, null, null, null, null);
        assertThat(scorer.score(a, b).field(MatchField.EMAIL).level()).isEqualTo(MatchLevel.SIMILAR);

        MatchRecord c = person(3, "Lucía", "Martín", "lucia.martin@gmail.com", null, null, null, null, null);
        MatchRecord d = person(4, "Lucía", "Martín", "luciamartin@yahoo.es", null, null, null, null, null);
        FieldMatch nameOnly = scorer.score(c, d).field(MatchField.EMAIL);
        assertThat(nameOnly.level()).isEqualTo(MatchLevel.NAME_ONLY);
        assertThat(nameOnly.weight()).isZero();

        assertThat(ContactPointLevels.emailsSimilar("ana.ruiz@gmial.com", "ana.ruiz@gmail.com")).isTrue(); // typo
        assertThat(ContactPointLevels.emailsSimilar("ana.ruiz76@mail.dk", "ana.ruiz81@mail.dk")).isFalse(); // two people
    }

    @Test
    void phonesBirthDatesAndAddressesHaveTheirLevels() {
        LocalDate may17 = LocalDate.of(1980, 5, 12);
        MatchRecord a = person(1, "Ana", "Ruiz", null, "+34612345678", may17, "Calle Mayor 5", "28013", "Madrid");
        MatchRecord b = person(2, "Ana", "Ruiz", null, "+34612345678", LocalDate.of(1980, 12, 5),
                "C/ Mayor 5", "28013", "Madrid");

        PairScore pair = scorer.score(a, b);
        assertThat(pair.field(MatchField.PHONE).level()).isEqualTo(MatchLevel.EXACT);
        assertThat(pair.field(MatchField.BIRTH_DATE).level()).isEqualTo(MatchLevel.NEAR); // day and month swapped
        assertThat(pair.field(MatchField.ADDRESS).level()).isEqualTo(MatchLevel.SAME_STREET);

        MatchRecord elsewhere = person(3, "Ana", "Ruiz", null, "+34699999999", null, "Rambla 1", "08001",
                "Barcelona");
        PairScore far = scorer.score(a, elsewhere);
        assertThat(far.field(MatchField.PHONE).level()).isEqualTo(MatchLevel.DIFFERENT);
        assertThat(far.field(MatchField.ADDRESS).level()).isEqualTo(MatchLevel.DIFFERENT);
        assertThat(far.score()).isLessThan(pair.score());
    }

    @Test
    void theExplanationAddsUpToTheScore() {
        MatchRecord a = person(1, "Pepe", "García", "pepe@example.es", "+34612345678", null, null, "28013", "Madrid");
        MatchRecord b = person(2, "José", "García López", "jgarcia@example.org", "+34612345678",
                LocalDate.of(1970, 1, 1), null, "28013", "Madrid");

        PairScore pair = scorer.score(a, b);

        assertThat(pair.fields()).extracting(FieldMatch::field).containsExactly(MatchField.values());
        assertThat(pair.fields().stream().mapToDouble(FieldMatch::weight).sum())
                .isCloseTo(pair.weight(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(pair.score()).isEqualTo(scorer.model().score(pair.weight()));
        assertThat(pair.field(MatchField.FIRST_NAME).a()).isEqualTo("Pepe");
        assertThat(pair.field(MatchField.FIRST_NAME).b()).isEqualTo("José");
        for (FieldMatch f : pair.fields()) {
            assertThat(f.weight()).isEqualTo(scorer.model().weight(f.field(), f.level()));
        }
    }

    @Test
    void weightsAreLogRatiosOfADocumentedTableWhoseLevelsAddUpToOneForEachField() {
        MatchModel fixed = MatchModel.fixed(1_000);
        for (MatchWeights.Entry e : MatchWeights.table()) {
            assertThat(e.m()).isBetween(0.0, 1.0);
            assertThat(e.u()).isBetween(0.0, 1.0);
            assertThat(fixed.weight(e.field(), e.level())).isEqualTo(Math.log(e.m() / e.u()) / Math.log(2));
        }
        for (MatchField field : MatchField.values()) {
            var levels = MatchWeights.table().stream().filter(e -> e.field() == field).toList();
            assertThat(levels.stream().mapToDouble(MatchWeights.Entry::m).sum()).as("m of %s", field)
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(levels.stream().mapToDouble(MatchWeights.Entry::u).sum()).as("u of %s", field)
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(fixed.weight(MatchField.EMAIL, MatchLevel.MISSING)).isZero();
        assertThat(fixed.score(-fixed.prior())).isEqualTo(50.0);
    }

    @Test
    void birthDatesOneSlipApartAreNearAndYearsDecadesApartAreNot() {
        assertThat(scorer.birthDate(LocalDate.of(1985, 3, 12), LocalDate.of(1953, 3, 12)).level())
                .isEqualTo(MatchLevel.DIFFERENT);
        assertThat(scorer.birthDate(LocalDate.of(1985, 3, 12), LocalDate.of(1955, 3, 12)).level())
                .isEqualTo(MatchLevel.DIFFERENT);
        assertThat(scorer.birthDate(LocalDate.of(1985, 3, 12), LocalDate.of(1986, 3, 12)).level())
                .isEqualTo(MatchLevel.NEAR);
        assertThat(scorer.birthDate(LocalDate.of(1985, 3, 12), LocalDate.of(1985, 12, 3)).level())
                .isEqualTo(MatchLevel.NEAR);
        assertThat(scorer.birthDate(LocalDate.of(1985, 3, 12), LocalDate.of(1985, 3, 21)).level())
                .isEqualTo(MatchLevel.NEAR);
    }

    @Test
    void aSurnameRepeatedIsNotTheSameAsTwoSurnames() {
        assertThat(scorer.lastName("Cuéllar Cuéllar", "Cuéllar Espinal").level()).isNotEqualTo(MatchLevel.EXACT);
        assertThat(scorer.lastName("Espinal Cuéllar", "Cuéllar Espinal").level()).isEqualTo(MatchLevel.EXACT);
    }

    @Test
    void aComparisonCodeKeepsEveryLevelAndTheSwap() {
        MatchRecord a = person(1, "Ruiz", "Ana", "ana@example.es", null, LocalDate.of(1990, 1, 2), null, "28013",
                "Madrid");
        MatchRecord b = person(2, "Ana", "Ruiz", "ana@example.es", "+34612345678", LocalDate.of(1990, 1, 2), null,
                "28013", "Madrid");

        long code = scorer.compare(a, b);
        PairScore pair = scorer.score(a, b);

        assertThat(PairScorer.swapped(code)).isTrue();
        for (FieldMatch f : pair.fields()) {
            assertThat(PairScorer.level(code, f.field())).isEqualTo(f.level());
        }
        assertThat(scorer.weight(a, b, code)).isCloseTo(pair.weight(), org.assertj.core.data.Offset.offset(1e-9));
    }
}
