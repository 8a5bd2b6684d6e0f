package org.registro.ingest;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.DEFERRED_INDEX;

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

    /** An index or foreign key set aside: how to take it away and how to put it back. */
    private record Aside(String name, String table, String drop, String create) {
    }

    /** Records and drops the indexes (and foreign keys) set aside for batch {@code batchId}; returns how many. */
    public static int setAside(Connection connection, long batchId, OffsetDateTime now) throws SQLException {
        if (org.registro.workspace.Store.of(connection) != org.registro.workspace.Store.H2) {
            return 0; // H2's remedy (decision 0013); on a server other people read by these indexes meanwhile
        }
        List<Aside> aside = candidates(connection);
        if (aside.isEmpty()) {
            return 0;
        }
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO deferred_index "
                + "(index_name, table_name, create_sql, set_aside_by, deferred_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Aside a : aside) {
                record.setString(1, a.name());
                record.setString(2, a.table());
                record.setString(3, a.create());
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
            for (Aside a : aside) {
                st.execute(a.drop());
            }
        }
        return aside.size();
    }

    /**
     * Builds every index recorded as set aside, each removed from the record once it exists again. Returns how
     * many were built. DDL commits in H2: call it between transactions.
     */
    public static int rebuild(Connection connection) throws SQLException {
        Map<String, String> recorded = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
             // foreign keys first: one declared after a plain index of its very columns would take that index
             // over, and the workspace would not be as it was
             ResultSet rs = st.executeQuery("SELECT index_name, create_sql FROM deferred_index ORDER BY deferred_at, "
                     + "create_sql NOT LIKE 'ALTER TABLE%', table_name, index_name")) {
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

    /**
     * What an import may set aside: the plain indexes of the tables about people that neither a constraint owns
     * nor start with the row's contact column, and the foreign keys of those tables (with the index H2 keeps for
     * each) unless the key is on the contact column and no index that stays starts with it.
     */
    private static List<Aside> candidates(Connection connection) throws SQLException {
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
        tables.remove(DEFERRED_INDEX.getName().toUpperCase(Locale.ROOT));
        Map<String, String> ownedBy = new LinkedHashMap<>(); // index name to the foreign key owning it, or ""
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT INDEX_NAME, CONSTRAINT_TYPE, CONSTRAINT_NAME "
                     + "FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = SCHEMA() AND INDEX_NAME IS NOT NULL")) {
            while (rs.next()) {
                ownedBy.put(rs.getString(1), "FOREIGN KEY".equals(rs.getString(2)) ? rs.getString(3) : "");
            }
        }
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, String> tableOf = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT i.TABLE_NAME, i.INDEX_NAME, c.COLUMN_NAME, c.ORDERING_SPECIFICATION, c.NULL_ORDERING
                FROM INFORMATION_SCHEMA.INDEXES i
                JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c
                  ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME AND c.TABLE_NAME = i.TABLE_NAME
                WHERE i.TABLE_SCHEMA = SCHEMA()
                ORDER BY i.TABLE_NAME, i.INDEX_NAME, c.ORDINAL_POSITION
                """); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                if (!tables.contains(rs.getString(1))) {
                    continue;
                }
                tableOf.put(rs.getString(2), rs.getString(1));
                columns.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add("\"" + rs.getString(3) + "\""
                        + ("DESC".equals(rs.getString(4)) ? " DESC" : "")
                        + (rs.getString(5) == null ? "" : " NULLS " + rs.getString(5)));
            }
        }
        List<Aside> found = new ArrayList<>();
        Set<String> contactLedTables = new HashSet<>(); // tables keeping an index that starts with the contact column
        Set<String> kept = new HashSet<>(); // "TABLE[columns]" of the indexes that stay
        for (Map.Entry<String, List<String>> index : columns.entrySet()) {
            String table = tableOf.get(index.getKey());
            boolean contactLed = !CONTACT.getName().equalsIgnoreCase(table)
                    && index.getValue().get(0).startsWith("\"" + contactColumns.get(table) + "\"");
            String owner = ownedBy.get(index.getKey());
            if (owner == null && !contactLed) {
                found.add(new Aside(index.getKey(), table, "DROP INDEX IF EXISTS \"" + index.getKey() + "\"",
                        "CREATE INDEX IF NOT EXISTS \"" + index.getKey() + "\" ON \"" + table + "\" ("
                                + String.join(", ", index.getValue()) + ")"));
            } else if (owner == null || owner.isEmpty()) { // a key, or a plain index that stays
                if (contactLed) {
                    contactLedTables.add(table);
                }
                kept.add(table + index.getValue().stream().map(c -> c.replaceFirst("\" .*$", "\""))
                        .toList());
            }
        }
        for (ForeignKey key : foreignKeys(connection)) {
            if (!tables.contains(key.table())) {
                continue;
            }
            boolean onContact = key.columns().get(0).equals(contactColumns.get(key.table()));
            if (onContact && !contactLedTables.contains(key.table())) {
                continue; // the import reads this table by contact through the key's own index
            }
            if (kept.contains(key.table() + key.columns().stream().map(c -> "\"" + c + "\"").toList())) {
                continue; // declared again, it would take over the index of its very columns that stays
            }
            found.add(new Aside(key.name(), key.table(), "ALTER TABLE \"" + key.table() + "\" DROP CONSTRAINT IF EXISTS \""
                    + key.name() + "\"", key.addSql()));
        }
        return found;
    }

    private record ForeignKey(String table, String name, List<String> columns, String parent,
                              List<String> parentColumns, String onDelete, String onUpdate) {

        /**
         * The key declared again as it was. Its rows are not checked again ({@code NOCHECK}: a third of the
         * rebuilding time): while it was set aside, only the import wrote, with ids it had just inserted or read, and
         * the workspace check reports any row pointing at a missing contact.
         */
        String addSql() {
            return "ALTER TABLE \"" + table + "\" ADD CONSTRAINT IF NOT EXISTS \"" + name + "\" FOREIGN KEY ("
                    + quoted(columns) + ") REFERENCES \"" + parent + "\" (" + quoted(parentColumns) + ")"
                    + rule("DELETE", onDelete) + rule("UPDATE", onUpdate) + " NOCHECK";
        }

        private static String quoted(List<String> names) {
            return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
        }

        private static String rule(String action, String rule) {
            return rule == null || "NO ACTION".equals(rule) || "RESTRICT".equals(rule) ? ""
                    : " ON " + action + " " + rule;
        }
    }

    private static List<ForeignKey> foreignKeys(Connection connection) throws SQLException {
        Map<String, ForeignKey> keys = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.COLUMN_NAME, pk.TABLE_NAME, pk.COLUMN_NAME,
                            rc.DELETE_RULE, rc.UPDATE_RULE
                     FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
                     JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc
                       ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                     JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
                       ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                     JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE pk
                       ON pk.CONSTRAINT_SCHEMA = rc.UNIQUE_CONSTRAINT_SCHEMA
                      AND pk.CONSTRAINT_NAME = rc.UNIQUE_CONSTRAINT_NAME
                      AND pk.ORDINAL_POSITION = k.POSITION_IN_UNIQUE_CONSTRAINT
                     WHERE tc.CONSTRAINT_TYPE = 'FOREIGN KEY' AND tc.TABLE_SCHEMA = SCHEMA()
                     ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
                     """)) {
            while (rs.next()) {
                String table = rs.getString(1);
                String parent = rs.getString(4);
                String onDelete = rs.getString(6);
                String onUpdate = rs.getString(7);
                ForeignKey key = keys.computeIfAbsent(rs.getString(2), name -> new ForeignKey(table, name,
                        new ArrayList<>(), parent, new ArrayList<>(), onDelete, onUpdate));
                key.columns().add(rs.getString(3));
                key.parentColumns().add(rs.getString(5));
            }
        }
        return new ArrayList<>(keys.values());
    }
}
