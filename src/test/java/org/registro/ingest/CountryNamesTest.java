package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Country cells as real exports write them, in the app's languages and their common forms. */
class CountryNamesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "Côte d'Ivoire|CI", "Cote d'Ivoire|CI", "Côte d’Ivoire|CI", "Costa de Marfil|CI", "Ivory Coast|CI",
        "Países Bajos|NL", "Paises Bajos|NL", "Holanda|NL", "The Netherlands|NL", "Netherlands|NL", "Nederland|NL",
        "United Kingdom|GB", "Reino Unido|GB", "UK|GB", "England|GB", "Estados Unidos|US", "EE. UU.|US",
        "USA|US", "United States of America|US", "España|ES", "Espana|ES", "Spain|ES", "ESP|ES", "es|ES",
        "Alemania|DE", "Deutschland|DE", "Dinamarca|DK", "Danmark|DK", "Korea, Republic of|KR",
        "Bolivia, Plurinational State of|BO", "Iran, Islamic Republic of|IR", "Tanzania, United Republic of|TZ",
        "Congo, The Democratic Republic of the|CD", "Congo|CG", "Viet Nam|VN", "Vietnam|VN", "Türkiye|TR",
        "Turkey|TR", "Czechia|CZ", "República Checa|CZ", "Chequia|CZ", "Méjico|MX", "México|MX", "Brasil|BR",
        "Suiza|CH", "Schweiz|CH", "Marruecos|MA", "Estados Unidos de América|US", "Japón|JP", "Catalunya|",
        "Atlantis|"})
    void countryCellsBecomeIsoCodes(String cell, String code) {
        assertThat(CountryNames.toCode(cell).orElse(null)).isEqualTo(code);
    }
}
