package org.registro.workspace;

import org.registro.common.RegistroException;

/** The workspace is encrypted and no password was given. */
public final class PasswordRequiredException extends RegistroException {
    public PasswordRequiredException(String folder) {
        super(TeamAddress.isAddress(folder) ? "error.team.passwordRequired" : "error.workspace.passwordRequired", folder);
    }
}
