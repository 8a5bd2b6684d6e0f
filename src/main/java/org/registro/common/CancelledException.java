package org.registro.common;

/** Thrown by long work that stopped because the user cancelled it; the work left the data as it was. */
public final class CancelledException extends RegistroException {
    public CancelledException() {
        super("error.cancelled");
    }
}
