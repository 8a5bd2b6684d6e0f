package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "yes|true", "Sí|true", "si|true", "JA|true", "x|true", "1|true", "TRUE|true", "subscribed|true",
        "no|false", "Nej|false", "0|false", "false|false", "unsubscribed|false"})
    void booleansInSeveralLanguages(String cell, boolean expected) {
        assertThat(Booleans.parse(cell)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "maybe", "2"})
    void blankAndUnknownAreNotGuessed(String cell) {
        assertThat(Booleans.parse(cell)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "JOSÉ DE LA FUENTE|José de la Fuente",
        "  masha   kelley |Masha Kelley",
        "o'brien|O'Brien",
        "garcía-pérez|García-Pérez",
        "VAN DER BERG|Van der Berg",
        "LUDWIG VAN BEETHOVEN|Ludwig van Beethoven",
        "McDonald|McDonald",
        "van der Berg|van der Berg",
        "M.|M.",
        "søren østergård|Søren Østergård"})
    void namesAreCasedSensiblyWithParticlesKept(String raw, String expected) {
        assertThat(NameCase.tidy(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "España|ES", "espana|ES", "Spain|ES", "ES|ES", "ESP|ES", "Spanien|ES",
        "Danmark|DK", "Dinamarca|DK", "Denmark|DK", "DNK|DK",
        "United Kingdom|GB", "UK|GB", "Reino Unido|GB",
        "Alemania|DE", "Deutschland|DE", "EE. UU.|US", "USA|US", "Estados Unidos|US",
        "Países Bajos|NL", "Sverige|SE", "Norge|NO", "France|FR", "Francia|FR"})
    void countryNamesInSeveralLanguagesBecomeIsoCodes(String cell, String code) {
        assertThat(CountryNames.toCode(cell)).contains(code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Atlantis", "''", "Madrid"})
    void unknownCountriesAreNotGuessed(String cell) {
        assertThat(CountryNames.toCode(cell)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {"1234.5|1234.5", "1.234,50|1234.50", "12,5|12.5", "-7|-7", "(30)|-30",
        "€ 1,234.00|1234.00", "2019-05-01|", "12-34|", "1-2-3|"})
    void numbersAsExportsWriteThemAndDatesOrCodesAreNotNumbers(String cell, String expected) {
        assertThat(Numbers.parse(cell).map(java.math.BigDecimal::toPlainString).orElse(null)).isEqualTo(expected);
    }
}
