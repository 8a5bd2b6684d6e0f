package org.registro.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.IDENTIFIER;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.CancelledException;
import org.registro.common.Json;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.PrivacyService;
import org.registro.consent.Purpose;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class ExportServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ContactService contacts;
    private ConsentService consent;
    private PrivacyService privacy;
    private ExportService exports;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp.resolve("ws"), clock);
        contacts = TestWorkspaces.contacts(workspace);
        AuditLog audit = new AuditLog(clock, "tester");
        consent = new ConsentService(workspace, audit);
        privacy = new PrivacyService(workspace, audit);
        exports = new ExportService(workspace, audit, new org.registro.segment.SegmentService(workspace, audit),
                new org.registro.destination.DestinationService(workspace, audit));
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private long person(String first, String last, String email) {
        return contacts.create(ContactDraft.of(first, last, email));
    }

    private void grant(long id, String channel, String topic) {
        consent.record(new ConsentService.Change(id, channel, topic, Consent.GRANTED, Consent.METHOD_FORM, null,
                clock.instant().minus(Duration.ofDays(10)), null));
    }

    private static ExportRequest commercial(ListFormat destination, String topic) {
        return new ExportRequest(Selector.all(), Purpose.COMMERCIAL, "email", topic, destination.template());
    }

    private static List<CsvRecord> read(Path file) throws IOException {
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(file)) {
            return csv.stream().toList();
        }
    }

    @Test
    void aCommercialListHoldsOnlyPeopleWithACurrentOptInAndSaysWhyTheOthersWereLeftOut() throws IOException {
        long ana = person("Ana", "García", "ana@example.org");
        grant(ana, "email", null);
        contacts.addTag(ana, "donor");
        long bea = person("Bea", "Ruiz", "bea@example.org"); // no opt-in
        long carl = person("Carl", "Berg", "carl@example.de");
        consent.record(new ConsentService.Change(carl, "email", null, Consent.PENDING, Consent.METHOD_FORM, null,
                clock.instant().minus(Duration.ofDays(1)), null));
        long dan = person("Dan", "Lund", "dan@example.org");
        grant(dan, "email", null);
        privacy.restrict(dan, true, null);
        long eva = person("Eva", "Sol", "eva@example.org");
        grant(eva, "email", null);
        workspace.dsl().update(IDENTIFIER).set(IDENTIFIER.BOUNCED_AT, java.time.OffsetDateTime.now(clock))
                .where(IDENTIFIER.CONTACT_ID.eq(eva)).execute();
        long fede = person("Fede", "Mar", null); // no address
        grant(fede, "email", null);
        long gil = person("Gil", "Paz", "gil@example.org");
        grant(gil, "email", null);
        privacy.erase(gil, null);

        ExportRequest request = commercial(ListFormat.MAILCHIMP, null);
        ExportPreview preview = exports.preview(request, Progress.NONE);
        assertThat(preview.included()).isEqualTo(1);
        assertThat(preview.excluded()).containsEntry(Exclusion.NO_OPT_IN, 1L)
                .containsEntry(Exclusion.PENDING_DOUBLE_OPT_IN, 1L).containsEntry(Exclusion.SUPPRESSED, 1L)
                .containsEntry(Exclusion.BOUNCED, 1L).containsEntry(Exclusion.INVALID_ADDRESS, 1L)
                .containsEntry(Exclusion.ERASED, 1L);

        Path out = tmp.resolve("mailchimp.csv");
        Path left = tmp.resolve("left-out.csv");
        ExportResult result = exports.export(request, out, left, Progress.NONE);
        assertThat(result.written()).isEqualTo(1);
        assertThat(result.excluded()).isEqualTo(preview.excluded());
        List<CsvRecord> rows = read(out);
        assertThat(rows.get(0).getFields()).containsExactly("Email Address", "First Name", "Last Name", "Address",
                "Phone Number", "Birthday", "Tags");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).getField(0)).isEqualTo("ana@example.org");
        assertThat(rows.get(1).getField(6)).isEqualTo("donor");
        List<CsvRecord> leftRows = read(left);
        assertThat(leftRows).hasSize(7);
        assertThat(leftRows.stream().map(r -> r.getField(4)).toList()).contains("no_opt_in",
                "pending_double_opt_in", "suppressed", "bounced", "invalid_address", "erased");
        assertThat(Files.readString(left)).doesNotContain("gil@example.org");
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    @Test
    void aTopicNeedsItsOwnOptInOnTopOfTheChannel() {
        long both = person("Ana", "Both", "both@example.org");
        grant(both, "email", null);
        grant(both, "email", "events");
        long channelOnly = person("Bea", "Channel", "channel@example.org");
        grant(channelOnly, "email", null);
        long topicOnly = person("Carl", "Topic", "topic@example.org");
        grant(topicOnly, "email", "events");

        ExportPreview preview = exports.preview(commercial(ListFormat.CSV, "events"), Progress.NONE);
        assertThat(preview.included()).isEqualTo(1);
        assertThat(preview.excluded()).containsEntry(Exclusion.NO_TOPIC_OPT_IN, 1L)
                .containsEntry(Exclusion.NO_OPT_IN, 1L);
    }

    @Test
    void aTransactionalListLeavesOutOnlyErasedSuppressedAndUnusableAddresses() {
        person("Ana", "NoOptIn", "ana@example.org");
        long pending = person("Bea", "Pending", "bea@example.org");
        consent.record(new ConsentService.Change(pending, "email", null, Consent.PENDING, Consent.METHOD_FORM, null,
                clock.instant(), null));
        long restricted = person("Carl", "Restricted", "carl@example.org");
        privacy.restrict(restricted, true, null);
        person("Dan", "NoEmail", null);

        ExportPreview preview = exports.preview(new ExportRequest(Selector.all(), Purpose.TRANSACTIONAL, "email",
                null, ListFormat.CSV.template()), Progress.NONE);
        assertThat(preview.included()).isEqualTo(2);
        assertThat(preview.excluded()).containsOnlyKeys(Exclusion.SUPPRESSED, Exclusion.INVALID_ADDRESS);
    }

    /**
     * The invariant, on random ledgers, restrictions, erasures and bounces: whatever the channel and topic, a
     * commercial list holds exactly the people the consent service would allow a commercial message now (with a
     * usable, unbounced address).
     */
    @Test
    void noCommercialExportEverHoldsSomeoneWithoutAnOptIn() throws IOException {
        Random random = new Random(11);
        List<String> channels = List.of("email", "sms");
        List<String> topics = Arrays.asList(null, "newsletter", "events");
        List<Long> ids = new ArrayList<>();
        Set<Long> bounced = new HashSet<>();
        for (int i = 0; i < 80; i++) {
            ContactDraft draft = ContactDraft.of("P" + i, "Random", random.nextInt(10) == 0 ? null : "p" + i + "@example.org");
            long id = contacts.create(random.nextInt(3) == 0 ? draft : draft.withPhone("+34 600 000 " + String.format("%03d", i)));
            ids.add(id);
            for (int n = random.nextInt(7); n > 0; n--) {
                consent.record(new ConsentService.Change(id, channels.get(random.nextInt(2)),
                        topics.get(random.nextInt(3)), Consent.STATUSES.get(random.nextInt(4)), Consent.METHOD_IMPORT,
                        null, clock.instant().minus(Duration.ofHours(1 + random.nextInt(4000))), null));
            }
            if (i % 11 == 3) {
                privacy.restrict(id, true, null);
            } else if (i % 17 == 5) {
                privacy.erase(id, null);
            } else if (i % 7 == 2) {
                workspace.dsl().update(IDENTIFIER).set(IDENTIFIER.BOUNCED_AT, java.time.OffsetDateTime.now(clock))
                        .where(IDENTIFIER.CONTACT_ID.eq(id).and(IDENTIFIER.KIND.eq("email"))).execute();
                bounced.add(id);
            }
        }
        int run = 0;
        long writtenInAll = 0;
        for (String channel : channels) {
            for (String topic : topics) {
                Path out = tmp.resolve("list-" + run++ + ".csv");
                ExportResult result = exports.export(new ExportRequest(Selector.all(), Purpose.COMMERCIAL, channel,
                        topic, ListFormat.CSV.template()), out, null, Progress.NONE);
                Set<Long> written = new HashSet<>();
                read(out).stream().skip(1).forEach(r -> written.add(Long.parseLong(r.getField(0))));
                assertThat(written).hasSize((int) result.written());
                writtenInAll += written.size();
                for (long id : ids) {
                    boolean allowed = consent.decide(id, Purpose.COMMERCIAL, channel, topic, clock.instant()).allowed();
                    var contact = contacts.profile(id).orElseThrow();
                    boolean address = "email".equals(channel) ? contact.email() != null && !bounced.contains(id)
                            : contact.phone() != null;
                    assertThat(written.contains(id)).as("%s/%s contact %d", channel, topic, id)
                            .isEqualTo(allowed && address);
                }
            }
        }
        assertThat(writtenInAll).as("the random ledgers let some people through").isGreaterThan(10);
    }

    @Test
    void formulasAreNeutralizedInCsvButPhonesNegativeNumbersAndEmailsStayAsTheyAre() throws IOException {
        long evil = contacts.create(ContactDraft.of("=HYPERLINK(\"http://x\")", "@SUM(A1)", "evil@example.org")
                .withPhone("+34 612 345 678"));
        grant(evil, "email", null);
        long dash = person("-2+3", "Normal", "-dash@example.org");
        grant(dash, "email", null);

        Path csv = tmp.resolve("brevo.csv");
        ExportResult result = exports.export(commercial(ListFormat.BREVO, null), csv, null, Progress.NONE);
        List<CsvRecord> rows = read(csv);
        assertThat(rows.get(0).getFields()).containsExactly("EMAIL", "FIRSTNAME", "LASTNAME", "SMS", "EXT_ID");
        assertThat(rows.get(1).getFields()).containsExactly("evil@example.org", "'=HYPERLINK(\"http://x\")",
                "'@SUM(A1)", "+34612345678", Long.toString(evil));
        assertThat(result.excluded()).as("an address a spreadsheet would run is not written at all")
                .containsEntry(Exclusion.INVALID_ADDRESS, 1L);

        Path xlsx = tmp.resolve("list.xlsx");
        ExportResult workbook = exports.export(commercial(ListFormat.XLSX, null), xlsx, null, Progress.NONE);
        clock.advance(Duration.ofMinutes(5));
        assertThat(exports.recreate(workbook.exportId(), tmp.resolve("again.xlsx")).identical())
                .as("the workbook keeps the export's date, so it is written the same again").isTrue();
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(1).getCell(2).getCellType()).isEqualTo(CellType.STRING);
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue()).isEqualTo("=HYPERLINK(\"http://x\")");
            assertThat(sheet.getRow(1).getCell(4).getStringCellValue()).isEqualTo("+34612345678");
        }
    }

    @Test
    void listmonkGetsEmailNameAndAJsonAttributesColumn() throws IOException {
        long ana = contacts.create(ContactDraft.of("Ana", "García", "ana@example.org").withPhone("+34 612 345 678")
                .withAddress("Calle Mayor 1", "28013", "Madrid", "ES"));
        contacts.addTag(ana, "donor");
        grant(ana, "email", null);
        Path out = tmp.resolve("listmonk.csv");
        exports.export(commercial(ListFormat.LISTMONK, null), out, null, Progress.NONE);
        List<CsvRecord> rows = read(out);
        assertThat(rows.get(0).getFields()).containsExactly("email", "name", "attributes");
        assertThat(rows.get(1).getField(1)).isEqualTo("Ana García");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = Json.read(rows.get(1).getField(2), Map.class);
        assertThat(attributes).containsEntry("city", "Madrid").containsEntry("phone", "+34612345678")
                .containsEntry("tags", List.of("donor"));
    }

    @Test
    void theExcelPresetUsesSemicolonsAndAByteOrderMark() throws IOException {
        long ana = person("Ana", "García", "ana@example.org");
        grant(ana, "email", null);
        Path out = tmp.resolve("excel.csv");
        exports.export(commercial(ListFormat.EXCEL_CSV, null), out, null, Progress.NONE);
        byte[] bytes = Files.readAllBytes(out);
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("registro_id;email;first_name").contains(";ana@example.org;Ana;García;")
                .contains("\r\n");
    }

    @Test
    void eachExportIsRecordedCanBeAskedAboutInTheProfileAndWrittenAgainExactly() throws IOException {
        long ana = person("Ana", "García", "ana@example.org");
        grant(ana, "email", "newsletter");
        grant(ana, "email", null);
        long bea = person("Bea", "Ruiz", "bea@example.org");
        grant(bea, "email", null);
        grant(bea, "email", "newsletter");
        Path out = tmp.resolve("mailjet.csv");
        ExportResult result = exports.export(commercial(ListFormat.MAILJET, "newsletter"), out, null, Progress.NONE);

        ExportRun run = exports.list().get(0);
        assertThat(run.id()).isEqualTo(result.exportId());
        assertThat(run.rows()).isEqualTo(2);
        assertThat(run.sha256()).isEqualTo(ExportService.sha256(out));
        assertThat(run.createdBy()).isEqualTo("tester");
        assertThat(run.topic()).isEqualTo("newsletter");

        List<SentList> sent = exports.sentOn(ana, LocalDate.of(2026, 3, 1));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).consentEventId()).as("the topic's opt-in it rested on").isNotNull();
        assertThat(sent.get(0).consentStatus()).isEqualTo(Consent.GRANTED);
        assertThat(exports.sentOn(ana, LocalDate.of(2026, 3, 2))).isEmpty();

        ExportService.Recreated again = exports.recreate(result.exportId(), tmp.resolve("again.csv"));
        assertThat(again.identical()).isTrue();
        assertThat(Files.readAllBytes(tmp.resolve("again.csv"))).isEqualTo(Files.readAllBytes(out));

        privacy.erase(bea, null);
        ExportService.Recreated afterErasure = exports.recreate(result.exportId(), tmp.resolve("after.csv"));
        assertThat(afterErasure.erasedSince()).isEqualTo(1);
        assertThat(afterErasure.rows()).isEqualTo(1);
        assertThat(afterErasure.identical()).isFalse();
        assertThat(Files.readString(tmp.resolve("after.csv"))).contains("ana@example.org")
                .doesNotContain("bea@example.org");
        assertThat(exports.sentTo(bea)).as("the membership stays, against the anonymous id").hasSize(1);
    }

    @Test
    void listsSentToARecordCountForThePersonItWasMergedInto() {
        long bea = person("Bea", "Ruiz", "bea@example.org");
        grant(bea, "email", null);
        grant(bea, "email", "newsletter");
        long beatriz = person("Beatriz", "Ruiz", "beatriz.ruiz@work.example");
        exports.export(commercial(ListFormat.MAILJET, "newsletter"), tmp.resolve("list.csv"), null, Progress.NONE);
        assertThat(exports.sentTo(beatriz)).isEmpty();

        new org.registro.identity.MergeService(workspace, new AuditLog(clock, "tester"))
                .merge(beatriz, bea, java.util.Map.of(), null);

        assertThat(exports.sentTo(beatriz)).hasSize(1);
        assertThat(exports.sentTo(beatriz).get(0).consentStatus()).isEqualTo(Consent.GRANTED);
    }

    @Test
    void aCancelledExportLeavesNoFileAndNoRecord() {
        for (int i = 0; i < 12_000; i += 1000) {
            var x = org.jooq.impl.DSL.generateSeries(i, i + 999).as("s", "x");
            var n = x.field("x", Integer.class);
            workspace.dsl().insertInto(org.registro.db.Tables.CONTACT, org.registro.db.Tables.CONTACT.FIRST_NAME,
                            org.registro.db.Tables.CONTACT.EMAIL, org.registro.db.Tables.CONTACT.CREATED_AT,
                            org.registro.db.Tables.CONTACT.UPDATED_AT)
                    .select(org.jooq.impl.DSL.select(org.jooq.impl.DSL.inline("P").concat(n),
                            org.jooq.impl.DSL.inline("p").concat(n).concat(org.jooq.impl.DSL.inline("@example.org")),
                            org.jooq.impl.DSL.currentOffsetDateTime(), org.jooq.impl.DSL.currentOffsetDateTime()).from(x))
                    .execute();
        }
        Progress cancelAfterFirstBatch = new Progress() {
            long seen;

            @Override
            public void update(long done, long total, String message) {
                seen = done;
            }

            @Override
            public boolean isCancelled() {
                return seen > 0;
            }
        };
        Path out = tmp.resolve("cancelled.csv");
        assertThatThrownBy(() -> exports.export(new ExportRequest(Selector.all(), Purpose.TRANSACTIONAL, "email", null,
                ListFormat.CSV.template()), out, null, cancelAfterFirstBatch)).isInstanceOf(CancelledException.class);
        assertThat(out).doesNotExist();
        assertThat(tmp.resolve("cancelled.csv.part")).doesNotExist();
        assertThat(workspace.dsl().fetchCount(EXPORT_RUN)).isZero();
    }

    @Test
    void segmentsRulesAndDoubleOptInRequestsExportThroughTheSameService() throws IOException {
        long madrid = contacts.create(ContactDraft.of("Ana", "Madrid", "ana@example.org")
                .withAddress("Calle 1", "28001", "Madrid", "ES"));
        grant(madrid, "email", null);
        long bilbao = contacts.create(ContactDraft.of("Bea", "Bilbao", "bea@example.org")
                .withAddress("Calle 2", "48001", "Bilbao", "ES"));
        grant(bilbao, "email", null);
        long waiting = person("Carl", "Waiting", "carl@example.de");
        consent.record(new ConsentService.Change(waiting, "email", null, Consent.PENDING, Consent.METHOD_FORM, null,
                clock.instant(), null));
        RuleDocument rule = RuleDocument.parse("""
                {"version": 1, "rule": {"type": "field", "field": "city", "op": "equals", "value": "Madrid"}}""");
        new SegmentService(workspace, new AuditLog(clock, "tester")).save("Madrid", "", rule);

        ExportResult bySegment = exports.export(new ExportRequest(Selector.segment("Madrid"), Purpose.COMMERCIAL,
                "email", null, ListFormat.CSV.template()), tmp.resolve("segment.csv"), null, Progress.NONE);
        ExportResult byRule = exports.export(new ExportRequest(Selector.rule(rule), Purpose.COMMERCIAL,
                "email", null, ListFormat.CSV.template()), tmp.resolve("rule.csv"), null, Progress.NONE);
        ExportResult requests = exports.export(new ExportRequest(Selector.doubleOptInPending(), Purpose.TRANSACTIONAL,
                "email", null, ListFormat.CSV.template()), tmp.resolve("confirm.csv"), null, Progress.NONE);
        assertThat(bySegment.written()).isEqualTo(1);
        assertThat(byRule.written()).isEqualTo(1);
        assertThat(requests.written()).isEqualTo(1);
        assertThat(read(tmp.resolve("confirm.csv")).get(1).getField(1)).isEqualTo("carl@example.de");
        assertThat(exports.list()).extracting(ExportRun::selectorKind)
                .containsExactly(Selector.DOUBLE_OPT_IN, Selector.RULE, Selector.SEGMENT);
    }

    @Test
    void templatesKeepChosenRenamedColumnsAndOptions() throws IOException {
        ExportTemplate template = ListFormat.CSV.template().named("Newsletter for Excel")
                .withColumns(List.of(ExportColumn.of(ExportField.EMAIL, "Correo"),
                        ExportColumn.of(ExportField.FIRST_NAME, "Nombre")))
                .withCsv(new CsvOptions(';', "windows-1252", false, true, true));
        exports.saveTemplate(template);
        ExportTemplate loaded = exports.template("Newsletter for Excel").orElseThrow();
        assertThat(loaded).isEqualTo(template);
        assertThat(exports.templates()).extracting(ExportTemplate::name).containsExactly("Newsletter for Excel");

        long ana = person("Ana", "Peña", "ana@example.org");
        grant(ana, "email", null);
        Path out = tmp.resolve("custom.csv");
        exports.export(new ExportRequest(Selector.all(), Purpose.COMMERCIAL, "email", null, loaded), out, null,
                Progress.NONE);
        assertThat(Files.readString(out, java.nio.charset.Charset.forName("windows-1252")))
                .isEqualTo("\"Correo\";\"Nombre\"\r\n\"ana@example.org\";\"Ana\"\r\n");
        assertThatThrownBy(() -> exports.saveTemplate(template.named(" "))).isInstanceOf(RegistroException.class);
    }

    @Test
    void anUnknownChannelOrTopicIsAClearError() {
        assertThatThrownBy(() -> exports.preview(new ExportRequest(Selector.all(), Purpose.COMMERCIAL, "fax", null,
                ListFormat.CSV.template()), Progress.NONE)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("fax");
        assertThatThrownBy(() -> exports.preview(new ExportRequest(Selector.all(), Purpose.COMMERCIAL, "email", "cats",
                ListFormat.CSV.template()), Progress.NONE)).isInstanceOf(RegistroException.class)
                .hasMessageContaining("cats");
    }
}
