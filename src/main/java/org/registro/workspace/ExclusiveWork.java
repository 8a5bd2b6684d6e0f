package org.registro.workspace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.registro.common.Phrase;

/**
 * Work that changes many people at once — an import, a bulk merge, an undo, a retention run — runs alone in a team
 * workspace: it holds a PostgreSQL advisory lock on a connection of its own for its whole run, and says who and
 * what in {@code registro_busy}, so someone else who starts such work is told who is at it since when instead of
 * the two interleaving. The lock goes with the session, so a killed Registro never leaves the workspace busy.
 * Nested work (an import undone after it failed) is the same holder's. A workspace in a folder has one user at a
 * time (its folder lock) and needs none of this.
 */
public final class ExclusiveWork {

    /** Who is running exclusive work, what, and since when. */
    public record Holder(String user, Phrase what, OffsetDateTime since) {
        /** "ana started this at 10:02: importing donors.csv" in the reader's words. */
        public String describe() {
            return org.registro.common.Messages.get("team.busy.holder", user, what.text(),
                    since.atZoneSameInstant(java.time.ZoneId.systemDefault())
                            .format(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)));
        }
    }

    private final DataSource pool;
    private final long key;
    private final String client;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
    private Connection held;

    /** For the team workspace whose schema is {@code schema}; {@code client} is this Registro's name there. */
    ExclusiveWork(DataSource pool, String schema, String client) {
        this.pool = pool;
        this.client = client;
        // one lock per workspace: a database may hold several (one per schema)
        this.key = 0x5245_4700_0000_0000L ^ (schema.hashCode() & 0xffff_ffffL);
    }

    /** Runs {@code work} as the only exclusive work in the workspace, or refuses saying who is at it. */
    public <T> T run(Phrase what, Supplier<T> work) {
        if (depth.get()[0] > 0) {
            depth.get()[0]++;
            try {
                return work.get();
            } finally {
                depth.get()[0]--;
            }
        }
        acquire(what);
        depth.get()[0] = 1;
        try {
            return work.get();
        } finally {
            depth.get()[0] = 0;
            release();
        }
    }

    /** Who holds the workspace for exclusive work now, if anyone. */
    public Optional<Holder> holder() {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND "
                    + "granted AND ((classid::bigint << 32) | objid::bigint) = ?")) {
                p.setLong(1, key);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                }
            }
            return readHolder(c);
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
        }
    }

    private Optional<Holder> readHolder(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT db_user, what_key, what_args, started_at "
                + "FROM registro_busy WHERE lock_key = ?")) {
            p.setLong(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Holder(r.getString(1), Phrase.read(r.getString(2), r.getString(3)),
                        r.getObject(4, OffsetDateTime.class))) : Optional.empty();
            }
        }
    }

    private synchronized void acquire(Phrase what) {
        Connection c = null;
        try {
            c = pool.getConnection();
            boolean got;
            try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                p.setLong(1, key);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    got = r.getBoolean(1);
                }
            }
            if (!got) {
                Optional<Holder> other = readHolder(c);
                c.close();
                c = null;
                throw new WorkspaceBusyException(other.orElse(null));
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO registro_busy "
                    + "(lock_key, client, what_key, what_args) VALUES (?, ?, ?, ?) ON CONFLICT (lock_key) DO UPDATE "
                    + "SET db_user = current_user, client = excluded.client, what_key = excluded.what_key, "
                    + "what_args = excluded.what_args, started_at = now()")) {
                p.setLong(1, key);
                p.setString(2, client);
                p.setString(3, what.key());
                p.setString(4, what.argsJson());
                p.executeUpdate();
            }
            held = c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
        }
    }

    private synchronized void release() {
        Connection c = held;
        held = null;
        if (c == null) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM registro_busy WHERE lock_key = ?");
             PreparedStatement u = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            p.setLong(1, key);
            p.executeUpdate();
            u.setLong(1, key);
            u.executeQuery().close();
        } catch (SQLException e) {
            // the lock goes with the session: the pool discards a broken connection
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // returned to the pool or gone
            }
        }
    }
}
