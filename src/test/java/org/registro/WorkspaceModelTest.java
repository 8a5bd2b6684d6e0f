package org.registro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.consent.ConsentService;
import org.registro.consent.Purpose;
import org.registro.consent.RetentionService;
import org.registro.contact.ContactService;
import org.registro.export.ListFormat;
import org.registro.export.ExportRequest;
import org.registro.export.ExportResult;
import org.registro.export.Selector;
import org.registro.ingest.ImportRecords.Summary;
import org.registro.ingest.SourceFile;
import org.registro.testutil.TestClock;
import org.registro.testutil.WorkspaceInvariants;
import org.registro.wiring.Session;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * Model-based test of whole workspaces (invariants 1–8 and 11 of DESIGN.md): seeded random sequences of the
 * operations a marketer runs — overlapping imports with bad rows, re-imports, hand edits, consent changes,
 * duplicate scans, merges and their undo, import undo, erasure, retention, exports — and after every step the
 * workspace is closed and opened again and checked. A failure names its seed and the steps up to it; run one
 * seed with {@code -Dregistro.model.seed=N}, more sequences with {@code -Dregistro.model.sequences=N}.
 */
class WorkspaceModelTest {

    private static final int SEQUENCES = Integer.getInteger("registro.model.sequences", 300);
    private static final int STEPS = Integer.getInteger("registro.model.steps", 8);
    private static final String[] FIRST = {"Ana", "Luis", "Marta", "Jorge", "Lucía", "Pablo", "Elena", "Raúl"};
    private static final String[] LAST = {"Ruiz", "García", "López", "Sanz", "Gil", "Moreno"};
    private static final String[] CITIES = {"Madrid", "Sevilla", "Bilbao", "Vigo"};

    @TempDir
    Path tmp;

    @Test
    void noSequenceOfOperationsBreaksAnInvariant() throws Exception {
        Long only = Long.getLong("registro.model.seed");
        long base = only != null ? only : 17_000L;
        int sequences = only != null ? 1 : SEQUENCES;
        for (int i = 0; i < sequences; i++) {
            long seed = base + i;
            Model model = new Model(seed, tmp.resolve("seq-" + seed));
            try {
                model.run();
            } catch (Throwable failure) {
                throw new AssertionError("Sequence with seed " + seed + " failed after steps " + model.steps
                        + " (run it alone with -Dregistro.model.seed=" + seed + "): " + failure, failure);
            } finally {
                model.close();
            }
        }
    }

    /** One random sequence and what it expects of the workspace. */
    private static final class Model {
        final Random random;
        final Path dir;
        final TestClock clock = TestClock.at("2026-02-01T09:00:00Z");
        final List<String> steps = new ArrayList<>();
        final Set<String> erasedEmails = new HashSet<>();
        final List<Path> imported = new ArrayList<>();
        final WorkspaceService workspaces;
        Session session;
        int files;

        Model(long seed, Path dir) {
            this.random = new Random(seed);
            this.dir = dir;
            this.workspaces = Session.workspaceService(clock, "model");
        }

        void run() throws Exception {
            Workspace ws = workspaces.create(dir, new NewWorkspace("Model", "ES", null));
            session = Session.open(ws, workspaces, "model");
            for (int step = 0; step < STEPS; step++) {
                clock.advance(Duration.ofHours(1 + random.nextInt(48)));
                int op = random.nextInt(12);
                switch (op) {
                    case 0, 1, 2 -> importFile();
                    case 3 -> reimport();
                    case 4 -> handEdit();
                    case 5 -> consentChange();
                    case 6 -> scanAndMerge();
                    case 7 -> mergeAndUndo();
                    case 8 -> importAndUndo();
                    case 9 -> erase();
                    case 10 -> retention();
                    default -> export();
                }
                reopenAndCheck();
            }
        }

        void close() {
            if (session != null) {
                session.close();
            }
        }

        // ------------------------------------------------------------------ operations

        /** A CRM-like file over a small pool of people, so files overlap; some rows are bad on purpose. */
        Path newFile() throws Exception {
            StringBuilder csv = new StringBuilder("Email,First name,Last name,City,Phone,Newsletter,Newsletter date,"
                    + "Donation,Donation date,Tags\n");
            int rows = 1 + random.nextInt(6);
            for (int r = 0; r < rows; r++) {
                int person = random.nextInt(10);
                String first = FIRST[person % FIRST.length];
                String last = LAST[person % LAST.length];
                String email = switch (random.nextInt(10)) {
                    case 0 -> ""; // no identifier at all unless the phone is there
                    case 1 -> "not-an-email";
                    default -> first.toLowerCase(java.util.Locale.ROOT).replace("í", "i").replace("ú", "u")
                            + person + "@example.org";
                };
                String phone = random.nextInt(3) == 0 ? "6" + (10_000_000 + person * 1_111_111) : "";
                String consent = switch (random.nextInt(4)) {
                    case 0 -> "yes";
                    case 1 -> "no";
                    default -> "";
                };
                LocalDate day = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(60));
                String donation = random.nextBoolean() ? String.valueOf(5 + random.nextInt(50)) : "";
                csv.append(String.join(",", email, random.nextInt(5) == 0 ? first.toUpperCase() : first, last,
                        CITIES[random.nextInt(CITIES.length)], phone, consent, consent.isEmpty() ? "" : day.toString(),
                        donation, donation.isEmpty() ? "" : day.toString(),
                        random.nextBoolean() ? "donor" : "")).append('\n');
            }
            Path file = dir.resolveSibling(dir.getFileName() + "-file-" + (files++) + ".csv");
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return file;
        }

        Summary importPath(Path file) {
            String source = random.nextBoolean() ? "CRM" : "Shop";
            Summary summary = session.imports().importAsPlanned(file, SourceFile.Options.detect(), null, source,
                    "first", Progress.NONE);
            long dataRows = lines(file) - 1;
            assertThat(summary.read()).as("every row of %s read", file.getFileName()).isEqualTo(dataRows);
            assertThat(summary.created() + summary.updated() + summary.unchanged() + summary.rejected()
                    + summary.skipped()).as("every row applied or rejected").isEqualTo(summary.read());
            if (summary.rejected() > 0) {
                assertThat(summary.rejectFile()).isNotNull();
                assertThat(rejectedLines(summary.rejectFile())).as("each rejected row in the reject file")
                        .hasSize((int) summary.rejected());
            }
            imported.add(file);
            return summary;
        }

        void importFile() throws Exception {
            steps.add("import");
            importPath(newFile());
        }

        void reimport() throws Exception {
            if (imported.isEmpty()) {
                importFile();
                return;
            }
            steps.add("re-import");
            importPath(imported.get(random.nextInt(imported.size())));
        }

        void handEdit() {
            Long id = randomActive();
            if (id == null) {
                return;
            }
            steps.add("tag #" + id);
            session.contacts().addTag(id, random.nextBoolean() ? "volunteer" : "vip");
        }

        void consentChange() {
            Long id = randomActive();
            if (id == null) {
                return;
            }
            String status = random.nextBoolean() ? "granted" : "withdrawn";
            steps.add("consent #" + id + " " + status);
            Instant at = clock.instant().minus(Duration.ofDays(random.nextInt(40)));
            session.consent().record(new ConsentService.Change(id, "email", random.nextBoolean() ? null : "events",
                    status, "manual", null, at, "model"));
        }

        void scanAndMerge() {
            steps.add("scan");
            session.duplicates().scan(Progress.NONE);
            List<Long> active = active();
            if (active.size() >= 2 && random.nextBoolean()) {
                long a = active.get(random.nextInt(active.size()));
                long b = active.get(random.nextInt(active.size()));
                if (a != b) {
                    steps.add("merge #" + b + " into #" + a);
                    session.merges().merge(a, b, Map.of(), null);
                }
            }
        }

        void mergeAndUndo() {
            List<Long> active = active();
            if (active.size() < 2) {
                return;
            }
            long a = active.get(random.nextInt(active.size()));
            long b = active.get(random.nextInt(active.size()));
            if (a == b) {
                return;
            }
            steps.add("merge #" + b + " into #" + a + " and undo");
            Map<String, Object> before = snapshot(session.workspace().dsl(), List.of(a, b));
            var merge = session.merges().merge(a, b, Map.of(), null);
            session.merges().undo(merge.mergeId());
            assertThat(snapshot(session.workspace().dsl(), List.of(a, b))).as("an undone merge leaves what it found")
                    .isEqualTo(before);
        }

        void importAndUndo() throws Exception {
            steps.add("import and undo");
            Map<String, Object> before = snapshot(session.workspace().dsl(), null);
            Summary summary = importPath(newFile());
            session.imports().undo(summary.batchId(), Progress.NONE);
            assertThat(snapshot(session.workspace().dsl(), null)).as("an undone batch leaves what it found")
                    .isEqualTo(before);
        }

        void erase() {
            Long id = randomActive();
            if (id == null) {
                return;
            }
            steps.add("erase #" + id);
            DSLContext dsl = session.workspace().dsl();
            Set<Long> people = org.registro.contact.MergedRecords.withMerged(dsl, List.of(id));
            erasedEmails.addAll(dsl.select(IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                    .where(IDENTIFIER.CONTACT_ID.in(people).and(IDENTIFIER.KIND.eq("email")))
                    .fetch(IDENTIFIER.VALUE_NORM));
            session.privacy().erase(id, "model");
        }

        void retention() {
            boolean erase = random.nextBoolean();
            String kind = erase ? RetentionService.ERASE_INACTIVE : RetentionService.DELETE_OLD_EVENTS;
            steps.add("retention " + kind);
            DSLContext dsl = session.workspace().dsl();
            Map<Long, List<String>> emails = new HashMap<>();
            dsl.select(IDENTIFIER.CONTACT_ID, IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                    .where(IDENTIFIER.KIND.eq("email"))
                    .forEach(r -> emails.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
            RetentionService.Policy policy = session.retention().save(kind, 1, true);
            session.retention().run(policy.id());
            // remember who it erased, to check they never come back
            dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.eq("erased"))
                    .forEach(r -> erasedEmails.addAll(emails.getOrDefault(r.value1(), List.of())));
        }

        void export() throws Exception {
            steps.add("export");
            Path out = dir.resolveSibling(dir.getFileName() + "-export-" + (files++) + ".csv");
            ExportResult result = session.exports().export(new ExportRequest(Selector.all(), Purpose.COMMERCIAL,
                    "email", random.nextBoolean() ? null : "events", ListFormat.CSV.template()), out, null,
                    Progress.NONE);
            DSLContext dsl = session.workspace().dsl();
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(lines.size() - 1L).isEqualTo(result.written());
            for (String email : dsl.select(IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                    .join(CONTACT).on(CONTACT.ID.eq(IDENTIFIER.CONTACT_ID))
                    .where(IDENTIFIER.KIND.eq("email").andNotExists(optedIn())).fetch(IDENTIFIER.VALUE_NORM)) {
                assertThat(lines.stream().skip(1).anyMatch(l -> l.toLowerCase(java.util.Locale.ROOT)
                        .contains(email))).as("%s has no opt-in and is not exported", email).isFalse();
            }
        }

        private static org.jooq.Select<?> optedIn() {
            return org.jooq.impl.DSL.selectOne().from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(CONTACT.ID)
                    .and(CONSENT_STATE.CHANNEL.eq("email")).and(CONSENT_STATE.TOPIC.eq(""))
                    .and(CONSENT_STATE.STATUS.in("granted", "confirmed")));
        }

        // ------------------------------------------------------------------ checks

        void reopenAndCheck() {
            session.close();
            Workspace ws = workspaces.open(dir, null);
            session = Session.open(ws, workspaces, "model");
            WorkspaceInvariants.check(ws);
            DSLContext dsl = ws.dsl();
            // no erased person is back
            if (!erasedEmails.isEmpty()) {
                assertThat(dsl.select(IDENTIFIER.VALUE_NORM).from(IDENTIFIER).join(CONTACT)
                        .on(CONTACT.ID.eq(IDENTIFIER.CONTACT_ID)).where(IDENTIFIER.VALUE_NORM.in(erasedEmails))
                        .fetch(IDENTIFIER.VALUE_NORM)).as("no erased person comes back").isEmpty();
            }
        }

        /** What an undo must give back: contacts, identifiers, events, tags and the consent that counts. */
        static Map<String, Object> snapshot(DSLContext dsl, List<Long> only) {
            Map<String, Object> s = new HashMap<>();
            var c = only == null ? org.jooq.impl.DSL.noCondition() : CONTACT.ID.in(only);
            s.put("contacts", dsl.select(CONTACT.ID, CONTACT.STATUS, CONTACT.FIRST_NAME, CONTACT.LAST_NAME,
                    CONTACT.EMAIL, CONTACT.PHONE, CONTACT.CITY, CONTACT.DO_NOT_CONTACT, CONTACT.MERGED_INTO_ID)
                    .from(CONTACT).where(c).orderBy(CONTACT.ID).fetch().intoMaps());
            var byContact = only == null ? org.jooq.impl.DSL.noCondition() : IDENTIFIER.CONTACT_ID.in(only);
            s.put("identifiers", dsl.select(IDENTIFIER.ID, IDENTIFIER.CONTACT_ID, IDENTIFIER.VALUE_NORM,
                    IDENTIFIER.IS_PRIMARY).from(IDENTIFIER).where(byContact).orderBy(IDENTIFIER.ID).fetch().intoMaps());
            s.put("events", dsl.select(EVENT.ID, EVENT.CONTACT_ID).from(EVENT)
                    .where(only == null ? org.jooq.impl.DSL.noCondition() : EVENT.CONTACT_ID.in(only))
                    .orderBy(EVENT.ID).fetch().intoMaps());
            s.put("tags", dsl.select(CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID).from(CONTACT_TAG)
                    .where(only == null ? org.jooq.impl.DSL.noCondition() : CONTACT_TAG.CONTACT_ID.in(only))
                    .orderBy(CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID).fetch().intoMaps());
            s.put("consent", dsl.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC,
                    CONSENT_STATE.STATUS, CONSENT_STATE.EVENT_ID).from(CONSENT_STATE)
                    .where(only == null ? org.jooq.impl.DSL.noCondition() : CONSENT_STATE.CONTACT_ID.in(only))
                    .orderBy(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC).fetch().intoMaps());
            return s;
        }

        Long randomActive() {
            List<Long> active = active();
            return active.isEmpty() ? null : active.get(random.nextInt(active.size()));
        }

        List<Long> active() {
            return session.workspace().dsl().select(CONTACT.ID).from(CONTACT)
                    .where(CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE)).orderBy(CONTACT.ID).fetch(CONTACT.ID);
        }

        /** The distinct input lines the reject file says were rejected (other lines are values left out). */
        static Set<String> rejectedLines(Path file) {
            Set<String> rejected = new HashSet<>();
            try (var reader = de.siegmar.fastcsv.reader.CsvReader.builder().allowMissingFields(true)
                    .allowExtraFields(true).ofCsvRecord(file)) {
                Set<String> outcomes = Set.of(org.registro.common.Messages.get("import.outcome.rejected"),
                        org.registro.common.Messages.get("import.outcome.refused"));
                reader.stream().skip(1).filter(r -> outcomes.contains(r.getField(1)))
                        .forEach(r -> rejected.add(r.getField(0)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return rejected;
        }

        static long lines(Path file) {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
