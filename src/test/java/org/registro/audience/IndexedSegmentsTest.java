package org.registro.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * What the segment service answers through the live index — counts, overlaps of dynamic segments and a
 * snapshot, member ids — is what it answers in SQL, on a random workspace (seed printed, {@code
 * -Dregistro.segments.seed=N}).
 */
class IndexedSegmentsTest {

    @TempDir
    Path tmp;

    @Test
    void countsOverlapsAndMembersAreTheSameWithAndWithoutTheIndex() {
        long seed = Long.getLong("registro.segments.seed", System.nanoTime() % 100_000);
        System.out.println("IndexedSegmentsTest seed " + seed);
        Random random = new Random(seed);
        TestClock clock = TestClock.at("2026-06-15T12:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("w"), clock);
             LiveAudience live = new LiveAudience(ws)) {
            IndexMatchesSqlTest.fill(ws.dsl(), random);
            SegmentService sql = new SegmentService(ws, new AuditLog(clock, "t"));
            SegmentService indexed = new SegmentService(ws, new AuditLog(clock, "t"));
            indexed.useIndex(live);
            sql.save("Madrid", null, RuleDocument.of(new Rule.Field("city", "equals", "madrid", null, null, null)));
            sql.save("Donors", null, RuleDocument.of(new Rule.Tag("donor", true)));
            sql.save("Emailable", null, RuleDocument.of(new Rule.Consent("commercial", "email", null, null)));
            live.start();
            assertThat(live.awaitReady(30, TimeUnit.SECONDS)).isTrue();

            for (List<String> names : List.of(List.of("Madrid", "Donors"), List.of("Madrid", "Donors", "Emailable"),
                    List.of("Snapshot", "Dynamic", "Donors"))) {
                assertThat(indexed.overlap(names).regions()).as("seed %d: %s", seed, names)
                        .isEqualTo(sql.overlap(names).regions());
            }
            for (int i = 0; i < 50; i++) {
                Rule rule = IndexMatchesSqlTest.rule(random, 0);
                long count;
                try {
                    count = sql.count(RuleDocument.of(rule));
                } catch (org.registro.common.RegistroException refused) {
                    continue; // a rule naming what does not fit: the same error either way (IndexMatchesSqlTest)
                }
                assertThat(indexed.count(RuleDocument.of(rule))).as("seed %d: %s", seed, rule).isEqualTo(count);
                assertThat(indexed.memberIds(rule, IndexMatchesSqlTest.NOW))
                        .isEqualTo(sql.memberIds(rule, IndexMatchesSqlTest.NOW));
                assertThat(indexed.preview(RuleDocument.of(rule), 10))
                        .isEqualTo(sql.preview(RuleDocument.of(rule), 10));
            }
        }
    }
}
