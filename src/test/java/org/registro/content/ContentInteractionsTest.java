package org.registro.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.EVENT;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/** What a person did with items, read from their events as recommendations read them. */
class ContentInteractionsTest {

    @TempDir
    Path tmp;

    @Test
    void eventsNamingAnItemByCampaignOrPageBecomeInteractionsWithTheStrongestKindAndTheLastTime() {
        TestClock clock = TestClock.at("2026-03-04T09:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp, clock)) {
            AuditLog audit = new AuditLog(clock, "tester");
            ContentService content = new ContentService(ws, audit);
            long ana = new ContactService(ws, audit).create(ContactDraft.of("Ana", "Gil", "ana@example.org"));
            content.save(new ContentItem(null, "water", "appeal", "Water appeal", null,
                    "https://ngo.example/water", null, true, true, null, null, List.of(), List.of(), List.of(),
                    List.of(new ContentItem.Reference(ContentItem.Reference.CAMPAIGN, "Agua 2026")), false));
            content.save(new ContentItem(null, "gala", "event", "Gala", null, null, null, true, false, null, null,
                    List.of(), List.of(), List.of(), List.of(), false));
            event(ws, ana, "email_opened", "AGUA 2026", null, "2026-02-01T10:00:00Z");
            event(ws, ana, "donation", "Agua  2026", null, "2026-02-03T10:00:00Z");
            // a click on the item's own page, with tracking parameters
            event(ws, ana, "email_clicked", null, "https://www.ngo.example/water/?utm_source=mc", "2026-02-05T10:00:00Z");
            // sent only: no interaction; a campaign no item names: none either
            event(ws, ana, "email_sent", "Agua 2026", null, "2026-02-06T10:00:00Z");
            event(ws, ana, "donation", "Otra cosa", null, "2026-02-07T10:00:00Z");

            List<ContentService.Interaction> found = content.interactions(ana);

            assertThat(found).singleElement().satisfies(i -> {
                assertThat(i.item().key()).isEqualTo("water");
                assertThat(i.strongest()).isEqualTo("donation");
                assertThat(i.times()).isEqualTo(3);
                assertThat(i.last()).isEqualTo(OffsetDateTime.parse("2026-02-05T10:00:00Z"));
            });
        }
    }

    private static void event(Workspace ws, long contact, String type, String campaign, String ref, String at) {
        ws.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, contact).set(EVENT.EVENT_TYPE, type)
                .set(EVENT.CAMPAIGN, campaign).set(EVENT.EXTERNAL_REF, ref)
                .set(EVENT.OCCURRED_AT, OffsetDateTime.parse(at))
                .set(EVENT.RECORDED_AT, OffsetDateTime.parse(at)).execute();
    }
}
