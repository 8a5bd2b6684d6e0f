package org.registro.workspace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;

/**
 * One statement prepared once, bound row by row and sent as a JDBC batch: how bulk writers (an import's chunks)
 * write their rows. jOOQ's batches render and bind each row through its own model, which was a quarter of an
 * import's writing time (issue 24); the statement text here is written against the generated tables' names.
 */
public final class JdbcBatch {

    private final String sql;
    private final boolean keys;
    private final List<Object[]> rows = new ArrayList<>();

    private JdbcBatch(String sql, boolean keys) {
        this.sql = sql;
        this.keys = keys;
    }

    /** A batch of {@code sql}, whose {@code ?} are bound by {@link #add}. */
    public static JdbcBatch of(String sql) {
        return new JdbcBatch(sql, false);
    }

    /** An INSERT of {@code columns} into {@code table}, named from the generated tables. */
    public static JdbcBatch insert(Table<?> table, Field<?>... columns) {
        return new JdbcBatch(insertSql(table, columns), false);
    }

    /** {@link #insert} answering each row's generated {@code ID} ({@link #executeReturningIds}). */
    public static JdbcBatch insertReturningIds(Table<?> table, Field<?>... columns) {
        return new JdbcBatch(insertSql(table, columns), true);
    }

    /** An UPDATE setting {@code set} on the rows whose {@code key} columns equal the values bound after them. */
    public static JdbcBatch update(Table<?> table, List<Field<?>> set, List<Field<?>> key) {
        return new JdbcBatch("UPDATE \"" + table.getName() + "\" SET "
                + String.join(", ", set.stream().map(f -> "\"" + f.getName() + "\" = ?").toList()) + " WHERE "
                + String.join(" AND ", key.stream().map(f -> "\"" + f.getName() + "\" = ?").toList()), false);
    }

    private static String insertSql(Table<?> table, Field<?>... columns) {
        return "INSERT INTO \"" + table.getName() + "\" ("
                + String.join(", ", java.util.Arrays.stream(columns).map(f -> "\"" + f.getName() + "\"").toList())
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.length, "?")) + ")";
    }

    /** Binds one row's values, in the order of the statement's parameters. */
    public JdbcBatch add(Object... values) {
        rows.add(values);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** Sends every row added, in the transaction of {@code tx}; nothing when none was. */
    public void execute(DSLContext tx) {
        if (!rows.isEmpty()) {
            tx.connection(c -> run(c, false));
        }
    }

    /** Sends every row and answers the ids generated for them, in the order they were added. */
    public List<Long> executeReturningIds(DSLContext tx) {
        if (!keys) {
            throw new IllegalStateException("not a batch returning ids: " + sql);
        }
        return rows.isEmpty() ? List.of() : tx.connectionResult(c -> run(c, true));
    }

    private List<Long> run(Connection connection, boolean wantIds) throws SQLException {
        List<Long> ids = new ArrayList<>(wantIds ? rows.size() : 0);
        try (PreparedStatement statement = wantIds ? connection.prepareStatement(sql, new String[] {"ID"})
                : connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
            if (wantIds) {
                try (var generated = statement.getGeneratedKeys()) {
                    while (generated.next()) {
                        ids.add(generated.getLong(1));
                    }
                }
                if (ids.size() != rows.size()) {
                    throw new DataAccessException("expected " + rows.size() + " generated ids, got " + ids.size()
                            + ": " + sql);
                }
            }
        }
        return ids;
    }
}
