package org.registro.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.EVENT;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.PrivacyService;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class SegmentServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private SegmentService segments;
    private ContactService contacts;
    private ConsentService consent;
    private final Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        AuditLog audit = new AuditLog(clock, "tester");
        segments = new SegmentService(workspace, audit);
        contacts = TestWorkspaces.contacts(workspace);
        consent = new ConsentService(workspace, audit);
        // Madrid donors who gave twice in the last year and may get event news by email: Ana and Eva.
        person("Ana", "Madrid", "ES", LocalDate.of(1985, 3, 10), true, true, "2025-06-01", "2026-01-10");
        person("Bea", "Madrid", "ES", null, true, true, "2025-09-01");
        person("Carla", "Sevilla", "ES", null, true, true, "2025-06-01", "2025-12-01");
        person("Dan", "Madrid", "ES", null, true, false, "2025-06-01", "2025-12-01");
        person("Eva", "madrid", "ES", LocalDate.of(1990, 12, 30), true, true, "2024-01-01", "2025-05-01",
                "2026-02-01");
        person("Fede", "Madrid", "ES", null, true, true, "2025-06-01", "2025-12-01");
        person("Gus", "Lisboa", "PT", LocalDate.of(1970, 3, 20), false, false);
        new PrivacyService(workspace, audit).restrict(ids.get("Fede"), true, null);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private void person(String name, String city, String country, LocalDate birth, boolean email, boolean events,
                        String... donations) {
        long id = contacts.create(new ContactDraft(name, "Test", name.toLowerCase() + "@example.org", null, birth,
                null, null, null, null, city, null, country, "es", name.equals("Ana") ? List.of("donor") : List.of()));
        ids.put(name, id);
        Instant optIn = Instant.parse("2024-05-01T10:00:00Z");
        if (email) {
            consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED, Consent.METHOD_FORM, null,
                    optIn, null));
        }
        if (events) {
            consent.record(new ConsentService.Change(id, "email", "events", Consent.GRANTED, Consent.METHOD_FORM,
                    null, optIn, null));
        }
        for (String day : donations) {
            workspace.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, id).set(EVENT.EVENT_TYPE, "donation")
                    .set(EVENT.OCCURRED_AT, LocalDate.parse(day).atTime(12, 0).atOffset(ZoneOffset.UTC))
                    .set(EVENT.AMOUNT, new BigDecimal("25")).set(EVENT.CAMPAIGN, day.startsWith("2025-12")
                            ? "Navidad" : null)
                    .set(EVENT.RECORDED_AT, OffsetDateTime.now(clock)).execute();
        }
    }

    private Set<String> members(String json) {
        return members(RuleDocument.parse(json));
    }

    private Set<String> members(RuleDocument rule) {
        Map<Long, String> names = ids.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue,
                Map.Entry::getKey));
        Set<String> found = segments.preview(rule, 1000).stream().map(m -> names.get(m.id()))
                .collect(Collectors.toSet());
        assertThat(segments.count(rule)).as("count and preview agree").isEqualTo(found.size());
        return found;
    }

    private static final String MADRID_DONORS = """
            {"version": 1, "rule": {"type": "group", "match": "all", "conditions": [
              {"type": "field", "field": "city", "op": "equals", "value": "Madrid"},
              {"type": "events", "eventType": "donation", "atLeast": 2, "withinDays": 365},
              {"type": "consent", "purpose": "commercial", "channel": "email", "topic": "events"}
            ]}}
            """;

    @Test
    void madridDonorsWhoGaveTwiceInTheLastYearAndMayGetEventNewsByEmail() {
        assertThat(members(MADRID_DONORS)).containsExactlyInAnyOrder("Ana", "Eva");
    }

    @Test
    void operatorsForTextDatesEventsTagsIdentifiersAndGroups() {
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"city","op":"inList","values":["sevilla","LISBOA"]}}"""))
                .containsExactlyInAnyOrder("Carla", "Gus");
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"city","op":"notEquals","value":"Madrid"}}"""))
                .containsExactlyInAnyOrder("Carla", "Gus");
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"firstName","op":"startsWith","value":"e"}}"""))
                .containsExactly("Eva");
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"country","op":"equals","value":"pt"}}"""))
                .containsExactly("Gus");
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"birthDate","op":"before","value":"1980-01-01"}}"""))
                .containsExactly("Gus");
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"birthDate","op":"isEmpty"}}"""))
                .containsExactlyInAnyOrder("Bea", "Carla", "Dan", "Fede");
        // 1 March + 20 days: Ana (10 March) and Gus (20 March); Eva's 30 December is not.
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"birthDate","op":"anniversaryWithinDays","days":20}}"""))
                .containsExactlyInAnyOrder("Ana", "Gus");
        assertThat(members("""
                {"version":1,"rule":{"type":"events","eventType":"donation","totalAtLeast":75}}"""))
                .containsExactly("Eva");
        assertThat(members("""
                {"version":1,"rule":{"type":"events","eventType":"donation","campaign":"Navidad"}}"""))
                .containsExactlyInAnyOrder("Carla", "Dan", "Fede");
        assertThat(members("""
                {"version":1,"rule":{"type":"events","eventType":"donation","did":false}}"""))
                .containsExactly("Gus");
        assertThat(members("""
                {"version":1,"rule":{"type":"tag","tag":"DONOR"}}""")).containsExactly("Ana");
        assertThat(members("""
                {"version":1,"rule":{"type":"identifier","kind":"phone","present":false}}""")).hasSize(7);
        assertThat(members("""
                {"version":1,"rule":{"type":"group","match":"none","conditions":[
                  {"type":"field","field":"city","op":"equals","value":"Madrid"},
                  {"type":"field","field":"country","op":"equals","value":"PT"}]}}""")).containsExactly("Carla");
        assertThat(members("""
                {"version":1,"rule":{"type":"group","match":"any","conditions":[
                  {"type":"tag","tag":"donor"},
                  {"type":"group","match":"all","conditions":[
                    {"type":"field","field":"city","op":"equals","value":"Sevilla"},
                    {"type":"consent","channel":"email","status":"granted"}]}]}}"""))
                .containsExactlyInAnyOrder("Ana", "Carla");
        assertThat(members("""
                {"version":1,"rule":{"type":"consent","channel":"email","purpose":"transactional"}}"""))
                .as("everyone but the restricted").hasSize(6).doesNotContain("Fede");
        assertThat(members("{\"version\":1,\"rule\":{\"type\":\"group\",\"match\":\"all\",\"conditions\":[]}}"))
                .as("an empty rule is everyone").hasSize(7);
    }

    @Test
    void customFieldsScoresAndOtherSegments() {
        long points = contacts.create(ContactDraft.of("Hana", "Test", "hana@example.org"));
        ids.put("Hana", points);
        workspace.dsl().execute("INSERT INTO field_definition (field_key, label, data_type, created_at) "
                + "VALUES ('member_since', 'Member since', 'date', CURRENT_TIMESTAMP)");
        long fieldId = workspace.dsl().fetchSingle("SELECT id FROM field_definition WHERE field_key = 'member_since'")
                .get(0, Long.class);
        workspace.dsl().execute("INSERT INTO contact_value (contact_id, field_id, value_date, updated_at) VALUES (?, ?, "
                + "DATE '2019-05-01', CURRENT_TIMESTAMP)", points, fieldId);
        assertThat(members("""
                {"version":1,"rule":{"type":"field","field":"member_since","op":"before","value":"2020-01-01"}}"""))
                .containsExactly("Hana");
        workspace.dsl().insertInto(CONTACT_SCORE).set(CONTACT_SCORE.CONTACT_ID, ids.get("Eva"))
                .set(CONTACT_SCORE.MODEL, "rfm").set(CONTACT_SCORE.SCORE, new BigDecimal("4.5"))
                .set(CONTACT_SCORE.LABEL, "champions").set(CONTACT_SCORE.COMPUTED_AT, OffsetDateTime.now(clock))
                .execute();
        assertThat(members("""
                {"version":1,"rule":{"type":"score","model":"rfm","label":"champions"}}""")).containsExactly("Eva");
        assertThat(members("""
                {"version":1,"rule":{"type":"score","model":"rfm","op":"atLeast","value":4}}""")).containsExactly("Eva");

        segments.save("Madrid donors", "Gave twice", RuleDocument.parse(MADRID_DONORS));
        assertThat(members("""
                {"version":1,"rule":{"type":"group","match":"all","conditions":[
                  {"type":"segment","segment":"Madrid donors"},
                  {"type":"field","field":"birthDate","op":"after","value":"1988-01-01"}]}}""")).containsExactly("Eva");

        segments.delete("Madrid donors");
        assertThatThrownBy(() -> segments.count(RuleDocument.parse("""
                {"version":1,"rule":{"type":"segment","segment":"Madrid donors"}}""")))
                .isInstanceOf(RegistroException.class).hasMessageContaining("no segment \"Madrid donors\"");
        assertThatThrownBy(() -> segments.count(RuleDocument.parse("""
                {"version":1,"rule":{"type":"field","field":"shoe_size","op":"equals","value":"42"}}""")))
                .isInstanceOf(RegistroException.class).hasMessageContaining("shoe_size");
        // a bare condition is the rule; a document without one is refused instead of read as "everyone"
        assertThat(RuleDocument.parse("{\"type\":\"tag\",\"tag\":\"Donor\"}").rule())
                .isEqualTo(new Rule.Tag("Donor", null));
        assertThatThrownBy(() -> RuleDocument.parse("{\"version\":1,\"conditions\":[]}"))
                .isInstanceOf(RegistroException.class).hasMessageContaining("no rule");
        assertThatThrownBy(() -> RuleDocument.parse("{\"version\":9,\"rule\":{\"type\":\"group\"}}"))
                .isInstanceOf(RegistroException.class).hasMessageContaining("newer Registro");
        assertThatThrownBy(() -> segments.count(RuleDocument.parse("""
                {"version":1,"rule":{"type":"field","field":"city","op":"before","value":"x"}}""")))
                .isInstanceOf(RegistroException.class).hasMessageContaining("before");
    }

    @Test
    void aSegmentThatNamesItselfIsRefused() {
        segments.save("A", null, RuleDocument.parse("{\"version\":1,\"rule\":{\"type\":\"tag\",\"tag\":\"donor\"}}"));
        segments.save("B", null, RuleDocument.parse("""
                {"version":1,"rule":{"type":"segment","segment":"A"}}"""));
        assertThatThrownBy(() -> segments.save("A", null, RuleDocument.parse("""
                {"version":1,"rule":{"type":"segment","segment":"B"}}""")))
                .isInstanceOf(RegistroException.class).hasMessageContaining("refers to itself");
    }

    @Test
    void snapshotsKeepTheirMembersSizesAreRecordedAndOverlapsCounted() throws Exception {
        SegmentService.Saved dynamic = segments.save("Madrid donors", "Gave twice", RuleDocument.parse(MADRID_DONORS));
        assertThat(dynamic.size()).isEqualTo(2);
        SegmentService.Saved frozen = segments.freeze("Madrid donors", "Madrid donors – March");
        assertThat(frozen.kind()).isEqualTo(SegmentService.SNAPSHOT);
        assertThat(frozen.snapshotAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofDays(70)); // 10 May: Eva's gift of May 2025 falls out of the last year
        assertThat(segments.measure("Madrid donors")).isEqualTo(1);
        assertThat(segments.measure("Madrid donors – March")).isEqualTo(2);
        assertThat(segments.sizes("Madrid donors")).extracting(SegmentService.Size::size).containsExactly(2L, 1L);

        segments.save("Spain", null, RuleDocument.parse("""
                {"version":1,"rule":{"type":"field","field":"country","op":"equals","value":"ES"}}"""));
        SegmentService.Overlap overlap = segments.overlap(List.of("Madrid donors", "Spain"));
        assertThat(overlap.regions()).containsEntry("1", 0L).containsEntry("2", 5L).containsEntry("1+2", 1L);

        segments.rename("Spain", "Spain (all)");
        assertThat(segments.list()).extracting(SegmentService.Saved::name)
                .containsExactly("Madrid donors", "Madrid donors – March", "Spain (all)");
        assertThat(segments.duplicate("Madrid donors – March", "Copy").kind()).isEqualTo(SegmentService.DYNAMIC);
        assertThatThrownBy(() -> segments.save("Madrid donors – March", null, RuleDocument.parse(MADRID_DONORS)))
                .isInstanceOf(RegistroException.class).hasMessageContaining("snapshot");
    }

    @Test
    void explainSaysWhichConditionKeptSomeoneOut() {
        SegmentService.Explanation dan = segments.explain(ids.get("Dan"), RuleDocument.parse(MADRID_DONORS));
        assertThat(dan.matched()).isFalse();
        assertThat(dan.parts()).extracting(SegmentService.Explanation::matched).containsExactly(true, true, false);
        // the topic by its name, not its code
        assertThat(dan.parts().get(2).description()).isEqualTo("May receive a commercial message by Email about Events");
        assertThat(dan.parts().get(1).description()).isEqualTo("Did donation at least 2 times in the last 365 days");
        assertThat(segments.explain(ids.get("Ana"), RuleDocument.parse(MADRID_DONORS)).matched()).isTrue();

        RuleDocument rule = RuleDocument.parse(MADRID_DONORS);
        assertThat(RuleDocument.parse(rule.toJson())).isEqualTo(rule);
        workspace.dsl().update(CONTACT).set(CONTACT.STATUS, "merged").where(CONTACT.ID.eq(ids.get("Ana"))).execute();
        assertThat(segments.explain(ids.get("Ana"), rule).matched()).isFalse();
    }

    @Test
    void theTopicsEveryWorkspaceStartsWithAreNamedInTheUsersLanguageUntilRenamed() {
        java.util.Locale before = org.registro.common.Messages.locale();
        try {
            org.registro.common.Messages.setLocale(java.util.Locale.forLanguageTag("es"));
            assertThat(org.registro.consent.ConsentService.label("events", "Events")).isEqualTo("Eventos");
            assertThat(org.registro.consent.ConsentService.label("events", "Our gatherings"))
                    .isEqualTo("Our gatherings");
            assertThat(org.registro.consent.ConsentService.label("bosques", "Bosques")).isEqualTo("Bosques");
            assertThat(segments.explain(ids.get("Dan"), RuleDocument.parse(MADRID_DONORS)).parts().get(2)
                    .description()).contains("Eventos").doesNotContain("events");
        } finally {
            org.registro.common.Messages.setLocale(before);
        }
    }
}
