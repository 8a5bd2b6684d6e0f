package org.registro.workspace;

import java.time.Instant;

/**
 * The small unencrypted file ({@code workspace.json}) that tells Registro a folder is a workspace, its
 * name, and whether the database needs a password.
 */
public record WorkspaceManifest(int format, String name, boolean encrypted, Instant createdAt) {
    public static final int CURRENT_FORMAT = 1;
}
