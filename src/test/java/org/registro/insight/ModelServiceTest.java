package org.registro.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.EVENT;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class ModelServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ModelService models;
    private SegmentService segments;
    private ContactService contacts;
    private final Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        AuditLog audit = new AuditLog(clock, "tester");
        models = new ModelService(workspace, audit, new org.registro.segment.SegmentService(workspace, audit));
        segments = new SegmentService(workspace, audit);
        contacts = TestWorkspaces.contacts(workspace);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private long person(String name, String city, List<String> tags) {
        long id = contacts.create(ContactDraft.of(name, "Test", name.toLowerCase() + "@example.org")
                .withAddress(null, null, city, "ES").withTags(tags));
        ids.put(name, id);
        return id;
    }

    private void gift(String name, int daysAgo, int amount) {
        workspace.dsl().insertInto(EVENT).set(EVENT.CONTACT_ID, ids.get(name)).set(EVENT.EVENT_TYPE, "donation")
                .set(EVENT.OCCURRED_AT, OffsetDateTime.now(clock).minusDays(daysAgo))
                .set(EVENT.AMOUNT, BigDecimal.valueOf(amount)).set(EVENT.RECORDED_AT, OffsetDateTime.now(clock))
                .execute();
    }

    private String label(String model, String name) {
        return workspace.dsl().select(CONTACT_SCORE.LABEL).from(CONTACT_SCORE)
                .where(CONTACT_SCORE.MODEL.eq(model).and(CONTACT_SCORE.CONTACT_ID.eq(ids.get(name))))
                .fetchOptional(CONTACT_SCORE.LABEL).orElse(null);
    }

    @Test
    void rfmScoresQuintilesAndNamesTheCellsAndSegmentsCanUseThem() {
        // Ten donors from frequent, recent and generous to a single old small gift.
        for (int i = 0; i < 10; i++) {
            person("D" + i, "Madrid", List.of());
            for (int g = 0; g <= 9 - i; g++) {
                gift("D" + i, 5 + i * 60 + g, 10 * (10 - i));
            }
        }
        person("Nobody", "Madrid", List.of());

        ModelService.Result result = models.rfm();

        assertThat(result.scored()).isEqualTo(10);
        assertThat(label(ModelService.RFM, "D0")).isEqualTo("champions");
        assertThat(label(ModelService.RFM, "D9")).isEqualTo("hibernating");
        assertThat(label(ModelService.RFM, "Nobody")).isNull();
        assertThat(result.cells().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
        assertThat(segments.count(RuleDocument.parse("""
                {"version":1,"rule":{"type":"score","model":"rfm","label":"champions"}}"""))).isEqualTo(4);
        assertThat(segments.count(RuleDocument.parse("""
                {"version":1,"rule":{"type":"score","model":"rfm_recency","op":"atLeast","value":5}}"""))).isEqualTo(2);

        models.rfm(); // again: replaced, not doubled
        assertThat(workspace.dsl().fetchCount(CONTACT_SCORE, CONTACT_SCORE.MODEL.eq(ModelService.RFM))).isEqualTo(10);
    }

    @Test
    void engagementWeighsRecentActivity() {
        person("Hot", "Madrid", List.of());
        person("Warm", "Madrid", List.of());
        person("Cold", "Madrid", List.of());
        for (int i = 0; i < 3; i++) {
            gift("Hot", 3 + i, 5);
        }
        gift("Warm", 60, 5);
        gift("Warm", 200, 5);
        gift("Cold", 500, 5);

        ModelService.Result result = models.engagement();

        assertThat(result.scored()).isEqualTo(2);
        assertThat(label(ModelService.ENGAGEMENT, "Hot")).isEqualTo("high");
        assertThat(label(ModelService.ENGAGEMENT, "Warm")).isEqualTo("low");
        assertThat(label(ModelService.ENGAGEMENT, "Cold")).isNull();
    }

    @Test
    void aLookAlikeAudienceRanksTheMostSimilarAndIsSavedAsASegment() {
        person("Seed1", "Madrid", List.of("volunteer"));
        person("Seed2", "Madrid", List.of("volunteer"));
        person("Twin", "Madrid", List.of("volunteer"));
        person("Cousin", "Madrid", List.of());
        person("Stranger", "Vigo", List.of());
        gift("Seed1", 10, 20);
        gift("Seed2", 20, 20);
        gift("Twin", 30, 20);
        segments.save("Volunteers", null, RuleDocument.parse("""
                {"version":1,"rule":{"type":"group","match":"all","conditions":[
                  {"type":"tag","tag":"volunteer"},{"type":"field","field":"firstName","op":"startsWith","value":"Seed"}]}}"""));

        ModelService.LookAlike result = models.lookAlike("Volunteers", 2, "Like our volunteers");

        assertThat(result.size()).isEqualTo(2);
        assertThat(result.topScore()).isGreaterThan(result.lowestScore());
        SegmentService.Saved saved = segments.get("Like our volunteers");
        assertThat(saved.kind()).isEqualTo(SegmentService.SNAPSHOT);
        assertThat(saved.size()).isEqualTo(2);
        assertThat(segments.count(RuleDocument.parse("""
                {"version":1,"rule":{"type":"segment","segment":"Like our volunteers"}}"""))).isEqualTo(2);
        assertThat(segments.preview(RuleDocument.parse("""
                {"version":1,"rule":{"type":"segment","segment":"Like our volunteers"}}"""), 10))
                .extracting(SegmentService.Member::firstName).containsExactlyInAnyOrder("Twin", "Cousin");

        assertThatThrownBy(() -> models.lookAlike("Volunteers", 0, "x")).isInstanceOf(RegistroException.class);
        segments.save("Nobody", null, RuleDocument.parse("""
                {"version":1,"rule":{"type":"tag","tag":"no-such-tag"}}"""));
        assertThatThrownBy(() -> models.lookAlike("Nobody", 5, "y")).isInstanceOf(RegistroException.class)
                .hasMessageContaining("no members");
    }

    @Test
    void clustersSeparateTwoObviousGroupsAndDescribeThem() {
        for (int i = 0; i < 12; i++) {
            String young = "Young" + i;
            contacts.create(new ContactDraft(young, "Test", young.toLowerCase() + "@example.org", null,
                    java.time.LocalDate.of(2000, 1 + i % 12, 1), null, null, null, null, "Madrid", null, "ES", "es",
                    List.of()));
            ids.put(young, workspace.dsl().fetchSingle("SELECT MAX(id) FROM contact").get(0, Long.class));
            gift(young, 5 + i, 10);
            String old = "Old" + i;
            contacts.create(new ContactDraft(old, "Test", old.toLowerCase() + "@example.org", null,
                    java.time.LocalDate.of(1950, 1 + i % 12, 1), null, null, null, null, "Madrid", null, "ES", "es",
                    List.of()));
            ids.put(old, workspace.dsl().fetchSingle("SELECT MAX(id) FROM contact").get(0, Long.class));
            for (int g = 0; g < 8; g++) {
                gift(old, 300 + g * 30, 200);
            }
        }

        List<ModelService.Cluster> clusters = models.clusters(2, 7);

        assertThat(clusters).extracting(ModelService.Cluster::size).containsExactlyInAnyOrder(12L, 12L);
        assertThat(label(ModelService.CLUSTER, "Young0")).isEqualTo(label(ModelService.CLUSTER, "Young11"));
        assertThat(label(ModelService.CLUSTER, "Old0")).isEqualTo(label(ModelService.CLUSTER, "Old5"))
                .isNotEqualTo(label(ModelService.CLUSTER, "Young0"));
        ModelService.Cluster older = clusters.stream().filter(c -> c.centre().get("age") > 50).findFirst().orElseThrow();
        assertThat(older.centre().get("gifts")).isEqualTo(8.0);
        assertThat(older.description()).contains("76 years").contains("8.0 times").contains("1,600 in total");
        assertThat(models.clusters(2, 7)).isEqualTo(clusters);
        assertThatThrownBy(() -> models.clusters(1, 7)).isInstanceOf(RegistroException.class);
    }
}
