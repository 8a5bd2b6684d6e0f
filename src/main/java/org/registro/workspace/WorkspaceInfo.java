package org.registro.workspace;

import java.util.Map;

/**
 * What {@code registro workspace info} and the Home screen show about a workspace.
 *
 * @param recoveryProblem why the workspace is open read-only (see {@link Workspace#recoveryProblem()}), or null
 */
public record WorkspaceInfo(String name, String folder, boolean encrypted, String schemaVersion,
                            String defaultRegion, Map<String, Long> rowCounts, String recoveryProblem) {
}
