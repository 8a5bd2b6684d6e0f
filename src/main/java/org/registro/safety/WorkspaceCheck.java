package org.registro.safety;

import static org.registro.db.Tables.CONTACT;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.consent.ConsentLedger;
import org.registro.contact.ContactLinks;
import org.registro.db.DefaultSchema;
import org.registro.workspace.Backups;
import org.registro.workspace.Workspace;

/**
 * Checks a workspace from the disk up and says what it finds in words: every table read whole (a damaged page
 * fails there), every row that points at a contact pointing at one that exists, merged records pointing at the
 * person they joined, the consent state being the fold of the ledger, migrations all applied, and a recent
 * backup. Reads only; {@link #repairConsent} rebuilds the one derived part that can be rebuilt.
 */
public final class WorkspaceCheck {

    /** How bad a finding is: an error is something wrong in the data; a warning, something to do. */
    public enum Severity { ERROR, WARNING }

    /**
     * One thing found: its code (stable, for scripts), how bad, how many rows or people, what it is about
     * (a table, a link) and a few example contact ids.
     */
    public record Finding(String code, Severity severity, long count, String about, List<Long> examples) {
        /** The finding in words, in the user's language. */
        public String text() {
            return Messages.get("check." + code, count, about == null ? "" : about);
        }
    }

    /** What a check found, how much it read and how long it took. */
    public record Report(Instant checkedAt, long rowsRead, int tables, long millis, List<Finding> findings) {
        public boolean ok() {
            return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
        }
    }

    /** A workspace without a backup for longer than this gets a warning. */
    static final Duration BACKUP_AGE = Duration.ofDays(30);
    private static final int EXAMPLES = 5;

    private final Workspace workspace;

    public WorkspaceCheck(Workspace workspace) {
        this.workspace = workspace;
    }

    public Report run(Progress progress) {
        long started = System.nanoTime();
        DSLContext dsl = workspace.dsl();
        List<Finding> findings = new ArrayList<>();
        List<Table<?>> tables = DefaultSchema.DEFAULT_SCHEMA.getTables();
        long[] rows = {0};
        int done = 0;
        for (Table<?> table : tables) {
            progress.checkCancelled();
            progress.update(done++, tables.size(), Messages.get("check.progress.reading", table.getName()));
            readWhole(dsl, table, rows).ifPresent(findings::add);
        }
        progress.update(-1, -1, Messages.get("check.progress.links"));
        for (ContactLinks.Link link : ContactLinks.links()) {
            if (link.via() != null || link.inBlob()) {
                continue;
            }
            Field<Long> column = link.contactColumn();
            var dangling = dsl.select(column).from(link.table()).where(column.isNotNull()
                    .and(DSL.notExists(DSL.selectOne().from(CONTACT).where(CONTACT.ID.eq(column))))
                    .and(link.where() == null ? DSL.noCondition() : link.where()));
            long count = dsl.fetchCount(dangling);
            if (count > 0) {
                findings.add(new Finding("orphans", Severity.ERROR, count, link.name(),
                        dangling.limit(EXAMPLES).fetch(column)));
            }
        }
        var survivor = CONTACT.as("survivor");
        var lost = dsl.select(CONTACT.ID).from(CONTACT).leftJoin(survivor).on(survivor.ID.eq(CONTACT.MERGED_INTO_ID))
                .where(CONTACT.STATUS.eq("merged").and(survivor.ID.isNull()));
        long lostCount = dsl.fetchCount(lost);
        if (lostCount > 0) {
            findings.add(new Finding("mergedNowhere", Severity.ERROR, lostCount, null,
                    lost.limit(EXAMPLES).fetch(CONTACT.ID)));
        }
        var chained = dsl.select(CONTACT.ID).from(CONTACT).join(survivor).on(survivor.ID.eq(CONTACT.MERGED_INTO_ID))
                .where(CONTACT.STATUS.eq("merged").and(survivor.STATUS.eq("merged")));
        long chainedCount = dsl.fetchCount(chained);
        if (chainedCount > 0) {
            findings.add(new Finding("mergedIntoMerged", Severity.WARNING, chainedCount, null,
                    chained.limit(EXAMPLES).fetch(CONTACT.ID)));
        }
        progress.update(-1, -1, Messages.get("check.progress.consent"));
        Set<Long> consent = ConsentLedger.disagreeing(dsl);
        if (!consent.isEmpty()) {
            findings.add(new Finding("consentState", Severity.ERROR, consent.size(), null,
                    consent.stream().limit(EXAMPLES).toList()));
        }
        long failed = dsl.fetchCount(DSL.table(DSL.name("flyway_schema_history")),
                DSL.field(DSL.name("success"), Boolean.class).isFalse());
        if (failed > 0) {
            findings.add(new Finding("migrations", Severity.ERROR, failed, null, List.of()));
        }
        Instant now = workspace.clock().instant();
        List<Backups.Backup> backups = Backups.list(workspace.folder());
        long days = backups.isEmpty() ? -1 : Duration.between(backups.get(0).takenAt(), now).toDays();
        if (backups.isEmpty() || days > BACKUP_AGE.toDays()) {
            findings.add(new Finding(backups.isEmpty() ? "noBackup" : "oldBackup", Severity.WARNING,
                    Math.max(days, 0), null, List.of()));
        }
        return new Report(now, rows[0], tables.size(), (System.nanoTime() - started) / 1_000_000, List.copyOf(findings));
    }

    /**
     * Reads every row of the table through plain JDBC (H2 answers a bare count from its own bookkeeping, without
     * reading the rows); a table that cannot be read, or holds another number of rows than it says, is damaged.
     */
    private static java.util.Optional<Finding> readWhole(DSLContext dsl, Table<?> table, long[] rows) {
        String name = table.getName();
        String quoted = dsl.render(table);
        long[] read = {0};
        long[] said = {0};
        try {
            dsl.connection(c -> {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false); // PostgreSQL reads in steps of the fetch size only inside a transaction
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(10_000);
                    try (ResultSet r = s.executeQuery("SELECT * FROM " + quoted)) {
                        int columns = r.getMetaData().getColumnCount();
                        while (r.next()) {
                            for (int i = 1; i <= columns; i++) {
                                r.getObject(i);
                            }
                            read[0]++;
                        }
                    }
                    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + quoted)) {
                        r.next();
                        said[0] = r.getLong(1);
                    }
                } finally {
                    c.rollback();
                    c.setAutoCommit(autoCommit);
                }
            });
        } catch (RuntimeException e) {
            String first = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            return java.util.Optional.of(new Finding("unreadable", Severity.ERROR, 0, name + ": " + first, List.of()));
        }
        rows[0] += read[0];
        return read[0] == said[0] ? java.util.Optional.empty()
                : java.util.Optional.of(new Finding("rowCount", Severity.ERROR, Math.abs(said[0] - read[0]), name,
                List.of()));
    }

    /** Rebuilds the consent state of the people whose state is not the fold of their ledger; returns how many. */
    public int repairConsent() {
        return ConsentLedger.repair(workspace.dsl());
    }

    /** The findings by code, for scripts. */
    public static Map<String, Long> counts(Report report) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        report.findings().forEach(f -> out.merge(f.code(), f.count(), Long::sum));
        return out;
    }
}
