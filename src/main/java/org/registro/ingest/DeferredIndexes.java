package org.registro.ingest;

import static org.registro.db.Tables.CONTACT;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.registro.contact.ContactLinks;
import org.registro.workspace.Workspace;

/**
 * The secondary indexes a large first import sets aside while it writes and builds again at its end. H2 keeps
 * every index up to date row by row; building one over the finished table is a sort, several times cheaper
 * (issue 24: a contact row with its nine indexes costs six times one without). Only for an import into an
 * empty or small workspace, where rebuilding covers little more than the rows written.
 *
 * <p>Set aside: the plain indexes of the tables about people (those with a batch column in
 * {@link ContactLinks#batchLinks()} or a contact column in {@link ContactLinks#links()}), except indexes a constraint owns and those that start with the row's
 * contact column, which the import reads by for people met again later in the file. Each index is recorded in
 * {@code deferred_index} (committed) before it is dropped, so a workspace never loses one: the end of the
 * import, its failure or cancellation, and otherwise the next open ({@link #restore}) build it again.
 */
public final class DeferredIndexes {

    /** Below this many rows expected, the indexes are kept: their upkeep is a few seconds at most. */
    static final long MIN_ROWS = 20_000;

    private DeferredIndexes() {
    }

    /**
     * Whether an import of about {@code expectedRows} rows into a workspace of {@code existingContacts} should
     * set the indexes aside: a first import, or one into a workspace several times smaller than the file.
     */
    static boolean worthIt(long existingContacts, long expectedRows, long minRows) {
        return expectedRows >= minRows && existingContacts * 4 <= expectedRows;
    }

    /** Records and drops the indexes set aside for batch {@code batchId}; returns how many. */
    public static int setAside(Connection connection, long batchId, OffsetDateTime now) throws SQLException {
        Map<String, String> indexes = candidates(connection);
        if (indexes.isEmpty()) {
            return 0;
        }
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO deferred_index "
                + "(index_name, table_name, create_sql, batch_id, deferred_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, String> index : indexes.entrySet()) {
                record.setString(1, index.getKey());
                record.setString(2, index.getValue().substring(0, index.getValue().indexOf('|')));
                record.setString(3, index.getValue().substring(index.getValue().indexOf('|') + 1));
                record.setLong(4, batchId);
                record.setObject(5, now);
                record.addBatch();
            }
            record.executeBatch();
            connection.commit(); // recorded before anything is dropped
        } finally {
            connection.setAutoCommit(auto);
        }
        try (Statement st = connection.createStatement()) {
            for (String name : indexes.keySet()) {
                st.execute("DROP INDEX IF EXISTS \"" + name + "\"");
            }
        }
        return indexes.size();
    }

    /**
     * Builds every index recorded as set aside, each removed from the record once it exists again. Returns how
     * many were built. DDL commits in H2: call it between transactions.
     */
    public static int rebuild(Connection connection) throws SQLException {
        Map<String, String> recorded = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT index_name, create_sql FROM deferred_index ORDER BY deferred_at, "
                     + "table_name, index_name")) {
            while (rs.next()) {
                recorded.put(rs.getString(1), rs.getString(2));
            }
        }
        try (Statement st = connection.createStatement();
             PreparedStatement done = connection.prepareStatement("DELETE FROM deferred_index WHERE index_name = ?")) {
            for (Map.Entry<String, String> index : recorded.entrySet()) {
                st.execute(index.getValue());
                done.setString(1, index.getKey());
                done.executeUpdate();
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            }
        }
        return recorded.size();
    }

    /** On open: builds the indexes an import set aside and could not build again (it was killed). */
    public static int restore(Workspace workspace) {
        var provider = workspace.dsl().configuration().connectionProvider();
        Connection connection = provider.acquire();
        try {
            return rebuild(connection);
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
        } finally {
            provider.release(connection);
        }
    }

    /** Index name to "TABLE|CREATE INDEX …" for every index an import may set aside. */
    private static Map<String, String> candidates(Connection connection) throws SQLException {
        Set<String> tables = new LinkedHashSet<>();
        for (ContactLinks.BatchLink link : ContactLinks.batchLinks()) {
            tables.add(link.table().getName().toUpperCase(Locale.ROOT));
        }
        Map<String, String> contactColumns = new LinkedHashMap<>();
        for (ContactLinks.Link link : ContactLinks.links()) {
            if (link.via() == null && !link.inBlob()) {
                String table = link.table().getName().toUpperCase(Locale.ROOT);
                tables.add(table); // rows about people the import derives, such as consent states
                contactColumns.putIfAbsent(table, link.contactColumn().getName().toUpperCase(Locale.ROOT));
            }
        }
        Set<String> owned = new HashSet<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                     + "WHERE TABLE_SCHEMA = SCHEMA() AND INDEX_NAME IS NOT NULL")) {
            while (rs.next()) {
                owned.add(rs.getString(1));
            }
        }
        Map<String, String> found = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT i.TABLE_NAME, i.INDEX_NAME, c.COLUMN_NAME, c.ORDERING_SPECIFICATION, c.NULL_ORDERING
                FROM INFORMATION_SCHEMA.INDEXES i
                JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c
                  ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME AND c.TABLE_NAME = i.TABLE_NAME
                WHERE i.TABLE_SCHEMA = SCHEMA() AND i.INDEX_TYPE_NAME = 'INDEX'
                ORDER BY i.TABLE_NAME, i.INDEX_NAME, c.ORDINAL_POSITION
                """); ResultSet rs = st.executeQuery()) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            Map<String, String> tableOf = new LinkedHashMap<>();
            while (rs.next()) {
                String table = rs.getString(1);
                String index = rs.getString(2);
                if (!tables.contains(table) || owned.contains(index)) {
                    continue;
                }
                tableOf.put(index, table);
                columns.computeIfAbsent(index, k -> new ArrayList<>()).add("\"" + rs.getString(3) + "\""
                        + ("DESC".equals(rs.getString(4)) ? " DESC" : "")
                        + (rs.getString(5) == null ? "" : " NULLS " + rs.getString(5)));
            }
            for (Map.Entry<String, List<String>> index : columns.entrySet()) {
                String table = tableOf.get(index.getKey());
                String first = index.getValue().get(0);
                if (!CONTACT.getName().equalsIgnoreCase(table)
                        && first.startsWith("\"" + contactColumns.get(table) + "\"")) {
                    continue; // read by contact during the import itself
                }
                found.put(index.getKey(), table + "|CREATE INDEX IF NOT EXISTS \"" + index.getKey() + "\" ON \""
                        + table + "\" (" + String.join(", ", index.getValue()) + ")");
            }
        }
        return found;
    }
}
