package org.registro.segment;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.SEGMENT_SIZE;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.workspace.AuditLog;
import org.registro.workspace.SavedMeanwhileException;
import org.registro.workspace.Workspace;

/**
 * Segments: count and list who a rule selects (one SQL query each), explain why one person is in or out,
 * save rules by name (dynamic, or frozen as a dated snapshot list), the overlap of two or three segments,
 * and their sizes over time.
 */
public final class SegmentService {

    public static final String DYNAMIC = "dynamic";
    public static final String SNAPSHOT = "snapshot";

    /** A saved segment. {@code size} is the last recorded size, null if never counted. */
    public record Saved(long id, String name, String description, String kind, Instant snapshotAt,
                        Instant updatedAt, Long size, Instant sizedAt) {
    }

    /** One member, as the preview and the member list show them. */
    public record Member(long id, String firstName, String lastName, String email, String phone, String city,
                         String country) {
    }

    /** Why a contact is in or out: each node of the rule, whether it matched, and its parts. */
    public record Explanation(String description, boolean matched, List<Explanation> parts) {
    }

    /** A recorded size. */
    public record Size(Instant at, long size) {
    }

    /** How many contacts are in exactly the listed segments (and none of the others), for each combination. */
    public record Overlap(List<String> segments, Map<String, Long> regions) {
    }

    /** A field a condition can name: its key, label and type (text, number, date, boolean). */
    public record FieldInfo(String key, String label, String type) {
    }

    /** What the builder offers in its pickers: everything a condition can refer to in this workspace. */
    public record Catalogue(List<FieldInfo> fields, List<String> tags, List<String> sources, List<String> eventTypes,
                            List<String> campaigns, List<String> channels, List<String> topics,
                            List<String> identifierKinds, List<String> segments, List<String> models,
                            Map<String, List<String>> modelLabels, Map<String, String> items,
                            Map<String, String> topicLabels) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;
    private volatile RuleIndex index;

    public SegmentService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = workspace.clock();
    }

    private RuleCompiler compiler() {
        return compiler(now());
    }

    private RuleCompiler compiler(OffsetDateTime at) {
        return new RuleCompiler(workspace.dsl(), at);
    }

    /** What the builder offers in its pickers, read now. */
    public Catalogue catalogue() {
        return SegmentCatalogue.read(workspace.dsl(), list().stream().map(Saved::name).toList());
    }

    // ---------------------------------------------------------------- ad-hoc rules

    /**
     * Counts from the audience index when one is in use and can answer (same members as SQL, in milliseconds);
     * else in SQL.
     */
    public void useIndex(RuleIndex index) {
        this.index = index;
    }

    /** Where counts come from now: the index, or SQL while it is built (null: no index in use). */
    public RuleIndex.Status indexStatus() {
        RuleIndex i = index;
        return i == null ? null : i.status();
    }

    /** The rule's members from the index, when it can answer now. */
    public java.util.Optional<RuleIndex.Members> indexed(Rule rule, OffsetDateTime at) {
        RuleIndex i = index;
        return i == null ? java.util.Optional.empty() : i.members(rule, at);
    }

    /**
     * Visits from the index each member of the saved segment {@code segment}, or of {@code rule}, or — both null —
     * every contact not merged into another (see {@link RuleIndex#visit}); false when it cannot answer now.
     */
    public boolean visitIndexed(String segment, Rule rule, String channel, String topic,
                                java.util.function.Consumer<RuleIndex.Standing> each) {
        RuleIndex i = index;
        Rule chosen = segment != null ? new Rule.Segment(get(segment).name(), true) : rule;
        return i != null && i.visit(chosen, now(), channel, topic, each);
    }

    /** The ids of the rule's members with "now" at {@code at}: from the index when it can answer, else SQL. */
    public java.util.Set<Long> memberIds(Rule rule, OffsetDateTime at) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        indexed(rule, at).ifPresentOrElse(m -> {
            for (long id : m.ids()) {
                ids.add(id);
            }
        }, () -> ids.addAll(workspace.dsl().select(CONTACT.ID).from(CONTACT).where(condition(rule, at))
                .fetch(CONTACT.ID)));
        return ids;
    }

    public long count(RuleDocument rule) {
        return indexed(rule.rule(), now()).map(RuleIndex.Members::count)
                .orElseGet(() -> (long) workspace.dsl().fetchCount(CONTACT, condition(rule)));
    }

    /** The condition on {@code CONTACT} that selects the rule's members, for exports. */
    public Condition condition(RuleDocument rule) {
        return compiler().compile(rule.rule());
    }

    /** The rule's condition with "now" at {@code at}: for journeys run or simulated at another time. */
    public Condition condition(Rule rule, OffsetDateTime at) {
        return compiler(at).compile(rule);
    }

    /** The first {@code limit} members by name. */
    public List<Member> preview(RuleDocument rule, int limit) {
        Condition members = indexed(rule.rule(), now())
                .map(m -> CONTACT.ID.in(java.util.Arrays.stream(m.firstByName(limit)).boxed().toList()))
                .orElseGet(() -> compiler().compile(rule.rule()));
        return workspace.dsl().select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL,
                        CONTACT.PHONE, CONTACT.CITY, CONTACT.COUNTRY)
                .from(CONTACT).where(members)
                .orderBy(CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY, CONTACT.ID).limit(limit)
                .fetch(r -> new Member(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7()));
    }


    /** The people a typed id, email, phone or name may mean (several when namesakes share it). */
    public List<org.registro.contact.ContactLookup.Candidate> candidates(String text) {
        return org.registro.contact.ContactLookup.find(workspace.dsl(), text, 20);
    }

    /** Every node of the rule evaluated for one contact. */
    public Explanation explain(long contactId, RuleDocument rule) {
        RuleCompiler compiler = compiler();
        if (!workspace.dsl().fetchExists(CONTACT, CONTACT.ID.eq(contactId))) {
            throw new RegistroException("error.contact.notFound", contactId);
        }
        RuleText.Names names = new RuleText.Names(SegmentCatalogue.topicLabels(workspace.dsl())::get,
                SegmentCatalogue.itemTitles(workspace.dsl())::get);
        Explanation root = explain(compiler, names, contactId, rule.rule());
        boolean live = workspace.dsl().fetchExists(CONTACT, CONTACT.ID.eq(contactId).and(RuleCompiler.ACTIVE));
        return live ? root : new Explanation(RuleText.notLive(), false, List.of(root));
    }

    private Explanation explain(RuleCompiler compiler, RuleText.Names names, long contactId, Rule rule) {
        boolean matched = workspace.dsl().fetchExists(CONTACT, CONTACT.ID.eq(contactId)
                .and(compiler.condition(rule)));
        List<Explanation> parts = new ArrayList<>();
        if (rule instanceof Rule.Group g) {
            for (Rule child : g.conditions()) {
                parts.add(explain(compiler, names, contactId, child));
            }
        }
        return new Explanation(RuleText.describe(rule, names), matched, parts);
    }

    // ---------------------------------------------------------------- saved segments

    public List<Saved> list() {
        var lastSize = SEGMENT_SIZE.as("last_size");
        return workspace.dsl().select(SEGMENT.ID, SEGMENT.NAME, SEGMENT.DESCRIPTION, SEGMENT.KIND,
                        SEGMENT.SNAPSHOT_AT, SEGMENT.UPDATED_AT, lastSize.SIZE_COUNT, lastSize.MEASURED_AT)
                .from(SEGMENT)
                .leftJoin(lastSize).on(lastSize.SEGMENT_ID.eq(SEGMENT.ID).and(lastSize.MEASURED_AT.eq(
                        DSL.select(DSL.max(SEGMENT_SIZE.MEASURED_AT)).from(SEGMENT_SIZE)
                                .where(SEGMENT_SIZE.SEGMENT_ID.eq(SEGMENT.ID)))))
                .where(SEGMENT.ARCHIVED_AT.isNull())
                .orderBy(SEGMENT.NAME)
                .fetch(r -> new Saved(r.value1(), r.value2(), r.value3(), r.value4(), instant(r.value5()),
                        instant(r.value6()), r.value7(), instant(r.value8())));
    }

    public Saved get(String name) {
        return list().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new RegistroException("error.segment.noSegment", name));
    }

    /** The rule of a saved segment (a snapshot's rule is the one it was frozen from). */
    public RuleDocument rule(String name) {
        return RuleDocument.parse(workspace.dsl().select(SEGMENT.RULE_JSON).from(SEGMENT)
                .where(SEGMENT.NAME.eq(name).and(SEGMENT.ARCHIVED_AT.isNull())).fetchOptional(SEGMENT.RULE_JSON)
                .orElseThrow(() -> new RegistroException("error.segment.noSegment", name)));
    }

    /** Saves a dynamic segment, or replaces the rule and description of the one with this name. */
    public Saved save(String name, String description, RuleDocument rule) {
        return save(name, description, rule, null);
    }

    /**
     * As {@link #save(String, String, RuleDocument)}, refused ({@link SavedMeanwhileException}) when the segment
     * was saved by anyone since the version {@code seen} the user opened (null: saves over whatever is there).
     */
    public Saved save(String name, String description, RuleDocument rule, Instant seen) {
        String key = name(name);
        compiler().compile(rule.rule()); // a rule naming what does not exist is refused; measure() counts once
        OffsetDateTime now = now();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            var existing = tx.select(SEGMENT.ID, SEGMENT.KIND).from(SEGMENT)
                    .where(SEGMENT.NAME.eq(key)).fetchOptional();
            if (existing.isPresent() && SNAPSHOT.equals(existing.get().value2())) {
                throw new RegistroException("error.segment.frozen", key);
            }
            if (existing.isPresent()) {
                SavedMeanwhileException.check(tx, SEGMENT, SEGMENT.ID.eq(existing.get().value1()), SEGMENT.UPDATED_AT,
                        SEGMENT.UPDATED_BY, seen, key);
                tx.update(SEGMENT).set(SEGMENT.RULE_JSON, rule.toJson()).set(SEGMENT.DESCRIPTION, description)
                        .set(SEGMENT.RULE_VERSION, rule.version()).set(SEGMENT.UPDATED_AT, now)
                        .set(SEGMENT.UPDATED_BY, audit.actor())
                        .setNull(SEGMENT.ARCHIVED_AT).where(SEGMENT.ID.eq(existing.get().value1())).execute();
            } else {
                tx.insertInto(SEGMENT).set(SEGMENT.NAME, key).set(SEGMENT.DESCRIPTION, description)
                        .set(SEGMENT.RULE_JSON, rule.toJson()).set(SEGMENT.RULE_VERSION, rule.version())
                        .set(SEGMENT.KIND, DYNAMIC).set(SEGMENT.CREATED_AT, now).set(SEGMENT.UPDATED_AT, now)
                        .set(SEGMENT.UPDATED_BY, audit.actor()).execute();
            }
            audit.record(tx, "segment.save", "segment", null, Phrase.of("audit.segment.save", key), Map.of("name", key));
        });
        measure(key);
        return get(key);
    }

    /** Counts a saved segment now and records the size. */
    public long measure(String name) {
        Saved saved = get(name);
        long size = SNAPSHOT.equals(saved.kind())
                ? workspace.dsl().fetchCount(SEGMENT_MEMBER.join(CONTACT).on(CONTACT.ID.eq(SEGMENT_MEMBER.CONTACT_ID)),
                        SEGMENT_MEMBER.SEGMENT_ID.eq(saved.id()).and(RuleCompiler.ACTIVE))
                : count(rule(name));
        OffsetDateTime now = now();
        workspace.dsl().insertInto(SEGMENT_SIZE).set(SEGMENT_SIZE.SEGMENT_ID, saved.id())
                .set(SEGMENT_SIZE.MEASURED_AT, now).set(SEGMENT_SIZE.SIZE_COUNT, size)
                .onDuplicateKeyUpdate().set(SEGMENT_SIZE.SIZE_COUNT, size).execute();
        return size;
    }

    public List<Size> sizes(String name) {
        long id = get(name).id();
        return workspace.dsl().select(SEGMENT_SIZE.MEASURED_AT, SEGMENT_SIZE.SIZE_COUNT).from(SEGMENT_SIZE)
                .where(SEGMENT_SIZE.SEGMENT_ID.eq(id)).orderBy(SEGMENT_SIZE.MEASURED_AT)
                .fetch(r -> new Size(r.value1().toInstant(), r.value2()));
    }

    public void rename(String name, String newName) {
        String key = name(newName);
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.fetchExists(SEGMENT, SEGMENT.NAME.eq(key))) {
                throw new RegistroException("error.segment.exists", key);
            }
            int changed = tx.update(SEGMENT).set(SEGMENT.NAME, key).set(SEGMENT.UPDATED_AT, now())
                    .where(SEGMENT.NAME.eq(name).and(SEGMENT.ARCHIVED_AT.isNull())).execute();
            if (changed == 0) {
                throw new RegistroException("error.segment.noSegment", name);
            }
            audit.record(tx, "segment.rename", "segment", null, Phrase.of("audit.segment.rename", name, key), null);
        });
    }

    /** A copy under a new name (a snapshot's copy is a dynamic segment with the same rule). */
    public Saved duplicate(String name, String newName) {
        Saved original = get(name);
        if (workspace.dsl().fetchExists(SEGMENT, SEGMENT.NAME.eq(name(newName)))) {
            throw new RegistroException("error.segment.exists", newName);
        }
        return save(newName, original.description(), rule(name));
    }

    /** Deletes (archives) a segment; rules that name it then report it missing. */
    public void delete(String name) {
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            int changed = tx.update(SEGMENT).set(SEGMENT.ARCHIVED_AT, now())
                    .where(SEGMENT.NAME.eq(name).and(SEGMENT.ARCHIVED_AT.isNull())).execute();
            if (changed == 0) {
                throw new RegistroException("error.segment.noSegment", name);
            }
            audit.record(tx, "segment.delete", "segment", null, Phrase.of("audit.segment.delete", name), null);
        });
    }

    /** Freezes who is in the segment now into a dated snapshot list under {@code snapshotName}. */
    public Saved freeze(String name, String snapshotName) {
        String key = name(snapshotName);
        RuleDocument rule = rule(name);
        Condition members = compiler().compile(rule.rule());
        OffsetDateTime now = now();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.fetchExists(SEGMENT, SEGMENT.NAME.eq(key))) {
                throw new RegistroException("error.segment.exists", key);
            }
            long id = tx.insertInto(SEGMENT).set(SEGMENT.NAME, key)
                    .set(SEGMENT.DESCRIPTION, "Snapshot of " + name)
                    .set(SEGMENT.RULE_JSON, rule.toJson()).set(SEGMENT.RULE_VERSION, rule.version())
                    .set(SEGMENT.KIND, SNAPSHOT).set(SEGMENT.SNAPSHOT_AT, now)
                    .set(SEGMENT.CREATED_AT, now).set(SEGMENT.UPDATED_AT, now)
                    .returningResult(SEGMENT.ID).fetchSingle().value1();
            tx.insertInto(SEGMENT_MEMBER, SEGMENT_MEMBER.SEGMENT_ID, SEGMENT_MEMBER.CONTACT_ID)
                    .select(DSL.select(DSL.val(id), CONTACT.ID).from(CONTACT).where(members)).execute();
            audit.record(tx, "segment.freeze", "segment", id, Phrase.of("audit.segment.freeze", name, key), null);
        });
        measure(key);
        return get(key);
    }

    /** The condition that selects a saved segment's members (its rule, or its frozen list). */
    public Condition membersOf(String name) {
        return membersOf(name, now());
    }

    /** The members of a saved segment with "now" at {@code at}. */
    public Condition membersOf(String name, OffsetDateTime at) {
        Saved saved = get(name);
        if (SNAPSHOT.equals(saved.kind())) {
            return RuleCompiler.ACTIVE.and(CONTACT.ID.in(DSL.select(SEGMENT_MEMBER.CONTACT_ID).from(SEGMENT_MEMBER)
                    .where(SEGMENT_MEMBER.SEGMENT_ID.eq(saved.id()))));
        }
        return compiler(at).compile(rule(name).rule());
    }

    /**
     * The overlap of two or three saved segments: for each non-empty combination, how many contacts are in
     * exactly those segments. Keys are the segments' positions joined by "+", e.g. "1", "1+2", "1+2+3".
     */
    public Overlap overlap(List<String> names) {
        if (names.size() < 2 || names.size() > 3) {
            throw new RegistroException("error.segment.overlap");
        }
        Map<String, Long> regions = new LinkedHashMap<>();
        if (index != null) {
            Map<String, Long> indexed = overlapIndexed(names);
            if (indexed != null) {
                return new Overlap(List.copyOf(names), indexed);
            }
        }
        List<Condition> sets = names.stream().map(this::membersOf).toList();
        List<org.jooq.Field<Integer>> counts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int mask = 1; mask < (1 << sets.size()); mask++) {
            Condition region = DSL.trueCondition();
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < sets.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    region = region.and(sets.get(i));
                    key.append(key.length() == 0 ? "" : "+").append(i + 1);
                } else {
                    region = region.and(DSL.not(sets.get(i)));
                }
            }
            counts.add(DSL.count().filterWhere(region));
            keys.add(key.toString());
        }
        var row = workspace.dsl().select(counts).from(CONTACT).where(DSL.or(sets)).fetchSingle();
        for (int i = 0; i < keys.size(); i++) {
            regions.put(keys.get(i), ((Number) row.get(i)).longValue());
        }
        return new Overlap(List.copyOf(names), regions);
    }

    /** The overlap's regions from the index, each as a rule on the segments; null when it cannot answer. */
    private Map<String, Long> overlapIndexed(List<String> names) {
        Map<String, Long> regions = new LinkedHashMap<>();
        OffsetDateTime now = now();
        for (int mask = 1; mask < (1 << names.size()); mask++) {
            List<Rule> parts = new ArrayList<>();
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                Rule in = new Rule.Segment(names.get(i), true);
                if ((mask & (1 << i)) != 0) {
                    parts.add(in);
                    key.append(key.length() == 0 ? "" : "+").append(i + 1);
                } else {
                    parts.add(new Rule.Group(Rule.Match.NONE, List.of(in)));
                }
            }
            var members = indexed(new Rule.Group(Rule.Match.ALL, parts), now);
            if (members.isEmpty()) {
                return null;
            }
            regions.put(key.toString(), members.get().count());
        }
        return regions;
    }

    // ---------------------------------------------------------------- helpers

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new RegistroException("error.segment.missing", "name");
        }
        String key = name.strip();
        if (key.length() > 200) {
            throw new RegistroException("error.segment.nameLength");
        }
        return key;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
