package org.registro.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONTACT_NEXT;
import static org.registro.db.Tables.CONTENT_ITEM;
import static org.registro.db.Tables.JOURNEY_SEND;
import static org.registro.journey.JourneyFixture.EVERYONE;
import static org.registro.journey.JourneyFixture.doc;
import static org.registro.journey.JourneyFixture.segmentEntry;
import static org.registro.journey.JourneyFixture.waitDays;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.consent.Consent;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;
import org.registro.export.ExportRequest;
import org.registro.export.ExportResult;
import org.registro.export.ListFormat;
import org.registro.workspace.AuditLog;

/** A send step that gives each person the best item for them, and sends at each person's best hour. */
class JourneyBestItemTest {

    @TempDir
    Path tmp;
    JourneyFixture f;
    ContentService content;

    @BeforeEach
    void open() {
        // a Wednesday, 10:00 in Madrid
        f = new JourneyFixture(tmp, "2026-03-04T09:00:00Z");
        content = new ContentService(f.workspace, new AuditLog(f.clock, "tester"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private long item(String key, String title, List<String> channels, LocalDate endsOn) {
        return content.save(new ContentItem(null, key, "appeal", title, null, "https://example.org/" + key, null,
                false, true, null, endsOn, List.of(), List.of(), channels, List.of(), false)).id();
    }

    private void recommend(long contact, Long first, Long second, Long third, Integer hour) {
        f.workspace.dsl().insertInto(CONTACT_NEXT).set(CONTACT_NEXT.CONTACT_ID, contact)
                .set(CONTACT_NEXT.ITEM_1_ID, first).set(CONTACT_NEXT.ITEM_2_ID, second)
                .set(CONTACT_NEXT.ITEM_3_ID, third).set(CONTACT_NEXT.PICKS_JSON, "[]")
                .set(CONTACT_NEXT.BEST_HOUR, hour)
                .set(CONTACT_NEXT.COMPUTED_AT, OffsetDateTime.parse("2026-03-01T00:00:00Z")).execute();
    }

    /** contact → item key of each listed send, and skip reasons, in send order. */
    private List<String> sent() {
        return f.workspace.dsl().select(JOURNEY_SEND.CONTACT_ID, JOURNEY_SEND.STEP_KEY, JOURNEY_SEND.REASON,
                        CONTENT_ITEM.ITEM_KEY).from(JOURNEY_SEND).leftJoin(CONTENT_ITEM)
                .on(CONTENT_ITEM.ID.eq(JOURNEY_SEND.ITEM_ID)).orderBy(JOURNEY_SEND.ID)
                .fetch(r -> r.value1() + ":" + r.value2() + ":" + (r.value3() != null ? r.value3() : r.value4()));
    }

    private static Step.Send bestItem(String key, String next) {
        return new Step.Send(key, null, new Message("Your pick", "transactional", "email", null, true), false, next);
    }

    @Test
    void eachPersonGetsTheFirstRecommendationThatFitsAndNeverTheSameItemTwiceFromTheJourney() throws Exception {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        long eva = f.person("Eva", "eva@example.org");
        long smsOnly = item("sms-call", "Text us", List.of("sms"), null);
        long water = item("water", "Water appeal", List.of(), null);
        long beach = item("beach", "Beach clean-up", List.of("email"), null);
        long ended = item("ended", "Last year's gala", List.of(), LocalDate.parse("2026-02-28"));
        long gone = item("gone", "Withdrawn", List.of(), null);
        content.archive("gone", true);
        recommend(ana, smsOnly, water, beach, null);
        recommend(ben, ended, gone, null, null);
        // Eva has no recommendations at all
        f.journeys.create("Picks", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "first"),
                bestItem("first", "wait"), waitDays("wait", 7, "second"), bestItem("second", "third"),
                bestItem("third", null)));
        f.journeys.activate("Picks");

        f.runAt("2026-03-04T09:00:00Z");
        f.runAt("2026-03-12T09:00:00Z");

        assertThat(sent()).containsExactlyInAnyOrder(
                ana + ":first:water", ben + ":first:no_item", eva + ":first:no_item",
                // a week later: water was sent by this journey, so the next that fits; then nothing is left
                ana + ":second:beach", ben + ":second:no_item", eva + ":second:no_item",
                ana + ":third:no_item", ben + ":third:no_item", eva + ":third:no_item");
        assertThat(f.journeys.report("Picks").steps()).filteredOn(s -> s.key().equals("first")).singleElement()
                .satisfies(s -> assertThat(s.skipped()).containsEntry("no_item", 2L));

        // the list's export names each person's item in the tool's own column names
        ExportRequest request = f.journeys.sendListRequest("Picks", "first", null, ListFormat.MAILCHIMP.template(),
                null);
        Path out = tmp.resolve("first.csv");
        ExportResult result = f.exports.export(request, out, null, Progress.NONE);
        assertThat(result.written()).isEqualTo(1);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).endsWith(",Item,Item URL");
        assertThat(lines.get(1)).startsWith("ana@example.org,").endsWith(",Water appeal,https://example.org/water");
        // listmonk carries it in the attributes instead of new columns
        Path lm = tmp.resolve("second.csv");
        f.exports.export(f.journeys.sendListRequest("Picks", "second", null, ListFormat.LISTMONK.template(), null),
                lm, null, Progress.NONE);
        assertThat(Files.readAllLines(lm).get(0)).isEqualTo("email,name,attributes");
        assertThat(Files.readString(lm)).contains("\"\"item\"\":\"\"Beach clean-up\"\"")
                .contains("\"\"item_url\"\":\"\"https://example.org/beach\"\"");
    }

    @Test
    void aTopicOnTheMessageKeepsOnlyItemsAboutItAndTheSimulationSkipsLikeTheRun() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        String topic = f.consent.topics().get(0).code();
        long general = item("general", "General news", List.of(), null);
        long about = content.save(new ContentItem(null, "about", "news", "About it", null, null, null, false, true,
                null, null, List.of(topic), List.of(), List.of(), List.of(), false)).id();
        recommend(ana, general, about, null, null);
        recommend(ben, general, null, null, null);
        Step.Send send = new Step.Send("pick", null, new Message("Topic pick", "transactional", "email", topic, true),
                false, null);
        f.journeys.create("Topic", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "pick"), send));

        Simulation sim = f.journeys.simulate("Topic", null, 3, 7, null, Progress.NONE);
        assertThat(sim.skipped()).isEqualTo(Map.of("no_item", 1L));
        assertThat(sim.listed()).isEqualTo(1);

        f.journeys.activate("Topic");
        f.runAt("2026-03-04T09:00:00Z");
        assertThat(sent()).containsExactlyInAnyOrder(ana + ":pick:about", ben + ":pick:no_item");
    }

    @Test
    void atTheBestHourEachSendWaitsForThePersonsHourWithinTheWindow() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        long eva = f.person("Eva", "eva@example.org");
        long leo = f.person("Leo", "leo@example.org");
        recommend(ana, null, null, null, 19);  // later today, inside the window
        recommend(ben, null, null, null, 7);   // before the window opens: the window's own time
        recommend(eva, null, null, null, 10);  // now: at once
        // Leo's hour is unknown: the window's own time
        Settings settings = new Settings(Settings.NEVER, null,
                new Settings.SendWindow(List.of("monday", "tuesday", "wednesday", "thursday", "friday"), "09:00",
                        "21:00"), null, false, true);
        f.journeys.create("Hours", doc(settings, segmentEntry(EVERYONE, true, "news"),
                JourneyFixture.send("news", "News", "transactional", null)));
        f.journeys.activate("Hours");

        f.runAt("2026-03-04T09:30:00Z");
        assertThat(f.sends("Hours")).containsExactlyInAnyOrder(
                ben + ":news:listed:null@2026-03-04T09:30:00Z",
                eva + ":news:listed:null@2026-03-04T09:30:00Z",
                leo + ":news:listed:null@2026-03-04T09:30:00Z");
        assertThat(f.positions("Hours")).contains(ana + ":news:active@2026-03-04T09:30:00Z");

        f.runAt("2026-03-05T09:00:00Z");
        assertThat(f.sends("Hours")).contains(ana + ":news:listed:null@2026-03-04T18:00:00Z");
    }

    @Test
    void theBestHourSettingIsKeptInTheJourneyFileAndOldFilesReadWithoutIt() {
        Settings on = new Settings(Settings.NEVER, null, null, null, false, true);
        JourneyDocument d = doc(on, segmentEntry(EVERYONE, true, "pick"), bestItem("pick", null));
        JourneyDocument back = JourneyDocument.parse(d.toJson());
        assertThat(back.settings().atBestHour()).isTrue();
        assertThat(((Step.Send) back.step("pick").orElseThrow()).message().sendsBestItem()).isTrue();
        assertThat(d.toJson()).containsPattern("\"bestItem\" ?: ?true");
        JourneyDocument plain = JourneyDocument.parse(doc(Settings.defaults(), segmentEntry(EVERYONE, true, "s"),
                JourneyFixture.send("s", "News", "transactional", null)).toJson());
        assertThat(plain.settings().atBestHour()).isFalse();
        assertThat(plain.toJson()).doesNotContain("bestItem").doesNotContain("bestHour");
    }

    @Test
    void theMonthlyPickTemplateSendsEachPersonADifferentItemEachMonthAtTheirHour() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        f.optIn(ana, Consent.GRANTED);
        long water = item("water", "Water appeal", List.of(), null);
        long beach = item("beach", "Beach clean-up", List.of(), null);
        f.journeys.createFromTemplate("monthly-pick", "Monthly");
        assertThat(f.journeys.problems(f.journeys.document("Monthly")))
                .extracting(JourneyCheck.Problem::code).containsExactly("noRecommendations");
        recommend(ana, water, beach, null, 18);
        recommend(ben, water, null, null, null);
        assertThat(f.journeys.problems(f.journeys.document("Monthly"))).isEmpty();
        f.journeys.activate("Monthly");

        f.runAt("2026-03-04T09:00:00Z");   // Wednesday 10:00 in Madrid: Ana's hour is 18:00
        f.runAt("2026-03-05T09:00:00Z");
        f.runAt("2026-04-06T09:00:00Z");   // a month on
        f.runAt("2026-04-07T09:00:00Z");

        // Ben has no opt-in: the entry (may receive marketing email) never lets him in
        assertThat(sent()).containsExactly(ana + ":send-pick:water", ana + ":send-pick:beach");
        assertThat(f.sends("Monthly")).containsExactly(ana + ":send-pick:listed:null@2026-03-04T17:00:00Z",
                ana + ":send-pick:listed:null@2026-04-03T16:00:00Z");
    }

    @Test
    void marketingGoesOnlyToWhoStillOptsInToOneOfItsTopicsWhateverTheMessagesPurpose() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        String fundraising = "fundraising";
        String events = "events";
        long appeal = content.save(new ContentItem(null, "appeal", "appeal", "Appeal", null, null, null, true, true,
                null, null, List.of(fundraising), List.of(), List.of(), List.of(), false)).id();
        long gala = content.save(new ContentItem(null, "gala", "event", "Gala", null, null, null, true, true,
                null, null, List.of(events), List.of(), List.of(), List.of(), false)).id();
        // Ana withdrew from appeals after the refresh: she may still hear about events
        f.optIn(ana, Consent.GRANTED);
        f.consent.record(new org.registro.consent.ConsentService.Change(ana, "email", events, Consent.GRANTED,
                Consent.METHOD_FORM, null, f.clock.instant().minusSeconds(30), null));
        recommend(ana, appeal, gala, null, null);
        // Ben opted in to nothing: a transactional message does not carry marketing to him
        recommend(ben, appeal, gala, null, null);
        f.journeys.create("Mixed", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "pick"),
                bestItem("pick", null)));
        f.journeys.activate("Mixed");

        f.runAt("2026-03-04T09:00:00Z");

        assertThat(sent()).containsExactlyInAnyOrder(ana + ":pick:gala", ben + ":pick:no_item");
    }
}
