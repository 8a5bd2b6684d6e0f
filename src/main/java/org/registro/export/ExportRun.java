package org.registro.export;

import java.time.OffsetDateTime;
import java.util.Map;

/** An earlier export as the audit keeps it. */
public record ExportRun(long id, OffsetDateTime createdAt, String createdBy, String destination, String purpose,
                        String channel, String topic, String selectorKind, String selectorLabel, String fileName,
                        String sha256, long rows, long excludedCount, Map<String, Long> excluded) {
}
