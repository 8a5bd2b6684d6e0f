package org.registro.workspace;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.registro.common.RegistroException;

/**
 * Where a team workspace lives: {@code postgresql://user@host:port/database}, optionally with
 * {@code ?schema=name} when the database holds other things too. Written like a folder wherever a workspace is
 * named (the start screen, {@code --workspace}); it never holds a password (see {@link TeamPassword}).
 *
 * @param user     the PostgreSQL user (also who the audit log names); the computer's user name when left out
 * @param host     the server, {@code localhost} when left out
 * @param port     5432 when left out
 * @param database the database
 * @param schema   the schema the workspace's tables are in, {@code public} when left out
 */
public record TeamAddress(String user, String host, int port, String database, String schema) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    public TeamAddress {
        if (!NAME.matcher(schema).matches()) {
            throw new RegistroException("error.team.badAddress", schema);
        }
    }

    /** Whether {@code text} names a team workspace rather than a folder. */
    public static boolean isAddress(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("postgresql://") || t.startsWith("postgres://");
    }

    /** Reads {@code postgresql://user@host:port/database?schema=s}; refuses anything else with a clear message. */
    public static TeamAddress parse(String text) {
        if (!isAddress(text)) {
            throw new RegistroException("error.team.badAddress", String.valueOf(text));
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new RegistroException(e, "error.team.badAddress", text);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isBlank() || path.contains("/") || uri.getHost() == null) {
            throw new RegistroException("error.team.badAddress", text);
        }
        String info = uri.getUserInfo();
        if (info != null && info.contains(":")) {
            // a password written into the address would end up in the recent list and the shell's history
            throw new RegistroException("error.team.passwordInAddress", text.replaceAll(":[^@/]*@", ":…@"));
        }
        String user = info == null || info.isBlank() ? System.getProperty("user.name") : info;
        String schema = "public";
        if (uri.getQuery() != null) {
            for (String part : uri.getQuery().split("&")) {
                if (part.startsWith("schema=")) {
                    schema = part.substring("schema=".length());
                } else if (!part.isBlank()) {
                    throw new RegistroException("error.team.badAddress", text);
                }
            }
        }
        return new TeamAddress(user, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, schema);
    }

    /**
     * This computer's folder for what a team workspace keeps locally — rejected rows, exported lists, backups —
     * one per user and workspace under Registro's settings folder.
     */
    public Path localFolder() {
        String name = (user + "@" + host + "-" + port + "-" + database
                + ("public".equals(schema) ? "" : "-" + schema)).replaceAll("[^A-Za-z0-9@._-]", "_");
        return UserSettings.home().resolve("team").resolve(name);
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + (port == 5432 ? "" : ":" + port) + "/" + database
                + ("public".equals(schema) ? "" : "?schema=" + schema);
    }
}
