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

    /**
     * The error as the user should read it: ours as it is; a write refused by a workspace opened read-only
     * (after a failed recovery) as that; null for anything else (an unexpected error).
     */
    public static RegistroException explain(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RegistroException ours) {
                return ours;
            }
            if (e instanceof java.sql.SQLException sql && sql.getErrorCode() == DATABASE_IS_READ_ONLY) {
                return new RegistroException(error, "error.workspace.readOnly");
            }
            if (e instanceof java.sql.SQLException sql && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())) {
                // a team workspace's server refused what the user's role may not do (a table or a row policy)
                return new RegistroException(error, "error.team.refused");
            }
        }
        return null;
    }

    /** PostgreSQL's SQL state for a privilege or row policy that refuses the statement. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** H2's error code for a write to a database opened read-only. */
    private static final int DATABASE_IS_READ_ONLY = 90097;

    @Override
    public String getMessage() {
        return Messages.get(key, args);
    }
}
