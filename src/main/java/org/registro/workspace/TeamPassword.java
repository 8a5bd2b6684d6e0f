package org.registro.workspace;

/**
 * Where a team workspace's server password comes from when the user is not asked for it: {@code PGPASSWORD}, as
 * for PostgreSQL's own tools (the driver also reads {@code ~/.pgpass}). Registro never writes it anywhere.
 */
public final class TeamPassword {

    private TeamPassword() {
    }

    /** The password in the environment, or null. */
    public static char[] fromEnvironment() {
        String value = System.getenv("PGPASSWORD");
        return value == null || value.isEmpty() ? null : value.toCharArray();
    }
}
