package org.registro.workspace;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The workspace's change feed: after each commit, the contacts whose rows in a watched table were written, and
 * the catalogue tables that changed (issue 21). Rows are noted by the database itself ({@link ChangeTrigger}),
 * so every service, import and cascade is heard without keeping its own list; the feed hands them on when the
 * writing transaction commits — at the end of a jOOQ transaction, after a statement run outside one, or when a
 * writer that commits its own connection says so ({@link #committed()}).
 */
public final class Changes implements AutoCloseable {

    /**
     * What one commit changed: contact ids, and catalogue tables (lower case); {@code others} when someone else
     * wrote it (another person on a team workspace).
     */
    public record Batch(Roaring64Bitmap contacts, Set<String> catalogue, boolean others) {
        public Batch(Roaring64Bitmap contacts, Set<String> catalogue) {
            this(contacts, catalogue, false);
        }
    }

    private final String database;
    private final ServerFeed server;
    private final List<Consumer<Batch>> listeners = new CopyOnWriteArrayList<>();
    /** How deep this thread is in jOOQ transactions (nested ones are savepoints). */
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    /** The feed of {@code database} (as {@link ChangeTrigger#database} names it). */
    Changes(String database) {
        this.database = database;
        this.server = null;
    }

    /** The feed of a team workspace: read from the server's change table ({@link ServerFeed}). */
    Changes(javax.sql.DataSource pool, String client) {
        this.database = null;
        this.server = new ServerFeed(pool, client, this::deliver);
    }

    /** The name this client's writes carry on the server, so its own changes are told apart from others'. */
    String client() {
        return server == null ? null : server.client();
    }

    private void deliver(Batch batch) {
        if (!listeners.isEmpty()) {
            listeners.forEach(l -> l.accept(batch));
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Notes every row written to {@code table}: by the contact in {@code contactColumn}, or, when it is null, as
     * a change to the catalogue. Idempotent; does nothing on a workspace opened read-only.
     */
    public void watch(DSLContext dsl, String table, String contactColumn) {
        if (server != null) {
            server.watch(dsl, table, contactColumn);
            return;
        }
        String name = ChangeTrigger.PREFIX + (contactColumn == null ? "" : contactColumn.toUpperCase(Locale.ROOT))
                + "__" + table.toUpperCase(Locale.ROOT);
        try {
            dsl.execute("CREATE TRIGGER IF NOT EXISTS \"" + name + "\" AFTER INSERT, UPDATE, DELETE ON \""
                    + table.toUpperCase(Locale.ROOT) + "\" FOR EACH ROW CALL '" + ChangeTrigger.class.getName() + "'");
        } catch (org.jooq.exception.DataAccessException e) {
            if (!e.getMessage().contains("read only")) {
                throw e;
            }
        }
    }

    /** Calls {@code listener} after every commit that changed something watched; returns how to stop. */
    public Runnable listen(Consumer<Batch> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Hands on what this thread wrote: called by a writer that commits its own connection, right after the
     * commit. (Transactions run through the workspace's {@link Workspace#dsl()} need nothing.)
     */
    public void committed() {
        if (server != null) {
            server.poll();
            return;
        }
        ChangeTrigger.Written w = ChangeTrigger.take(database);
        if (w != null && !listeners.isEmpty()) {
            Batch batch = new Batch(w.contacts, Set.copyOf(w.catalogue));
            listeners.forEach(l -> l.accept(batch));
        }
    }

    /** Forgets what this thread wrote (its transaction rolled back). */
    void rolledBack() {
        if (server != null) {
            return;
        }
        ChangeTrigger.take(database);
    }

    /** Hands changes on at the end of the outermost jOOQ transaction. */
    TransactionListener transactions() {
        return new TransactionListener() {
            @Override
            public void beginEnd(TransactionContext ctx) {
                depth.get()[0]++;
            }

            @Override
            public void commitEnd(TransactionContext ctx) {
                if (--depth.get()[0] == 0) {
                    committed();
                }
            }

            @Override
            public void rollbackEnd(TransactionContext ctx) {
                if (--depth.get()[0] == 0) {
                    rolledBack();
                }
            }
        };
    }

    /** Hands changes on after a statement run outside a transaction (auto-commit). */
    ExecuteListener statements() {
        return new ExecuteListener() {
            @Override
            public void executeEnd(ExecuteContext ctx) {
                // a raw statement's kind is unknown to jOOQ (OTHER): it may have written
                boolean wrote = server != null ? isWrite(ctx) : ChangeTrigger.has(database);
                if (depth.get()[0] == 0 && wrote) {
                    try {
                        if (ctx.connection().getAutoCommit()) {
                            committed();
                        }
                    } catch (java.sql.SQLException e) {
                        // the statement's own error is what the caller hears
                    }
                }
            }
        };
    }

    private static boolean isWrite(ExecuteContext ctx) {
        return ctx.type() != org.jooq.ExecuteType.READ;
    }
}
