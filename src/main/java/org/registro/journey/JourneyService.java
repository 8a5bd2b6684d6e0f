package org.registro.journey;

import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_ENTRY_SEEN;
import static org.registro.db.Tables.JOURNEY_VERSION;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.export.ExportService;
import org.registro.segment.SegmentService;
import org.registro.workspace.AuditLog;
import org.registro.workspace.SavedMeanwhileException;
import org.registro.workspace.Workspace;

/**
 * Journeys: drafts drawn on the canvas, published as numbered versions when activated, run by the
 * {@link JourneyEngine}, reported per step, and their send lists handed to the export path.
 */
public final class JourneyService {

    public static final String DRAFT = "draft";
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String ARCHIVED = "archived";

    public static final String COMPLETED = "completed";
    public static final String EXITED = "exited";
    public static final String CONVERTED = "converted";

    public static final String LISTED = "listed";
    public static final String SKIPPED = "skipped";

    /** A journey in the list: its state, its versions, and how many people are in it and have left it. */
    public record Summary(long id, String name, String description, String status, int version, boolean edited,
                          Instant activatedAt, Instant lastRunAt, Instant updatedAt, long inJourney, long finished,
                          long converted) {
    }

    /** A journey as the engine needs it: marks, and every published version people may be on. */
    record Loaded(long id, String name, String status, OffsetDateTime activatedAt, OffsetDateTime lastRunAt,
                  long eventMark, long batchMark, long waitMark, LocalDate entryDay,
                  Map<Integer, JourneyDocument> versions) {
        int latestVersion() {
            return ((TreeMap<Integer, JourneyDocument>) versions).lastKey();
        }

        JourneyDocument latest() {
            return versions.get(latestVersion());
        }

        JourneyDocument version(int v) {
            JourneyDocument doc = versions.get(v);
            return doc != null ? doc : latest();
        }
    }

    /** What one journey's run did. */
    public record Outcome(String journey, long entered, long moved, long listed, long skipped, long converted,
                          long finished) {
        public boolean changed() {
            return entered + moved + listed + skipped + converted + finished > 0;
        }
    }

    /** What a run did, journey by journey. */
    public record RunResult(OffsetDateTime at, List<Outcome> journeys, long milliseconds) {
        public boolean changed() {
            return journeys.stream().anyMatch(Outcome::changed);
        }
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final SegmentService segments;
    private final JourneyEngine engine;
    private final JourneySimulator simulator;
    private final JourneyLists lists;
    private final JourneyPublishing publishing;

    public JourneyService(Workspace workspace, AuditLog audit, SegmentService segments, ExportService exports) {
        this.workspace = workspace;
        this.audit = audit;
        this.segments = segments;
        this.engine = new JourneyEngine(workspace, audit, segments, exports);
        this.simulator = new JourneySimulator(workspace, segments, exports);
        this.lists = new JourneyLists(workspace);
        this.publishing = new JourneyPublishing(workspace, audit, segments);
    }

    // ---------------------------------------------------------------- drafts

    public List<Summary> list() {
        return summaries(JOURNEY.STATUS.ne(ARCHIVED));
    }

    public Summary summary(String name) {
        return summaries(JOURNEY.NAME.eq(name).and(JOURNEY.STATUS.ne(ARCHIVED))).stream().findFirst()
                .orElseThrow(() -> new RegistroException("error.journey.notFound", name));
    }

    /** The journeys that meet the condition, by name, with their counts (read for those journeys only). */
    private List<Summary> summaries(org.jooq.Condition which) {
        DSLContext dsl = workspace.dsl();
        var ids = DSL.select(JOURNEY.ID).from(JOURNEY).where(which);
        Map<Long, long[]> counts = new LinkedHashMap<>();
        dsl.select(JOURNEY_ENROLMENT.JOURNEY_ID, JOURNEY_ENROLMENT.STATUS, DSL.count()).from(JOURNEY_ENROLMENT)
                .where(JOURNEY_ENROLMENT.JOURNEY_ID.in(ids))
                .groupBy(JOURNEY_ENROLMENT.JOURNEY_ID, JOURNEY_ENROLMENT.STATUS).forEach(r -> {
                    long[] c = counts.computeIfAbsent(r.value1(), k -> new long[3]);
                    switch (r.value2()) {
                        case ACTIVE -> c[0] += r.value3();
                        case CONVERTED -> {
                            c[1] += r.value3();
                            c[2] += r.value3();
                        }
                        default -> c[1] += r.value3();
                    }
                });
        Map<Long, String> published = new LinkedHashMap<>();
        dsl.select(JOURNEY_VERSION.JOURNEY_ID, JOURNEY_VERSION.GRAPH_JSON).from(JOURNEY_VERSION).join(JOURNEY)
                .on(JOURNEY.ID.eq(JOURNEY_VERSION.JOURNEY_ID).and(JOURNEY.VERSION.eq(JOURNEY_VERSION.VERSION)))
                .where(which).forEach(r -> published.put(r.value1(), r.value2()));
        return dsl.selectFrom(JOURNEY).where(which).orderBy(JOURNEY.NAME).fetch(r -> {
            long[] c = counts.getOrDefault(r.getId(), new long[3]);
            String live = published.get(r.getId());
            boolean edited = live != null && !JourneyPublishing.same(live, r.getGraphJson());
            return new Summary(r.getId(), r.getName(), r.getDescription(), r.getStatus(), r.getVersion(), edited,
                    instant(r.getActivatedAt()), instant(r.getLastRunAt()), instant(r.getUpdatedAt()), c[0], c[1],
                    c[2]);
        });
    }

    /** The draft: what the canvas shows and edits. */
    public JourneyDocument document(String name) {
        String json = workspace.dsl().select(JOURNEY.GRAPH_JSON).from(JOURNEY)
                .where(JOURNEY.NAME.eq(name).and(JOURNEY.STATUS.ne(ARCHIVED))).fetchOptional(JOURNEY.GRAPH_JSON)
                .orElseThrow(() -> new RegistroException("error.journey.notFound", name));
        return JourneyDocument.parse(json).withName(name);
    }

    /** A published version (what people on it follow). */
    public JourneyDocument version(String name, int version) {
        long id = summary(name).id();
        return workspace.dsl().select(JOURNEY_VERSION.GRAPH_JSON).from(JOURNEY_VERSION)
                .where(JOURNEY_VERSION.JOURNEY_ID.eq(id).and(JOURNEY_VERSION.VERSION.eq(version)))
                .fetchOptional(JOURNEY_VERSION.GRAPH_JSON).map(j -> JourneyDocument.parse(j).withName(name))
                .orElseThrow(() -> new RegistroException("error.journey.noVersion", name, version));
    }

    /** A new draft journey. */
    public Summary create(String name, JourneyDocument doc) {
        String key = name(name);
        OffsetDateTime now = now();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.fetchExists(JOURNEY, JOURNEY.NAME.eq(key))) {
                throw new RegistroException("error.journey.exists", key);
            }
            long id = tx.insertInto(JOURNEY).set(JOURNEY.NAME, key).set(JOURNEY.DESCRIPTION, doc.description())
                    .set(JOURNEY.GRAPH_JSON, doc.withName(key).toJson()).set(JOURNEY.STATUS, DRAFT)
                    .set(JOURNEY.VERSION, 0).set(JOURNEY.CREATED_AT, now).set(JOURNEY.UPDATED_AT, now)
                    .returningResult(JOURNEY.ID).fetchSingle().value1();
            audit.record(tx, "journey.create", "journey", id, Phrase.of("audit.journey.create", key), null);
        });
        return summary(key);
    }

    /** A new draft from one of the {@link JourneyTemplates}. */
    public Summary createFromTemplate(String template, String name) {
        JourneyDocument doc = JourneyTemplates.get(template);
        return create(name == null || name.isBlank() ? doc.name() : name, doc);
    }

    /** Saves the draft. People already in the journey stay on its published version until it is activated. */
    public void save(String name, JourneyDocument doc) {
        save(name, doc, null);
    }

    /**
     * As {@link #save(String, JourneyDocument)}, refused ({@link SavedMeanwhileException}) when the journey was
     * saved by anyone since the version {@code seen} the user opened (null: saves over whatever is there).
     */
    public void save(String name, JourneyDocument doc, Instant seen) {
        OffsetDateTime now = now();
        workspace.dsl().transaction(cfg -> {
            SavedMeanwhileException.check(cfg.dsl(), JOURNEY, JOURNEY.NAME.eq(name).and(JOURNEY.STATUS.ne(ARCHIVED)),
                    JOURNEY.UPDATED_AT, JOURNEY.UPDATED_BY, seen, name);
            int changed = cfg.dsl().update(JOURNEY).set(JOURNEY.GRAPH_JSON, doc.withName(name).toJson())
                    .set(JOURNEY.DESCRIPTION, doc.description()).set(JOURNEY.UPDATED_AT, now)
                    .set(JOURNEY.UPDATED_BY, audit.actor())
                    .where(JOURNEY.NAME.eq(name).and(JOURNEY.STATUS.ne(ARCHIVED))).execute();
            if (changed == 0) {
                throw new RegistroException("error.journey.notFound", name);
            }
        });
    }

    public void rename(String name, String newName) {
        String key = name(newName);
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.fetchExists(JOURNEY, JOURNEY.NAME.eq(key))) {
                throw new RegistroException("error.journey.exists", key);
            }
            long id = summary(name).id();
            tx.update(JOURNEY).set(JOURNEY.NAME, key).set(JOURNEY.UPDATED_AT, now()).where(JOURNEY.ID.eq(id))
                    .execute();
            audit.record(tx, "journey.rename", "journey", id, Phrase.of("audit.journey.rename", name, key), null);
        });
    }

    /**
     * Removes a journey. One nobody ever entered is deleted; one with history is archived (its send lists and
     * the history in people's profiles stay), and everyone still in it leaves.
     */
    public void delete(String name) {
        Summary s = summary(name);
        OffsetDateTime now = now();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            boolean history = tx.fetchExists(JOURNEY_ENROLMENT, JOURNEY_ENROLMENT.JOURNEY_ID.eq(s.id()));
            if (history) {
                tx.update(JOURNEY_ENROLMENT).set(JOURNEY_ENROLMENT.STATUS, EXITED)
                        .set(JOURNEY_ENROLMENT.OUTCOME, "journey_removed").set(JOURNEY_ENROLMENT.FINISHED_AT, now)
                        .setNull(JOURNEY_ENROLMENT.DUE_AT)
                        .where(JOURNEY_ENROLMENT.JOURNEY_ID.eq(s.id()).and(JOURNEY_ENROLMENT.STATUS.eq(ACTIVE)))
                        .execute();
                tx.update(JOURNEY).set(JOURNEY.STATUS, ARCHIVED)
                        .set(JOURNEY.NAME, s.name() + " (archived " + now.toLocalDate() + " #" + s.id() + ")")
                        .set(JOURNEY.UPDATED_AT, now).where(JOURNEY.ID.eq(s.id())).execute();
            } else {
                tx.deleteFrom(JOURNEY_ENTRY_SEEN).where(JOURNEY_ENTRY_SEEN.JOURNEY_ID.eq(s.id())).execute();
                tx.deleteFrom(JOURNEY_VERSION).where(JOURNEY_VERSION.JOURNEY_ID.eq(s.id())).execute();
                tx.deleteFrom(JOURNEY).where(JOURNEY.ID.eq(s.id())).execute();
            }
            audit.record(tx, history ? "journey.archive" : "journey.delete", "journey", s.id(),
                    Phrase.of(history ? "audit.journey.archive" : "audit.journey.delete", name), null);
        });
    }

    // ---------------------------------------------------------------- checks

    /** The draft's problems: the document's own, and what the workspace lacks for it. */
    public List<JourneyCheck.Problem> problems(JourneyDocument doc) {
        List<JourneyCheck.Problem> out = new ArrayList<>(JourneyCheck.check(doc));
        out.addAll(JourneyNeeds.of(doc).problems(workspace.dsl()));
        boolean noRecommendations = !workspace.dsl().fetchExists(org.registro.db.Tables.CONTACT_NEXT);
        for (Step step : doc.steps()) {
            if (noRecommendations && step instanceof Step.Send s && s.message() != null
                    && s.message().sendsBestItem()) {
                out.add(new JourneyCheck.Problem(s.key(), JourneyCheck.Severity.WARNING, "noRecommendations",
                        List.of()));
            }
            if (step instanceof Step.SetField f && f.field() != null && f.value() != null && !f.value().isBlank()) {
                workspace.dsl().select(FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                        .where(FIELD_DEFINITION.FIELD_KEY.eq(f.field()).and(FIELD_DEFINITION.ARCHIVED_AT.isNull()))
                        .fetchOptional(FIELD_DEFINITION.DATA_TYPE).ifPresent(type -> {
                            try {
                                WorkspaceWorld.typed(type, f.value());
                            } catch (IllegalArgumentException e) {
                                out.add(new JourneyCheck.Problem(f.key(), JourneyCheck.Severity.ERROR, "fieldValue",
                                        List.of(f.value(), Messages.getOr("import.type." + type, type))));
                            }
                        });
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- activation

    /**
     * Activates the draft: when it differs from the published version it becomes a new version (people already
     * in the journey stay on theirs). Refused while the draft has errors. On the first activation the entry
     * starts from now: a segment entry enrols everyone who matches now only when asked to.
     */
    public Summary activate(String name) {
        JourneyDocument draft = document(name);
        List<JourneyCheck.Problem> errors = problems(draft).stream().filter(JourneyCheck.Problem::error).toList();
        if (!errors.isEmpty()) {
            throw new RegistroException("error.journey.problems", name, errors.size());
        }
        publishing.activate(summary(name), draft, now());
        return summary(name);
    }

    /** Pauses a journey: nobody enters or moves on until it is activated again. */
    public Summary pause(String name) {
        publishing.pause(summary(name), now());
        return summary(name);
    }

    /**
     * Moves everyone on an older version to the newest one, each staying at the step with the same key; people
     * at a step the new version no longer has stay where they are. Returns how many moved.
     */
    public int moveToLatest(String name) {
        Summary s = summary(name);
        return publishing.moveToLatest(s, version(name, s.version()));
    }

    // ---------------------------------------------------------------- running

    /** Runs every active journey up to {@code at} (now when null). */
    public RunResult run(OffsetDateTime at, Progress progress) {
        return run(loadActive(), at, progress);
    }

    /** Runs the active journeys whose settings ask to run when the workspace opens, up to now. */
    public RunResult runAtOpen(Progress progress) {
        return run(loadActive().stream().filter(j -> Boolean.TRUE.equals(j.latest().settings().runAtOpen())).toList(),
                null, progress);
    }

    private RunResult run(List<Loaded> journeys, OffsetDateTime at, Progress progress) {
        long started = System.nanoTime();
        OffsetDateTime now = (at == null ? now() : at).withOffsetSameInstant(ZoneOffset.UTC);
        List<Outcome> outcomes = new ArrayList<>();
        RunMemo memo = engine.memo(now);
        for (Loaded journey : journeys) {
            outcomes.add(engine.run(journey, now, memo, progress));
        }
        return new RunResult(now, outcomes, (System.nanoTime() - started) / 1_000_000);
    }

    List<Loaded> loadActive() {
        DSLContext dsl = workspace.dsl();
        List<Loaded> out = new ArrayList<>();
        for (Record r : dsl.selectFrom(JOURNEY).where(JOURNEY.STATUS.eq(ACTIVE)).orderBy(JOURNEY.ID).fetch()) {
            out.add(load(r));
        }
        return out;
    }

    Loaded load(Record r) {
        long id = r.get(JOURNEY.ID);
        Map<Integer, JourneyDocument> versions = new TreeMap<>();
        workspace.dsl().select(JOURNEY_VERSION.VERSION, JOURNEY_VERSION.GRAPH_JSON).from(JOURNEY_VERSION)
                .where(JOURNEY_VERSION.JOURNEY_ID.eq(id))
                .forEach(v -> versions.put(v.value1(), JourneyDocument.parse(v.value2())));
        return new Loaded(id, r.get(JOURNEY.NAME), r.get(JOURNEY.STATUS), r.get(JOURNEY.ACTIVATED_AT),
                r.get(JOURNEY.LAST_RUN_AT), r.get(JOURNEY.ENTRY_EVENT_MARK), r.get(JOURNEY.ENTRY_BATCH_MARK),
                r.get(JOURNEY.WAIT_EVENT_MARK), r.get(JOURNEY.ENTRY_DAY), versions);
    }

    // ---------------------------------------------------------------- simulation

    /**
     * What a simulation of the journey starts from: the workspace's own recent activity ({@code draft}: the
     * canvas's unsaved document, or null for the saved draft).
     */
    public Assumptions assumptions(String name, JourneyDocument draft) {
        return simulator.assume(draft != null ? draft : document(name), now());
    }

    /**
     * Plays the journey forward {@code days} days from now, in memory: the workspace is read, never written, and
     * nothing counts in the journey's statistics. Same seed and assumptions, same result.
     */
    public Simulation simulate(String name, JourneyDocument draft, int days, long seed, Assumptions assumptions,
                               Progress progress) {
        JourneyDocument doc = draft != null ? draft : document(name);
        long id = workspace.dsl().select(JOURNEY.ID).from(JOURNEY).where(JOURNEY.NAME.eq(name))
                .fetchOptional(JOURNEY.ID).orElse(0L);
        OffsetDateTime now = now();
        return simulator.run(id, doc, now, days, seed, assumptions, progress);
    }

    // ---------------------------------------------------------------- send lists and history

    /** One day's send list of a step: how many listed and skipped, per reason. */
    public record SendDay(String step, String message, LocalDate day, long listed, Map<String, Long> skipped) {
    }

    /** The send lists a journey produced, per step and day, newest first. */
    public List<SendDay> sendDays(String name) {
        return lists.sendDays(summary(name).id());
    }

    /**
     * The export of a send step's list (on one day, or every day when null) in the template's format, for the
     * destination (or none): the message's purpose, channel and topic, and — when the step sends each person the
     * best item for them — the item's title and URL as columns (listmonk: in the attributes). The export path checks
     * consent again, writes the file and records it.
     */
    public org.registro.export.ExportRequest sendListRequest(String name, String step, LocalDate day,
                                                             org.registro.export.ExportTemplate template,
                                                             Long destinationId) {
        Summary s = summary(name);
        Message m = message(name, step);
        boolean attributes = template.columns().stream()
                .anyMatch(c -> c.builtIn().orElse(null) == org.registro.export.ExportField.ATTRIBUTES);
        org.registro.export.ExportTemplate written = m.sendsBestItem() && !attributes
                ? org.registro.export.ListFormat.withFields(template, List.of(org.registro.export.ExportField.ITEM,
                        org.registro.export.ExportField.ITEM_URL)) : template;
        return new org.registro.export.ExportRequest(lists.sendList(s.id(), name,
                version(name, Math.max(1, s.version())), step, day), m.purposeValue(), m.channel(), m.topic(),
                written, destinationId);
    }

    /** The message a send step sends (the newest version that has the step). */
    public Message message(String name, String step) {
        Summary s = summary(name);
        for (int v = s.version(); v >= 1; v--) {
            Optional<Step> found = version(name, v).step(step);
            if (found.isPresent() && found.get() instanceof Step.Send send) {
                return send.message();
            }
        }
        throw new RegistroException("error.journey.noSendStep", name, step);
    }

    /** One step a person passed in a journey, for their profile. */
    public record Visit(String journey, int version, String step, String stepLabel, String outcome, Instant enteredAt,
                        Instant leftAt, String status) {
    }

    /** Everything a person did in journeys, newest first. */
    public List<Visit> history(long contactId) {
        return lists.history(contactId);
    }

    /** Per-step counts, the funnel and the A/B results. */
    public JourneyReport report(String name) {
        Summary s = summary(name);
        JourneyDocument doc = s.version() > 0 ? version(name, s.version()) : document(name);
        return JourneyReport.of(workspace.dsl(), s.id(), doc);
    }

    // ---------------------------------------------------------------- files

    /** The journey's draft as a file another workspace can open. */
    public JourneyFile exportFile(String name) {
        return JourneyFile.of(document(name), workspace.dsl(), segments);
    }

    /** What opening the file in this workspace would lack, per kind (segment, topic, field…). */
    public Map<String, List<String>> missing(JourneyFile file) {
        return JourneyNeeds.of(file.journey()).missing(workspace.dsl());
    }

    /**
     * Opens a journey file as a new draft (under {@code name}, or the file's name). With {@code createMissing}
     * it first creates the segments, topics and fields the journey needs and the workspace lacks.
     */
    public Summary importFile(JourneyFile file, String name, boolean createMissing) {
        String key = name == null || name.isBlank() ? file.journey().name() : name;
        List<String> created = createMissing ? workspace.dsl().transactionResult(cfg ->
                file.createMissing(cfg.dsl(), segments, now())) : List.of();
        Summary s = create(key, file.journey());
        if (!created.isEmpty()) {
            workspace.dsl().transaction(cfg -> audit.record(cfg.dsl(), "journey.import", "journey", s.id(),
                    Phrase.of("audit.journey.import", key, Phrase.list(created)), null));
        }
        return s;
    }

    // ---------------------------------------------------------------- helpers

    private static String name(String name) {
        String key = name == null ? "" : name.strip();
        if (key.isEmpty()) {
            throw new RegistroException("error.journey.nameEmpty");
        }
        return key;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
