package org.registro.export;

import java.util.Map;

/** How many a request would write and how many it leaves out, per reason, before anything is written. */
public record ExportPreview(long selected, long included, Map<Exclusion, Long> excluded) {

    public long excludedTotal() {
        return excluded.values().stream().mapToLong(Long::longValue).sum();
    }
}
