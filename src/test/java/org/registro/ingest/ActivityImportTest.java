package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.EVENT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.ingest.ImportRecords.Plan;
import org.registro.ingest.ImportRecords.Summary;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Email tools' campaign activity files, written in the shapes the tools use (see REAL-FORMATS.md), become events
 * on the people they name: the tool's words for opens, clicks, bounces and unsubscribes as our event types, the
 * campaign from the file or from the import, and the same file twice adds nothing.
 */
class ActivityImportTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-10T10:00:00Z");
    private Workspace workspace;
    private ImportService imports;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp.resolve("ws"), clock);
        imports = new ImportService(workspace, new AuditLog(clock, "tester"));
        ContactService contacts = TestWorkspaces.contacts(workspace);
        contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.es"));
        contacts.create(ContactDraft.of("Ben", "Gil", "ben@example.es"));
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private Summary importFile(String name, String content, String campaign) throws Exception {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Plan plan = imports.plan(file, SourceFile.Options.detect(), null, null, Progress.NONE);
        ImportMapping mapping = campaign == null ? plan.mapping() : plan.mapping().withEventCampaign(campaign);
        return imports.run(new ImportRecords.Request(file, SourceFile.Options.detect(), plan.sourceName(), "first",
                mapping, false), Progress.NONE);
    }

    private String presetOf(String name, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return imports.plan(file, SourceFile.Options.detect(), null, null, Progress.NONE).preset().code();
    }

    /** Every event: "email type campaign time reference". */
    private List<String> events() {
        return workspace.dsl().select(EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.CAMPAIGN, EVENT.OCCURRED_AT,
                        EVENT.EXTERNAL_REF).from(EVENT).orderBy(EVENT.OCCURRED_AT, EVENT.EVENT_TYPE)
                .fetch(r -> r.value1() + " " + r.value2() + " " + r.value3() + " " + r.value4().toInstant()
                        + (r.value5() == null ? "" : " " + r.value5()));
    }

    @Test
    void mailchimpsPerActionRowsBecomeOpensClicksAndBouncesOfTheNamedCampaign() throws Exception {
        String file = "email_address,action,timestamp,url,type,campaign_id\n"
                + "ana@example.es,open,2026-03-05T10:00:00+00:00,,,42694e9e57\n"
                + "ana@example.es,click,2026-03-05T10:02:00+00:00,https://example.org/give,,42694e9e57\n"
                + "ben@example.es,bounce,2026-03-05T09:00:00+00:00,,hard,42694e9e57\n";
        assertThat(presetOf("a/welcome-activity.csv", file)).isEqualTo(ActivityPresets.MAILCHIMP);

        Summary s = importFile("welcome-activity.csv", file, "Welcome");

        assertThat(s.rejected()).isZero();
        assertThat(events()).containsExactly(
                "2 email_bounced Welcome 2026-03-05T09:00:00Z",
                "1 email_opened Welcome 2026-03-05T10:00:00Z",
                "1 email_clicked Welcome 2026-03-05T10:02:00Z https://example.org/give");
        // the same file again adds nothing
        importFile("welcome-activity.csv", file, "Welcome");
        assertThat(events()).hasSize(3);
    }

    @Test
    void mailchimpsAccountExportOpensTakeTheirActionFromTheFolderAndTheCampaignFromTheImport() throws Exception {
        String opens = "Timestamp,IP,Email\n"
                + "2026-03-06 08:15:00,203.0.113.7,ana@example.es\n"
                + "2026-03-06 21:40:00,203.0.113.9,ben@example.es\n";
        assertThat(presetOf("granular_activity/opens/Welcome.csv", opens)).isEqualTo(ActivityPresets.MAILCHIMP);

        Path file = tmp.resolve("granular_activity/opens/Welcome.csv");
        Plan plan = imports.plan(file, SourceFile.Options.detect(), null, null, Progress.NONE);
        // the file name says nothing of the action here; the folder does, and the user confirms it
        ImportMapping mapping = plan.mapping().withEventType("email_opened").withEventCampaign("Welcome");
        Summary s = imports.run(new ImportRecords.Request(file, SourceFile.Options.detect(), plan.sourceName(),
                "first", mapping, false), Progress.NONE);

        assertThat(s.rejected()).isZero();
        assertThat(events()).containsExactly("1 email_opened Welcome 2026-03-06T08:15:00Z",
                "2 email_opened Welcome 2026-03-06T21:40:00Z");
    }

    @Test
    void brevosMarketingEventsNameTheirCampaignAndTheirEvent() throws Exception {
        String file = "id,email,event,date_sent,date_event,ts_event,camp_id,campaign name,URL,tag\n"
                // date_event in the account's zone (Madrid, UTC+1 in March), ts_event in UTC seconds
                + "1,ana@example.es,opened,2026-03-05 10:00:00,2026-03-05 12:00:00,1772708400,7,Bienvenida,,\n"
                + "1,ana@example.es,click,2026-03-05 10:00:00,2026-03-05 12:01:00,1772708460,7,Bienvenida,"
                + "https://example.org/dona,\n"
                + "1,ben@example.es,unsubscribe,2026-03-05 10:00:00,2026-03-05 13:00:00,1772712000,7,Bienvenida,,\n"
                + "1,ben@example.es,hard_bounce,2026-03-04 10:00:00,2026-03-04 10:01:00,1772614860,6,Noticias,,\n";
        assertThat(presetOf("b/brevo-events.csv", file)).isEqualTo(ActivityPresets.BREVO);

        Summary s = importFile("brevo-events.csv", file, null);

        assertThat(s.rejected()).isZero();
        assertThat(events()).containsExactly(
                "2 email_bounced Noticias 2026-03-04T09:01:00Z",
                "1 email_opened Bienvenida 2026-03-05T11:00:00Z",
                "1 email_clicked Bienvenida 2026-03-05T11:01:00Z https://example.org/dona",
                "2 email_unsubscribed Bienvenida 2026-03-05T12:00:00Z");
    }

    @Test
    void anAudienceExportIsStillAnAudience() throws Exception {
        assertThat(presetOf("c/subscribed_members_export_1.csv", "Email Address,First Name,MEMBER_RATING,OPTIN_TIME,"
                + "LAST_CHANGED\nana@example.es,Ana,2,2026-01-01 10:00:00,2026-01-01 10:00:00\n")).isEqualTo("mailchimp");
        assertThat(ActivityPresets.eventType("Hard_Bounce")).isEqualTo("email_bounced");
        assertThat(ActivityPresets.eventType("donation")).isEqualTo("donation");
    }
}
