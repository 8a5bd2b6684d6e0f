package org.registro.audience;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.registro.workspace.Streaming;

/**
 * How {@link IndexReader} reads millions of rows: streamed from H2 ({@link Streaming}), straight from JDBC by column number, over the whole table or
 * over pieces of {@link #PIECE} contact ids, into growing primitive arrays.
 */
final class IndexRows {

    static final int PIECE = 1_000;

    private IndexRows() {
    }

    static List<List<Long>> pieces(long[] ids) {
        List<List<Long>> pieces = new ArrayList<>();
        for (int from = 0; from < ids.length; from += PIECE) {
            List<Long> piece = new ArrayList<>();
            for (int i = from; i < Math.min(ids.length, from + PIECE); i++) {
                piece.add(ids[i]);
            }
            pieces.add(piece);
        }
        return pieces;
    }

    /**
     * Runs a query over the index's contacts: once for the whole workspace, else once per piece of ids, in id
     * order (so rows ordered by contact stay in order).
     */
    static <R extends Record> void each(DSLContext dsl, AudienceIndex index, Field<Long> contact,
                                                Function<Condition, ResultQuery<R>> query, Consumer<R> row) {
        if (index.scope == null) {
            try (var cursor = query.apply(DSL.noCondition()).fetchSize(10_000).fetchLazy()) {
                cursor.forEach(row);
            }
            return;
        }
        for (List<Long> piece : pieces(index.ids)) {
            query.apply(contact.in(piece)).forEach(row);
        }
    }

    /** A row of a JDBC result, read by column number (much faster than jOOQ records for millions of rows). */
    interface JdbcRow {
        void read(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    /** As {@link #each}, reading each row straight from the JDBC result. */
    static void rows(DSLContext dsl, AudienceIndex index, Field<Long> contact,
                             Function<Condition, ResultQuery<?>> query, JdbcRow row) {
        List<Condition> parts = new ArrayList<>();
        if (index.scope == null) {
            parts.add(DSL.noCondition());
        } else {
            pieces(index.ids).forEach(piece -> parts.add(contact.in(piece)));
        }
        stream(dsl, parts.stream().map(query).toList(), row);
    }

    /** Runs the queries one after the other on one connection, streaming their rows to {@code row}. */
    static void stream(DSLContext dsl, List<? extends ResultQuery<?>> queries, JdbcRow row) {
        dsl.connection(c -> Streaming.lazily(() -> {
            for (ResultQuery<?> q : queries) {
                try (java.sql.PreparedStatement ps = c.prepareStatement(q.getSQL())) {
                    List<Object> binds = q.getBindValues();
                    for (int i = 0; i < binds.size(); i++) {
                        ps.setObject(i + 1, binds.get(i));
                    }
                    ps.setFetchSize(10_000);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            row.read(rs);
                        }
                    }
                }
            }
        }, c));
    }

    /** A growing long array. */
    static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** A growing int array (events run to millions; boxed lists would double the build's heap). */
    static final class IntList {
        int[] values = new int[1024];
        int size;

        int size() {
            return size;
        }

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
