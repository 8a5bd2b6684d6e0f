package org.registro.workspace;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reading a large result row by row. H2 reads a query's whole result before handing over its first row, and
 * copies one of a million rows to a temporary file first, unless the session is told to stream
 * ({@code LAZY_QUERY_EXECUTION}); the setting belongs to the pooled connection, so it is put back afterwards.
 * (H2 only: nothing to set on PostgreSQL.)
 */
public final class Streaming {

    /** Work on the connections while they stream. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    private Streaming() {
    }

    /** Runs {@code work} with these connections streaming their results, and puts them back as they were. */
    public static void lazily(Work work, Connection... connections) throws SQLException {
        set(connections, true);
        try {
            work.run();
        } finally {
            set(connections, false);
        }
    }

    private static void set(Connection[] connections, boolean lazy) throws SQLException {
        for (Connection c : connections) {
            if (Store.of(c) != Store.H2) {
                continue; // PostgreSQL streams a query read with a fetch size inside a transaction
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET LAZY_QUERY_EXECUTION " + (lazy ? "TRUE" : "FALSE"));
            }
        }
    }
}
