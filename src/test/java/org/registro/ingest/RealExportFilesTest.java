package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.ingest.ImportRecords.Summary;
import org.registro.testutil.TestClock;
import org.registro.testutil.ImportFixture;
import org.registro.workspace.Workspace;

/** Files in the shape real tools export them (written by us after their documentation and fixtures). */
class RealExportFilesTest {

    @TempDir
    Path tmp;

    private ImportFixture fixture;
    private Workspace workspace;
    private ImportService imports;

    @BeforeEach
    void open() {
        fixture = new ImportFixture(tmp, TestClock.at("2026-03-01T10:00:00Z")); // Spanish: phones default to ES
        workspace = fixture.workspace();
        imports = fixture.imports();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Summary importText(String name, String content) throws Exception {
        return fixture.importText(name, content);
    }

    private Map<String, String> phonesByEmail() {
        return workspace.dsl().select(CONTACT.EMAIL, CONTACT.PHONE).from(CONTACT).fetch().stream()
                .collect(Collectors.toMap(r -> r.value1(), r -> String.valueOf(r.value2())));
    }

    private Map<String, String> emailConsentByEmail() {
        return workspace.dsl().select(CONTACT.EMAIL, CONSENT_STATE.STATUS).from(CONTACT).leftJoin(CONSENT_STATE)
                .on(CONSENT_STATE.CONTACT_ID.eq(CONTACT.ID).and(CONSENT_STATE.CHANNEL.eq("email"))
                        .and(CONSENT_STATE.TOPIC.eq(""))).fetch().stream()
                .collect(Collectors.toMap(r -> r.value1(), r -> String.valueOf(r.value2())));
    }

    @Test
    void phonesAreReadInTheRowsOwnCountryWhenItHasOne() throws Exception {
        // Mautic's contact export: field aliases as headers, the country as a name
        Summary summary = importText("contacts_export.csv", """
                id,firstname,lastname,email,phone,mobile,city,country,tags
                1,Oliver,Smith,oliver@example.co.uk,07911 123456,,London,United Kingdom,newsletter
                2,Lucía,Pérez,lucia@example.es,612 345 678,,Madrid,Spain,
                3,Marie,Dubois,marie@example.fr,01 42 68 53 00,,Paris,France,
                4,Ana,Ruiz,ana@example.org,699 111 222,,Sevilla,,
                """);
        assertThat(summary.created()).isEqualTo(4);
        assertThat(phonesByEmail()).containsEntry("oliver@example.co.uk", "+447911123456")
                .containsEntry("lucia@example.es", "+34612345678").containsEntry("marie@example.fr", "+33142685300")
                .containsEntry("ana@example.org", "+34699111222");
    }

    @Test
    void civicrmsOptOutColumnWithdrawsBulkEmail() throws Exception {
        importText("civicrm_contacts.csv", """
                "Contact ID","Contact Type","First Name","Last Name","Email","Opt Out"
                "101","Individual","Ana","Ruiz","ana@example.org","Yes"
                "102","Individual","Luis","Gil","luis@example.org","No"
                "103","Individual","Eva","Sanz","eva@example.org","1"
                "104","Individual","Raúl","Moreno","raul@example.org","0"
                """);
        assertThat(emailConsentByEmail()).containsEntry("ana@example.org", "withdrawn")
                .containsEntry("eva@example.org", "withdrawn")
                .as("a no is not proof of consent").containsEntry("luis@example.org", "null")
                .containsEntry("raul@example.org", "null");
    }

    @Test
    void anOptOutColumnInAnyFileWithdrawsToo() throws Exception {
        importText("crm.csv", """
                Email,First name,Email Opt Out
                ana@example.org,Ana,TRUE
                luis@example.org,Luis,FALSE
                """);
        assertThat(emailConsentByEmail()).containsEntry("ana@example.org", "withdrawn")
                .containsEntry("luis@example.org", "null");
    }

    @Test
    void aConsentChangeIsDatedByTheFilesOwnDateColumn() throws Exception {
        importText("crm_unsubscribes.csv", """
                Email,First name,Opt Out,Unsubscribed on
                ana@example.org,Ana,Yes,2025-11-20 08:15:00
                """);
        importText("newsletter.csv", """
                Email,Newsletter,Fecha de alta
                luis@example.org,sí,20240315
                """);
        importText("plain.csv", """
                Email,Newsletter
                eva@example.org,yes
                """);
        var times = workspace.dsl().select(CONTACT.EMAIL, CONSENT_STATE.OCCURRED_AT).from(CONTACT)
                .join(CONSENT_STATE).on(CONSENT_STATE.CONTACT_ID.eq(CONTACT.ID)).fetch().stream()
                .collect(Collectors.toMap(r -> r.value1(), r -> r.value2().toInstant().toString()));
        assertThat(times).containsEntry("ana@example.org", "2025-11-20T08:15:00Z")
                .containsEntry("luis@example.org", "2024-03-15T00:00:00Z")
                .as("a file without a date: the import's time").containsEntry("eva@example.org", "2026-03-01T10:00:00Z");
    }

    @Test
    void aBadDateInATimeColumnSharedByTwoConsentColumnsIsOneProblem() throws Exception {
        Summary summary = importText("prefs.csv", """
                Email,Newsletter,Events opt in,Consent date
                ana@example.org,yes,yes,31/31/2020
                """);
        assertThat(Files.readAllLines(summary.rejectFile())).hasSize(2);
    }

    @Test
    void columnsUnderUnknownHeadersAreSuggestedFromTheirValuesAndTheRestIsListed() throws Exception {
        // a sports club's sign-up sheet and Mailjet's documented contact properties, in one generic file
        Path file = tmp.resolve("signups.csv");
        Files.writeString(file, """
                Player First Name,Player Last Name,Parent contact,Second address,age,Shirt,Notes
                Leo,Ruiz,ana@example.org,ana.ruiz@work.example,11,M,
                Marta,Gil,luis@example.org,,12,S,
                """, StandardCharsets.UTF_8);
        var plan = imports.plan(file, SourceFile.Options.detect(), null, null, Progress.NONE);
        var targets = plan.mapping().columns().stream().collect(Collectors.toMap(ColumnMapping::column,
                c -> c.target() + ":" + (c.field() != null ? c.field() : c.identifierKind() != null
                        ? c.identifierKind() : c.customType())));
        assertThat(targets).containsEntry("Player First Name", "FIELD:firstName")
                .containsEntry("Player Last Name", "FIELD:lastName")
                .containsEntry("Parent contact", "FIELD:email").containsEntry("Second address", "IDENTIFIER:email")
                .containsEntry("age", "CUSTOM:number").containsEntry("Shirt", "CUSTOM:text");
        assertThat(plan.mapping().notImported()).as("an empty column is listed, not dropped silently")
                .containsExactly("Notes");
    }

    @Test
    void listmonksOwnFormatIsDetectedAndItsAttributesBecomeFields() throws Exception {
        // listmonk's import format: email, name, attributes as a JSON object (quotes doubled in the CSV)
        Summary summary = importText("subscribers.csv", """
                email,name,attributes
                ana@example.org,Ana Ruiz,"{""city"": ""Madrid"", ""phone"": ""612 345 678"", ""plan"": ""gold"", ""age"": 34, ""tags"": [""donor"", ""volunteer""]}"
                luis@example.org,Luis Gil,not json
                """);
        assertThat(summary.created()).isEqualTo(2);
        assertThat(summary.withProblems()).as("invalid JSON: the row stays, the attributes are reported")
                .isEqualTo(1);
        var session = fixture.session();
        long ana = session.contacts().page(new org.registro.contact.ContactQuery("ana@example.org",
                org.registro.contact.ContactSort.NAME, true, 0, 1)).rows().get(0).id();
        var profile = session.contacts().profile(ana).orElseThrow();
        assertThat(profile.city()).isEqualTo("Madrid");
        assertThat(profile.phone()).isEqualTo("+34612345678");
        assertThat(profile.tags()).containsExactlyInAnyOrder("donor", "volunteer");
        assertThat(profile.customValues()).extracting(v -> v.key() + "=" + v.value())
                .contains("plan=gold", "age=34");
        assertThat(workspace.dsl().select(org.registro.db.Tables.IMPORT_BATCH.PRESET)
                .from(org.registro.db.Tables.IMPORT_BATCH).fetchOne(0, String.class)).isEqualTo("listmonk");
    }

    @Test
    void registrosOwnListmonkExportImportsAgainWithoutLoss() throws Exception {
        importText("crm.csv", """
                Email,First name,Last name,Phone,City,Country,Tags,Member since,Monthly gift
                ana@example.org,María José,García López,612345678,Madrid,España,"donor, volunteer",2019-05-01,12.5
                luis@example.org,Luis,Gil,,Sevilla,ES,,,
                """);
        var session = fixture.session();
        Path out = tmp.resolve("listmonk.csv");
        session.exports().export(new org.registro.export.ExportRequest(org.registro.export.Selector.all(),
                org.registro.consent.Purpose.TRANSACTIONAL, "email", null,
                org.registro.export.ListFormat.LISTMONK.template()), out, null, Progress.NONE);
        assertThat(Files.readString(out)).as("numbers as people write them").contains("12.5")
                .doesNotContain("12.500000");

        try (ImportFixture other = new ImportFixture(tmp.resolve("other"), TestClock.at("2026-03-02T10:00:00Z"))) {
            Files.createDirectories(tmp.resolve("other"));
            var summary = other.imports().importAsPlanned(out, SourceFile.Options.detect(), null, null, "first",
                    Progress.NONE);
            assertThat(summary.created()).isEqualTo(2);
            assertThat(snapshot(other.session())).isEqualTo(snapshot(session));
        }
    }

    /** What a contact is, by email: names, phone, city, country, tags and custom values. */
    private static Map<String, String> snapshot(org.registro.wiring.Session session) {
        Map<String, String> all = new java.util.TreeMap<>();
        for (var row : session.contacts().page(new org.registro.contact.ContactQuery(null,
                org.registro.contact.ContactSort.NAME, true, 0, 100)).rows()) {
            var p = session.contacts().profile(row.id()).orElseThrow();
            all.put(p.email(), String.join("|", String.valueOf(p.firstName()), String.valueOf(p.lastName()),
                    String.valueOf(p.phone()), String.valueOf(p.city()), String.valueOf(p.country()),
                    new java.util.TreeSet<>(p.tags()).toString(), p.customValues().stream()
                            .map(v -> v.key() + "=" + v.value()).sorted().toList().toString()));
        }
        return all;
    }
}
