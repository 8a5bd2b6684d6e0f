package org.registro.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.IDENTIFIER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

class DataQualityTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private final AuditLog audit = new AuditLog(clock, "tester");
    private Workspace workspace;
    private DataQuality quality;

    @BeforeEach
    void open() throws Exception {
        workspace = TestWorkspaces.create(tmp, clock);
        quality = new DataQuality(workspace, audit);
        Path file = tmp.resolve("crm.csv");
        Files.writeString(file, """
                Customer number,First name,Last name,Email,Phone,Street,City
                C-1,Masha,Kelley,masha@example.org,612 345 678,,Madrid
                C-2,,,only@example.org,,,
                C-3,Ana,Ruiz,,,,
                C-4,Luis,Gil,,,Calle Mayor 5,Madrid
                """, StandardCharsets.UTF_8);
        new ImportService(workspace, audit).importAsPlanned(file, SourceFile.Options.detect(), null, null, "first",
                Progress.NONE);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    @Test
    void countsAndListsEachIssueWithTheContactsBehindIt() {
        Map<DataQuality.Issue, Long> counts = quality.counts();

        assertThat(counts.get(DataQuality.Issue.MISSING_NAME)).isEqualTo(1);
        assertThat(counts.get(DataQuality.Issue.NO_CHANNEL)).as("Luis has a postal address").isEqualTo(1);
        assertThat(counts.get(DataQuality.Issue.INVALID_EMAIL)).isZero();
        assertThat(quality.findings(DataQuality.Issue.NO_CHANNEL, 10)).extracting(DataQuality.Finding::name)
                .containsExactly("Ana Ruiz");
        assertThat(quality.findings(DataQuality.Issue.MISSING_NAME, 10)).extracting(DataQuality.Finding::name)
                .containsExactly("only@example.org");

        workspace.dsl().update(IDENTIFIER).set(IDENTIFIER.BOUNCED_AT, java.time.OffsetDateTime.now(clock))
                .where(IDENTIFIER.VALUE_NORM.eq("masha@example.org")).execute();
        assertThat(quality.counts().get(DataQuality.Issue.INVALID_EMAIL)).isEqualTo(1);
        assertThat(quality.findings(DataQuality.Issue.INVALID_EMAIL, 10)).extracting(DataQuality.Finding::value)
                .containsExactly("masha@example.org");
    }

    @Test
    void normalizingAgainAfterTheDefaultCountryChangesMarksPhonesAndNeverDeletesThem() {
        new WorkspaceService(clock).setDefaultRegion(workspace, "DK", audit);

        DataQuality.Renormalized toDenmark = quality.renormalize(Progress.NONE);

        assertThat(toDenmark.nowInvalid()).as("a Spanish mobile written without +34 is no Danish number")
                .isEqualTo(1);
        assertThat(quality.findings(DataQuality.Issue.UNPARSEABLE_PHONE, 10)).extracting(DataQuality.Finding::value)
                .containsExactly("612 345 678");
        assertThat(workspace.dsl().fetchCount(IDENTIFIER, IDENTIFIER.KIND.eq("phone"))).isEqualTo(1);

        new WorkspaceService(clock).setDefaultRegion(workspace, "ES", audit);
        DataQuality.Renormalized back = quality.renormalize(Progress.NONE);
        assertThat(back.nowValid()).isEqualTo(1);
        assertThat(quality.counts().get(DataQuality.Issue.UNPARSEABLE_PHONE)).isZero();
        assertThat(quality.renormalize(Progress.NONE)).isEqualTo(new DataQuality.Renormalized(0, 0, 0, 0, 0));
    }
}
