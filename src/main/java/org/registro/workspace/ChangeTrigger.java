package org.registro.workspace;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.h2.api.Trigger;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The database's own note of every row written to a watched table (H2 calls it for each row, in the writing
 * thread): which contacts the row belongs to, or that a catalogue table changed. What one thread writes is kept
 * until its transaction commits, then {@link Changes} hands it to the listeners; so no way of writing a row —
 * a service, an import's own connection, a cascade — can change the data behind a count without the count
 * hearing of it. Created by {@link Changes#watch}; its name carries the column that holds the contact id
 * ({@code REGISTRO_CHANGES__CONTACT_ID__EVENT}; none for a catalogue table), since H2 starts the triggers when the
 * database opens, before any code could tell them.
 */
public final class ChangeTrigger implements Trigger {

    static final String PREFIX = "REGISTRO_CHANGES__";

    /** What this thread has written and not yet handed on, per database. */
    private static final ThreadLocal<Map<String, Written>> WRITTEN = ThreadLocal.withInitial(HashMap::new);

    /** The contacts and catalogue tables one thread wrote in one database. */
    static final class Written {
        final Roaring64Bitmap contacts = new Roaring64Bitmap();
        final java.util.Set<String> catalogue = new java.util.TreeSet<>();

        boolean isEmpty() {
            return contacts.isEmpty() && catalogue.isEmpty();
        }
    }

    private String database;
    private String table;
    /** The column that holds the contact id, or -1 for a catalogue table. */
    private int contactColumn = -1;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                     int type) throws SQLException {
        this.database = database(conn);
        this.table = tableName.toLowerCase(Locale.ROOT);
        String column = triggerName.substring(PREFIX.length(), triggerName.lastIndexOf("__"));
        if (!column.isEmpty()) {
            try (ResultSet columns = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
                while (columns.next()) {
                    if (columns.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
                        contactColumn = columns.getInt("ORDINAL_POSITION") - 1;
                    }
                }
            }
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        Written w = WRITTEN.get().computeIfAbsent(database, d -> new Written());
        if (contactColumn < 0) {
            w.catalogue.add(table);
            return;
        }
        note(w, oldRow);
        note(w, newRow);
    }

    private void note(Written w, Object[] row) {
        if (row != null && row[contactColumn] instanceof Number id) {
            w.contacts.addLong(id.longValue());
        }
    }

    /** Takes what this thread wrote in {@code database} ({@link #database}), or null when nothing. */
    static Written take(String database) {
        Map<String, Written> mine = WRITTEN.get();
        Written w = mine.remove(database);
        return w == null || w.isEmpty() ? null : w;
    }

    /** Whether this thread wrote something in {@code database} not yet handed on. */
    static boolean has(String database) {
        Map<String, Written> mine = WRITTEN.get();
        return !mine.isEmpty() && mine.containsKey(database);
    }

    /** Which database a connection is to: its file (a trigger's connection has no URL of its own). */
    static String database(Connection conn) throws SQLException {
        try (var statement = conn.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COALESCE(DATABASE_PATH(), DATABASE())")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
