package org.registro.workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.registro.common.CancelledException;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.db.DefaultSchema;

/**
 * Moves a workspace between stores: a folder's into a team workspace on a server, or a team workspace into a
 * folder (issue 25). Both are open in this Registro, so both are at its schema version; every table of the schema
 * is copied row for row, ids included, in one transaction of the new workspace, parents before children; the
 * identity counters continue after the copied ids; then every table is counted on both sides and a difference
 * is refused. The rows the new workspace was created with (settings, channels, topics) give way to the copied ones.
 */
public final class WorkspaceCopy {

    /** Rows in each table: in the workspace copied, and in the copy. */
    public record TableCount(String table, long source, long copy) {
        public boolean same() {
            return source == copy;
        }
    }

    private static final int CHUNK = 2000;

    private WorkspaceCopy() {
    }

    /** Copies everything in {@code from} into {@code to} (a workspace just created); returns the counts. */
    public static List<TableCount> copy(Workspace from, Workspace to, Progress progress) {
        List<Table<?>> tables = parentsFirst();
        long total = 0;
        for (Table<?> t : tables) {
            total += from.dsl().fetchCount(t);
        }
        long totalRows = total;
        long[] done = {0};
        to.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            for (int i = tables.size() - 1; i >= 0; i--) {
                tx.deleteFrom(tables.get(i)).execute();
            }
            for (Table<?> table : tables) {
                copyTable(from.dsl(), tx, table, done, totalRows, progress);
            }
            for (Table<?> table : tables) {
                continueIdentity(tx, table, to.store());
            }
        });
        if (to.team().isPresent()) {
            Workspace.putSetting(to.dsl(), TeamStore.SETTING_NAME, from.name());
        }
        List<TableCount> counts = new ArrayList<>();
        for (Table<?> t : tables) {
            counts.add(new TableCount(t.getName().toLowerCase(java.util.Locale.ROOT), from.dsl().fetchCount(t),
                    to.dsl().fetchCount(t)));
        }
        List<String> different = counts.stream().filter(c -> !c.same())
                .filter(c -> !c.table().equals("workspace_setting")) // the team workspace's own name
                .map(c -> c.table() + " " + c.source() + " → " + c.copy()).toList();
        if (!different.isEmpty()) {
            throw new RegistroException("error.copy.counts", to.address(), String.join(", ", different));
        }
        return counts;
    }

    private static void copyTable(DSLContext source, DSLContext tx, Table<?> table, long[] done, long total,
                                  Progress progress) {
        Field<?>[] fields = table.fields();
        Object[] nothing = new Object[fields.length];
        var insert = tx.insertInto(table).columns(fields).values(nothing);
        List<Object[]> rows = new ArrayList<>(CHUNK);
        var key = table.getPrimaryKey();
        var ordered = key == null ? source.selectFrom(table) : source.selectFrom(table).orderBy(key.getFields());
        try (var cursor = ordered.fetchSize(CHUNK).fetchLazy()) {
            for (Record r : cursor) {
                rows.add(r.intoArray());
                if (rows.size() == CHUNK) {
                    flush(tx, insert, rows);
                    done[0] += CHUNK;
                    step(progress, done[0], total, table);
                }
            }
        }
        done[0] += rows.size();
        flush(tx, insert, rows);
        step(progress, done[0], total, table);
    }

    private static void flush(DSLContext tx, org.jooq.Query insert, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var batch = tx.batch(insert);
        for (Object[] row : rows) {
            batch.bind(row);
        }
        batch.execute();
        rows.clear();
    }

    private static void step(Progress progress, long done, long total, Table<?> table) {
        if (progress.isCancelled()) {
            throw new CancelledException();
        }
        progress.update(done, total, Messages.get("workspace.copy.progress", table.getName().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The identity counter of {@code table} continues after the highest id copied. */
    private static void continueIdentity(DSLContext tx, Table<?> table, Store store) {
        var identity = table.getIdentity();
        if (identity == null) {
            return;
        }
        Field<?> column = identity.getField();
        Long max = tx.select(DSL.max(column).cast(Long.class)).from(table).fetchOne(0, Long.class);
        long next = max == null ? 1 : max + 1;
        String t = table.getName().toLowerCase(java.util.Locale.ROOT);
        String c = column.getName().toLowerCase(java.util.Locale.ROOT);
        if (store == Store.POSTGRES) {
            tx.execute("SELECT setval(pg_get_serial_sequence('" + t + "', '" + c + "'), " + next + ", false)");
        } else {
            tx.execute("ALTER TABLE \"" + table.getName() + "\" ALTER COLUMN \"" + column.getName()
                    + "\" RESTART WITH " + next);
        }
    }

    /** Every table of the schema (not Flyway's), each after the tables it refers to. */
    static List<Table<?>> parentsFirst() {
        Map<String, Table<?>> all = new LinkedHashMap<>();
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (!t.getName().toLowerCase(java.util.Locale.ROOT).startsWith("flyway")) {
                all.put(t.getName(), t);
            }
        }
        Set<String> placed = new LinkedHashSet<>();
        List<Table<?>> ordered = new ArrayList<>();
        while (ordered.size() < all.size()) {
            boolean progressed = false;
            for (Table<?> t : all.values()) {
                if (placed.contains(t.getName())) {
                    continue;
                }
                boolean ready = true;
                for (ForeignKey<?, ?> fk : t.getReferences()) {
                    String parent = fk.getKey().getTable().getName();
                    if (!parent.equals(t.getName()) && all.containsKey(parent) && !placed.contains(parent)) {
                        ready = false;
                    }
                }
                if (ready) {
                    placed.add(t.getName());
                    ordered.add(t);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("foreign keys in a cycle among " + all.keySet());
            }
        }
        return ordered;
    }
}
