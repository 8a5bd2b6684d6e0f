package org.registro.contact;

import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_RETRACTION;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTACT_NEXT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.DESTINATION_TOLD;
import static org.registro.db.Tables.DUPLICATE_PAIR;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_ENTRY_SEEN;
import static org.registro.db.Tables.JOURNEY_SEND;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;
import static org.registro.db.Tables.MERGE_RECORD;
import static org.registro.db.Tables.NOT_SAME_PAIR;
import static org.registro.db.Tables.PRIVACY_REQUEST;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.SUPPRESSION;
import static org.registro.db.Tables.VALUE_HISTORY;
import static org.registro.db.Tables.VALUE_PROVENANCE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * The one registry of data that points at a contact: every column that references a contact (directly, or
 * through a row that does), registered once with what happens to its rows when two records are merged, when a
 * person is erased, when an import undo removes the contacts it created, and when retention ages out activity;
 * and every column that records which import batch wrote a row, with what undoing that batch does to it.
 *
 * <p>Merge, erasure, import undo and retention walk these lists instead of keeping their own, so a table added
 * for a new feature is handled everywhere once it is registered here. {@code ContactLinksSchemaTest} reads the
 * live schema and fails when a referencing column is missing. Policies marked {@code OWNER} are carried out by
 * the service that owns the data (merge unites the consent ledger, erasure anonymizes it…); the generic walks
 * refuse to run without a handler for each of them, so none is forgotten either.
 */
public final class ContactLinks {

    /** What a merge does with the merged record's rows. */
    public enum OnMerge {
        /** The rows move to the survivor; undo moves them back. */
        MOVE,
        /** The rows the survivor lacks (by {@link Link#key}) are copied to it; undo deletes the copies. */
        COPY_MISSING,
        /** The rows stay with the merged record, which keeps its id (read through merges where it matters). */
        STAY,
        /** The owning service does it within the merge. */
        OWNER
    }

    /** What erasing a person does with their rows. */
    public enum OnErase {
        DELETE,
        /** The row stays without the link to the person. */
        DETACH,
        /** The row stays as it is (it holds nothing personal, or is the proof of the erasure). */
        KEEP,
        OWNER
    }

    /** What an import undo does with rows of a contact the batch created and now removes. */
    public enum OnRemove {
        DELETE,
        DETACH,
        KEEP,
        /** The contact has a life of its own (merged, exported): it is kept, and reported. */
        PROTECT
    }

    /** What undoing a batch does with the rows it wrote to contacts that stay. */
    public enum OnBatchUndo {
        DELETE,
        /** Appended facts that must stay (the consent ledger): a retraction naming the batch is appended. */
        RETRACT,
        /** The contacts the batch created: removed by the {@link OnRemove} policies. */
        REMOVE_CREATED,
        /** Bookkeeping of the undo itself. */
        KEEP,
        OWNER
    }

    /**
     * One column pointing at a contact.
     *
     * @param column  the referencing column; for a link through another row, the column pointing at that row
     * @param via     the link of the row this one points at, or null when {@code column} holds a contact id
     * @param key     for {@link OnMerge#COPY_MISSING}: what makes two rows the same (a tag, a segment)
     * @param where   a condition every linked row meets (audit entries about contacts), or null
     * @param agedBy  when set, retention deletes rows older than its cut-off by this column
     * @param inBlob  the ids are inside a binary column (export member lists): the owner answers for it
     */
    public record Link(String name, Table<?> table, Field<?> column, Link via, Field<Long> key, Condition where,
                       OnMerge onMerge, OnErase onErase, OnRemove onRemove, Field<OffsetDateTime> agedBy,
                       boolean inBlob) {

        /** The rows linked to any of {@code contactIds}. */
        @SuppressWarnings("unchecked")
        public Condition of(Collection<Long> contactIds) {
            if (inBlob) {
                throw new IllegalStateException(name + " keeps its contact ids in a blob; its owner reads them");
            }
            Field<Long> ref = (Field<Long>) column;
            Condition linked = via == null ? ref.in(contactIds)
                    : ref.in(DSL.select(id(via.table())).from(via.table()).where(via.of(contactIds)));
            return where == null ? linked : linked.and(where);
        }

        /** The rows linked to {@code contactId}. */
        public Condition of(long contactId) {
            return of(List.of(contactId));
        }

        /** The contact-id column itself; only for direct links. */
        @SuppressWarnings("unchecked")
        public Field<Long> contactColumn() {
            if (via != null || inBlob) {
                throw new IllegalStateException(name + " does not hold a contact id");
            }
            return (Field<Long>) column;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One column recording the import batch that wrote a row. */
    public record BatchLink(String name, Table<?> table, Field<Long> column, OnBatchUndo onUndo) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Link> LINKS = new ArrayList<>();
    private static final List<BatchLink> BATCH_LINKS = new ArrayList<>();

    public static final Link MERGED_INTO = direct(CONTACT, CONTACT.MERGED_INTO_ID, OnMerge.OWNER, OnErase.KEEP,
            OnRemove.PROTECT);
    public static final Link IDENTIFIERS = direct(IDENTIFIER, IDENTIFIER.CONTACT_ID, OnMerge.MOVE, OnErase.DELETE,
            OnRemove.DELETE);
    public static final Link VALUE_HISTORY_ROWS = direct(VALUE_HISTORY, VALUE_HISTORY.CONTACT_ID, OnMerge.MOVE,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link CUSTOM_VALUES = direct(CONTACT_VALUE, CONTACT_VALUE.CONTACT_ID, OnMerge.OWNER,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link PROVENANCE = direct(VALUE_PROVENANCE, VALUE_PROVENANCE.CONTACT_ID, OnMerge.OWNER,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link TAGS = register(new Link("contact_tag", CONTACT_TAG, CONTACT_TAG.CONTACT_ID, null,
            CONTACT_TAG.TAG_ID, null, OnMerge.COPY_MISSING, OnErase.DELETE, OnRemove.DELETE, null, false));
    public static final Link EVENTS = register(new Link("event", EVENT, EVENT.CONTACT_ID, null, null, null,
            OnMerge.MOVE, OnErase.DELETE, OnRemove.DELETE, EVENT.OCCURRED_AT, false));
    public static final Link CONSENT_LEDGER = direct(CONSENT_EVENT, CONSENT_EVENT.CONTACT_ID, OnMerge.OWNER,
            OnErase.OWNER, OnRemove.DELETE);
    public static final Link CONSENT_STATES = direct(CONSENT_STATE, CONSENT_STATE.CONTACT_ID, OnMerge.OWNER,
            OnErase.KEEP, OnRemove.DELETE);
    public static final Link CONSENT_STATE_EVENTS = register(new Link("consent_state.event_id", CONSENT_STATE,
            CONSENT_STATE.EVENT_ID, CONSENT_LEDGER, null, null, OnMerge.OWNER, OnErase.KEEP, OnRemove.DELETE, null,
            false));
    public static final Link SEGMENT_MEMBERS = register(new Link("segment_member", SEGMENT_MEMBER,
            SEGMENT_MEMBER.CONTACT_ID, null, SEGMENT_MEMBER.SEGMENT_ID, null, OnMerge.COPY_MISSING, OnErase.DELETE,
            OnRemove.DELETE, null, false));
    public static final Link SCORES = direct(CONTACT_SCORE, CONTACT_SCORE.CONTACT_ID, OnMerge.STAY, OnErase.DELETE,
            OnRemove.DELETE);
    public static final Link ENROLMENTS = direct(JOURNEY_ENROLMENT, JOURNEY_ENROLMENT.CONTACT_ID, OnMerge.OWNER,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link STEP_LOG = register(new Link("journey_step_log", JOURNEY_STEP_LOG,
            JOURNEY_STEP_LOG.ENROLMENT_ID, ENROLMENTS, null, null, OnMerge.STAY, OnErase.DELETE, OnRemove.DELETE,
            null, false));
    /** A journey's send lists: they follow the person into a merge, so the survivor's history shows them. */
    public static final Link JOURNEY_SENDS = direct(JOURNEY_SEND, JOURNEY_SEND.CONTACT_ID, OnMerge.MOVE,
            OnErase.DELETE, OnRemove.DELETE);
    /** Who a segment entry has seen as a member: a merged record leaves the segment, the survivor stays. */
    public static final Link JOURNEY_ENTRIES_SEEN = direct(JOURNEY_ENTRY_SEEN, JOURNEY_ENTRY_SEEN.CONTACT_ID,
            OnMerge.STAY, OnErase.DELETE, OnRemove.DELETE);
    public static final Link SUPPRESSIONS = direct(SUPPRESSION, SUPPRESSION.CONTACT_ID, OnMerge.STAY,
            OnErase.DETACH, OnRemove.DETACH);
    public static final Link PRIVACY_REQUESTS = direct(PRIVACY_REQUEST, PRIVACY_REQUEST.CONTACT_ID, OnMerge.STAY,
            OnErase.KEEP, OnRemove.DETACH);
    public static final Link CONFLICTS = direct(IDENTITY_CONFLICT, IDENTITY_CONFLICT.CONTACT_ID, OnMerge.OWNER,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link CONFLICTS_OTHER = direct(IDENTITY_CONFLICT, IDENTITY_CONFLICT.OTHER_CONTACT_ID,
            OnMerge.OWNER, OnErase.DELETE, OnRemove.DELETE);
    public static final Link MERGE_SURVIVORS = direct(MERGE_RECORD, MERGE_RECORD.SURVIVOR_ID, OnMerge.STAY,
            OnErase.OWNER, OnRemove.PROTECT);
    public static final Link MERGE_MERGED = direct(MERGE_RECORD, MERGE_RECORD.MERGED_ID, OnMerge.STAY,
            OnErase.OWNER, OnRemove.PROTECT);
    public static final Link NOT_SAME_A = direct(NOT_SAME_PAIR, NOT_SAME_PAIR.CONTACT_A, OnMerge.STAY,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link NOT_SAME_B = direct(NOT_SAME_PAIR, NOT_SAME_PAIR.CONTACT_B, OnMerge.STAY,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link DUPLICATES_A = direct(DUPLICATE_PAIR, DUPLICATE_PAIR.CONTACT_A, OnMerge.OWNER,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link DUPLICATES_B = direct(DUPLICATE_PAIR, DUPLICATE_PAIR.CONTACT_B, OnMerge.OWNER,
            OnErase.DELETE, OnRemove.DELETE);
    public static final Link EXPORT_MEMBERS = register(new Link("export_run.members_bin", EXPORT_RUN,
            EXPORT_RUN.MEMBERS_BIN, null, null, null, OnMerge.STAY, OnErase.OWNER, OnRemove.PROTECT, null, true));
    /**
     * What each email tool was told about a person: it follows them into a merge; an erasure keeps it, since the
     * tools still holding the address must be told to delete it (the address then becomes a hash).
     */
    public static final Link DESTINATIONS_TOLD = direct(DESTINATION_TOLD, DESTINATION_TOLD.CONTACT_ID, OnMerge.MOVE,
            OnErase.KEEP, OnRemove.DELETE);
    /** Which list told a tool: the row itself belongs to the person ({@link #DESTINATIONS_TOLD}). */
    public static final Link DESTINATIONS_TOLD_BY_LIST = register(new Link("destination_told.export_id",
            DESTINATION_TOLD, DESTINATION_TOLD.EXPORT_ID, EXPORT_MEMBERS, null, null, OnMerge.STAY, OnErase.KEEP,
            OnRemove.KEEP, null, false));
    /** Recommendations and best moments are worked out again on each refresh: a merged record's stay with it. */
    public static final Link NEXT = direct(CONTACT_NEXT, CONTACT_NEXT.CONTACT_ID, OnMerge.STAY, OnErase.DELETE,
            OnRemove.DELETE);
    public static final Link AUDIT_ENTRIES = register(new Link("audit_log.entity_id", AUDIT_LOG,
            AUDIT_LOG.ENTITY_ID, null, null, AUDIT_LOG.ENTITY_TYPE.eq("contact"), OnMerge.STAY, OnErase.OWNER,
            OnRemove.KEEP, null, false));

    static {
        // In the order an undo of a batch handles them: values are put back from the history before the
        // history, provenance and the rest of the batch's rows go.
        batch(CONTACT, CONTACT.CREATED_BATCH_ID, OnBatchUndo.REMOVE_CREATED);
        batch(VALUE_HISTORY, VALUE_HISTORY.BATCH_ID, OnBatchUndo.OWNER);
        batch(CONTACT_VALUE, CONTACT_VALUE.BATCH_ID, OnBatchUndo.OWNER);
        batch(VALUE_PROVENANCE, VALUE_PROVENANCE.BATCH_ID, OnBatchUndo.DELETE);
        batch(IDENTIFIER, IDENTIFIER.BATCH_ID, OnBatchUndo.DELETE);
        batch(CONTACT_TAG, CONTACT_TAG.BATCH_ID, OnBatchUndo.DELETE);
        batch(EVENT, EVENT.BATCH_ID, OnBatchUndo.DELETE);
        batch(CONSENT_EVENT, CONSENT_EVENT.BATCH_ID, OnBatchUndo.RETRACT);
        batch(IDENTITY_CONFLICT, IDENTITY_CONFLICT.BATCH_ID, OnBatchUndo.DELETE);
        batch(CONSENT_RETRACTION, CONSENT_RETRACTION.BATCH_ID, OnBatchUndo.KEEP);
        // what an undone import of a tool's export said it held is forgotten; what it knew before shows again
        batch(DESTINATION_TOLD, DESTINATION_TOLD.BATCH_ID, OnBatchUndo.DELETE);
    }

    private ContactLinks() {
    }

    private static Link direct(Table<?> table, TableField<?, Long> column, OnMerge onMerge, OnErase onErase,
                               OnRemove onRemove) {
        String name = table.getName().toLowerCase(Locale.ROOT) + "." + column.getName().toLowerCase(Locale.ROOT);
        return register(new Link(name, table, column, null, null, null, onMerge, onErase, onRemove, null, false));
    }

    private static Link register(Link link) {
        LINKS.add(link);
        return link;
    }

    private static void batch(Table<?> table, TableField<?, Long> column, OnBatchUndo onUndo) {
        BATCH_LINKS.add(new BatchLink(table.getName().toLowerCase(Locale.ROOT) + "."
                + column.getName().toLowerCase(Locale.ROOT), table, column, onUndo));
    }

    /** Every link, a row's own link before the links of rows pointing at it. */
    public static List<Link> links() {
        return List.copyOf(LINKS);
    }

    /** Every batch column, in the order an undo handles them. */
    public static List<BatchLink> batchLinks() {
        return List.copyOf(BATCH_LINKS);
    }

    /** The links whose rows retention ages out (activity). */
    public static List<Link> agedLinks() {
        return LINKS.stream().filter(l -> l.agedBy() != null).toList();
    }

    @SuppressWarnings("unchecked")
    static Field<Long> id(Table<?> table) {
        Field<?> id = table.field("ID");
        if (id == null) {
            throw new IllegalStateException(table.getName() + " has no ID column");
        }
        return (Field<Long>) id;
    }

    // ------------------------------------------------------------------ the generic walks

    /** Work an owning service does for one link, in the caller's transaction. */
    @FunctionalInterface
    public interface Handler {
        void apply(DSLContext tx, Link link, Collection<Long> contactIds);
    }

    /**
     * Erases the rows of these contacts link by link: deletes, detaches or keeps them, and hands the
     * {@link OnErase#OWNER} links to their handlers (every such link must have one). Rows pointing at other rows
     * go first.
     */
    public static void erase(DSLContext tx, Collection<Long> contactIds, Map<Link, Handler> owners) {
        requireHandlers(owners, LINKS.stream().filter(l -> l.onErase() == OnErase.OWNER).toList(), "erasure");
        for (Link link : reversed()) {
            switch (link.onErase()) {
                case DELETE -> tx.deleteFrom(link.table()).where(link.of(contactIds)).execute();
                case DETACH -> detach(tx, link, contactIds);
                case OWNER -> owners.get(link).apply(tx, link, contactIds);
                case KEEP -> { }
            }
        }
    }

    /**
     * The contacts among {@code contactIds} that a {@link OnRemove#PROTECT} link says have a life of their own
     * (merged, merged into, exported); {@code blobReaders} answer for the links kept in a blob.
     */
    public static Set<Long> protectedAmong(DSLContext tx, Collection<Long> contactIds,
                                           Map<Link, java.util.function.BiFunction<DSLContext, Collection<Long>,
                                                   Set<Long>>> blobReaders) {
        Set<Long> kept = new HashSet<>();
        for (Link link : LINKS) {
            if (link.onRemove() != OnRemove.PROTECT) {
                continue;
            }
            if (link.inBlob()) {
                var reader = blobReaders.get(link);
                if (reader == null) {
                    throw new IllegalStateException("no reader for " + link + " in an import undo");
                }
                kept.addAll(reader.apply(tx, contactIds));
            } else if (link.via() == null) {
                Field<Long> ref = link.contactColumn();
                kept.addAll(tx.selectDistinct(ref).from(link.table()).where(link.of(contactIds)).fetch(ref));
            } else {
                throw new IllegalStateException(link + ": only direct links can protect a contact");
            }
        }
        return kept;
    }

    /** Removes these contacts and every row linked to them (they must not be protected). */
    public static void remove(DSLContext tx, Collection<Long> contactIds) {
        for (Link link : reversed()) {
            switch (link.onRemove()) {
                case DELETE -> tx.deleteFrom(link.table()).where(link.of(contactIds)).execute();
                case DETACH -> detach(tx, link, contactIds);
                case KEEP, PROTECT -> { }
            }
        }
        tx.deleteFrom(CONTACT).where(CONTACT.ID.in(contactIds)).execute();
    }

    /** What a merge moved and copied, by link name, to put back on undo. */
    public record Moved(Map<String, List<Long>> moved, Map<String, List<Long>> copied) {
    }

    /**
     * The generic part of a merge: {@link OnMerge#MOVE} links move the merged record's rows to the survivor,
     * {@link OnMerge#COPY_MISSING} links copy the rows the survivor lacks. The caller handles the
     * {@link OnMerge#OWNER} links and must name each of them in {@code ownerHandled}.
     */
    public static Moved merge(DSLContext tx, long survivorId, long mergedId, Set<Link> ownerHandled) {
        return mergeAll(tx, Map.of(mergedId, survivorId), ownerHandled).get(mergedId);
    }

    /**
     * {@link #merge} for many pairs at once, a few statements per link whatever their number: {@code survivorOf}
     * maps each merged id to its survivor, and no contact may be in two pairs. Returns what moved, by merged id.
     */
    public static Map<Long, Moved> mergeAll(DSLContext tx, Map<Long, Long> survivorOf, Set<Link> ownerHandled) {
        requireHandlers(ownerHandled, LINKS.stream().filter(l -> l.onMerge() == OnMerge.OWNER).toList(), "merge");
        Map<Long, Moved> result = new HashMap<>();
        survivorOf.keySet().forEach(m -> result.put(m, new Moved(new LinkedHashMap<>(), new LinkedHashMap<>())));
        List<Long> everyone = new ArrayList<>(survivorOf.keySet());
        everyone.addAll(survivorOf.values());
        for (Link link : LINKS) {
            if (link.onMerge() == OnMerge.MOVE) {
                Field<Long> contact = link.contactColumn();
                Field<Long> id = id(link.table());
                Map<Long, List<Long>> ids = new HashMap<>();
                tx.select(id, contact).from(link.table()).where(contact.in(survivorOf.keySet())).orderBy(id)
                        .forEach(r -> ids.computeIfAbsent(r.value2(), k -> new ArrayList<>()).add(r.value1()));
                if (!ids.isEmpty()) {
                    var move = tx.batch(tx.update(link.table()).set(contact, DSL.param("survivor", Long.class))
                            .where(contact.eq(DSL.param("merged", Long.class))));
                    ids.keySet().forEach(m -> move.bind(survivorOf.get(m), m));
                    move.execute();
                }
                survivorOf.keySet().forEach(m -> result.get(m).moved().put(link.name(),
                        ids.getOrDefault(m, List.of())));
            } else if (link.onMerge() == OnMerge.COPY_MISSING) {
                copyMissing(tx, link, survivorOf, everyone, result);
            }
        }
        return result;
    }

    /** Undoes {@link #merge}: moved rows go back to the merged record, copies are deleted. */
    public static void unmerge(DSLContext tx, long survivorId, long mergedId, Moved what) {
        for (Link link : LINKS) {
            if (link.onMerge() == OnMerge.MOVE) {
                List<Long> ids = what.moved().getOrDefault(link.name(), List.of());
                Field<Long> id = id(link.table());
                for (int i = 0; i < ids.size(); i += 1000) {
                    tx.update(link.table()).set(link.contactColumn(), mergedId)
                            .where(id.in(ids.subList(i, Math.min(ids.size(), i + 1000)))).execute();
                }
            } else if (link.onMerge() == OnMerge.COPY_MISSING) {
                List<Long> keys = what.copied().getOrDefault(link.name(), List.of());
                if (!keys.isEmpty()) {
                    tx.deleteFrom(link.table()).where(link.contactColumn().eq(survivorId).and(link.key().in(keys)))
                            .execute();
                }
            }
        }
    }

    /** The merged records' rows whose key their survivor lacks are copied to the survivor. */
    private static void copyMissing(DSLContext tx, Link link, Map<Long, Long> survivorOf, List<Long> everyone,
                                    Map<Long, Moved> result) {
        Field<Long> contact = link.contactColumn();
        Map<Long, Set<Long>> keysOf = new HashMap<>();
        Map<Long, List<org.jooq.Record>> rowsOf = new HashMap<>();
        for (org.jooq.Record r : tx.selectFrom(link.table()).where(contact.in(everyone)).orderBy(link.key())) {
            long owner = r.get(contact);
            keysOf.computeIfAbsent(owner, k -> new HashSet<>()).add(r.get(link.key()));
            if (survivorOf.containsKey(owner)) {
                rowsOf.computeIfAbsent(owner, k -> new ArrayList<>()).add(r);
            }
        }
        List<Field<?>> columns = List.of(link.table().fields());
        int contactAt = columns.indexOf(contact);
        List<Field<?>> params = new ArrayList<>();
        for (Field<?> f : columns) {
            params.add(DSL.param(f.getName(), f.getDataType()));
        }
        var insert = tx.batch(tx.insertInto(link.table()).columns(columns).values(params));
        int copies = 0;
        for (Map.Entry<Long, Long> pair : survivorOf.entrySet()) {
            Set<Long> survivorKeys = keysOf.getOrDefault(pair.getValue(), Set.of());
            List<Long> keys = new ArrayList<>();
            for (org.jooq.Record r : rowsOf.getOrDefault(pair.getKey(), List.of())) {
                Long key = r.get(link.key());
                if (!survivorKeys.contains(key)) {
                    Object[] values = r.intoArray();
                    values[contactAt] = pair.getValue();
                    insert.bind(values);
                    copies++;
                    keys.add(key);
                }
            }
            result.get(pair.getKey()).copied().put(link.name(), keys);
        }
        if (copies > 0) {
            insert.execute();
        }
    }

    @SuppressWarnings("unchecked")
    private static void detach(DSLContext tx, Link link, Collection<Long> contactIds) {
        tx.update(link.table()).setNull((Field<Object>) link.column()).where(link.of(contactIds)).execute();
    }

    private static List<Link> reversed() {
        List<Link> all = new ArrayList<>(LINKS);
        java.util.Collections.reverse(all);
        return all;
    }

    private static void requireHandlers(Map<Link, ?> handlers, List<Link> needed, String operation) {
        requireHandlers(handlers.keySet(), needed, operation);
    }

    private static void requireHandlers(Set<Link> handled, List<Link> needed, String operation) {
        List<Link> missing = needed.stream().filter(l -> !handled.contains(l)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The " + operation + " does not handle " + missing
                    + ", registered as handled by their owner");
        }
    }
}
