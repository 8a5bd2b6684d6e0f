package org.registro.workspace;

import org.registro.common.RegistroException;

/** Someone else is running work that changes many people at once in this team workspace ({@link ExclusiveWork}). */
public final class WorkspaceBusyException extends RegistroException {
    WorkspaceBusyException(ExclusiveWork.Holder holder) {
        super(holder == null ? "error.team.busyUnknown" : "error.team.busy",
                holder == null ? "" : holder.describe());
    }
}
