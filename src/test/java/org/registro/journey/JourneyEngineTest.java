package org.registro.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.journey.JourneyFixture.EVERYONE;
import static org.registro.journey.JourneyFixture.doc;
import static org.registro.journey.JourneyFixture.segmentEntry;
import static org.registro.journey.JourneyFixture.send;
import static org.registro.journey.JourneyFixture.waitDays;
import static org.registro.journey.JourneyFixture.waitEvent;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.consent.Consent;
import org.registro.segment.Rule;

class JourneyEngineTest {

    @TempDir
    Path tmp;
    JourneyFixture f;

    @BeforeEach
    void open() {
        // a Wednesday, 10:00 in Madrid
        f = new JourneyFixture(tmp, "2026-03-04T09:00:00Z");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aCommercialSendListsOnlyPeopleWithACurrentOptInAndCountsTheOthersPerReason() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        long eva = f.person("Eva", "eva@example.org");
        long leo = f.person("Leo", null);
        f.optIn(ana, Consent.GRANTED);
        f.optIn(ben, Consent.GRANTED);
        f.optIn(ben, Consent.WITHDRAWN);
        f.optIn(leo, Consent.GRANTED);
        f.journeys.create("News", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "news"),
                send("news", "March news", "commercial", "receipt"),
                send("receipt", "Your receipt", "transactional", null)));
        f.journeys.activate("News");

        JourneyService.RunResult run = f.runAt("2026-03-04T09:00:00Z");

        assertThat(run.journeys()).singleElement().satisfies(o -> {
            assertThat(o.entered()).isEqualTo(4);
            assertThat(o.listed()).isEqualTo(1 + 3);
            assertThat(o.skipped()).isEqualTo(3 + 1);
        });
        assertThat(f.sends("News")).containsExactlyInAnyOrder(
                ana + ":news:listed:null@2026-03-04T09:00:00Z",
                ben + ":news:skipped:no_opt_in@2026-03-04T09:00:00Z",
                eva + ":news:skipped:no_opt_in@2026-03-04T09:00:00Z",
                leo + ":news:skipped:invalid_address@2026-03-04T09:00:00Z",
                ana + ":receipt:listed:null@2026-03-04T09:00:00Z",
                ben + ":receipt:listed:null@2026-03-04T09:00:00Z",
                eva + ":receipt:listed:null@2026-03-04T09:00:00Z",
                leo + ":receipt:skipped:invalid_address@2026-03-04T09:00:00Z");
        JourneyReport report = f.journeys.report("News");
        assertThat(report.steps()).filteredOn(s -> s.key().equals("news")).singleElement().satisfies(s -> {
            assertThat(s.entered()).isEqualTo(4);
            assertThat(s.listed()).isEqualTo(1);
            assertThat(s.skipped()).containsEntry("no_opt_in", 2L).containsEntry("invalid_address", 1L);
        });
        assertThat(report.funnel().completed()).isEqualTo(4);
    }

    @Test
    void runningTwiceAtTheSameMomentChangesNothing() {
        List<Long> people = f.people(30, "P");
        people.stream().limit(20).forEach(id -> f.optIn(id, Consent.GRANTED));
        f.journeys.create("Drip", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "first"),
                send("first", "One", "commercial", "wait"), waitDays("wait", 3, "second"),
                send("second", "Two", "commercial", null)));
        f.journeys.activate("Drip");
        assertThat(f.runAt("2026-03-04T09:00:00Z").changed()).isTrue();
        List<String> positions = f.positions("Drip");
        List<String> sends = f.sends("Drip");

        JourneyService.RunResult again = f.journeys.run(null, org.registro.common.Progress.NONE);

        assertThat(again.changed()).isFalse();
        assertThat(f.positions("Drip")).isEqualTo(positions);
        assertThat(f.sends("Drip")).isEqualTo(sends);
    }

    @Test
    void waitsEndAtTheTimeComputedFromArrivalNotFromWhenTheEngineRuns() {
        long ana = f.person("Ana", "ana@example.org");
        f.optIn(ana, Consent.GRANTED);
        f.journeys.create("Drip", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "wait"),
                waitDays("wait", 3, "send"), send("send", "Later", "commercial", null)));
        f.journeys.activate("Drip");
        f.runAt("2026-03-04T09:00:00Z");
        assertThat(f.positions("Drip")).containsExactly(ana + ":wait:active@2026-03-04T09:00:00Z");

        f.runAt("2026-03-06T09:00:00Z");
        assertThat(f.sends("Drip")).isEmpty();

        // the engine did not run for a week: the send still happened three days after arrival
        f.runAt("2026-03-13T17:30:00Z");
        assertThat(f.sends("Drip")).containsExactly(ana + ":send:listed:null@2026-03-07T09:00:00Z");
        assertThat(f.positions("Drip")).containsExactly(ana + ":send:completed@2026-03-07T09:00:00Z");
    }

    @Test
    void aSendOutsideTheWindowWaitsForItToOpenInTheWorkspaceTimeZone() {
        long ana = f.person("Ana", "ana@example.org");
        f.optIn(ana, Consent.GRANTED);
        Settings weekdays = new Settings(Settings.NEVER, null, new Settings.SendWindow(
                List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"), "09:00", "18:00"), null, false);
        f.journeys.create("Window", doc(weekdays, segmentEntry(EVERYONE, true, "send"),
                send("send", "Hello", "commercial", null)));
        f.clock.set("2026-03-07T20:00:00Z"); // Saturday 21:00 in Madrid
        f.journeys.activate("Window");

        f.runAt("2026-03-07T20:00:00Z");
        assertThat(f.sends("Window")).isEmpty();
        f.runAt("2026-03-09T07:59:00Z");
        assertThat(f.sends("Window")).isEmpty();
        f.runAt("2026-03-09T12:00:00Z");
        // Monday 09:00 in Madrid is 08:00 UTC
        assertThat(f.sends("Window")).containsExactly(ana + ":send:listed:null@2026-03-09T08:00:00Z");
    }

    /** Welcome → wait up to 4 days for its open → the story, or the welcome again; everyone enters. */
    private void activateWelcome() {
        f.journeys.create("Welcome", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "welcome"),
                send("welcome", "Welcome", "commercial", "opened"),
                waitEvent("opened", "email_opened", "Welcome", 4, "story", "again"),
                send("story", "Our story", "commercial", null), send("again", "Welcome again", "commercial", null)));
        f.journeys.activate("Welcome");
    }

    @Test
    void anEventWaitMovesPeopleOnWhenTheEventHappensAndTheOthersWhenItTimesOut() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        f.optIn(ana, Consent.GRANTED);
        f.optIn(ben, Consent.GRANTED);
        activateWelcome();
        f.runAt("2026-03-04T09:00:00Z");
        f.event(ana, "email_opened", "welcome", "2026-03-05T10:00:00Z");
        f.event(ben, "email_opened", "Another campaign", "2026-03-05T10:00:00Z");

        f.runAt("2026-03-06T09:00:00Z");
        assertThat(f.sends("Welcome")).contains(ana + ":story:listed:null@2026-03-05T10:00:00Z")
                .noneMatch(s -> s.startsWith(ben + ":again"));

        f.runAt("2026-03-09T09:00:00Z");
        assertThat(f.sends("Welcome")).contains(ben + ":again:listed:null@2026-03-08T09:00:00Z");
        assertThat(f.journeys.report("Welcome").steps()).filteredOn(s -> s.key().equals("opened")).singleElement()
                .satisfies(s -> assertThat(s.left()).isEqualTo(2));
    }

    @Test
    void anOpenImportedAfterARunButDatedBeforeItStillMovesThePersonOnAtItsTime() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        f.optIn(ana, Consent.GRANTED);
        f.optIn(ben, Consent.GRANTED);
        activateWelcome();
        f.runAt("2026-03-04T09:00:00Z");
        f.runAt("2026-03-06T09:00:00Z");
        f.runAt("2026-03-06T12:00:00Z");
        // the email tool's activity export arrives a day later, with the open of the 5th
        f.event(ana, "email_opened", "Welcome", "2026-03-05T10:00:00Z");

        f.runAt("2026-03-07T09:00:00Z");
        assertThat(f.sends("Welcome")).contains(ana + ":story:listed:null@2026-03-05T10:00:00Z")
                .noneMatch(s -> s.startsWith(ben + ":again"));
        assertThat(f.positions("Welcome")).contains(ben + ":opened:active@2026-03-04T09:00:00Z");
    }

    @Test
    void openingTheWorkspaceRunsOnlyTheJourneysThatAskForIt() {
        f.person("Ana", "ana@example.org");
        Settings atOpen = new Settings(Settings.NEVER, null, null, null, true);
        f.journeys.create("At open", doc(atOpen, segmentEntry(EVERYONE, true, "wait"), waitDays("wait", 3, null)));
        f.journeys.create("By hand", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "wait"),
                waitDays("wait", 3, null)));
        f.journeys.activate("At open");
        f.journeys.activate("By hand");

        JourneyService.RunResult result = f.journeys.runAtOpen(org.registro.common.Progress.NONE);

        assertThat(result.journeys()).extracting(JourneyService.Outcome::journey).containsExactly("At open");
        assertThat(f.positions("At open")).hasSize(1);
        assertThat(f.positions("By hand")).isEmpty();
    }

    @Test
    void aGoalEndsTheJourneyFromWhicheverStepThePersonIsOn() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        f.journeys.create("Appeal", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "wait"),
                waitDays("wait", 10, null),
                new Step.Goal("gave", "Gave", new Rule.Events("donation", null, null, 30, null, true))));
        f.journeys.activate("Appeal");
        f.runAt("2026-03-04T09:00:00Z");
        f.event(ana, "donation", null, "2026-03-05T10:00:00Z");

        f.runAt("2026-03-06T09:00:00Z");

        assertThat(f.positions("Appeal")).containsExactly(ana + ":wait:converted@2026-03-04T09:00:00Z",
                ben + ":wait:active@2026-03-04T09:00:00Z");
        JourneyReport report = f.journeys.report("Appeal");
        assertThat(report.funnel().converted()).isEqualTo(1);
        assertThat(report.steps()).filteredOn(s -> s.key().equals("wait")).singleElement()
                .satisfies(s -> {
                    assertThat(s.waiting()).isEqualTo(1);
                    assertThat(s.reachedGoal()).isEqualTo(1);
                });
    }

    @Test
    void aNewcomerWhoAlreadyMeetsTheGoalIsConvertedOnArrivalAndSentNothing() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        f.event(ana, "donation", null, "2026-03-03T10:00:00Z");
        f.journeys.create("Appeal", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "ask"),
                send("ask", "Please give", "transactional", "wait"), waitDays("wait", 10, null),
                new Step.Goal("gave", "Gave", new Rule.Events("donation", null, null, 30, null, true))));
        f.journeys.activate("Appeal");

        JourneyService.RunResult run = f.runAt("2026-03-04T09:00:00Z");

        assertThat(run.journeys()).singleElement().satisfies(o -> {
            assertThat(o.entered()).isEqualTo(2);
            assertThat(o.converted()).isEqualTo(1);
        });
        assertThat(f.positions("Appeal")).containsExactly(ana + ":entry:converted@2026-03-04T09:00:00Z",
                ben + ":wait:active@2026-03-04T09:00:00Z");
        assertThat(f.sends("Appeal")).containsExactly(ben + ":ask:listed:null@2026-03-04T09:00:00Z");
        assertThat(f.journeys.history(ana)).extracting(JourneyService.Visit::step)
                .containsExactlyInAnyOrder("entry", "gave");
    }

    @Test
    void aStepThatMeetsTheGoalConvertsThePersonInTheSameRun() {
        long ana = f.person("Ana", "ana@example.org");
        long ben = f.person("Ben", "ben@example.org");
        f.journeys.create("Tagging", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "first"),
                waitDays("first", 1, "tag"), new Step.Tag("tag", null, "welcomed", null, "then"),
                waitDays("then", 10, null), new Step.Goal("done", "Welcomed", new Rule.Tag("welcomed", true))));
        f.journeys.activate("Tagging");
        f.runAt("2026-03-04T09:00:00Z");

        JourneyService.RunResult run = f.runAt("2026-03-06T09:00:00Z");

        assertThat(run.journeys()).singleElement().satisfies(o -> assertThat(o.converted()).isEqualTo(2));
        assertThat(f.positions("Tagging")).containsExactly(ana + ":then:converted@2026-03-05T09:00:00Z",
                ben + ":then:converted@2026-03-05T09:00:00Z");
    }

    @Test
    void peopleWhoAlreadyMatchEnterOnlyWhenAskedAndNewMembersEnterWhenTheyJoin() {
        long ana = f.person("Ana", "ana@example.org");
        f.optIn(ana, Consent.GRANTED);
        Rule optedIn = new Rule.Consent("commercial", "email", null, null);
        f.journeys.create("Joiners", doc(Settings.defaults(), segmentEntry(optedIn, false, "wait"),
                waitDays("wait", 1, null)));
        f.journeys.activate("Joiners");
        f.runAt("2026-03-04T09:00:00Z");
        assertThat(f.positions("Joiners")).isEmpty();

        long ben = f.person("Ben", "ben@example.org");
        f.optIn(ben, Consent.GRANTED);
        f.runAt("2026-03-04T10:00:00Z");

        assertThat(f.positions("Joiners")).containsExactly(ben + ":wait:active@2026-03-04T10:00:00Z");
    }

    @Test
    void aRandomSplitIsStablePerPersonAndFollowsTheShares() {
        List<Long> people = f.people(400, "R");
        Step.RandomSplit ab = new Step.RandomSplit("ab", "A/B", List.of(
                new Step.Branch("a", "A", null, 50, "a-wait"), new Step.Branch("b", "B", null, 50, "b-wait")));
        f.journeys.create("AB", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "ab"), ab,
                waitDays("a-wait", 5, null), waitDays("b-wait", 5, null)));
        f.journeys.activate("AB");
        f.runAt("2026-03-04T09:00:00Z");

        long inA = f.positions("AB").stream().filter(p -> p.contains(":a-wait:")).count();
        assertThat(inA).isBetween(160L, 240L);
        for (String p : f.positions("AB")) {
            long contact = Long.parseLong(p.substring(0, p.indexOf(':')));
            String expected = Branching.pick(ab.branches(), Branching.bucket(f.journeys.summary("AB").id(), "ab",
                    contact)).next();
            assertThat(p).contains(":" + expected + ":");
        }
        assertThat(people).hasSize(400);
    }

    @Test
    void theWeeklyCapSkipsCommercialSendsAcrossJourneys() {
        long ana = f.person("Ana", "ana@example.org");
        f.optIn(ana, Consent.GRANTED);
        Settings capped = new Settings(Settings.NEVER, null, null, 1, false);
        f.journeys.create("One", doc(capped, segmentEntry(EVERYONE, true, "s"), send("s", "One", "commercial", null)));
        f.journeys.create("Two", doc(capped, segmentEntry(EVERYONE, true, "s"), send("s", "Two", "commercial", null)));
        f.journeys.activate("One");
        f.journeys.activate("Two");

        f.runAt("2026-03-04T09:00:00Z");

        assertThat(f.sends("One")).containsExactly(ana + ":s:listed:null@2026-03-04T09:00:00Z");
        assertThat(f.sends("Two")).containsExactly(ana + ":s:skipped:frequency_cap@2026-03-04T09:00:00Z");
    }

    @Test
    void anEditedJourneyGetsANewVersionAndPeopleStayOnTheirs() {
        long ana = f.person("Ana", "ana@example.org");
        f.journeys.create("Drip", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "wait"),
                waitDays("wait", 3, null)));
        f.journeys.activate("Drip");
        f.runAt("2026-03-04T09:00:00Z");

        f.journeys.save("Drip", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "wait"),
                waitDays("wait", 10, null)));
        assertThat(f.journeys.summary("Drip").edited()).isTrue();
        f.journeys.activate("Drip");
        long ben = f.person("Ben", "ben@example.org");
        f.runAt("2026-03-08T09:00:00Z");

        assertThat(f.journeys.summary("Drip").version()).isEqualTo(2);
        assertThat(f.positions("Drip")).containsExactly(ana + ":wait:completed@2026-03-04T09:00:00Z",
                ben + ":wait:active@2026-03-08T09:00:00Z");
    }

    @Test
    void aJourneyWithErrorsCannotBeActivated() {
        f.journeys.create("Broken", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "a"),
                new Step.Tag("a", null, "x", null, "b"), new Step.Tag("b", null, "y", null, "a"),
                send("lost", "Nobody", null, null)));
        List<JourneyCheck.Problem> problems = f.journeys.problems(f.journeys.document("Broken"));

        assertThat(problems).extracting(p -> p.step() + "/" + p.code()).contains("a/loopWithoutWait",
                "b/loopWithoutWait", "lost/unreachable", "lost/sendNoPurpose");
        assertThatThrownBy(() -> f.journeys.activate("Broken")).isInstanceOf(RegistroException.class)
                .extracting(e -> ((RegistroException) e).key()).isEqualTo("error.journey.problems");
    }

    @Test
    void aFieldValueTheFieldCannotStoreStopsActivationAndAGoodOneIsSetWithItsHistory() {
        long ana = f.person("Ana", "ana@example.org");
        f.workspace.dsl().insertInto(org.registro.db.Tables.FIELD_DEFINITION)
                .set(org.registro.db.Tables.FIELD_DEFINITION.FIELD_KEY, "points")
                .set(org.registro.db.Tables.FIELD_DEFINITION.LABEL, "Points")
                .set(org.registro.db.Tables.FIELD_DEFINITION.DATA_TYPE, "number")
                .set(org.registro.db.Tables.FIELD_DEFINITION.CREATED_AT, java.time.OffsetDateTime.now(f.clock))
                .execute();
        f.journeys.create("Points", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "set"),
                new Step.SetField("set", null, "points", "lots", null)));
        assertThat(f.journeys.problems(f.journeys.document("Points"))).extracting(JourneyCheck.Problem::code)
                .containsExactly("fieldValue");

        f.journeys.save("Points", doc(Settings.defaults(), segmentEntry(EVERYONE, true, "set"),
                new Step.SetField("set", null, "points", "12.5", null)));
        f.journeys.activate("Points");
        f.runAt("2026-03-04T09:00:00Z");

        var db = f.workspace.dsl();
        assertThat(db.select(org.registro.db.Tables.CONTACT_VALUE.VALUE_NUMBER).from(org.registro.db.Tables.CONTACT_VALUE)
                .where(org.registro.db.Tables.CONTACT_VALUE.CONTACT_ID.eq(ana)).fetchOne(0, java.math.BigDecimal.class))
                .isEqualByComparingTo("12.5");
        assertThat(db.fetchCount(org.registro.db.Tables.VALUE_HISTORY,
                org.registro.db.Tables.VALUE_HISTORY.CONTACT_ID.eq(ana))).isEqualTo(1);
    }
}
