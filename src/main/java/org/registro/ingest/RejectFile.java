package org.registro.ingest;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.registro.common.Messages;
import org.registro.common.RegistroException;
import org.registro.common.SpreadsheetText;

/**
 * The rows of a batch that were not applied, or applied with values left out: each original row with its
 * line, what happened, the reason and the column. UTF-8 with a byte-order mark so Excel reads accents; a
 * cell that a spreadsheet would run as a formula is written with a leading apostrophe.
 */
public final class RejectFile implements AutoCloseable {

    private final Path path;
    private final List<String> header;
    private CsvWriter writer;
    private long rows;

    public RejectFile(Path path, List<String> header) {
        this.path = path;
        this.header = List.copyOf(header);
    }

    public Path path() {
        return path;
    }

    public long rows() {
        return rows;
    }

    public void rejected(SourceRow row, ParsedRow.Problem problem) {
        write(row.line(), Messages.get("import.outcome.rejected"), problem, row.cells());
    }

    /** A row refused because the person was erased: only the line and the reason, none of their data. */
    void withheld(long line, ParsedRow.Problem problem) {
        write(line, Messages.get("import.outcome.refused"), problem, List.of());
    }

    void partly(long line, List<String> cells, ParsedRow.Problem problem) {
        write(line, Messages.get("import.outcome.partly"), problem, cells);
    }

    private void write(long line, String outcome, ParsedRow.Problem problem, List<String> cells) {
        try {
            if (writer == null) {
                Files.createDirectories(path.getParent());
                OutputStream out = Files.newOutputStream(path);
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                writer = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                List<String> head = new ArrayList<>(List.of(Messages.get("import.reject.line"),
                        Messages.get("import.reject.outcome"), Messages.get("import.reject.reason"),
                        Messages.get("import.reject.column")));
                head.addAll(header);
                writer.writeRecord(head);
            }
            List<String> record = new ArrayList<>(header.size() + 4);
            record.add(Long.toString(line));
            record.add(outcome);
            record.add(Messages.get(problem.key(), problem.args()));
            record.add(problem.column() == null ? "" : problem.column());
            for (String cell : cells) {
                record.add(SpreadsheetText.defuse(cell));
            }
            writer.writeRecord(record);
            rows++;
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", path.toString(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new RegistroException(e, "error.file.write", path.toString(), e.getMessage());
            }
        }
    }
}
