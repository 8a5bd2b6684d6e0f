package org.registro.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstNamesTest {

    @Test
    void onePersonsVariantsCouldBeOnePersonDifferentNamesCannot() {
        assertThat(FirstNames.couldBeOnePerson("María", "Ruiz", "MARIA", "Ruiz")).isTrue();
        assertThat(FirstNames.couldBeOnePerson("M.", "Ruiz", "María José", "Ruiz")).isTrue();
        assertThat(FirstNames.couldBeOnePerson("José", "Gil", "Pepe", "Gil")).as("nickname").isTrue();
        assertThat(FirstNames.couldBeOnePerson("María José", null, "José", null)).as("one of two").isTrue();
        assertThat(FirstNames.couldBeOnePerson("Mraía", null, "María", null)).as("typo").isTrue();
        assertThat(FirstNames.couldBeOnePerson("Gil", "Ana", "Ana", "Gil")).as("written the other way round")
                .isTrue();
        assertThat(FirstNames.couldBeOnePerson(null, "Gil", "Ana", "Gil")).as("nothing to compare").isTrue();

        assertThat(FirstNames.couldBeOnePerson("Ana", "Gil", "Juan", "Gil")).isFalse();
        assertThat(FirstNames.couldBeOnePerson("Marta", "Ruiz", "José", "Ruiz")).isFalse();
        assertThat(FirstNames.couldBeOnePerson("Lucía", "Vidal", "Carmen", "Vidal")).isFalse();
        assertThat(FirstNames.couldBeOnePerson("Søren", "Hansen", "Jens", "Hansen")).isFalse();
        assertThat(FirstNames.couldBeOnePerson("Mario", "Gil", "María", "Gil")).as("brother and sister").isFalse();
        assertThat(FirstNames.couldBeOnePerson("Francisca", "Gil", "Francisco", "Gil")).isFalse();
        assertThat(FirstNames.couldBeOnePerson("Ana María", "Gil", "Ana Mario", "Gil")).isFalse();
        assertThat(FirstNames.couldBeOnePerson("María Elena", "Collazo", "María José", "Collazo"))
                .as("two given names, one different").isFalse();
        assertThat(FirstNames.couldBeOnePerson("Francisca", "de Anda Serna", "de Anda Serna", "Rosalía"))
                .as("the other wrote the surname first: Rosalía is not Francisca").isFalse();
        assertThat(FirstNames.couldBeOnePerson("Rosalía", "de Anda Serna", "de Anda Serna", "Rosalia"))
                .as("the other wrote the surname first").isTrue();
    }

    @Test
    void initialsSayLessThanTheNameTheyStandFor() {
        assertThat(FirstNames.isInitialsOf("J.", "Juan")).isTrue();
        assertThat(FirstNames.isInitialsOf("J. L.", "José Luis")).isTrue();
        assertThat(FirstNames.isInitialsOf("J.", "Ana")).isFalse();
        assertThat(FirstNames.isInitialsOf("Juan", "J.")).isFalse();
        assertThat(FirstNames.isInitialsOf("J.", "J.")).isFalse();
        assertThat(FirstNames.isInitialsOnly("J. L.")).isTrue();
        assertThat(FirstNames.isInitialsOnly("Juan")).isFalse();
    }
}
