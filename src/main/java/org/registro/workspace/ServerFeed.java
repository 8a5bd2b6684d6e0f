package org.registro.workspace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The change feed of a team workspace. Each statement that writes a watched table adds a row to
 * {@code registro_change} (a statement trigger, {@code db/postgresql/V017_1}) naming the contacts it touched and
 * the transaction that wrote it. A client reads the rows of transactions that have finished since it last read
 * — those below the oldest transaction still running, so a row committed late is never skipped — after each of
 * its own commits and every {@link #PERIOD_MS} ms for everyone else's.
 */
final class ServerFeed implements AutoCloseable {

    static final long PERIOD_MS = 1000;

    private final DataSource pool;
    private final Consumer<Changes.Batch> deliver;
    private final String client;
    private final ScheduledExecutorService timer;
    /** Every transaction below this one has been read. */
    private long floor = -1;
    private volatile boolean closed;

    /** {@code client}: the {@code registro.client} setting every connection of {@code pool} has. */
    ServerFeed(DataSource pool, String client, Consumer<Changes.Batch> deliver) {
        this.pool = pool;
        this.client = client;
        this.deliver = deliver;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registro-change-feed");
            t.setDaemon(true);
            return t;
        });
        poll();
        timer.scheduleWithFixedDelay(this::pollQuietly, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    String client() {
        return client;
    }

    /**
     * Adds the statement triggers that note writes to {@code table} by the contacts in {@code contactColumn};
     * idempotent. Named after the column: a table watched by two columns (a conflict names two people) has both.
     */
    void watch(DSLContext dsl, String table, String contactColumn) {
        String t = table.toLowerCase(Locale.ROOT);
        String column = contactColumn == null ? "" : contactColumn.toLowerCase(Locale.ROOT);
        try {
            if (column.isEmpty()) {
                dsl.execute("CREATE OR REPLACE TRIGGER registro_changes AFTER INSERT OR UPDATE OR DELETE ON " + t
                        + " FOR EACH STATEMENT EXECUTE FUNCTION registro_note_change('')");
                return;
            }
            dsl.execute("CREATE OR REPLACE TRIGGER registro_changes_" + column + "_i AFTER INSERT ON " + t
                    + " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION registro_note_change('" + column + "')");
            dsl.execute("CREATE OR REPLACE TRIGGER registro_changes_" + column + "_u AFTER UPDATE ON " + t
                    + " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION registro_note_change('" + column + "')");
            dsl.execute("CREATE OR REPLACE TRIGGER registro_changes_" + column + "_d AFTER DELETE ON " + t
                    + " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION registro_note_change('" + column + "')");
        } catch (org.jooq.exception.DataAccessException e) {
            // only the tables' owner may add triggers: `workspace team init` did, as the owner
            if (!e.getMessage().contains("must be owner") && !e.getMessage().contains("permission denied")) {
                throw e;
            }
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            // the server is away for a moment: the next round reads what was missed
        }
    }

    /** Reads and hands on what transactions finished since the last read. */
    synchronized void poll() {
        if (closed) {
            return;
        }
        try (Connection c = pool.getConnection()) {
            long below;
            try (var s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) {
                r.next();
                below = r.getLong(1);
            }
            if (floor < 0 || below <= floor) {
                floor = Math.max(floor, below);
                return;
            }
            Roaring64Bitmap mine = new Roaring64Bitmap();
            Roaring64Bitmap theirs = new Roaring64Bitmap();
            Set<String> myTables = new TreeSet<>();
            Set<String> theirTables = new TreeSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT table_name, contact_ids, client"
                    + " FROM registro_change WHERE tx >= ?::text::xid8 AND tx < ?::text::xid8")) {
                p.setLong(1, floor);
                p.setLong(2, below);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        boolean ours = client.equals(r.getString(3));
                        java.sql.Array ids = r.getArray(2);
                        if (ids == null) {
                            (ours ? myTables : theirTables).add(r.getString(1));
                        } else {
                            for (Long id : (Long[]) ids.getArray()) {
                                (ours ? mine : theirs).addLong(id);
                            }
                        }
                    }
                }
            }
            floor = below;
            if (!mine.isEmpty() || !myTables.isEmpty()) {
                deliver.accept(new Changes.Batch(mine, Set.copyOf(myTables), false));
            }
            if (!theirs.isEmpty() || !theirTables.isEmpty()) {
                deliver.accept(new Changes.Batch(theirs, Set.copyOf(theirTables), true));
            }
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
