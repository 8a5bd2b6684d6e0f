package org.registro.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** A sample built whole: its content library named by its activity, and everyone's recommendations. */
class SamplesTest {

    @TempDir
    Path tmp;

    @Test
    void theSpanishSampleComesWithItsContentLibraryAndRecommendations() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
        try (Workspace ws = Samples.build("spanish-ngo", tmp.resolve("ngo"), new WorkspaceService(clock), clock,
                "tester", Progress.NONE)) {
            Session session = Session.open(ws, new WorkspaceService(clock), "tester");
            assertThat(session.content().list()).hasSize(12)
                    .anyMatch(i -> i.key().equals("campana-invierno") && i.kind().equals("appeal"));
            // every campaign of the donations, sign-ups and email activity names an item
            assertThat(session.content().unknownCampaigns(50)).isEmpty();
            assertThat(session.recommendations().lastRefresh()).isPresent();
            var evaluation = session.recommendations().evaluate(Progress.NONE);
            assertThat(evaluation.people()).isGreaterThan(30);
            // the winter appeal, named by no activity yet (it is new), is someone's first recommendation
            long winter = ws.dsl().fetchCount(org.registro.db.Tables.CONTACT_NEXT,
                    org.registro.db.Tables.CONTACT_NEXT.ITEM_1_ID.eq(session.content().find("campana-invierno")
                            .orElseThrow().id()));
            assertThat(winter).isPositive();

            // someone offered a commercial item withdraws the opt-in it needed: it is no longer shown to offer
            var offered = ws.dsl().select(org.registro.db.Tables.CONTACT_NEXT.CONTACT_ID)
                    .from(org.registro.db.Tables.CONTACT_NEXT).fetch(r -> r.value1()).stream()
                    .filter(id -> session.recommendations().forContact(id).stream()
                            .anyMatch(r -> r.item().commercial()))
                    .findFirst().orElseThrow();
            var before = session.recommendations().forContact(offered);
            var cs = org.registro.db.Tables.CONSENT_STATE;
            for (String channel : ws.dsl().select(cs.CHANNEL).from(cs).where(cs.CONTACT_ID.eq(offered)
                    .and(cs.TOPIC.eq("")).and(cs.STATUS.in(org.registro.consent.Consent.GRANTED,
                            org.registro.consent.Consent.CONFIRMED))).fetch(cs.CHANNEL)) {
                session.consent().record(new org.registro.consent.ConsentService.Change(offered, channel, null,
                        org.registro.consent.Consent.WITHDRAWN, org.registro.consent.Consent.METHOD_FORM, null,
                        clock.instant(), null));
            }
            var after = session.recommendations().forContact(offered);
            assertThat(after).noneMatch(r -> r.item().commercial())
                    .allMatch(r -> before.stream().anyMatch(b -> b.item().id().equals(r.item().id())));
            assertThat(after).hasSizeLessThan(before.size());
        }
    }
}
