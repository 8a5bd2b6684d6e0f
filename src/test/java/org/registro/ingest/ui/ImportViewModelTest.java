package org.registro.ingest.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.destination.DestinationService;
import org.registro.generate.DataFileWriter;
import org.registro.generate.GeneratorOptions;
import org.registro.ingest.ImportService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.ui.DirectTaskRunner;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class ImportViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void aRunningImportShowsHowFarItIsAndWhatItHasDone() {
        Path file = tmp.resolve("crm.csv");
        DataFileWriter.write(new GeneratorOptions(3_000, 0.1, 3, "es"), file, Progress.NONE);
        TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("ws"), clock)) {
            AuditLog audit = new AuditLog(clock, "tester");
            ImportViewModel model = new ImportViewModel(new ImportService(ws, audit), new DestinationService(ws, audit),
                    new DirectTaskRunner());
            List<Double> fractions = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            model.progressProperty().addListener((o, a, now) -> fractions.add(now.doubleValue()));
            model.progressDetailProperty().addListener((o, a, now) -> lines.add(now));
            model.open(file);
            model.run(false);

            assertThat(model.summaryProperty().get().created()).isGreaterThan(2_500);
            // a share of the file that only grows, up to all of it
            List<Double> known = fractions.stream().filter(f -> f >= 0).toList();
            assertThat(known).isNotEmpty().isSorted();
            assertThat(known.get(known.size() - 1)).isEqualTo(1.0);
            assertThat(lines).anyMatch(l -> l.matches("3,000 rows read: \\d[\\d,]* created, \\d+ updated, 0 rejected.*"));
        }
    }
}
