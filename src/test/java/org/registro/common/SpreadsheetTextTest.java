package org.registro.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetTextTest {

    @Test
    void formulasAreDefusedAndNumbersKept() {
        assertThat(SpreadsheetText.defuse("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(SpreadsheetText.defuse("+SUM(A1:A2)")).isEqualTo("'+SUM(A1:A2)");
        assertThat(SpreadsheetText.defuse("-2+3+cmd|' /C calc'!A0")).startsWith("'-");
        assertThat(SpreadsheetText.defuse("@SUM(1)")).isEqualTo("'@SUM(1)");
        assertThat(SpreadsheetText.defuse("\t=1")).isEqualTo("'\t=1");
        assertThat(SpreadsheetText.defuse("+34 612 345 678")).isEqualTo("+34 612 345 678");
        assertThat(SpreadsheetText.defuse("+34612345678")).isEqualTo("+34612345678");
        assertThat(SpreadsheetText.defuse("-25.50")).isEqualTo("-25.50");
        assertThat(SpreadsheetText.defuse("Ana")).isEqualTo("Ana");
        assertThat(SpreadsheetText.defuse(null)).isEmpty();
    }
}
