package org.registro.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.Progress;
import org.registro.generate.DataFileWriter;
import org.registro.generate.GeneratorOptions;
import org.registro.generate.SyntheticData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registro generate}: a realistic CRM export with known near-duplicates. */
@Command(name = "generate", description = "Write a realistic CRM-style export with a known share of near-duplicates.")
final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    RegistroCommand root;
    @Spec
    CommandSpec spec;
    @Option(names = "--contacts", paramLabel = "N", required = true, description = "Rows to write, duplicates included.")
    int contacts;
    @Option(names = "--duplicates", paramLabel = "RATE", defaultValue = "0.1",
            description = "Share of rows that are near-duplicates of an earlier person (default: ${DEFAULT-VALUE}).")
    double duplicates;
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "FILE.csv or FILE.xlsx")
    Path out;
    @Option(names = "--seed", defaultValue = "42", description = "Same seed, same file (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--locale", defaultValue = "es", description = "es, en or da (default: ${DEFAULT-VALUE}).")
    String locale;
    @Option(names = "--profile", defaultValue = GeneratorOptions.STANDARD,
            description = "standard; hard (common names, households sharing address and landline, a slip in every "
                    + "field of a duplicate, fewer emails); namesakes (only common names, no duplicates) "
                    + "(default: ${DEFAULT-VALUE}).")
    String profile;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        SyntheticData.Summary summary = DataFileWriter.write(new GeneratorOptions(contacts, duplicates, seed, locale, profile),
                out, Progress.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        Output output = new Output(spec, root.json);
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", out.toAbsolutePath().toString());
            result.put("rows", summary.rows());
            result.put("persons", summary.persons());
            result.put("duplicateRows", summary.duplicateRows());
            result.put("seconds", Math.round(seconds * 100) / 100.0);
            output.json(result);
        } else {
            output.line(String.format("Wrote %,d rows (%,d people, %,d near-duplicate rows) to %s in %.1f s.",
                    summary.rows(), summary.persons(), summary.duplicateRows(), out, seconds));
        }
        return 0;
    }
}
