package org.registro.content;

import static org.registro.db.Tables.CHANNEL;
import static org.registro.db.Tables.CONTENT_ITEM;
import static org.registro.db.Tables.CONTENT_ITEM_CHANNEL;
import static org.registro.db.Tables.CONTENT_ITEM_TAG;
import static org.registro.db.Tables.CONTENT_ITEM_TOPIC;
import static org.registro.db.Tables.CONTENT_REFERENCE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.TOPIC;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.workspace.AuditLog;
import org.registro.workspace.SavedMeanwhileException;
import org.registro.workspace.Workspace;

/**
 * The content library: items the organization offers, how imported activity names them, and the activity that
 * names none yet (to map). Reading a file of items is {@link ContentFile}'s.
 */
public final class ContentService {

    /** A campaign or reference in imported activity that no item has: how often, by how many people, last when. */
    /**
     * What a person did with an item: the strongest kind of thing they did (gave, signed up, clicked…), how many
     * times anything, and when last.
     */
    public record Interaction(ContentItem item, String strongest, int times, OffsetDateTime last) {
    }

    public record Unknown(String kind, String value, long events, long people, OffsetDateTime last) {
    }

    private final Workspace workspace;
    private final AuditLog audit;

    public ContentService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
    }

    /** Every item, archived ones last, by title. */
    public List<ContentItem> list() {
        return read(workspace.dsl(), DSL.noCondition());
    }

    /** Every item, read within a transaction already open (a journey run choosing each person's item). */
    public static List<ContentItem> all(DSLContext dsl) {
        return read(dsl, DSL.noCondition());
    }

    /** The items {@code which} selects, with their topics, tags, channels and references, in list order. */
    private static List<ContentItem> read(DSLContext dsl, Condition which) {
        var ids = DSL.select(CONTENT_ITEM.ID).from(CONTENT_ITEM).where(which);
        Map<Long, List<String>> topics = group(dsl.select(CONTENT_ITEM_TOPIC.ITEM_ID, CONTENT_ITEM_TOPIC.TOPIC)
                .from(CONTENT_ITEM_TOPIC).where(CONTENT_ITEM_TOPIC.ITEM_ID.in(ids))
                .orderBy(CONTENT_ITEM_TOPIC.TOPIC).fetch());
        Map<Long, List<String>> tags = group(dsl.select(CONTENT_ITEM_TAG.ITEM_ID, CONTENT_ITEM_TAG.TAG)
                .from(CONTENT_ITEM_TAG).where(CONTENT_ITEM_TAG.ITEM_ID.in(ids)).orderBy(CONTENT_ITEM_TAG.TAG).fetch());
        Map<Long, List<String>> channels = group(dsl.select(CONTENT_ITEM_CHANNEL.ITEM_ID, CONTENT_ITEM_CHANNEL.CHANNEL)
                .from(CONTENT_ITEM_CHANNEL).where(CONTENT_ITEM_CHANNEL.ITEM_ID.in(ids))
                .orderBy(CONTENT_ITEM_CHANNEL.CHANNEL).fetch());
        Map<Long, List<ContentItem.Reference>> references = new HashMap<>();
        dsl.select(CONTENT_REFERENCE.ITEM_ID, CONTENT_REFERENCE.KIND, CONTENT_REFERENCE.VALUE_RAW)
                .from(CONTENT_REFERENCE).where(CONTENT_REFERENCE.ITEM_ID.in(ids)).orderBy(CONTENT_REFERENCE.ID)
                .forEach(r -> references.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new ContentItem.Reference(r.value2(), r.value3())));
        return dsl.selectFrom(CONTENT_ITEM).where(which)
                .orderBy(CONTENT_ITEM.ARCHIVED_AT.isNotNull(), CONTENT_ITEM.TITLE, CONTENT_ITEM.ID)
                .fetch(r -> new ContentItem(r.getId(), r.getItemKey(), r.getKind(), r.getTitle(), r.getSummary(),
                        r.getUrl(), r.getLanguage(), r.getCommercial(), r.getRepeatable(), r.getStartsOn(),
                        r.getEndsOn(), topics.getOrDefault(r.getId(), List.of()),
                        tags.getOrDefault(r.getId(), List.of()), channels.getOrDefault(r.getId(), List.of()),
                        references.getOrDefault(r.getId(), List.of()), r.getArchivedAt() != null));
    }

    private static Map<Long, List<String>> group(List<org.jooq.Record2<Long, String>> rows) {
        Map<Long, List<String>> grouped = new HashMap<>();
        rows.forEach(r -> grouped.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return grouped;
    }

    /** The item with this key. */
    /** When each item was last saved, by key: the version an edit begins from. */
    public Map<String, Instant> savedAt() {
        return workspace.dsl().select(CONTENT_ITEM.ITEM_KEY, CONTENT_ITEM.UPDATED_AT).from(CONTENT_ITEM)
                .fetchMap(r -> r.value1(), r -> r.value2().toInstant());
    }

    public Optional<ContentItem> find(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(java.util.Locale.ROOT);
        return read(workspace.dsl(), DSL.lower(CONTENT_ITEM.ITEM_KEY).eq(k)).stream().findFirst();
    }

    /**
     * Adds the item, or replaces the one with its key (its topics, tags, channels and references with it).
     * Refused when a topic or channel is unknown, the kind is not one of {@link ContentItem#KINDS}, the dates are
     * the wrong way round, or a reference already names another item.
     */
    public ContentItem save(ContentItem item) {
        return save(item, null);
    }

    /**
     * As {@link #save(ContentItem)}, refused ({@link SavedMeanwhileException}) when the item was saved by anyone
     * since the version {@code seen} the user opened (null: saves over whatever is there).
     */
    public ContentItem save(ContentItem item, Instant seen) {
        check(item);
        OffsetDateTime now = now();
        return workspace.dsl().transactionResult(c -> {
            DSLContext tx = c.dsl();
            SavedMeanwhileException.check(tx, CONTENT_ITEM, CONTENT_ITEM.ITEM_KEY.eq(item.key()),
                    CONTENT_ITEM.UPDATED_AT, CONTENT_ITEM.UPDATED_BY, seen, item.title());
            Long id = tx.select(CONTENT_ITEM.ID).from(CONTENT_ITEM).where(CONTENT_ITEM.ITEM_KEY.eq(item.key()))
                    .fetchOptional(CONTENT_ITEM.ID).orElse(null);
            boolean added = id == null;
            if (added) {
                id = tx.insertInto(CONTENT_ITEM).set(CONTENT_ITEM.ITEM_KEY, item.key()).set(CONTENT_ITEM.KIND, item.kind())
                        .set(CONTENT_ITEM.TITLE, item.title()).set(CONTENT_ITEM.CREATED_AT, now)
                        .set(CONTENT_ITEM.UPDATED_AT, now).returningResult(CONTENT_ITEM.ID).fetchOne().value1();
            }
            tx.update(CONTENT_ITEM).set(CONTENT_ITEM.KIND, item.kind()).set(CONTENT_ITEM.TITLE, item.title())
                    .set(CONTENT_ITEM.SUMMARY, item.summary()).set(CONTENT_ITEM.URL, item.url())
                    .set(CONTENT_ITEM.LANGUAGE, item.language()).set(CONTENT_ITEM.COMMERCIAL, item.commercial())
                    .set(CONTENT_ITEM.REPEATABLE, item.repeatable()).set(CONTENT_ITEM.STARTS_ON, item.startsOn())
                    .set(CONTENT_ITEM.ENDS_ON, item.endsOn()).set(CONTENT_ITEM.UPDATED_AT, now)
                    .set(CONTENT_ITEM.UPDATED_BY, audit.actor())
                    .set(CONTENT_ITEM.ARCHIVED_AT, item.archived() ? now : null)
                    .where(CONTENT_ITEM.ID.eq(id)).execute();
            for (var table : List.of(CONTENT_ITEM_TOPIC, CONTENT_ITEM_TAG, CONTENT_ITEM_CHANNEL)) {
                tx.deleteFrom(table).where(table.field("ITEM_ID", Long.class).eq(id)).execute();
            }
            tx.deleteFrom(CONTENT_REFERENCE).where(CONTENT_REFERENCE.ITEM_ID.eq(id)).execute();
            for (String topic : item.topics()) {
                tx.insertInto(CONTENT_ITEM_TOPIC).set(CONTENT_ITEM_TOPIC.ITEM_ID, id).set(CONTENT_ITEM_TOPIC.TOPIC, topic)
                        .onDuplicateKeyIgnore().execute();
            }
            for (String tag : item.tags()) {
                tx.insertInto(CONTENT_ITEM_TAG).set(CONTENT_ITEM_TAG.ITEM_ID, id).set(CONTENT_ITEM_TAG.TAG, tag)
                        .onDuplicateKeyIgnore().execute();
            }
            for (String channel : item.channels()) {
                tx.insertInto(CONTENT_ITEM_CHANNEL).set(CONTENT_ITEM_CHANNEL.ITEM_ID, id)
                        .set(CONTENT_ITEM_CHANNEL.CHANNEL, channel).onDuplicateKeyIgnore().execute();
            }
            for (ContentItem.Reference ref : item.references()) {
                String key = Interactions.key(ref.kind(), ref.value());
                Long other = tx.select(CONTENT_REFERENCE.ITEM_ID).from(CONTENT_REFERENCE)
                        .where(CONTENT_REFERENCE.KIND.eq(ref.kind()).and(CONTENT_REFERENCE.VALUE_KEY.eq(key)))
                        .fetchOptional(CONTENT_REFERENCE.ITEM_ID).orElse(null);
                if (other != null && !other.equals(id)) {
                    String otherKey = tx.select(CONTENT_ITEM.ITEM_KEY).from(CONTENT_ITEM)
                            .where(CONTENT_ITEM.ID.eq(other)).fetchOne(CONTENT_ITEM.ITEM_KEY);
                    throw new RegistroException("error.content.referenceTaken", ref.value(), otherKey);
                }
                if (other == null) {
                    tx.insertInto(CONTENT_REFERENCE).set(CONTENT_REFERENCE.ITEM_ID, id)
                            .set(CONTENT_REFERENCE.KIND, ref.kind()).set(CONTENT_REFERENCE.VALUE_KEY, key)
                            .set(CONTENT_REFERENCE.VALUE_RAW, ref.value().strip()).set(CONTENT_REFERENCE.CREATED_AT, now)
                            .execute();
                }
            }
            audit.record(tx, added ? "content.added" : "content.updated", "content_item", id,
                    Phrase.of(added ? "audit.content.added" : "audit.content.updated",
                            Phrase.code("content.kind.", item.kind()), item.title()), null);
            long saved = id;
            return read(tx, CONTENT_ITEM.ID.eq(saved)).get(0);
        });
    }

    /** Names {@code value} (a campaign, or a reference such as a URL) as {@code itemKey}: the mapping step. */
    public ContentItem map(String kind, String value, String itemKey) {
        if (!ContentItem.Reference.KINDS.contains(kind)) {
            throw new RegistroException("error.content.referenceKind", kind);
        }
        ContentItem item = find(itemKey).orElseThrow(() -> new RegistroException("error.content.unknown", itemKey));
        List<ContentItem.Reference> refs = new ArrayList<>(item.references());
        refs.add(new ContentItem.Reference(kind, value));
        return save(withReferences(item, refs));
    }

    private static ContentItem withReferences(ContentItem i, List<ContentItem.Reference> refs) {
        return new ContentItem(i.id(), i.key(), i.kind(), i.title(), i.summary(), i.url(), i.language(), i.commercial(),
                i.repeatable(), i.startsOn(), i.endsOn(), i.topics(), i.tags(), i.channels(), refs, i.archived());
    }

    /** Archives the item (kept with its history, never offered again) or brings it back. */
    public void archive(String key, boolean archived) {
        ContentItem item = find(key).orElseThrow(() -> new RegistroException("error.content.unknown", key));
        save(new ContentItem(item.id(), item.key(), item.kind(), item.title(), item.summary(), item.url(),
                item.language(), item.commercial(), item.repeatable(), item.startsOn(), item.endsOn(), item.topics(),
                item.tags(), item.channels(), item.references(), archived));
    }

    /**
     * The campaigns in imported activity that no item names yet, most engaged first: what the mapping step
     * offers. URLs are left out (a click's URL is rarely an item by itself); they can be mapped by hand.
     */
    public List<Unknown> unknownCampaigns(int limit) {
        DSLContext dsl = workspace.dsl();
        Map<String, Long> known = references(dsl).getOrDefault(ContentItem.Reference.CAMPAIGN, Map.of());
        Map<String, Unknown> found = new LinkedHashMap<>();
        var people = DSL.countDistinct(EVENT.CONTACT_ID);
        var last = DSL.max(EVENT.OCCURRED_AT);
        for (var r : dsl.select(EVENT.CAMPAIGN, DSL.count(), people, last).from(EVENT)
                .where(EVENT.CAMPAIGN.isNotNull()).groupBy(EVENT.CAMPAIGN).orderBy(people.desc()).fetch()) {
            String key = Interactions.key(ContentItem.Reference.CAMPAIGN, r.value1());
            if (key == null || known.containsKey(key)) {
                continue;
            }
            found.merge(key, new Unknown(ContentItem.Reference.CAMPAIGN, r.value1(), r.value2(), r.value3(), r.value4()),
                    (a, b) -> new Unknown(a.kind(), a.value(), a.events() + b.events(), a.people() + b.people(),
                            a.last().isAfter(b.last()) ? a.last() : b.last()));
        }
        return found.values().stream().sorted((a, b) -> Long.compare(b.people(), a.people())).limit(limit).toList();
    }

    /**
     * The items a person interacted with, read from their events (an event's campaign or reference names the
     * item, as recommendations read them; an item's own page counts too), most recent first.
     */
    public List<Interaction> interactions(long contactId) {
        DSLContext dsl = workspace.dsl();
        Map<Long, ContentItem> items = new HashMap<>();
        list().forEach(i -> items.put(i.id(), i));
        Map<String, Map<String, Long>> refs = references(dsl);
        Map<String, Long> pages = new HashMap<>(refs.getOrDefault(ContentItem.Reference.REFERENCE, Map.of()));
        items.values().forEach(i -> {
            String page = Interactions.key(ContentItem.Reference.REFERENCE, i.url());
            if (page != null) {
                pages.putIfAbsent(page, i.id());
            }
        });
        Map<String, Long> campaigns = refs.getOrDefault(ContentItem.Reference.CAMPAIGN, Map.of());
        Map<Long, Interaction> found = new LinkedHashMap<>();
        dsl.select(EVENT.EVENT_TYPE, EVENT.CAMPAIGN, EVENT.EXTERNAL_REF, EVENT.OCCURRED_AT).from(EVENT)
                .where(EVENT.CONTACT_ID.eq(contactId).and(EVENT.CAMPAIGN.isNotNull().or(EVENT.EXTERNAL_REF.isNotNull())))
                .forEach(r -> {
                    Long id = r.value2() == null ? null
                            : campaigns.get(Interactions.key(ContentItem.Reference.CAMPAIGN, r.value2()));
                    if (id == null && r.value3() != null) {
                        id = pages.get(Interactions.key(ContentItem.Reference.REFERENCE, r.value3()));
                    }
                    ContentItem item = id == null ? null : items.get(id);
                    if (item == null || Interactions.strength(r.value1()) <= 0) {
                        return;
                    }
                    found.merge(id, new Interaction(item, r.value1(), 1, r.value4()), (a, b) -> new Interaction(
                            item, Interactions.strength(b.strongest()) > Interactions.strength(a.strongest())
                            ? b.strongest() : a.strongest(), a.times() + 1,
                            a.last().isAfter(b.last()) ? a.last() : b.last()));
                });
        return found.values().stream().sorted((a, b) -> b.last().compareTo(a.last())).toList();
    }

    /** Every reference by kind: folded value → item id. */
    static Map<String, Map<String, Long>> references(DSLContext dsl) {
        Map<String, Map<String, Long>> refs = new HashMap<>();
        dsl.select(CONTENT_REFERENCE.KIND, CONTENT_REFERENCE.VALUE_KEY, CONTENT_REFERENCE.ITEM_ID)
                .from(CONTENT_REFERENCE).forEach(r -> refs.computeIfAbsent(r.value1(), k -> new HashMap<>())
                        .put(r.value2(), r.value3()));
        return refs;
    }

    private void check(ContentItem item) {
        if (item.key() == null || item.key().isBlank() || item.key().length() > 100) {
            throw new RegistroException("error.content.key");
        }
        if (item.title() == null || item.title().isBlank()) {
            throw new RegistroException("error.content.title", item.key());
        }
        if (!ContentItem.KINDS.contains(item.kind())) {
            throw new RegistroException("error.content.kind", item.kind(), String.join(", ", ContentItem.KINDS));
        }
        if (item.startsOn() != null && item.endsOn() != null && item.endsOn().isBefore(item.startsOn())) {
            throw new RegistroException("error.content.dates", item.key());
        }
        DSLContext dsl = workspace.dsl();
        for (String topic : item.topics()) {
            if (!dsl.fetchExists(TOPIC, TOPIC.CODE.eq(topic))) {
                throw new RegistroException("error.export.topic", topic);
            }
        }
        for (String channel : item.channels()) {
            if (!dsl.fetchExists(CHANNEL, CHANNEL.CODE.eq(channel))) {
                throw new RegistroException("error.export.channel", channel);
            }
        }
        for (ContentItem.Reference ref : item.references()) {
            if (!ContentItem.Reference.KINDS.contains(ref.kind())) {
                throw new RegistroException("error.content.referenceKind", ref.kind());
            }
            if (Interactions.key(ref.kind(), ref.value()) == null) {
                throw new RegistroException("error.content.referenceEmpty", item.key());
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
