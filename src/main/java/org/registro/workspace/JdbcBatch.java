package org.registro.workspace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** The statement as H2 names the tables and columns (upper case); {@link #sql(Store)} for a store. */
    private final String sql;
    private final boolean keys;
    private final List<Object[]> rows = new ArrayList<>();
    /** For an insert: the table and columns, written as one statement over arrays (see {@link #run}). */
    private final Table<?> table;
    private final Field<?>[] columns;

    private JdbcBatch(String sql, boolean keys) {
        this(sql, keys, null, null);
    }

    private JdbcBatch(String sql, boolean keys, Table<?> table, Field<?>[] columns) {
        this.sql = sql;
        this.keys = keys;
        this.table = table;
        this.columns = columns;
    }

    /** An INSERT of {@code columns} into {@code table}, named from the generated tables. */
    public static JdbcBatch insert(Table<?> table, Field<?>... columns) {
        return new JdbcBatch(insertSql(table, columns), false, table, columns.clone());
    }

    /** {@link #insert} answering each row's generated {@code ID} ({@link #executeReturningIds}). */
    public static JdbcBatch insertReturningIds(Table<?> table, Field<?>... columns) {
        return new JdbcBatch(insertSql(table, columns), true, table, columns.clone());
    }

    /** An UPDATE setting {@code set} on the rows whose {@code key} columns equal the values bound after them. */
    public static JdbcBatch update(Table<?> table, List<Field<?>> set, List<Field<?>> key) {
        return new JdbcBatch("UPDATE \"" + table.getName() + "\" SET "
                + String.join(", ", set.stream().map(f -> "\"" + f.getName() + "\" = ?").toList()) + " WHERE "
                + String.join(" AND ", key.stream().map(f -> "\"" + f.getName() + "\" = ?").toList()), false);
    }

    /**
     * Inserts every row with one statement, each column's values as one array read by H2's {@code TABLE} function
     * ({@code INSERT INTO t (a, b) SELECT * FROM TABLE(a BIGINT = ?, b VARCHAR = ?)}): H2 runs a JDBC batch as one
     * command per row, which was a third of the time of writing rows (issue 24); the ids come back in the
     * arrays' order.
     */
    private List<Long> insertFromArrays(Connection connection, boolean wantIds) throws SQLException {
        Map<String, String> types = columnTypes(connection, table.getName());
        StringBuilder select = new StringBuilder();
        for (Field<?> column : columns) {
            select.append(select.isEmpty() ? "" : ", ").append('"').append(column.getName()).append("\" ")
                    .append(types.get(column.getName())).append(" = ?");
        }
        String statementSql = sql.substring(0, sql.indexOf(" VALUES (")) + " SELECT * FROM TABLE(" + select + ")";
        List<Long> ids = new ArrayList<>(wantIds ? rows.size() : 0);
        try (PreparedStatement statement = wantIds ? connection.prepareStatement(statementSql, new String[] {"ID"})
                : connection.prepareStatement(statementSql)) {
            for (int c = 0; c < columns.length; c++) {
                Object[] values = new Object[rows.size()];
                for (int r = 0; r < values.length; r++) {
                    values[r] = rows.get(r)[c];
                }
                statement.setObject(c + 1, values);
            }
            int written = statement.executeUpdate();
            if (written != rows.size()) {
                throw new DataAccessException("expected " + rows.size() + " rows written, got " + written + ": "
                        + statementSql);
            }
            if (wantIds) {
                ids.addAll(generatedIds(statement, statementSql));
            }
        }
        return ids;
    }

    /** The ids the statement generated, one per row added, in their order. */
    private List<Long> generatedIds(PreparedStatement statement, String statementSql) throws SQLException {
        List<Long> ids = new ArrayList<>(rows.size());
        try (var generated = statement.getGeneratedKeys()) {
            while (generated.next()) {
                ids.add(generated.getLong(1));
            }
        }
        if (ids.size() != rows.size()) {
            throw new DataAccessException("expected " + rows.size() + " generated ids, got " + ids.size() + ": "
                    + statementSql);
        }
        return ids;
    }

    /** Each column's SQL type as H2 declares it, for the {@code TABLE} function's columns (read once per table). */
    private static Map<String, String> columnTypes(Connection connection, String table) throws SQLException {
        Map<String, String> known = TYPES.get(table);
        if (known != null) {
            return known;
        }
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, "
                + "NUMERIC_SCALE, DATETIME_PRECISION FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_NAME = ?")) {
            st.setString(1, table);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    types.put(rs.getString(1), switch (type) {
                        case "NUMERIC", "DECIMAL" -> "NUMERIC(" + rs.getInt(3) + ", " + rs.getInt(4) + ")";
                        case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP(" + rs.getInt(5) + ") WITH TIME ZONE";
                        case "TIMESTAMP" -> "TIMESTAMP(" + rs.getInt(5) + ")";
                        default -> type; // CHARACTER VARYING without a length: the column checks it
                    });
                }
            }
        }
        TYPES.put(table, types);
        return types;
    }

    private static final Map<String, Map<String, String>> TYPES = new ConcurrentHashMap<>();

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

    /**
     * The statement for a store: PostgreSQL folds the migrations' names to lower case (all our names are plain
     * words, so every quoted name is lowered).
     */
    private String sql(Store store) {
        return store == Store.H2 ? sql : sql.toLowerCase(java.util.Locale.ROOT);
    }

    private List<Long> run(Connection connection, boolean wantIds) throws SQLException {
        Store store = Store.of(connection);
        if (store == Store.H2 && table != null && rows.size() > 1) {
            return insertFromArrays(connection, wantIds);
        }
        // PostgreSQL: a JDBC batch, which the driver sends as multi-row inserts (reWriteBatchedInserts)
        String sql = sql(store);
        List<Long> ids = new ArrayList<>(wantIds ? rows.size() : 0);
        try (PreparedStatement statement = wantIds
                ? connection.prepareStatement(sql, new String[] {store == Store.H2 ? "ID" : "id"})
                : connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
            if (wantIds) {
                ids.addAll(generatedIds(statement, sql));
            }
        }
        return ids;
    }
}
