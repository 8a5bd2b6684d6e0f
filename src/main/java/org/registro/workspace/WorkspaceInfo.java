package org.registro.workspace;

import java.util.Map;

/**
 * What {@code registro workspace info} and the Home screen show about a workspace.
 *
 * @param recoveryProblem why the workspace is open read-only (see {@link Workspace#recoveryProblem()}), or null
 * @param store           where it lives: {@code h2} (a folder) or {@code postgresql} (a team workspace)
 * @param address         the folder, or the team workspace's server address
 */
public record WorkspaceInfo(String name, String folder, boolean encrypted, String schemaVersion,
                            String defaultRegion, Map<String, Long> rowCounts, String recoveryProblem, String store,
                            String address) {
}
