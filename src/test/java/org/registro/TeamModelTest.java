package org.registro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONTACT;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactProfile;
import org.registro.contact.EditConflictException;
import org.registro.segment.Rule;
import org.registro.segment.RuleDocument;
import org.registro.testutil.TestWorkspaces;
import org.registro.wiring.Session;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.SavedMeanwhileException;
import org.registro.workspace.TeamAddress;

/**
 * Model-based test of two people on one team workspace (issue 25; invariants of DESIGN.md): seeded random
 * sequences of what two clients do at once — add people, open a profile, save an edit begun from what they
 * opened (perhaps long ago), tag, save a segment — and after every step, for both: no edit was lost silently (a
 * save over a version the saver never saw is refused and changes nothing; every other save lands), every person
 * reads as the model says, and each client's live counts (its audience index, kept up to date by the change feed)
 * equal SQL's and the model's. A failure names its seed and steps; run one with {@code -Dregistro.team.seed=N}.
 * Runs in the PostgreSQL pass ({@code mvn -P postgresql}); skipped without a server.
 */
class TeamModelTest {

    private static final int SEQUENCES = Integer.getInteger("registro.team.sequences", 8);
    private static final int STEPS = Integer.getInteger("registro.team.steps", 30);
    private static final String[] CITIES = {"Madrid", "Sevilla", "Bilbao"};

    @Test
    void twoPeopleInAnyOrderNeverLoseAnEditSilentlyAndCountAlike() {
        Assumptions.assumeTrue(TestWorkspaces.onServer(), "needs a PostgreSQL server (-P postgresql)");
        Long only = Long.getLong("registro.team.seed");
        long base = only != null ? only : 25_000L;
        for (int i = 0; i < (only != null ? 1 : SEQUENCES); i++) {
            long seed = base + i;
            Model model = new Model(seed);
            try {
                model.run();
            } catch (Throwable failure) {
                throw new AssertionError("Sequence with seed " + seed + " failed after steps " + model.steps
                        + " (run it alone with -Dregistro.team.seed=" + seed + "): " + failure, failure);
            } finally {
                model.close();
            }
        }
        System.out.println("TeamModelTest: " + (only != null ? 1 : SEQUENCES) + " sequences from seed " + base);
    }

    private static final class Model {
        final Random random;
        final List<String> steps = new ArrayList<>();
        final Session[] people = new Session[2];
        final String[] names = {"ana", "bea"};
        /** What the model says each person's city is. */
        final Map<Long, String> city = new HashMap<>();
        /** The step of each person's last saved edit, and of each client's last read of them. */
        final Map<Long, Integer> savedAt = new HashMap<>();
        final List<Map<Long, Integer>> readAt = List.of(new HashMap<>(), new HashMap<>());
        final List<Map<Long, Instant>> readVersion = List.of(new HashMap<>(), new HashMap<>());
        /** The segment's rule as saved, the step it was saved at, and each client's read of it. */
        String segmentCity;
        int segmentSavedAt = -1;
        final int[] segmentReadAt = {-1, -1};
        final Instant[] segmentRead = new Instant[2];
        int step;

        Model(long seed) {
            this.random = new Random(seed);
        }

        void run() {
            TeamAddress address = TestWorkspaces.newTeamAddress();
            people[0] = Session.open(Session.workspaceService(Clock.systemUTC(), "ana").create(address, null,
                    new NewWorkspace("Model", "ES", null)), Session.workspaceService(Clock.systemUTC(), "ana"), "ana")
                    .withLiveCounts();
            people[1] = Session.open(Session.workspaceService(Clock.systemUTC(), "bea").open(address, null),
                    Session.workspaceService(Clock.systemUTC(), "bea"), "bea").withLiveCounts();
            for (step = 0; step < STEPS; step++) {
                int who = random.nextInt(2);
                int what = city.isEmpty() ? 0 : random.nextInt(6);
                switch (what) {
                    case 0 -> add(who);
                    case 1, 2 -> open(who);
                    case 3, 4 -> edit(who);
                    default -> saveSegment(who);
                }
                check();
            }
        }

        void add(int who) {
            String c = CITIES[random.nextInt(CITIES.length)];
            long id = people[who].contacts().create(ContactDraft.of("P" + step, "Model",
                    "p" + step + "@example.org").withAddress(null, null, c, null));
            city.put(id, c);
            savedAt.put(id, step);
            steps.add(names[who] + " adds #" + id + " in " + c);
        }

        long anyone() {
            List<Long> ids = new ArrayList<>(city.keySet());
            return ids.get(random.nextInt(ids.size()));
        }

        void open(int who) {
            long id = anyone();
            ContactProfile p = people[who].contacts().profile(id).orElseThrow();
            readAt.get(who).put(id, step);
            readVersion.get(who).put(id, p.updatedAt());
            steps.add(names[who] + " opens #" + id);
        }

        void edit(int who) {
            Map<Long, Instant> read = readVersion.get(who);
            if (read.isEmpty()) {
                open(who);
                return;
            }
            List<Long> opened = new ArrayList<>(read.keySet());
            long id = opened.get(random.nextInt(opened.size()));
            String to = CITIES[random.nextInt(CITIES.length)];
            boolean stale = savedAt.get(id) > readAt.get(who).get(id);
            ContactProfile now = people[who].contacts().profile(id).orElseThrow();
            steps.add(names[who] + " saves #" + id + " in " + to + (stale ? " over a newer version" : ""));
            try {
                people[who].contacts().update(id, now.toDraft().withAddress(null, null, to, null), read.get(id));
                assertThat(stale).as("a save over a version never seen lands").isFalse();
                if (!to.equals(city.put(id, to))) {
                    savedAt.put(id, step); // a save that changes nothing makes no new version
                }
                // the dialog closes; the profile on screen shows what was saved
                readAt.get(who).put(id, step);
                readVersion.get(who).put(id, people[who].contacts().profile(id).orElseThrow().updatedAt());
            } catch (EditConflictException e) {
                assertThat(stale).as("a save of the newest version is refused").isTrue();
                assertThat(e.changes()).extracting(EditConflictException.Change::field).contains("city");
            }
        }

        void saveSegment(int who) {
            String c = CITIES[random.nextInt(CITIES.length)];
            RuleDocument rule = RuleDocument.of(new Rule.Field("city", "equals", c, null, null, null));
            boolean first = segmentSavedAt < 0;
            boolean stale = !first && segmentSavedAt > segmentReadAt[who];
            steps.add(names[who] + " saves the segment as " + c + (stale ? " over a newer version" : ""));
            try {
                var saved = people[who].segments().save("Local", "", rule, first ? null : segmentRead[who]);
                assertThat(stale).as("a segment saved over a version never seen").isFalse();
                segmentCity = c;
                segmentSavedAt = step;
                segmentReadAt[who] = step;
                segmentRead[who] = saved.updatedAt();
            } catch (SavedMeanwhileException e) {
                assertThat(stale).as("a segment save of the newest version is refused").isTrue();
                // the user opens it again: theirs
                segmentReadAt[who] = step;
                segmentRead[who] = people[who].segments().get("Local").updatedAt();
            }
            if (first) {
                segmentReadAt[1 - who] = step; // the other opens it too
                segmentRead[1 - who] = people[1 - who].segments().get("Local").updatedAt();
            }
        }

        void check() {
            for (int who = 0; who < 2; who++) {
                Session s = people[who];
                s.workspace().changes().committed(); // reads what the other committed
                for (var e : city.entrySet()) {
                    assertThat(s.contacts().profile(e.getKey()).orElseThrow().city()).as(names[who] + " reads #"
                            + e.getKey()).isEqualTo(e.getValue());
                }
                for (String c : CITIES) {
                    RuleDocument rule = RuleDocument.of(new Rule.Field("city", "equals", c, null, null, null));
                    long expected = city.values().stream().filter(c::equals).count();
                    long sql = s.workspace().dsl().fetchCount(CONTACT, s.segments().condition(rule));
                    long[] counted = new long[1];
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    do {
                        s.workspace().changes().committed();
                        counted[0] = s.segments().count(rule);
                    } while (counted[0] != expected && System.nanoTime() < deadline);
                    assertThat(sql).as(names[who] + ": SQL count in " + c).isEqualTo(expected);
                    assertThat(counted[0]).as(names[who] + ": live count in " + c).isEqualTo(expected);
                }
                if (segmentCity != null) {
                    assertThat(s.segments().rule("Local").rule()).as(names[who] + " reads the segment")
                            .isEqualTo(new Rule.Field("city", "equals", segmentCity, null, null, null));
                }
            }
        }

        void close() {
            for (Session s : people) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
