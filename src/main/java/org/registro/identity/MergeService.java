package org.registro.identity;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.MERGE_RECORD;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.contact.ContactLinks;
import org.registro.contact.ContactService;
import org.registro.db.tables.records.ContactRecord;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Merges one contact into another and undoes it. The surviving contact takes, part by part (name, email,
 * phone, birth date, gender, language, organization, address), the value of the most trusted source, then the
 * most recent, unless the user chose otherwise; an initial never replaces a full first name. Identifiers,
 * events, value history, tags, custom values, snapshot segment and journey memberships and the consent ledger
 * are united; the consent state is derived again from the united ledger, so a withdrawal on either record stays
 * in force. The merged contact keeps its own row, marked merged, and everything moved is recorded, so
 * {@link #undo} gives each record back exactly what was its own.
 */
public final class MergeService {

    /** Which record a part is taken from. */
    public enum Side {
        SURVIVOR, MERGED
    }

    /** The parts of a contact chosen as a whole, so a name or an address is never half from each record. */
    public enum Part {
        NAME(CONTACT.FIRST_NAME, CONTACT.LAST_NAME),
        EMAIL(CONTACT.EMAIL),
        PHONE(CONTACT.PHONE),
        BIRTH_DATE(CONTACT.BIRTH_DATE),
        GENDER(CONTACT.GENDER),
        LANGUAGE(CONTACT.LANGUAGE),
        ORGANIZATION(CONTACT.ORGANIZATION, CONTACT.JOB_TITLE),
        ADDRESS(CONTACT.STREET, CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.REGION, CONTACT.COUNTRY);

        final List<TableField<ContactRecord, ?>> columns;

        @SafeVarargs
        Part(TableField<ContactRecord, ?>... columns) {
            this.columns = List.of(columns);
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Part byCode(String code) {
            for (Part p : values()) {
                if (p.code().equalsIgnoreCase(code) || p.name().equalsIgnoreCase(code)) {
                    return p;
                }
            }
            throw new RegistroException("error.dedupe.part", code);
        }
    }

    /** Field keys as value history and provenance know them. */
    static final Map<TableField<ContactRecord, ?>, String> KEYS = Map.ofEntries(
            Map.entry(CONTACT.FIRST_NAME, "firstName"), Map.entry(CONTACT.LAST_NAME, "lastName"),
            Map.entry(CONTACT.EMAIL, "email"), Map.entry(CONTACT.PHONE, "phone"),
            Map.entry(CONTACT.BIRTH_DATE, "birthDate"), Map.entry(CONTACT.GENDER, "gender"),
            Map.entry(CONTACT.LANGUAGE, "language"), Map.entry(CONTACT.ORGANIZATION, "organization"),
            Map.entry(CONTACT.JOB_TITLE, "jobTitle"), Map.entry(CONTACT.STREET, "street"),
            Map.entry(CONTACT.POSTAL_CODE, "postalCode"), Map.entry(CONTACT.CITY, "city"),
            Map.entry(CONTACT.REGION, "region"), Map.entry(CONTACT.COUNTRY, "country"));

    /**
     * The choice for one part.
     *
     * @param reason why: "same", "only-survivor", "only-merged", "first-name-first", "full-name", "complete",
     *               "trusted", "recent", "survivor",
     *               "user"
     */
    public record PartChoice(Part part, String survivorValue, String mergedValue, Side chosen, String reason) {
        public String chosenValue() {
            return chosen == Side.SURVIVOR ? survivorValue : mergedValue;
        }

        public boolean differs() {
            return !Objects.equals(survivorValue, mergedValue);
        }
    }

    /** What a merge will do, part by part. */
    public record MergePlan(long survivorId, long mergedId, List<PartChoice> parts) {
        public PartChoice part(Part part) {
            return parts.stream().filter(p -> p.part() == part).findFirst().orElseThrow();
        }
    }

    /** What a merge did. */
    public record MergeResult(long mergeId, long survivorId, long mergedId, int identifiers, int events,
                              int consentEvents, int tags) {
    }

    /** One merge, for the history list. */
    public record MergeInfo(long id, long survivorId, long mergedId, String survivorName, String mergedName,
                            Double score, String decidedBy, Instant mergedAt, Instant undoneAt) {
    }

    /** What an undo did; {@code keptEdits} lists fields edited after the merge, which keep their new value. */
    public record UndoResult(long mergeId, long survivorId, long mergedId, List<String> keptEdits) {
    }

    /** Everything a merge moved or changed, to put back. Stored as JSON in {@code merge_record.undo_json}. */
    record Undo(Map<String, String> before, Map<String, String> after, boolean doNotContactBefore,
                boolean doNotContactAfter,
                List<Long> identifiers, Map<Long, Boolean> primaryBefore, List<Long> events, List<Long> history,
                List<Long> addedHistory, List<Long> consentEvents, List<Long> addedTags,
                List<SavedValue> valuesBefore, List<Long> addedValueFields, List<SavedProvenance> provenanceBefore,
                List<String> addedProvenance, List<Long> addedSegments, List<Long> enrolments,
                List<Long> resolvedConflicts, ContactLinks.Moved links) {

        /** What the registry's walk moved and copied; merges stored before it have their own lists. */
        ContactLinks.Moved moved() {
            if (links != null) {
                return links;
            }
            Map<String, List<Long>> movedRows = new HashMap<>();
            movedRows.put(ContactLinks.IDENTIFIERS.name(), orEmpty(identifiers));
            movedRows.put(ContactLinks.EVENTS.name(), orEmpty(events));
            movedRows.put(ContactLinks.VALUE_HISTORY_ROWS.name(), orEmpty(history));
            Map<String, List<Long>> copiedRows = new HashMap<>();
            copiedRows.put(ContactLinks.TAGS.name(), orEmpty(addedTags));
            copiedRows.put(ContactLinks.SEGMENT_MEMBERS.name(), orEmpty(addedSegments));
            return new ContactLinks.Moved(movedRows, copiedRows);
        }

        private static List<Long> orEmpty(List<Long> ids) {
            return ids == null ? List.of() : ids;
        }
    }

    record SavedValue(long fieldId, String text, BigDecimal number, LocalDate date, Boolean bool, Long sourceId,
                      Long batchId, OffsetDateTime updatedAt) {
    }

    record SavedProvenance(String fieldKey, Long sourceId, Long batchId, String setBy, OffsetDateTime setAt) {
    }

    /** The links a merge handles itself (the registry moves and copies the rest). */
    static final Set<ContactLinks.Link> OWN_LINKS = Set.of(ContactLinks.MERGED_INTO,
            ContactLinks.CUSTOM_VALUES, ContactLinks.PROVENANCE, ContactLinks.CONSENT_LEDGER,
            ContactLinks.CONSENT_STATES, ContactLinks.CONSENT_STATE_EVENTS, ContactLinks.ENROLMENTS,
            ContactLinks.CONFLICTS, ContactLinks.CONFLICTS_OTHER, ContactLinks.DUPLICATES_A,
            ContactLinks.DUPLICATES_B);

    private final Workspace workspace;
    private final AuditLog audit;

    public MergeService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
    }

    /** The default choices for merging {@code mergedId} into {@code survivorId}. */
    public MergePlan plan(long survivorId, long mergedId) {
        DSLContext dsl = workspace.dsl();
        ContactRecord s = active(dsl, survivorId);
        ContactRecord m = active(dsl, mergedId);
        return Survivorship.plan(dsl, s, m, Map.of());
    }


    static ContactRecord active(DSLContext dsl, long id) {
        return active(dsl.selectFrom(CONTACT).where(CONTACT.ID.eq(id)).fetchOne(), id);
    }

    static ContactRecord active(ContactRecord r, long id) {
        if (r == null) {
            throw new RegistroException("error.contact.notFound", id);
        }
        if (!ContactService.STATUS_ACTIVE.equals(r.getStatus())) {
            throw new RegistroException("error.dedupe.notactive", id, r.getStatus());
        }
        return r;
    }

    /**
     * The record that survives a group: the oldest, so the id exports, journeys and links know stays. Fields are
     * chosen part by part anyway.
     */
    public long chooseSurvivor(Collection<Long> group) {
        return group.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    /** Merges {@code mergedId} into {@code survivorId} with the default choices except {@code overrides}. */
    public MergeResult merge(long survivorId, long mergedId, Map<Part, Side> overrides, Double score) {
        if (survivorId == mergedId) {
            throw new RegistroException("error.dedupe.samecontact", survivorId);
        }
        OffsetDateTime now = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        return workspace.dsl().transactionResult(c -> ContactMerge.apply(c.dsl(), audit, now,
                List.of(new ContactMerge.Request(survivorId, mergedId, overrides, score)))).get(0);
    }

    /** One merge of a bulk run. */
    public record Step(long survivorId, long mergedId, Double score) {
    }

    /** Several merges in one transaction, each its own undoable merge. */
    public List<MergeResult> mergeAll(List<Step> steps) {
        OffsetDateTime now = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        return workspace.exclusively(org.registro.common.Phrase.of("team.busy.merge", steps.size()),
                () -> workspace.dsl().transactionResult(c -> ContactMerge.apply(c.dsl(), audit, now,
                        steps.stream().map(s -> new ContactMerge.Request(s.survivorId(), s.mergedId(), Map.of(),
                                s.score())).toList())));
    }

    /**
     * Undoes a merge: the merged record is active again with everything that was its own; the survivor gets back
     * its earlier values, except fields edited since the merge, which keep their new value. A merge that a later
     * merge builds on (the survivor merged again, or merged away) must wait until that one is undone.
     */
    public UndoResult undo(long mergeId) {
        return new MergeUndo(workspace, audit).undo(mergeId);
    }

    /** The merges, newest first. */
    public List<MergeInfo> history(int limit) {
        var s = CONTACT.as("s");
        var m = CONTACT.as("m");
        return workspace.dsl().select(MERGE_RECORD.ID, MERGE_RECORD.SURVIVOR_ID, MERGE_RECORD.MERGED_ID,
                        s.FIRST_NAME, s.LAST_NAME, m.FIRST_NAME, m.LAST_NAME, MERGE_RECORD.SCORE,
                        MERGE_RECORD.DECIDED_BY, MERGE_RECORD.MERGED_AT, MERGE_RECORD.UNDONE_AT)
                .from(MERGE_RECORD).join(s).on(s.ID.eq(MERGE_RECORD.SURVIVOR_ID))
                .join(m).on(m.ID.eq(MERGE_RECORD.MERGED_ID))
                .orderBy(MERGE_RECORD.ID.desc()).limit(limit)
                .fetch(r -> new MergeInfo(r.value1(), r.value2(), r.value3(),
                        org.registro.contact.ContactSummary.displayName(r.value4(), r.value5()),
                        org.registro.contact.ContactSummary.displayName(r.value6(), r.value7()),
                        r.value8() == null ? null : r.value8().doubleValue(), r.value9(), r.value10().toInstant(),
                        r.value11() == null ? null : r.value11().toInstant()));
    }

    /** The last merge not undone, for the GUI's undo. */
    public Optional<MergeInfo> lastMerge() {
        return history(50).stream().filter(i -> i.undoneAt() == null).findFirst();
    }

    static TableField<ContactRecord, ?> column(String key) {
        return KEYS.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown field " + key));
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static Object parse(TableField<ContactRecord, ?> column, String text) {
        if (text == null) {
            return null;
        }
        return column == CONTACT.BIRTH_DATE ? LocalDate.parse(text) : text;
    }

    @SuppressWarnings("unchecked")
    static void set(ContactRecord record, TableField<ContactRecord, ?> column, Object value) {
        record.set((TableField<ContactRecord, Object>) column, value);
    }


    /**
     * After a session ended without closing the workspace: a record marked merged without the merge that made
     * it so (H2 may keep part of an unfinished transaction, h2database #2080) is made an active record again, so
     * that it shows, holds what is still its own, and the next duplicate scan proposes the merge once more.
     * Nothing is deleted: what the unfinished merge had moved stays on the other record. Returns how many.
     */
    public int repairAfterUncleanShutdown() {
        if (!workspace.openedAfterUncleanShutdown() || workspace.readOnly()) {
            return 0;
        }
        return workspace.dsl().transactionResult(c -> {
            DSLContext tx = c.dsl();
            List<Long> orphans = tx.select(CONTACT.ID).from(CONTACT).where(CONTACT.STATUS.eq("merged")
                    .and(org.jooq.impl.DSL.notExists(org.jooq.impl.DSL.selectOne().from(MERGE_RECORD)
                            .where(MERGE_RECORD.MERGED_ID.eq(CONTACT.ID).and(MERGE_RECORD.UNDONE_AT.isNull())))))
                    .fetch(CONTACT.ID);
            if (!orphans.isEmpty()) {
                tx.update(CONTACT).set(CONTACT.STATUS, "active").setNull(CONTACT.MERGED_INTO_ID)
                        .where(CONTACT.ID.in(orphans)).execute();
                audit.record(tx, "merge.repaired", "workspace", null, Phrase.of("audit.merge.repaired",
                        orphans.size()), Map.of("contacts", orphans));
            }
            return orphans.size();
        });
    }
}
