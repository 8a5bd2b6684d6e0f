package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.contact.ContactService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/** Each preset recognises its tool's real export and turns its consent columns into the right ledger events. */
class PresetsTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ImportService imports;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        imports = new ImportService(workspace, new AuditLog(clock, "tester"));
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    /** Imports with the detected preset, checking it is {@code expected}. */
    private ImportRecords.Summary importAs(String expected, String name, String content) throws Exception {
        Path file = Files.writeString(tmp.resolve(name), content);
        ImportRecords.Plan plan = imports.plan(file, SourceFile.Options.detect(), "auto", null, Progress.NONE);
        assertThat(plan.preset().code()).isEqualTo(expected);
        return imports.run(new ImportRecords.Request(file, SourceFile.Options.detect(), plan.sourceName(), "first",
                plan.mapping(), false), Progress.NONE);
    }

    /** "email status method" of every consent event, by time. */
    private List<String> ledger(String email) {
        return workspace.dsl().select(CONSENT_EVENT.CHANNEL, CONSENT_EVENT.STATUS, CONSENT_EVENT.METHOD)
                .from(CONSENT_EVENT).join(CONTACT).on(CONTACT.ID.eq(CONSENT_EVENT.CONTACT_ID))
                .where(CONTACT.EMAIL.eq(email)).orderBy(CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID)
                .fetch(r -> r.value1() + " " + r.value2() + " " + r.value3());
    }

    private String state(String email, String channel) {
        return workspace.dsl().select(CONSENT_STATE.STATUS).from(CONSENT_STATE).join(CONTACT)
                .on(CONTACT.ID.eq(CONSENT_STATE.CONTACT_ID))
                .where(CONTACT.EMAIL.eq(email).and(CONSENT_STATE.CHANNEL.eq(channel)))
                .fetchOptional(CONSENT_STATE.STATUS).orElse(null);
    }

    @Test
    void mailchimpCleanedMembersAreWithdrawnAsBounces() throws Exception {
        importAs("mailchimp", "cleaned_members_export_4f1c2a9b1e.csv", """
                Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,LEID,EUID,NOTES,TAGS
                old@example.com,Old,Address,1,"2022-02-01 10:00:00",,"2022-02-01 10:01:00",,,,,,,,,"2024-06-01 08:00:00","June newsletter",a1,7,abcdef0123,,
                """);
        assertThat(ledger("old@example.com")).containsExactly("email granted form", "email confirmed double_opt_in",
                "email withdrawn bounce");
        assertThat(state("old@example.com", "email")).isEqualTo("withdrawn");
        // The address itself is marked bounced, at the time Mailchimp cleaned it.
        assertThat(workspace.dsl().select(IDENTIFIER.BOUNCED_AT).from(IDENTIFIER)
                .where(IDENTIFIER.VALUE_NORM.eq("old@example.com")).fetchSingle().value1().toInstant())
                .isEqualTo(java.time.Instant.parse("2024-06-01T08:00:00Z"));
    }

    @Test
    void brevoOptInsDoubleOptInsAndBlocklistedAddresses() throws Exception {
        importAs("brevo", "contacts_export.csv", """
                CONTACT ID;EMAIL;FIRSTNAME;LASTNAME;SMS;DOUBLE_OPT-IN;OPT_IN;EMAIL_BLACKLISTED;SMS_BLACKLISTED;ADDED_TIME;MODIFIED_TIME
                41;mette@example.dk;Mette;Nielsen;4522334455;Yes;Yes;No;No;10-04-2023 14:22;11-05-2024 09:00
                42;lars@example.dk;Lars;Holm;;No;Yes;Yes;Yes;01-02-2022 10:00;03-03-2024 12:00
                """);
        assertThat(ledger("mette@example.dk")).containsExactly("email granted form", "email confirmed double_opt_in");
        assertThat(state("mette@example.dk", "email")).isEqualTo("confirmed");
        assertThat(state("lars@example.dk", "email")).isEqualTo("withdrawn");
        assertThat(state("lars@example.dk", "sms")).isEqualTo("withdrawn");
        assertThat(workspace.dsl().select(CONTACT.PHONE).from(CONTACT).where(CONTACT.EMAIL.eq("mette@example.dk"))
                .fetchSingle().value1()).isEqualTo("+4522334455");
    }

    @Test
    void mailjetExcludedContactsAreWithdrawn() throws Exception {
        importAs("mailjet", "contacts.csv", """
                Email,Name,IsExcludedFromCampaigns,CreatedAt
                anna@example.com,Anna Berg,false,2024-01-02T10:00:00Z
                bo@example.com,Bo Lund,true,2023-05-06T07:00:00Z
                """);
        assertThat(state("bo@example.com", "email")).isEqualTo("withdrawn");
        assertThat(state("anna@example.com", "email")).isNull(); // not excluded is not proof of an opt-in
        assertThat(workspace.dsl().select(CONTACT.LAST_NAME).from(CONTACT).where(CONTACT.EMAIL.eq("anna@example.com"))
                .fetchSingle().value1()).isEqualTo("Berg");
    }

    @Test
    void hubspotUnsubscribesAndConfirmations() throws Exception {
        importAs("hubspot", "hubspot-crm-exports-all-contacts-2026-02-01.csv", """
                Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Contact owner,Unsubscribed from all email,Marketing email confirmation status,Create Date
                1001,Sara,Gil,sara@example.com,+34 611 222 333,lead,Ana,false,confirmed,2024-05-01 10:00
                1002,Tom,Ruiz,tom@example.com,,customer,Ana,true,,2023-01-01 09:00
                """);
        assertThat(state("sara@example.com", "email")).isEqualTo("confirmed");
        assertThat(ledger("tom@example.com")).containsExactly("email withdrawn email_tool_unsubscribe");
    }

    @Test
    void salesforceReportFootersAreNotData() throws Exception {
        ImportRecords.Summary s = importAs("salesforce", "report1700000000000.csv", """
                "Contact ID","First Name","Last Name","Title","Account Name","Mailing City","Email","Email Opt Out","Do Not Call"
                "0035g00000AbCdE","Lena","Moreno","CFO","Acme SL","Madrid","lena@example.com","0","1"
                "0035g00000AbCdF","Iker","Sanz","","Acme SL","Bilbao","iker@example.com","1","0"

                "Grand Totals (2 records)"

                "Confidential Information - Do Not Distribute"
                "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."
                "Generated By:  Ana Ruiz  2/1/2026 9:13 AM"
                "Acme SL"
                """);
        assertThat(s.read()).isEqualTo(2);
        assertThat(s.rejected()).isZero();
        assertThat(s.skipped()).isGreaterThanOrEqualTo(5);
        assertThat(state("iker@example.com", "email")).isEqualTo("withdrawn");
        assertThat(state("lena@example.com", "phone")).isEqualTo("withdrawn");
    }

    @Test
    void civicrmDoNotColumnsAndTags() throws Exception {
        importAs("civicrm", "CiviCRM_Contact_Search.csv", """
                Contact ID,Contact Type,First Name,Last Name,Email,Phone,Do Not Email,Do Not Phone,Do Not Mail,Do Not SMS,No Bulk Emails (User Opt Out),External Identifier,Tag(s)
                15,Individual,Rosa,Vidal,rosa@example.org,933 111 222,0,0,1,0,1,D-77,"Donor, Volunteer"
                """);
        assertThat(ledger("rosa@example.org")).containsExactlyInAnyOrder("email withdrawn email_tool_unsubscribe",
                "post withdrawn manual");
        long id = workspace.dsl().select(CONTACT.ID).from(CONTACT).fetchSingle().value1();
        assertThat(new ContactService(workspace, new AuditLog(clock, "t")).profile(id).orElseThrow().tags())
                .containsExactly("Donor", "Volunteer");
        assertThat(workspace.dsl().select(IDENTIFIER.KIND).from(IDENTIFIER).fetch(IDENTIFIER.KIND))
                .contains("customer_number", "source_key", "email", "phone");
    }

    @Test
    void mauticTagsAreSeparatedByPipes() throws Exception {
        importAs("mautic", "contacts_export.csv", """
                id,firstname,lastname,email,mobile,city,zipcode,country,preferred_locale,points,stage,tags,date_added
                9,Nora,Ibáñez,nora@example.com,600123456,Sevilla,41001,Spain,es,40,Lead,webinar|ebook 2025|newsletter,2024-03-03 12:00:00
                """);
        long id = workspace.dsl().select(CONTACT.ID).from(CONTACT).fetchSingle().value1();
        var profile = new ContactService(workspace, new AuditLog(clock, "t")).profile(id).orElseThrow();
        assertThat(profile.tags()).containsExactly("ebook 2025", "newsletter", "webinar");
        assertThat(profile.country()).isEqualTo("ES");
    }

    @Test
    void listmonkBlocklistedSubscribersAreWithdrawnAndEnabledOnesOptedIn() throws Exception {
        importAs("listmonk", "subscribers.csv", """
                uuid,email,name,attributes,status,created_at,updated_at
                5f0e7d5a-1c1e-4d6a-9b9a-0e5b6a1f2c3d,eva@example.com,Eva Marín,"{""city"": ""Madrid""}",enabled,2024-02-01 10:00:00.123456 +0000 UTC,2024-02-01 10:00:00.123456 +0000 UTC
                6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d,luis@example.com,Luis Gil,{},blocklisted,2023-01-01 09:00:00 +0000 UTC,2025-06-01 09:00:00 +0000 UTC
                """);
        assertThat(state("eva@example.com", "email")).isEqualTo("granted");
        assertThat(state("luis@example.com", "email")).isEqualTo("withdrawn");
    }
}
