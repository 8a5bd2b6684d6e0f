package org.registro.ingest;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Lets H2 keep more unsaved changes in memory during an import. H2 writes its file whenever about 19 MB of
 * changes are pending, rewriting every index page touched since the last write; an import touches pages of
 * a dozen indexes with every row, so a larger buffer saves most of those rewrites. H2 offers no setting for
 * it, so this reaches into its store; if a later H2 version moves it, imports simply run at the normal pace.
 */
final class H2Tuning {

    private static final int IMPORT_BUFFER = 256 * 1024 * 1024;

    private H2Tuning() {
    }

    /** Raises the buffer for the duration of an import; returns the previous size, or -1 if unchanged. */
    static int enlargeWriteBuffer(Connection connection) {
        try {
            Object store = store(connection);
            Field field = store.getClass().getDeclaredField("autoCommitMemory");
            field.setAccessible(true);
            int previous = field.getInt(store);
            field.setInt(store, Math.max(previous, IMPORT_BUFFER));
            return previous;
        } catch (ReflectiveOperationException | RuntimeException | SQLException e) {
            return -1;
        }
    }

    static void restoreWriteBuffer(Connection connection, int previous) {
        if (previous < 0) {
            return;
        }
        try {
            Object store = store(connection);
            Field field = store.getClass().getDeclaredField("autoCommitMemory");
            field.setAccessible(true);
            field.setInt(store, previous);
        } catch (ReflectiveOperationException | RuntimeException | SQLException e) {
            // the buffer stays larger until the workspace is closed
        }
    }

    private static Object store(Connection connection) throws SQLException {
        org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
        return ((org.h2.engine.SessionLocal) h2.getSession()).getDatabase().getStore().getMvStore();
    }
}
