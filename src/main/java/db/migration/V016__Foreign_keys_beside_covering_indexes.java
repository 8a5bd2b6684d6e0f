package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the foreign keys whose columns another index of their table already starts with. H2 keeps an index of
 * its own for every foreign key, and only reuses one with exactly the key's columns, so a row of
 * {@code contact_value} kept {@code (contact_id)} beside its primary key {@code (contact_id, field_id)} and
 * {@code (field_id)} beside {@code (field_id, value_text)}, and so did consent, history, tags and events: about
 * one index in four an import maintains served nothing but the key (issue 24; declaring the key again on the
 * covering index is not possible in H2). What the keys guarded stays guarded: every column that points at a
 * contact is registered in {@code ContactLinks}, whose undo, merge and erasure policies keep them pointing at
 * a contact and whose dangling rows the workspace check reports; fields, tags and channels are never deleted.
 * Like V003, written in Java because H2 names these constraints itself.
 */
public class V016__Foreign_keys_beside_covering_indexes extends BaseJavaMigration {

    private record ForeignKey(String table, String name, String index, List<String> columns) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<String> drops = new ArrayList<>();
        for (ForeignKey key : foreignKeys(connection)) {
            if (covered(connection, key)) {
                drops.add("ALTER TABLE \"" + key.table() + "\" DROP CONSTRAINT \"" + key.name() + "\"");
            }
        }
        try (Statement st = connection.createStatement()) {
            for (String drop : drops) {
                st.execute(drop);
            }
        }
    }

    private static List<ForeignKey> foreignKeys(Connection connection) throws SQLException {
        Map<String, ForeignKey> keys = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.INDEX_NAME, k.COLUMN_NAME
                     FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
                     JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
                       ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                     WHERE tc.CONSTRAINT_TYPE = 'FOREIGN KEY' AND tc.TABLE_SCHEMA = SCHEMA()
                     ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
                     """)) {
            while (rs.next()) {
                String table = rs.getString(1);
                String index = rs.getString(3);
                keys.computeIfAbsent(rs.getString(2), name -> new ForeignKey(table, name, index, new ArrayList<>()))
                        .columns().add(rs.getString(4));
            }
        }
        return new ArrayList<>(keys.values());
    }

    /** Whether another index of the table starts with the key's columns, in their order. */
    private static boolean covered(Connection connection, ForeignKey key) throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        try (var st = connection.prepareStatement("""
                SELECT INDEX_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS
                WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_NAME = ? ORDER BY INDEX_NAME, ORDINAL_POSITION
                """)) {
            st.setString(1, key.table());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getString(1), n -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return indexes.entrySet().stream().anyMatch(e -> !e.getKey().equals(key.index())
                && e.getValue().size() >= key.columns().size()
                && e.getValue().subList(0, key.columns().size()).equals(key.columns()));
    }
}
