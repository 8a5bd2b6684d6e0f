package org.registro.ingest;

import java.util.List;
import java.util.function.Consumer;
import org.registro.common.Progress;

/**
 * Sends a sheet's rows where they belong: the header row to one consumer, each later non-empty row to
 * the other, checking for cancellation every thousand rows.
 */
final class HeaderedRows {

    private final int headerRow;
    private final Consumer<List<String>> onHeader;
    private final Consumer<SourceRow> onRow;
    private final Progress progress;
    private long rowsRead;
    private boolean headerSent;

    /** @param headerRow the 1-based row holding the column headers, or 0 when the sheet has none */
    HeaderedRows(int headerRow, Consumer<List<String>> onHeader, Consumer<SourceRow> onRow, Progress progress) {
        this.headerRow = headerRow;
        this.onHeader = onHeader;
        this.onRow = onRow;
        this.progress = progress;
    }

    /** One row of the sheet, {@code line} counted from 1. */
    void accept(int line, List<String> cells) {
        if (headerRow == SourceFile.Options.NO_HEADER && !headerSent && cells.stream().anyMatch(c -> !c.isBlank())) {
            onHeader.accept(DelimitedFile.numbered(cells.size())); // no header row: numbered columns
            headerSent = true;
        }
        if (line == headerRow) {
            onHeader.accept(List.copyOf(cells));
        } else if (line > headerRow && cells.stream().anyMatch(c -> !c.isBlank())) {
            onRow.accept(new SourceRow(line, List.copyOf(cells)));
            if (++rowsRead % 1000 == 0) {
                progress.checkCancelled();
            }
        }
    }
}
