package org.registro.ingest;

import java.util.List;

/**
 * One data row of a source file as read, before any mapping.
 *
 * @param line  the line (or spreadsheet row) where the row starts, counting the header as line 1
 * @param cells the cells in column order; a ragged row has fewer or more cells than the header
 */
public record SourceRow(long line, List<String> cells) {
}
