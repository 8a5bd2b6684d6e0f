package org.registro.common;

/**
 * An error the user can understand and act on. It carries a message key and arguments so the GUI and
 * the CLI can show it in the user's language; {@link #getMessage()} renders it in the default locale.
 */
public class RegistroException extends RuntimeException {

    private final String key;
    private final transient Object[] args;

    public RegistroException(String key, Object... args) {
        super(key);
        this.key = key;
        this.args = args.clone();
    }

    public RegistroException(Throwable cause, String key, Object... args) {
        super(key, cause);
        this.key = key;
        this.args = args.clone();
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    @Override
    public String getMessage() {
        return Messages.get(key, args);
    }
}
