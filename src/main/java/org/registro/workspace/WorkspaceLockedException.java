package org.registro.workspace;

import org.registro.common.RegistroException;

/** The workspace is open in another running Registro. */
public final class WorkspaceLockedException extends RegistroException {
    public WorkspaceLockedException(String folder, String holder) {
        super("error.workspace.locked", folder, holder == null || holder.isBlank() ? "?" : holder);
    }
}
