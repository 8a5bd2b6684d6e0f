package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImportPaceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void countsFirstThenRowsASecondAndTheTimeLeftFromTheShareRead() {
        ImportPace pace = new ImportPace(0);
        assertThat(pace.line(SECOND, 1_000, 900, 100, 0, 100, 10_000))
                .isEqualTo("1,000 rows read: 900 created, 100 updated, 0 rejected");
        // a quarter of the file in 10 s: 30 s to go
        assertThat(pace.line(10 * SECOND, 20_000, 18_000, 2_000, 0, 2_500, 10_000))
                .isEqualTo("20,000 rows read: 18,000 created, 2,000 updated, 0 rejected · 2,000 rows a second"
                        + " · about 30 s left");
        // a tenth in 20 s: three minutes to go
        assertThat(pace.line(20 * SECOND, 30_000, 30_000, 0, 0, 1_000, 10_000)).endsWith("· about 3 min left");
        // a workbook without sizes: the pace only
        assertThat(pace.line(20 * SECOND, 30_000, 30_000, 0, 0, -1, -1)).endsWith("1,500 rows a second");
    }

    @Test
    void timeLeftIsRoundedAsPeopleSayIt() {
        assertThat(ImportPace.left(1)).isEqualTo("about 5 s left");
        assertThat(ImportPace.left(42)).isEqualTo("about 45 s left");
        assertThat(ImportPace.left(89)).isEqualTo("about 1 min left");
        assertThat(ImportPace.left(150)).isEqualTo("about 3 min left");
    }
}
