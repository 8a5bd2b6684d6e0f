package org.registro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONTACT;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Record;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.contact.ContactDraft;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.wiring.Samples;

/**
 * A workspace copied into the other store and back holds the same rows (ids, texts, times as instants) in every
 * table and goes on numbering after them. On H2 alone (no server given) the copy is folder to folder.
 */
class WorkspaceCopyTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");

    @Test
    void aWorkspaceCopiedAwayAndBackHoldsTheSameRowsInEveryTableAndGoesOn() {
        WorkspaceService service = new WorkspaceService(clock);
        try (Workspace sample = Samples.build("spanish-ngo", tmp.resolve("sample"), service, clock, "tester",
                Progress.NONE);
             Workspace away = TestWorkspaces.create(service, tmp.resolve("away"))) {
            List<Long> seen = new ArrayList<>();
            List<WorkspaceCopy.TableCount> counts = WorkspaceCopy.copy(sample, away, new Progress() {
                @Override
                public void update(long done, long total, String message) {
                    seen.add(done);
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            });
            assertThat(counts).allMatch(c -> c.same() || c.table().equals("workspace_setting"));
            assertThat(counts).filteredOn(c -> c.table().equals("contact")).singleElement()
                    .satisfies(c -> assertThat(c.copy()).isGreaterThan(50));
            assertThat(seen).isSorted();
            assertThat(rows(away)).isEqualTo(rows(sample));

            try (Workspace back = service.create(tmp.resolve("back"), new NewWorkspace("Back", "ES", null))) {
                WorkspaceCopy.copy(away, back, Progress.NONE);
                assertThat(rows(back)).isEqualTo(rows(sample));

                long max = back.dsl().select(org.jooq.impl.DSL.max(CONTACT.ID)).from(CONTACT).fetchOne(0, long.class);
                long next = TestWorkspaces.contacts(back).create(ContactDraft.of("Nueva", "Persona", "nueva@example.es"));
                assertThat(next).as("ids go on after the copied ones").isGreaterThan(max);
                long nextAway = TestWorkspaces.contacts(away).create(ContactDraft.of("Otra", "Persona", "otra@example.es"));
                assertThat(nextAway).isGreaterThan(max);
            }
        }
    }

    /** Every row of every table but the settings, as text, times as instants (PostgreSQL keeps them in UTC). */
    private static Map<String, List<String>> rows(Workspace ws) {
        Map<String, List<String>> all = new TreeMap<>();
        for (Table<?> table : WorkspaceCopy.parentsFirst()) {
            if (table.getName().equalsIgnoreCase("workspace_setting")) {
                continue;
            }
            var key = table.getPrimaryKey();
            var query = key == null ? ws.dsl().selectFrom(table) : ws.dsl().selectFrom(table).orderBy(key.getFields());
            List<String> rows = new ArrayList<>();
            for (Record r : query.fetch()) {
                StringBuilder row = new StringBuilder();
                for (Object v : r.intoArray()) {
                    row.append(v instanceof OffsetDateTime t ? t.toInstant().toString()
                            : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
                            : v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString()
                            : String.valueOf(v)).append('|');
                }
                rows.add(row.toString());
            }
            if (key == null) {
                rows.sort(null);
            }
            all.put(table.getName().toLowerCase(java.util.Locale.ROOT), rows);
        }
        return all;
    }
}
