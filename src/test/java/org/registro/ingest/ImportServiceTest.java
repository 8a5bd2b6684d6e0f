package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;

import java.nio.charset.Charset;
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

class ImportServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ImportService imports;
    private ContactService contacts;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        imports = new ImportService(workspace, new AuditLog(clock, "tester"));
        contacts = TestWorkspaces.contacts(workspace);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private Path file(String name, String content) throws Exception {
        return file(name, content, StandardCharsets.UTF_8);
    }

    private Path file(String name, String content, Charset charset) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, charset);
        return file;
    }

    private Summary importFile(Path file) {
        return importFile(file, null);
    }

    private Summary importFile(Path file, String preset) {
        return imports.importAsPlanned(file, SourceFile.Options.detect(), preset, null, "first", Progress.NONE);
    }

    private long count(org.jooq.Table<?> table) {
        return workspace.dsl().selectCount().from(table).fetchSingle(0, long.class);
    }

    @Test
    void aSecondFileChangesCustomValuesAndKeepsWhatTheyWere() throws Exception {
        importFile(file("socios.csv", """
                Email;Nombre;Nivel;Puntos
                ana@example.es;Ana;Oro;12
                bea@example.es;Bea;Plata;3
                """));
        importFile(file("socios_2.csv", """
                Email;Nombre;Nivel;Puntos
                ana@example.es;Ana;Platino;12
                bea@example.es;Bea;Plata;4
                eva@example.es;Eva;Bronce;1
                """));

        var values = workspace.dsl().select(CONTACT.EMAIL, org.registro.db.Tables.FIELD_DEFINITION.LABEL,
                        org.registro.db.Tables.CONTACT_VALUE.VALUE_TEXT, org.registro.db.Tables.CONTACT_VALUE.VALUE_NUMBER)
                .from(org.registro.db.Tables.CONTACT_VALUE).join(CONTACT).on(CONTACT.ID.eq(
                        org.registro.db.Tables.CONTACT_VALUE.CONTACT_ID))
                .join(org.registro.db.Tables.FIELD_DEFINITION).on(org.registro.db.Tables.FIELD_DEFINITION.ID.eq(
                        org.registro.db.Tables.CONTACT_VALUE.FIELD_ID))
                .orderBy(CONTACT.EMAIL, org.registro.db.Tables.FIELD_DEFINITION.LABEL)
                .fetch(r -> r.value1() + " " + r.value2() + "=" + (r.value3() != null ? r.value3()
                        : r.value4().stripTrailingZeros().toPlainString()));
        assertThat(values).containsExactly("ana@example.es Nivel=Platino", "ana@example.es Puntos=12",
                "bea@example.es Nivel=Plata", "bea@example.es Puntos=4", "eva@example.es Nivel=Bronce",
                "eva@example.es Puntos=1");
        var history = workspace.dsl().select(org.registro.db.Tables.VALUE_HISTORY.OLD_VALUE,
                        org.registro.db.Tables.VALUE_HISTORY.NEW_VALUE).from(org.registro.db.Tables.VALUE_HISTORY)
                .orderBy(org.registro.db.Tables.VALUE_HISTORY.NEW_VALUE)
                .fetch(r -> r.value1() + "→" + r.value2());
        assertThat(history).containsExactly("3→4", "Oro→Platino"); // unchanged values and new people: no history
    }

    @Test
    void aSpanishCrmFileIsNormalizedLinkedAndCounted() throws Exception {
        Path crm = file("donantes_crm.csv", """
                Nº socio;Nombre;Apellidos;Correo electrónico;Teléfono;Ciudad;País;Fecha de nacimiento;Acepta newsletter
                D-001;  MARÍA ;DE LA FUENTE; Maria.Fuente@Example.com ;612 34 56 78;Madrid;España;13/04/1985;sí
                D-002;jorge;garcía-pérez;jorge@example;;Sevilla;Spain;01/02/1990;no
                D-003;Ana;López;;;Bilbao;ES;;
                ;Sin;Identificador;;;;;;
                """, Charset.forName("windows-1252"));

        Summary summary = importFile(crm);

        assertThat(summary.read()).isEqualTo(4);
        assertThat(summary.created()).isEqualTo(3);
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(summary.withProblems()).isEqualTo(1); // jorge@example is not an email
        var maria = workspace.dsl().selectFrom(CONTACT).where(CONTACT.EMAIL.eq("maria.fuente@example.com")).fetchOne();
        assertThat(maria.getFirstName()).isEqualTo("María");
        assertThat(maria.getLastName()).isEqualTo("De la Fuente"); // a surname on its own starts with a capital
        assertThat(maria.getPhone()).isEqualTo("+34612345678");
        assertThat(maria.getCountry()).isEqualTo("ES");
        assertThat(maria.getBirthDate()).hasToString("1985-04-13");
        assertThat(workspace.dsl().select(IDENTIFIER.VALUE_RAW).from(IDENTIFIER)
                .where(IDENTIFIER.CONTACT_ID.eq(maria.getId()).and(IDENTIFIER.KIND.eq("email"))).fetchOne().value1())
                .isEqualTo("Maria.Fuente@Example.com");
        assertThat(workspace.dsl().select(CONSENT_STATE.STATUS).from(CONSENT_STATE)
                .where(CONSENT_STATE.CONTACT_ID.eq(maria.getId())).fetchOne().value1()).isEqualTo("granted");
        assertThat(summary.rejectFile()).exists();
        String rejects = Files.readString(summary.rejectFile(), StandardCharsets.UTF_8);
        assertThat(rejects).contains("5,Rejected").contains("jorge@example").contains("Correo electrónico");
    }

    @Test
    void aRowUpdatesTheContactItsIdentifierBelongsToAndBlanksNeverOverwrite() throws Exception {
        importFile(file("crm.csv", """
                customer id,first name,last name,email,city
                C1,Masha,Kelley,masha@example.com,Madrid
                """));
        Summary second = importFile(file("crm2.csv", """
                customer id,first name,last name,email,city
                C1,Masha,,masha.kelley@example.com,Barcelona
                C1,Masha,,masha.kelley@example.com,Barcelona
                """));

        assertThat(second.created()).isZero();
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);
        var c = workspace.dsl().selectFrom(CONTACT).fetchSingle();
        assertThat(c.getLastName()).isEqualTo("Kelley");
        assertThat(c.getCity()).isEqualTo("Barcelona");
        assertThat(c.getEmail()).isEqualTo("masha.kelley@example.com");
        // the old address stays as a further identifier: a later file with it still finds Masha
        Summary third = importFile(file("old.csv", "email,city\nmasha@example.com,Barcelona\n"));
        assertThat(third.created()).isZero();
        assertThat(count(CONTACT)).isEqualTo(1);
    }

    @Test
    void aValueTypedByHandIsNotOverwrittenByAnImport() throws Exception {
        long id = contacts.create(ContactDraft.of("Masha", "Kelley", "masha@example.com"));
        importFile(file("crm.csv", "email,first name\nmasha@example.com,M.\n"));
        assertThat(contacts.profile(id).orElseThrow().firstName()).isEqualTo("Masha");
    }

    @Test
    void undoRemovesCreatedContactsAndRestoresChangedValues() throws Exception {
        Summary first = importFile(file("a.csv", "email,city,tags\nana@example.com,Madrid,donor\n"));
        Summary second = importFile(file("b.csv", "email,city,tags\nana@example.com,Bilbao,volunteer\nnew@example.com,Vigo,\n"));
        assertThat(count(CONTACT)).isEqualTo(2);

        var undo = imports.undo(second.batchId(), Progress.NONE);
        assertThat(org.registro.workspace.Backups.list(workspace.folder()))
                .extracting(org.registro.workspace.Backups.Backup::reason).containsExactly("before-undo");

        assertThat(undo.contactsRemoved()).isEqualTo(1);
        assertThat(undo.valuesRestored()).isEqualTo(1);
        assertThat(count(CONTACT)).isEqualTo(1);
        var ana = workspace.dsl().selectFrom(CONTACT).fetchSingle();
        assertThat(ana.getCity()).isEqualTo("Madrid");
        assertThat(contacts.profile(ana.getId()).orElseThrow().tags()).containsExactly("donor");
        assertThat(imports.batch(second.batchId()).orElseThrow().status()).isEqualTo("undone");
        assertThat(imports.batch(first.batchId()).orElseThrow().status()).isEqualTo("completed");
    }

    @Test
    void rowsPointingToTwoContactsAreAppliedToOneAndTheConflictRecorded() throws Exception {
        importFile(file("a.csv", "email,phone\nana@example.com,\nbea@example.com,600111222\n"));
        Summary s = importFile(file("b.csv", "email,phone\nana@example.com,600111222\n"));
        assertThat(s.conflicts()).isEqualTo(1);
        assertThat(count(CONTACT)).isEqualTo(2);
        assertThat(count(IDENTITY_CONFLICT)).isEqualTo(1);
    }

    @Test
    void relativesSharingALandlineOrAnEmailStayApartAndOnePersonsVariantsAreLinked() throws Exception {
        importFile(file("family.csv", """
                first name,last name,email,phone
                Juan,García López,,+34 915 551 234
                José,Ruiz,ruizfamilia@example.es,
                """));
        Summary s = importFile(file("later.csv", """
                first name,last name,email,phone
                Ana,García López,,+34 915 551 234
                J.,García,juan.garcia@example.es,+34 915 551 234
                Pepe,Ruiz,ruizfamilia@example.es,+34 600 111 222
                Marta,Ruiz,ruizfamilia@example.es,
                ,García,,+34 915 551 234
                Lucia,Vidal,,+34 600 999 888
                Lucía,Vidal,,+34 600 999 888
                Carmen,Vidal,,+34 600 999 888
                """));

        var rows = workspace.dsl().select(CONTACT.FIRST_NAME, CONTACT.PHONE, CONTACT.EMAIL).from(CONTACT)
                .orderBy(CONTACT.ID).fetch();
        assertThat(rows.map(r -> r.value1())).as("Juan (J. keeps his name), José (now Pepe), Ana, Marta, Lucía, Carmen: six people")
                .containsExactly("Juan", "Pepe", "Ana", "Marta", "Lucía", "Carmen");
        assertThat(rows.get(2).value2()).as("Ana keeps the landline she gave").isEqualTo("+34915551234");
        assertThat(s.conflicts()).as("Ana, Marta and Carmen each shared a number or email with another")
                .isEqualTo(3);
        assertThat(count(IDENTITY_CONFLICT)).isEqualTo(3);
        long juan = workspace.dsl().select(CONTACT.ID).from(CONTACT).where(CONTACT.FIRST_NAME.eq("Juan"))
                .fetchSingle(CONTACT.ID);
        assertThat(workspace.dsl().fetchCount(IDENTIFIER, IDENTIFIER.CONTACT_ID.eq(juan)
                .and(IDENTIFIER.VALUE_NORM.eq("juan.garcia@example.es")))).as("J. García is Juan").isEqualTo(1);
    }

    @Test
    void aNationalIdLinksWhateverTheSpellingAndAHouseNumberColumnJoinsTheStreet() throws Exception {
        // the record-linkage benchmark shape (Febrl): the street split in three columns, a social security id
        Summary s = importFile(file("people.csv", """
                rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id
                rec-1-org,michaela,neumann,8,stanley street,miami,winston hills,4223,nsw,19151111,5304218
                rec-1-dup-0,michaela,neuman,8,stanley st,,winston hills,4223,nsw,19151111,530 4218
                rec-2-org,courtney,painter,12,pinkerton circuit,,richlands,4560,vic,19161214,4066625
                """));

        assertThat(s.rejected()).isZero();
        assertThat(count(CONTACT)).as("the two records of Michaela share her id").isEqualTo(2);
        var michaela = workspace.dsl().selectFrom(CONTACT).where(CONTACT.FIRST_NAME.eq("Michaela")).fetchSingle();
        assertThat(michaela.getStreet()).as("the later record's street, its number joined").isEqualTo("8 stanley st");
        assertThat(workspace.dsl().select(CONTACT.STREET).from(CONTACT).where(CONTACT.FIRST_NAME.eq("Courtney"))
                .fetchSingle(CONTACT.STREET)).isEqualTo("12 pinkerton circuit");
        assertThat(michaela.getCity()).isEqualTo("winston hills");
        assertThat(michaela.getBirthDate()).isEqualTo(java.time.LocalDate.of(1915, 11, 11));
        assertThat(workspace.dsl().select(IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                .where(IDENTIFIER.KIND.eq("national_id").and(IDENTIFIER.CONTACT_ID.eq(michaela.getId())))
                .fetch(IDENTIFIER.VALUE_NORM)).containsExactly("5304218");
    }

    @Test
    void reimportingTheSameFileIsRecognisedAndDoublesNothing() throws Exception {
        Path donations = file("donaciones_2025.csv", """
                email,fecha,importe,campaña
                ana@example.com,15/03/2025,"25,00",Primavera
                ana@example.com,15/04/2025,"30,00",Primavera
                """);
        Summary first = importFile(donations);
        Plan again = imports.plan(donations, SourceFile.Options.detect(), null, null, Progress.NONE);
        Summary second = importFile(donations);

        assertThat(first.created()).isEqualTo(1);
        assertThat(again.previous()).map(ImportRecords.Batch::id).contains(first.batchId());
        assertThat(second.reimportOf()).isEqualTo(first.batchId());
        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(count(EVENT)).isEqualTo(2);
        assertThat(workspace.dsl().select(EVENT.AMOUNT).from(EVENT).orderBy(EVENT.OCCURRED_AT).fetch(EVENT.AMOUNT))
                .extracting(java.math.BigDecimal::intValue).containsExactly(25, 30);
    }

    @Test
    void aDryRunCountsEverythingAndWritesNothing() throws Exception {
        Path f = file("a.csv", "email\nana@example.com\nnot-an-email\n");
        Plan plan = imports.plan(f, SourceFile.Options.detect(), null, null, Progress.NONE);
        Summary s = imports.run(new ImportRecords.Request(f, SourceFile.Options.detect(), plan.sourceName(), "first",
                plan.mapping(), true), Progress.NONE);
        assertThat(s.created()).isEqualTo(1);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(count(CONTACT)).isZero();
        assertThat(imports.batches()).isEmpty();
    }

    @Test
    void aMailchimpAudienceBecomesConsentEventsAtTheirOwnTimes() throws Exception {
        Path subscribed = file("subscribed_members_export_4f1c2a9b1e.csv", """
                Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS
                ana@example.com, Ana ,Ruiz ,2,"2024-01-10 09:00:00",81.0.0.1,"2024-01-10 09:05:00",81.0.0.1,,,,,,ES,,"2024-01-10 09:05:00",101,a1b2c3d4e5,,"""
                + "\"\"\"Donor\"\",\"\"Madrid\"\"\"\n");
        Path unsubscribed = file("unsubscribed_members_export_4f1c2a9b1e.csv", """
                Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS
                bea@example.com,Bea,Gil,2,"2023-05-01 10:00:00",,"2023-05-01 10:02:00",,,,,,,,,"2025-02-03 18:30:00","Spring appeal",abc123,"I no longer want to receive these emails",,102,f6g7h8i9j0,,Volunteer
                """);

        Summary a = importFile(subscribed);
        Summary b = importFile(unsubscribed);

        assertThat(a.created()).isEqualTo(1);
        assertThat(b.created()).isEqualTo(1);
        var events = workspace.dsl().select(CONSENT_EVENT.STATUS, CONSENT_EVENT.METHOD, CONSENT_EVENT.OCCURRED_AT,
                        CONSENT_EVENT.EVIDENCE_IP, CONSENT_EVENT.SOURCE_SYSTEM)
                .from(CONSENT_EVENT).orderBy(CONSENT_EVENT.OCCURRED_AT).fetch();
        assertThat(events).extracting(r -> r.value1() + " " + r.value2() + " " + r.value3().toInstant())
                .containsExactly(
                        "granted form 2023-05-01T10:00:00Z",
                        "confirmed double_opt_in 2023-05-01T10:02:00Z",
                        "granted form 2024-01-10T09:00:00Z",
                        "confirmed double_opt_in 2024-01-10T09:05:00Z",
                        "withdrawn email_tool_unsubscribe 2025-02-03T18:30:00Z");
        assertThat(events.get(2).value4()).isEqualTo("81.0.0.1");
        assertThat(events.get(0).value5()).isEqualTo("Mailchimp");
        long ana = workspace.dsl().select(CONTACT.ID).from(CONTACT).where(CONTACT.EMAIL.eq("ana@example.com")).fetchSingle().value1();
        assertThat(contacts.profile(ana).orElseThrow().tags()).containsExactly("Donor", "Madrid");
        assertThat(workspace.dsl().select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.STATUS).from(CONSENT_STATE)
                .orderBy(CONSENT_STATE.CONTACT_ID).fetch()).extracting(r -> r.value2())
                .containsExactly("confirmed", "withdrawn");
        // Mailchimp's own id for the member is kept as a source record key
        assertThat(workspace.dsl().select(IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                .where(IDENTIFIER.KIND.eq("source_key")).fetch(IDENTIFIER.VALUE_NORM))
                .containsExactlyInAnyOrder("a1b2c3d4e5", "f6g7h8i9j0");
        // importing the same unsubscribes again appends nothing
        importFile(unsubscribed);
        assertThat(count(CONSENT_EVENT)).isEqualTo(5);
        assertThat(List.of(a.rejected(), b.rejected())).containsOnly(0L);
    }
}
