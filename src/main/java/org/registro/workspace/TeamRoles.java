package org.registro.workspace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.registro.common.RegistroException;

/**
 * Who may do what in a team workspace, kept by PostgreSQL itself (issue 25): three group roles per workspace,
 * made by {@code workspace team init} — viewer (reads, and exports transactional lists), editor (everything a
 * marketer does day to day), administrator (settings, erasure, retention, users). The app hides what a role may
 * not do ({@link Workspace#role()}); the database refuses it anyway: table privileges, and row policies where one
 * table holds both (an editor may mark someone do-not-contact but not erase them, nor change the workspace's
 * region, time zone or salt; a viewer's exports are transactional).
 */
public final class TeamRoles {

    /** What a person may do in a workspace. A workspace in a folder is its user's: administrator. */
    public enum Role {
        VIEWER, EDITOR, ADMINISTRATOR;

        public boolean mayEdit() {
            return this != VIEWER;
        }

        public boolean mayAdminister() {
            return this == ADMINISTRATOR;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role parse(String text) {
            for (Role r : values()) {
                if (r.code().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))
                        || r == ADMINISTRATOR && "admin".equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return r;
                }
            }
            throw new RegistroException("error.team.role", String.valueOf(text));
        }
    }

    /** A person with a role in the workspace. */
    public record Member(String user, Role role) {
    }

    /** Settings only an administrator changes. */
    static final List<String> ADMIN_SETTINGS = List.of(Workspace.SETTING_DEFAULT_REGION, Workspace.SETTING_TIME_ZONE,
            Workspace.SETTING_SALT, TeamStore.SETTING_NAME);

    private TeamRoles() {
    }

    /** The group role of {@code role} in the workspace at {@code address}: one per database and schema. */
    static String groupRole(TeamAddress address, Role role) {
        String base = ("registro_" + address.database() + "_" + address.schema()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        String suffix = "_" + role.code();
        return (base.length() + suffix.length() > 63 ? base.substring(0, 63 - suffix.length()) : base) + suffix;
    }

    /** The role of the connected user: the schema's owner and administrators, editors, viewers. */
    static Role roleOf(Connection c, TeamAddress address) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_get_userbyid(nspowner) = current_user, "
                + "(SELECT array_agg(rolname) FROM pg_roles WHERE rolname IN (?, ?, ?) "
                + "AND pg_has_role(current_user, oid, 'MEMBER')), "
                + "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) "
                + "FROM pg_namespace WHERE nspname = current_schema()")) {
            p.setString(1, groupRole(address, Role.ADMINISTRATOR));
            p.setString(2, groupRole(address, Role.EDITOR));
            p.setString(3, groupRole(address, Role.VIEWER));
            p.setString(4, groupRole(address, Role.VIEWER));
            try (ResultSet r = p.executeQuery()) {
                if (!r.next() || r.getBoolean(1) || !r.getBoolean(3)) {
                    return Role.ADMINISTRATOR; // the owner, or no roles made yet: the server's privileges decide
                }
                java.sql.Array held = r.getArray(2);
                List<String> roles = held == null ? List.of() : List.of((String[]) held.getArray());
                if (roles.contains(groupRole(address, Role.ADMINISTRATOR))) {
                    return Role.ADMINISTRATOR;
                }
                return roles.contains(groupRole(address, Role.EDITOR)) ? Role.EDITOR : Role.VIEWER;
            }
        }
    }

    /**
     * Makes the three roles and their privileges (run by the schema's owner; again after an upgrade, it brings
     * new tables in). Idempotent.
     */
    public static void init(Workspace workspace) {
        TeamAddress address = teamOf(workspace);
        String viewer = groupRole(address, Role.VIEWER);
        String editor = groupRole(address, Role.EDITOR);
        String admin = groupRole(address, Role.ADMINISTRATOR);
        String schema = address.schema();
        List<String> sql = new ArrayList<>();
        for (String role : List.of(viewer, editor, admin)) {
            sql.add("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
                    + "CREATE ROLE " + role + " NOLOGIN; END IF; END $$");
        }
        sql.add("GRANT " + viewer + " TO " + editor);
        sql.add("GRANT " + editor + " TO " + admin);
        sql.add("GRANT USAGE ON SCHEMA " + schema + " TO " + viewer);
        sql.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + viewer);
        sql.add("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + viewer);
        // what a viewer writes: the record of its exports, the audit log, the change feed
        sql.add("GRANT INSERT, UPDATE ON audit_log, export_run, destination_told, destination_sync, registro_change TO "
                + viewer);
        sql.add("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + editor);
        sql.add("REVOKE INSERT, UPDATE, DELETE ON retention_policy, retention_run FROM " + editor);
        sql.add("GRANT ALL ON ALL TABLES IN SCHEMA " + schema + " TO " + admin);
        sql.add("GRANT ALL ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + admin);
        sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + viewer);
        sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT USAGE, SELECT ON SEQUENCES TO " + viewer);
        sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT INSERT, UPDATE, DELETE ON TABLES TO " + editor);
        sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT ALL ON TABLES TO " + admin);
        // one table, two kinds of rows: row policies
        policies(sql, "contact", viewer, editor, admin, "status <> 'erased'", "true");
        policies(sql, "suppression", viewer, editor, admin, "kind <> 'erased'", "kind <> 'erased'");
        policies(sql, "workspace_setting", viewer, editor, admin,
                "setting_key NOT IN (" + String.join(", ", ADMIN_SETTINGS.stream().map(k -> "'" + k + "'").toList()) + ")",
                "setting_key NOT IN (" + String.join(", ", ADMIN_SETTINGS.stream().map(k -> "'" + k + "'").toList()) + ")");
        sql.add("DROP POLICY IF EXISTS registro_viewer_export ON export_run");
        sql.add("CREATE POLICY registro_viewer_export ON export_run FOR INSERT TO " + viewer
                + " WITH CHECK (purpose = 'transactional')");
        workspace.dsl().transaction(cfg -> sql.forEach(s -> cfg.dsl().execute(s)));
    }

    /**
     * Row policies of {@code table}: everyone in the workspace reads; an editor writes rows that pass
     * {@code editorCheck} (and changes or deletes rows that pass {@code editorUsing}); an administrator anything.
     */
    private static void policies(List<String> sql, String table, String viewer, String editor, String admin,
                                 String editorCheck, String editorUsing) {
        sql.add("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
        for (String name : List.of("registro_read", "registro_edit_insert", "registro_edit_update",
                "registro_edit_delete", "registro_admin", "registro_viewer_export")) {
            sql.add("DROP POLICY IF EXISTS " + name + " ON " + table);
        }
        sql.add("CREATE POLICY registro_read ON " + table + " FOR SELECT TO " + viewer + " USING (true)");
        sql.add("CREATE POLICY registro_edit_insert ON " + table + " FOR INSERT TO " + editor
                + " WITH CHECK (" + editorCheck + ")");
        sql.add("CREATE POLICY registro_edit_update ON " + table + " FOR UPDATE TO " + editor
                + " USING (" + editorUsing + ") WITH CHECK (" + editorCheck + ")");
        sql.add("CREATE POLICY registro_edit_delete ON " + table + " FOR DELETE TO " + editor
                + " USING (" + editorUsing + ")");
        sql.add("CREATE POLICY registro_admin ON " + table + " FOR ALL TO " + admin + " USING (true) WITH CHECK (true)");
    }

    /**
     * Gives {@code user} a role in the workspace (only one: the others are taken away), making the server user with
     * {@code password} when there is none by that name. Needs an administrator allowed to make roles.
     */
    public static void grant(Workspace workspace, String user, Role role, char[] password) {
        TeamAddress address = teamOf(workspace);
        if (!user.matches("[A-Za-z_][A-Za-z0-9_.@-]{0,62}")) {
            throw new RegistroException("error.team.userName", user);
        }
        String quoted = "\"" + user + "\"";
        workspace.dsl().transaction(cfg -> {
            var tx = cfg.dsl();
            boolean exists = tx.fetchExists(tx.selectOne().from("pg_roles").where("rolname = {0}",
                    org.jooq.impl.DSL.val(user)));
            if (!exists) {
                if (password == null || password.length == 0) {
                    throw new RegistroException("error.team.newUserPassword", user);
                }
                tx.execute("CREATE ROLE " + quoted + " LOGIN PASSWORD " + org.jooq.impl.DSL.inline(new String(password)));
            }
            for (Role r : Role.values()) {
                tx.execute("REVOKE " + groupRole(address, r) + " FROM " + quoted);
            }
            tx.execute("GRANT " + groupRole(address, role) + " TO " + quoted);
        });
    }

    /** Whether {@code workspace team init} made the workspace's roles. */
    public static boolean made(Workspace workspace) {
        return workspace.dsl().fetchExists(workspace.dsl().selectOne().from("pg_roles").where("rolname = {0}",
                org.jooq.impl.DSL.val(groupRole(teamOf(workspace), Role.VIEWER))));
    }

    /** Takes {@code user}'s role in the workspace away (the server user stays, for other workspaces). */
    public static void revoke(Workspace workspace, String user) {
        TeamAddress address = teamOf(workspace);
        if (!user.matches("[A-Za-z_][A-Za-z0-9_.@-]{0,62}")) {
            throw new RegistroException("error.team.userName", user);
        }
        workspace.dsl().transaction(cfg -> {
            for (Role r : Role.values()) {
                cfg.dsl().execute("REVOKE " + groupRole(address, r) + " FROM \"" + user + "\"");
            }
        });
    }

    /** Who has a role in the workspace, by user name. */
    public static List<Member> members(Workspace workspace) {
        TeamAddress address = teamOf(workspace);
        List<Member> out = new ArrayList<>();
        for (Role role : new Role[] {Role.ADMINISTRATOR, Role.EDITOR, Role.VIEWER}) {
            workspace.dsl().resultQuery("SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                            + "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = {0} AND m.rolcanlogin "
                            + "ORDER BY m.rolname", org.jooq.impl.DSL.val(groupRole(address, role)))
                    .fetch(0, String.class).forEach(u -> out.add(new Member(u, role)));
        }
        return out;
    }

    private static TeamAddress teamOf(Workspace workspace) {
        return workspace.team().orElseThrow(() -> new RegistroException("error.team.only", workspace.address()));
    }
}
