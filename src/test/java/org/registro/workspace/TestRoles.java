package org.registro.workspace;

/**
 * Gives an open workspace the role a team workspace's server would report, so that screens can be tested for
 * each role without a server (what the server itself refuses is tested in {@link TeamWorkspaceTest}).
 */
public final class TestRoles {

    private TestRoles() {
    }

    public static void pretend(Workspace workspace, TeamRoles.Role role) {
        workspace.rememberRole(role);
    }
}
