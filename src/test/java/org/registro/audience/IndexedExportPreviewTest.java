package org.registro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.audience.IndexMatchesSqlTest.pick;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.consent.PrivacyService;
import org.registro.consent.Purpose;
import org.registro.contact.DataQuality;
import org.registro.contact.Emails;
import org.registro.destination.DestinationService;
import org.registro.export.ExportPreview;
import org.registro.export.ExportRequest;
import org.registro.export.ExportService;
import org.registro.export.ListFormat;
import org.registro.export.Selector;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Who an export would write and leave out, per reason, is the same from the audience index as from the scan in
 * SQL: random workspaces with addresses of every kind (valid, mixed case, invalid, blank, a formula, in angle
 * brackets), addresses marked invalid or bounced, addresses of erased people, restrictions, consent for several
 * channels and topics, and changes after the index was built. Seed printed; {@code -Dregistro.exports.seed=N}.
 */
class IndexedExportPreviewTest {

    @TempDir
    Path tmp;

    private static final String[] CHANNELS = {"email", "sms", "post", "phone"};
    private static final String[] TOPICS = {null, "newsletter", "events"};

    @Test
    void thePreviewFromTheIndexIsThePreviewFromTheDatabase() {
        long seed = Long.getLong("registro.exports.seed", System.nanoTime() % 100_000);
        System.out.println("IndexedExportPreviewTest seed " + seed);
        Random random = new Random(seed);
        TestClock clock = TestClock.at("2026-06-15T12:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("w"), clock);
             LiveAudience live = new LiveAudience(ws)) {
            IndexMatchesSqlTest.fill(ws.dsl(), random);
            addresses(ws.dsl(), random);
            PrivacyService privacy = new PrivacyService(ws, new AuditLog(clock, "t"));
            eraseSharers(ws.dsl(), privacy, random);
            AuditLog audit = new AuditLog(clock, "t");
            SegmentService plain = new SegmentService(ws, audit);
            SegmentService indexed = new SegmentService(ws, audit);
            indexed.useIndex(live);
            ExportService sql = new ExportService(ws, audit, plain, new DestinationService(ws, audit));
            ExportService fast = new ExportService(ws, audit, indexed, new DestinationService(ws, audit));
            live.start();
            assertThat(live.awaitReady(30, TimeUnit.SECONDS)).isTrue();

            compare(sql, fast, random, seed, 60);
            // changes after the build: new addresses, a restriction, one more erasure
            addresses(ws.dsl(), random);
            privacy.restrict(someone(ws.dsl(), random), true, "asked");
            eraseSharers(ws.dsl(), privacy, random);
            compare(sql, fast, random, seed, 60);
        }
    }

    @Test
    void dataQualityCountsFromTheIndexAreTheDatabases() {
        long seed = Long.getLong("registro.exports.seed", System.nanoTime() % 100_000);
        System.out.println("IndexedExportPreviewTest quality seed " + seed);
        Random random = new Random(seed);
        TestClock clock = TestClock.at("2026-06-15T12:00:00Z");
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("q"), clock);
             LiveAudience live = new LiveAudience(ws)) {
            IndexMatchesSqlTest.fill(ws.dsl(), random);
            addresses(ws.dsl(), random);
            names(ws.dsl(), random);
            // at least one invalid address on an active person, whatever the draw (seed 38413 drew none)
            long someone = ws.dsl().select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.eq("active"))
                    .orderBy(CONTACT.ID.desc()).limit(1).fetchSingle(CONTACT.ID);
            ws.dsl().insertInto(IDENTIFIER).set(IDENTIFIER.CONTACT_ID, someone).set(IDENTIFIER.KIND, "email")
                    .set(IDENTIFIER.VALUE_RAW, "ana@@example").set(IDENTIFIER.VALUE_NORM, "ana@@example-" + someone)
                    .set(IDENTIFIER.IS_VALID, false).set(IDENTIFIER.CREATED_AT, IndexMatchesSqlTest.NOW).execute();
            DataQuality sql = new DataQuality(ws, new AuditLog(clock, "t"));
            DataQuality fast = new DataQuality(ws, new AuditLog(clock, "t"));
            fast.useIndex(live::qualityCounts);
            live.start();
            assertThat(live.awaitReady(30, TimeUnit.SECONDS)).isTrue();
            assertThat(live.qualityCounts()).as("seed %d", seed).contains(sql.counts());
            assertThat(sql.counts().values()).as("seed %d: some of each", seed).allMatch(n -> n > 0);
            // after changes: more of them, and a conflict resolved
            names(ws.dsl(), random);
            addresses(ws.dsl(), random);
            ws.dsl().update(IDENTITY_CONFLICT).set(IDENTITY_CONFLICT.RESOLVED_AT, IndexMatchesSqlTest.NOW)
                    .where(IDENTITY_CONFLICT.ID.eq(ws.dsl().select(DSL.min(IDENTITY_CONFLICT.ID))
                            .from(IDENTITY_CONFLICT))).execute();
            assertThat(fast.counts()).as("seed %d", seed).isEqualTo(sql.counts());
        }
    }

    /**
     * Names and organizations missing or only spaces, phones that do not parse, identity conflicts between two
     * people.
     */
    private static void names(DSLContext dsl, Random r) {
        List<Long> ids = dsl.select(CONTACT.ID).from(CONTACT).orderBy(CONTACT.ID).fetch(CONTACT.ID);
        for (long id : ids) {
            if (r.nextInt(3) == 0) {
                dsl.update(CONTACT).set(CONTACT.FIRST_NAME, pick(new String[] {null, "", "  ", "Ana"}, r))
                        .set(CONTACT.LAST_NAME, pick(new String[] {null, " ", "Ruiz"}, r))
                        .set(CONTACT.ORGANIZATION, pick(new String[] {null, "", "ACME", "\t"}, r))
                        .where(CONTACT.ID.eq(id)).execute();
            }
            if (r.nextInt(4) == 0) {
                dsl.update(IDENTIFIER).set(IDENTIFIER.IS_VALID, false)
                        .where(IDENTIFIER.CONTACT_ID.eq(id).and(IDENTIFIER.KIND.eq("phone"))).execute();
            }
            if (r.nextInt(10) == 0) {
                dsl.insertInto(IDENTITY_CONFLICT).set(IDENTITY_CONFLICT.CONTACT_ID, id)
                        .set(IDENTITY_CONFLICT.OTHER_CONTACT_ID, ids.get(r.nextInt(ids.size())))
                        .set(IDENTITY_CONFLICT.IDENTIFIER_KIND, "email").set(IDENTITY_CONFLICT.IDENTIFIER_VALUE, "x")
                        .set(IDENTITY_CONFLICT.DETECTED_AT, IndexMatchesSqlTest.NOW).execute();
            }
        }
        // at least one conflict between two active people, whatever the draw (a few seeds drew none)
        List<Long> active = dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.eq("active"))
                .orderBy(CONTACT.ID).limit(2).fetch(CONTACT.ID);
        dsl.insertInto(IDENTITY_CONFLICT).set(IDENTITY_CONFLICT.CONTACT_ID, active.get(0))
                .set(IDENTITY_CONFLICT.OTHER_CONTACT_ID, active.get(1))
                .set(IDENTITY_CONFLICT.IDENTIFIER_KIND, "email").set(IDENTITY_CONFLICT.IDENTIFIER_VALUE, "y")
                .set(IDENTITY_CONFLICT.DETECTED_AT, IndexMatchesSqlTest.NOW).execute();
    }

    private static void compare(ExportService sql, ExportService fast, Random random, long seed, int requests) {
        int answered = 0;
        for (int i = 0; i < requests; i++) {
            Selector selector = switch (random.nextInt(4)) {
                case 0 -> Selector.all();
                case 1 -> Selector.segment(random.nextBoolean() ? "Snapshot" : "Dynamic");
                default -> Selector.rule(RuleDocument.of(IndexMatchesSqlTest.rule(random, 1)));
            };
            ExportRequest request = new ExportRequest(selector, random.nextInt(3) == 0 ? Purpose.TRANSACTIONAL
                    : Purpose.COMMERCIAL, pick(CHANNELS, random), pick(TOPICS, random), ListFormat.CSV.template());
            ExportPreview expected;
            try {
                expected = sql.preview(request, Progress.NONE);
            } catch (RegistroException refused) {
                continue; // a rule naming what does not fit: the same error either way (IndexMatchesSqlTest)
            }
            assertThat(fast.preview(request, Progress.NONE)).as("seed %d: %s", seed, request).isEqualTo(expected);
            answered++;
        }
        assertThat(answered).isGreaterThan(requests / 2);
    }

    /** Emails, phones and postal addresses of every kind on the contacts, some marked invalid or bounced. */
    private static void addresses(DSLContext dsl, Random r) {
        OffsetDateTime now = IndexMatchesSqlTest.NOW;
        for (long id : dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.ne("merged")).fetch(CONTACT.ID)) {
            if (r.nextInt(3) == 0) {
                continue;
            }
            String email = switch (r.nextInt(8)) {
                case 0 -> null;
                case 1 -> " ";
                case 2 -> "not-an-email";
                case 3 -> "=HYPERLINK(\"x\")@x.org";
                case 4 -> "<Ana" + id + "@Example.ORG>";
                case 5 -> "Ana.Ruiz" + id + "@Example.org";
                default -> "ana" + id + "@example.org";
            };
            dsl.update(CONTACT).set(CONTACT.EMAIL, email)
                    .set(CONTACT.PHONE, pick(new String[] {null, "", " ", "+3460000" + id}, r))
                    .set(CONTACT.STREET, pick(new String[] {null, "", "Calle Mayor " + id}, r))
                    .set(CONTACT.POSTAL_CODE, pick(new String[] {null, "28001", " "}, r))
                    .set(CONTACT.CITY, pick(new String[] {null, "Madrid", ""}, r))
                    .where(CONTACT.ID.eq(id)).execute();
            String normalized = Emails.normalize(email);
            if (normalized != null && r.nextInt(3) == 0 && !dsl.fetchExists(IDENTIFIER, IDENTIFIER.KIND.eq("email")
                    .and(IDENTIFIER.VALUE_NORM.eq(normalized)))) {
                boolean bounced = r.nextBoolean();
                dsl.insertInto(IDENTIFIER).set(IDENTIFIER.CONTACT_ID, id).set(IDENTIFIER.KIND, "email")
                        .set(IDENTIFIER.VALUE_RAW, email).set(IDENTIFIER.VALUE_NORM, normalized)
                        .set(IDENTIFIER.IS_VALID, bounced).set(IDENTIFIER.BOUNCED_AT, bounced ? now : null)
                        .set(IDENTIFIER.CREATED_AT, now).execute();
            }
            for (String channel : new String[] {"sms", "post"}) {
                if (r.nextInt(3) == 0) {
                    String status = pick(IndexMatchesSqlTest.STATUSES, r);
                    String topic = pick(new String[] {"", "newsletter"}, r);
                    dsl.deleteFrom(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(id)
                            .and(CONSENT_STATE.CHANNEL.eq(channel)).and(CONSENT_STATE.TOPIC.eq(topic))).execute();
                    long event = dsl.insertInto(CONSENT_EVENT).set(CONSENT_EVENT.CONTACT_ID, id)
                            .set(CONSENT_EVENT.CHANNEL, channel).set(CONSENT_EVENT.TOPIC, topic)
                            .set(CONSENT_EVENT.STATUS, status).set(CONSENT_EVENT.METHOD, "form")
                            .set(CONSENT_EVENT.OCCURRED_AT, now).set(CONSENT_EVENT.RECORDED_AT, now)
                            .returningResult(CONSENT_EVENT.ID).fetchOne().value1();
                    dsl.insertInto(CONSENT_STATE).set(CONSENT_STATE.CONTACT_ID, id)
                            .set(CONSENT_STATE.CHANNEL, channel).set(CONSENT_STATE.TOPIC, topic)
                            .set(CONSENT_STATE.STATUS, status).set(CONSENT_STATE.METHOD, "form")
                            .set(CONSENT_STATE.EVENT_ID, event).set(CONSENT_STATE.OCCURRED_AT, now).execute();
                }
            }
        }
    }

    /**
     * Two people who share an address with someone else (written in another case) are erased: the address they
     * leave behind is suppressed for the others.
     */
    private static void eraseSharers(DSLContext dsl, PrivacyService privacy, Random r) {
        for (int i = 0; i < 2; i++) {
            long erased = someone(dsl, r);
            long other = someone(dsl, r);
            if (erased == other) {
                continue;
            }
            String shared = "shared" + erased + "@example.org";
            dsl.insertInto(IDENTIFIER).set(IDENTIFIER.CONTACT_ID, erased).set(IDENTIFIER.KIND, "email")
                    .set(IDENTIFIER.VALUE_RAW, shared).set(IDENTIFIER.VALUE_NORM, shared)
                    .set(IDENTIFIER.CREATED_AT, IndexMatchesSqlTest.NOW).execute();
            dsl.update(CONTACT).set(CONTACT.EMAIL, shared.toUpperCase(java.util.Locale.ROOT))
                    .where(CONTACT.ID.eq(other)).execute();
            privacy.erase(erased, "asked");
        }
    }

    private static long someone(DSLContext dsl, Random r) {
        List<Long> active = dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.eq("active"))
                .orderBy(CONTACT.ID).fetch(CONTACT.ID);
        return active.get(r.nextInt(active.size()));
    }
}
