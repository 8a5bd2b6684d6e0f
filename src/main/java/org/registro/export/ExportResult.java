package org.registro.export;

import java.nio.file.Path;
import java.util.Map;

/** What an export wrote: its id in the audit, the file, its SHA-256, the rows written and the people left out. */
public record ExportResult(long exportId, Path file, String sha256, long written, Map<Exclusion, Long> excluded,
                           Path excludedFile, long durationMs) {

    public long excludedTotal() {
        return excluded.values().stream().mapToLong(Long::longValue).sum();
    }
}
