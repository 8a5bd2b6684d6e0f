package org.registro.identity;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.registro.common.RegistroException;

/** Duplicate pairs written as CSV for people outside Registro. */
final class PairsCsv {

    private PairsCsv() {
    }

    /**
     * Writes pairs as CSV: both contact ids, their names and source record keys, the score and the decision the
     * thresholds give.
     */
    static void write(Path file, List<DuplicateService.ReportedPair> pairs) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(Files.newOutputStream(file),
                    StandardCharsets.UTF_8))) {
                csv.writeRecord("contact_a", "contact_b", "name_a", "name_b", "source_keys_a", "source_keys_b",
                        "score", "decision");
                for (DuplicateService.ReportedPair p : pairs) {
                    csv.writeRecord(String.valueOf(p.contactA()), String.valueOf(p.contactB()), p.nameA(),
                            p.nameB(), String.join(" ", p.sourceKeysA()), String.join(" ", p.sourceKeysB()),
                            DuplicateService.decimal(p.score()).toPlainString(), p.decision());
                }
            }
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", file, e.getMessage());
        }
    }
}
