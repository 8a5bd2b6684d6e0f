package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.testutil.TestClock;
import org.registro.testutil.ImportFixture;

/** Files without a header row, and header rows below a title, as exports and hand-made lists come. */
class HeaderRowTest {

    @TempDir
    Path tmp;

    private ImportFixture fixture;
    private ImportService imports;

    @BeforeEach
    void open() {
        fixture = new ImportFixture(tmp, TestClock.at("2026-03-01T10:00:00Z"));
        imports = fixture.imports();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Path file(String content) throws Exception {
        return fixture.file("list.csv", content);
    }

    @Test
    void aFileWithoutAHeaderRowIsReadWithNumberedColumnsAndItsFirstRowIsData() throws Exception {
        Path file = file("ana@example.org,Ana,Ruiz\nluis@example.org,Luis,Gil\n");
        var detected = imports.plan(file, SourceFile.Options.detect(), null, null, Progress.NONE);
        assertThat(detected.headerLooksLikeData()).isEqualTo("ana@example.org");

        SourceFile.Options none = SourceFile.Options.detect().withHeaderRow(SourceFile.Options.NO_HEADER);
        var plan = imports.plan(file, none, null, null, Progress.NONE);
        assertThat(plan.description().header()).containsExactly("Column 1", "Column 2", "Column 3");
        assertThat(plan.headerLooksLikeData()).isNull();
        var mapping = plan.mapping().columns().stream().map(c -> c.column() + "=" + c.target() + ":" + c.field())
                .toList();
        assertThat(mapping).as("the email column is recognised from its values").contains("Column 1=FIELD:email");
        var summary = imports.importAsPlanned(file, none, null, null, "first", Progress.NONE);
        assertThat(summary.read()).isEqualTo(2);
        assertThat(summary.created()).isEqualTo(2);
    }

    @Test
    void rowsAboveTheHeaderAreSkippedAndAHeaderRowBeyondTheFileIsRefused() throws Exception {
        Path file = file("Exported from Donor CRM on 2026-02-01\n\nEmail,First name\nana@example.org,Ana\n");
        var summary = imports.importAsPlanned(file, SourceFile.Options.detect().withHeaderRow(2), null, null, "first",
                Progress.NONE);
        assertThat(summary.created()).isEqualTo(1);
        assertThatThrownBy(() -> imports.plan(file, SourceFile.Options.detect().withHeaderRow(9), null, null,
                Progress.NONE)).isInstanceOf(RegistroException.class).hasMessageContaining("row 9");
        assertThatThrownBy(() -> SourceFile.Options.detect().withHeaderRow(-1))
                .isInstanceOf(RegistroException.class);
    }
}
