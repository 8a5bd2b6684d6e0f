package org.registro.workspace;

import org.registro.common.RegistroException;

/** The password does not open this encrypted workspace; the files were not touched. */
public final class WrongPasswordException extends RegistroException {
    public WrongPasswordException(String folder) {
        super(TeamAddress.isAddress(folder) ? "error.team.wrongPassword" : "error.workspace.wrongPassword", folder);
    }
}
