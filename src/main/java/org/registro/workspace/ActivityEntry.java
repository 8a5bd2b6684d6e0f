package org.registro.workspace;

import java.time.Instant;

/** One line of the workspace's recent activity, from the audit log. */
public record ActivityEntry(Instant occurredAt, String actor, String action, String entityType, Long entityId,
                            String summary) {
}
