package org.registro.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The segment benchmark of issue 5: a workspace with {@code contacts} contacts and five events each, loaded
 * straight through SQL (the import path is measured elsewhere), then the count of a six-condition rule with an
 * event aggregate and a consent condition, against a hand-written SQL query of the same meaning.
 */
public final class SegmentBench {

    /** Madrid donors born before 1990, tagged donor, with an email, who gave twice last year, event news OK. */
    static final String RULE = """
            {"version": 1, "rule": {"type": "group", "match": "all", "conditions": [
              {"type": "field", "field": "city", "op": "equals", "value": "Madrid"},
              {"type": "field", "field": "birthDate", "op": "before", "value": "1990-01-01"},
              {"type": "field", "field": "email", "op": "isNotEmpty"},
              {"type": "tag", "tag": "donor"},
              {"type": "events", "eventType": "donation", "atLeast": 2, "withinDays": 365},
              {"type": "consent", "purpose": "commercial", "channel": "email", "topic": "events"}
            ]}}""";

    /** The same question written by hand, as a database person would. */
    static final String HAND_WRITTEN = """
            SELECT COUNT(*) FROM contact c
            WHERE c.status NOT IN ('erased', 'merged') AND c.do_not_contact = FALSE
              AND LOWER(c.city) = 'madrid' AND c.birth_date < DATE '1990-01-01'
              AND c.email IS NOT NULL AND c.email <> ''
              AND c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
                           WHERE t.name_key = 'donor')
              AND c.id IN (SELECT e.contact_id FROM event e WHERE e.event_type = 'donation'
                           AND e.occurred_at >= ? GROUP BY e.contact_id HAVING COUNT(*) >= 2)
              AND c.id IN (SELECT s.contact_id FROM consent_state s WHERE s.channel = 'email' AND s.topic = ''
                           AND s.status IN ('granted', 'confirmed'))
              AND c.id IN (SELECT s.contact_id FROM consent_state s WHERE s.channel = 'email' AND s.topic = 'events'
                           AND s.status IN ('granted', 'confirmed'))""";

    private static final int REPEATS = 11;

    private final Path dir;
    private final Clock clock;
    private final int contacts;
    private final Consumer<String> log;

    public SegmentBench(Path dir, Clock clock, int contacts, Consumer<String> log) {
        this.dir = dir;
        this.clock = clock;
        this.contacts = contacts;
        this.log = log;
    }

    public List<BenchResult> run() {
        List<BenchResult> results = new ArrayList<>();
        Path wsDir = dir.resolve("segments-" + System.nanoTime());
        try (Workspace ws = new WorkspaceService(clock).create(wsDir, new NewWorkspace("Segments bench", "ES", null))) {
            long start = System.nanoTime();
            load(ws.dsl());
            double ms = (System.nanoTime() - start) / 1e6;
            results.add(new BenchResult("load contacts, events, tags and consent through SQL",
                    String.format("%,d contacts, %,d events", contacts, contacts * 5L), ms, null, 0, "", null));
            SegmentService segments = new SegmentService(ws, new AuditLog(clock, "bench"));
            RuleDocument rule = RuleDocument.parse(RULE);
            log.accept("counting the six-condition rule");
            long[] compiledCount = {0};
            double compiled = median(() -> compiledCount[0] = segments.count(rule));
            java.time.OffsetDateTime yearAgo = java.time.OffsetDateTime.now(clock).minusDays(365);
            long[] handCount = {0};
            double hand = median(() -> handCount[0] = ws.dsl().fetchSingle(HAND_WRITTEN, yearAgo).get(0, Long.class));
            String size = String.format("%,d contacts, %,d events", contacts, contacts * 5L);
            results.add(new BenchResult("segment count, 6 conditions (event aggregate, consent) — median of "
                    + REPEATS, size + String.format(" → %,d", compiledCount[0]), compiled, null, 0, "< 150 ms",
                    compiled < 150));
            results.add(new BenchResult("the same question in hand-written SQL — median of " + REPEATS,
                    size + String.format(" → %,d", handCount[0]), hand, null, 0, "", null));
            results.add(new BenchResult("segment count time / hand-written SQL time", "", compiled / hand, null, 0,
                    "same answer: " + (compiledCount[0] == handCount[0] ? "yes" : "NO"),
                    compiledCount[0] == handCount[0]));
        }
        return results;
    }

    /** Contacts with cities, birth dates, emails; a donor tag on a quarter; five events each; consent on most. */
    private void load(DSLContext dsl) {
        loadContacts(dsl, contacts, log);
        long first = dsl.fetchSingle("SELECT MIN(id) FROM contact").get(0, Long.class);
        log.accept("loading " + contacts * 5L + " events");
        for (int round = 0; round < 5; round++) {
            dsl.execute("INSERT INTO event (contact_id, event_type, occurred_at, amount, recorded_at) "
                    + "SELECT ? + X - 1, CASE WHEN MOD(X + ?, 3) = 0 THEN 'purchase' ELSE 'donation' END, "
                    + "DATEADD(DAY, -MOD(X * 13 + ? * 101, 900), CURRENT_TIMESTAMP), MOD(X * 7 + ?, 200) + 5, "
                    + "CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, ?)", first, round, round, round, contacts);
        }
        loadConsent(dsl, log);
    }

    /**
     * Contacts with names, cities, birth dates and (for ten in eleven) an email, straight through SQL, and a donor
     * tag on a quarter of them. Shared with the export benchmark.
     */
    static void loadContacts(DSLContext dsl, int contacts, Consumer<String> log) {
        log.accept("loading " + contacts + " contacts");
        dsl.execute("INSERT INTO contact (first_name, last_name, first_name_key, last_name_key, email, city, country,"
                + " birth_date, created_at, updated_at) SELECT 'P' || X, 'L' || MOD(X * 7919, 50000),"
                + " 'p' || X, 'l' || MOD(X * 7919, 50000), CASE WHEN MOD(X, 11) = 0 THEN NULL ELSE 'p' || X || "
                + "'@example.org' END, CASE MOD(X * 31, 8) WHEN 0 THEN 'Madrid' WHEN 1 THEN 'Barcelona' WHEN 2 THEN "
                + "'Valencia' WHEN 3 THEN 'Sevilla' WHEN 4 THEN 'Bilbao' WHEN 5 THEN 'Málaga' WHEN 6 THEN 'Zaragoza' "
                + "ELSE 'Madrid' END, 'ES', DATEADD(DAY, MOD(X * 37, 25000), DATE '1940-01-01'), CURRENT_TIMESTAMP,"
                + " CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, ?)", contacts);
        log.accept("tagging donors");
        dsl.execute("INSERT INTO tag (name, name_key, created_at) VALUES ('donor', 'donor', CURRENT_TIMESTAMP)");
        dsl.execute("INSERT INTO contact_tag (contact_id, tag_id, added_at) SELECT id, (SELECT id FROM tag), "
                + "CURRENT_TIMESTAMP FROM contact WHERE MOD(id, 4) = 0");
    }

    /** Email consent on four in five contacts (one in ten of those withdrawn), the events topic on a third. */
    static void loadConsent(DSLContext dsl, Consumer<String> log) {
        log.accept("recording consent");
        dsl.execute("INSERT INTO consent_event (contact_id, channel, topic, status, method, occurred_at, recorded_at) "
                + "SELECT id, 'email', '', CASE WHEN MOD(id, 10) = 9 THEN 'withdrawn' ELSE 'granted' END, 'import', "
                + "DATEADD(DAY, -MOD(id, 700), CURRENT_TIMESTAMP), CURRENT_TIMESTAMP FROM contact WHERE MOD(id, 5) < 4");
        dsl.execute("INSERT INTO consent_event (contact_id, channel, topic, status, method, occurred_at, recorded_at) "
                + "SELECT id, 'email', 'events', 'granted', 'import', DATEADD(DAY, -MOD(id, 700), CURRENT_TIMESTAMP), "
                + "CURRENT_TIMESTAMP FROM contact WHERE MOD(id, 3) = 0");
        dsl.execute("INSERT INTO consent_state (contact_id, channel, topic, status, method, event_id, occurred_at) "
                + "SELECT contact_id, channel, topic, status, method, id, occurred_at FROM consent_event");
    }

    private static double median(Supplier<Object> query) {
        for (int i = 0; i < 2; i++) {
            query.get();
        }
        double[] times = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            query.get();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[REPEATS / 2];
    }
}
