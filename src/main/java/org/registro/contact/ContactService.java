package org.registro.contact;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.VALUE_HISTORY;
import static org.registro.db.Tables.VALUE_PROVENANCE;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.common.TextKeys;
import org.registro.contact.ValidationException.FieldProblem;
import org.registro.db.tables.records.ContactRecord;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * The single customer record: page and search contacts, read a profile, create and edit by hand, tag.
 * Every change is written to the audit log in the same transaction. Pages are database queries, so the
 * table stays fast at a million contacts.
 */
public final class ContactService {

    public static final String MANUAL_SOURCE = "Manual entry";
    public static final String KIND_EMAIL = "email";
    public static final String KIND_PHONE = "phone";
    public static final String STATUS_ACTIVE = "active";
    /**
     * Active contacts, written as "not erased and not merged" on purpose: an equality on status would
     * make H2 read the status index and sort every row, where this keeps the ordered scan of the sort
     * index (the check constraint allows exactly these three statuses).
     */
    static final Condition ACTIVE = CONTACT.STATUS.notIn("erased", "merged");
    /** Quick search considers at most this many matches of each kind (name, email, phone…). */
    public static final int SEARCH_LIMIT = 1000;

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;
    private final ContactBrowser browser;

    public ContactService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = workspace.clock();
        this.browser = new ContactBrowser(workspace);
    }

    private DSLContext dsl() {
        return workspace.dsl();
    }

    public ContactValidator validator() {
        return new ContactValidator(workspace.defaultRegion());
    }

    // ---------------------------------------------------------------- reading

    /** Active contacts (not erased, not merged into another). */
    public long count() {
        return browser.count();
    }

    /**
     * Active contacts matching a quick search, or {@code SEARCH_LIMIT + 1} when there are more than the limit
     * (see {@link ContactBrowser#countMatching}).
     */
    public long countMatching(String search) {
        return browser.countMatching(search);
    }

    /** One page of the contacts browser, by keyset (see {@link ContactBrowser#page}). */
    public ContactPage page(ContactQuery query) {
        return browser.page(query);
    }

    /** The contacts with these ids as table rows, in the order given, with their facts. */
    public List<ContactSummary> rows(long[] ids) {
        return ContactRows.read(dsl(), ids);
    }

    /** The ids of active contacts a quick search finds (at most {@link #SEARCH_LIMIT} per way of matching). */
    public org.jooq.Select<org.jooq.Record1<Long>> matchingIds(String search) {
        return browser.matchingIds(search);
    }

    /** Everything about one contact, for the profile. */
    public Optional<ContactProfile> profile(long id) {
        return ContactProfiles.read(dsl(), id);
    }

    // ---------------------------------------------------------------- writing

    /** Creates a contact typed in by hand; returns its id. */
    public long create(ContactDraft draft) {
        Normalized n = normalizeAndValidate(draft, null);
        return dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            long sourceId = manualSourceId(tx);
            long id = insertContacts(tx, List.of(n), sourceId).get(0);
            audit.record(tx, "contact.create", "contact", id, Phrase.of("audit.contact.create", n.displayName()), n.values());
            return id;
        });
    }

    /** Saves edits typed in by hand; every changed value goes to the value history and the audit log. */
    public void update(long id, ContactDraft draft) {
        update(id, draft, null);
    }

    /**
     * Saves edits made to the contact as it was at {@code seen} (its {@link ContactProfile#updatedAt()} when the
     * edit began): when someone has saved it since, nothing is saved and an {@link EditConflictException} says
     * what they changed (null: save whatever happened meanwhile).
     */
    public void update(long id, ContactDraft draft, java.time.Instant seen) {
        Normalized n = normalizeAndValidate(draft, id);
        dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            ContactRecord current = tx.selectFrom(CONTACT).where(CONTACT.ID.eq(id)).forUpdate().fetchOne();
            if (current == null || !STATUS_ACTIVE.equals(current.getStatus())) {
                throw new RegistroException("error.contact.notFound", id);
            }
            EditConflicts.check(tx, id, seen, current.getUpdatedAt());
            long sourceId = manualSourceId(tx);
            OffsetDateTime now = now();
            Map<String, Object[]> changes = new LinkedHashMap<>();
            for (FieldBinding<?> binding : FieldBinding.ALL) {
                Object before = current.get(binding.column());
                Object after = binding.value().apply(n);
                if (!Objects.equals(before, after)) {
                    changes.put(binding.key(), new Object[] {before, after});
                    binding.set(current, after);
                    tx.insertInto(VALUE_HISTORY)
                            .set(VALUE_HISTORY.CONTACT_ID, id)
                            .set(VALUE_HISTORY.FIELD_KEY, binding.key())
                            .set(VALUE_HISTORY.OLD_VALUE, text(before))
                            .set(VALUE_HISTORY.NEW_VALUE, text(after))
                            .set(VALUE_HISTORY.SOURCE_ID, sourceId)
                            .set(VALUE_HISTORY.CHANGED_BY, audit.actor())
                            .set(VALUE_HISTORY.CHANGED_AT, now)
                            .execute();
                    setProvenance(tx, id, binding.key(), sourceId, now, after == null);
                }
            }
            if (changes.containsKey("email")) {
                replacePrimaryIdentifier(tx, id, KIND_EMAIL, n.emailRaw(), n.email(), sourceId, now);
            }
            if (changes.containsKey("phone")) {
                replacePrimaryIdentifier(tx, id, KIND_PHONE, n.phoneRaw(), n.phone(), sourceId, now);
            }
            current.setFirstNameKey(nameKey(current.getFirstName()));
            current.setLastNameKey(nameKey(current.getLastName()));
            Set<String> tagChanges = syncTags(tx, id, n.tags(), sourceId, now);
            if (changes.isEmpty() && tagChanges.isEmpty()) {
                return;
            }
            current.setUpdatedAt(now);
            current.store();
            Map<String, Object> details = new LinkedHashMap<>(changes);
            if (!tagChanges.isEmpty()) {
                details.put("tags", tagChanges);
            }
            audit.record(tx, "contact.update", "contact", id,
                    Phrase.of("audit.contact.update", Phrase.list(details.keySet().stream()
                            .map(f -> Phrase.code("field.", f)).toList())), details);
        });
    }

    public void addTag(long id, String tagName) {
        String name = tagName == null ? "" : tagName.strip();
        if (name.isEmpty()) {
            throw new ValidationException(Map.of("tags", new FieldProblem("validation.tagEmpty")));
        }
        dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            requireActive(tx, id);
            long tagId = tagId(tx, name, now());
            int added = tx.insertInto(CONTACT_TAG)
                    .set(CONTACT_TAG.CONTACT_ID, id).set(CONTACT_TAG.TAG_ID, tagId)
                    .set(CONTACT_TAG.SOURCE_ID, manualSourceId(tx)).set(CONTACT_TAG.ADDED_AT, now())
                    .onDuplicateKeyIgnore().execute();
            if (added > 0) {
                touch(tx, id);
                audit.record(tx, "contact.tag.add", "contact", id, Phrase.of("audit.contact.tag.add", name), Map.of("tag", name));
            }
        });
    }

    public void removeTag(long id, String tagName) {
        String key = TextKeys.fold(tagName);
        dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            requireActive(tx, id);
            int removed = tx.deleteFrom(CONTACT_TAG)
                    .where(CONTACT_TAG.CONTACT_ID.eq(id))
                    .and(CONTACT_TAG.TAG_ID.in(DSL.select(TAG.ID).from(TAG).where(TAG.NAME_KEY.eq(key))))
                    .execute();
            if (removed > 0) {
                touch(tx, id);
                audit.record(tx, "contact.tag.remove", "contact", id, Phrase.of("audit.contact.tag.remove", tagName),
                        Map.of("tag", tagName));
            }
        });
    }

    /** All tag names in use, alphabetically, for suggestions. */
    public List<String> tagNames() {
        return dsl().select(TAG.NAME).from(TAG).orderBy(TAG.NAME_KEY).fetch(TAG.NAME);
    }

    // ---------------------------------------------------------------- internals

    /** A draft after trimming and normalization, with the values the contact row gets. */
    record Normalized(String firstName, String lastName, String emailRaw, String email, String phoneRaw,
                              String phone, LocalDate birthDate, String organization, String jobTitle, String street,
                              String postalCode, String city, String region, String country, String language,
                              List<String> tags) {

        String displayName() {
            return ContactSummary.displayName(firstName, lastName);
        }

        Map<String, Object> values() {
            Map<String, Object> values = new LinkedHashMap<>();
            for (FieldBinding<?> binding : FieldBinding.ALL) {
                Object value = binding.value().apply(this);
                if (value != null) {
                    values.put(binding.key(), value);
                }
            }
            if (!tags.isEmpty()) {
                values.put("tags", tags);
            }
            return values;
        }
    }

    /** A built-in field: its key in provenance and history, its value in a draft, its column. */
    record FieldBinding<T>(String key, Function<Normalized, T> value, TableField<ContactRecord, T> column) {
        static final List<FieldBinding<?>> ALL = List.of(
                new FieldBinding<>("firstName", Normalized::firstName, CONTACT.FIRST_NAME),
                new FieldBinding<>("lastName", Normalized::lastName, CONTACT.LAST_NAME),
                new FieldBinding<>("email", Normalized::email, CONTACT.EMAIL),
                new FieldBinding<>("phone", Normalized::phone, CONTACT.PHONE),
                new FieldBinding<>("birthDate", Normalized::birthDate, CONTACT.BIRTH_DATE),
                new FieldBinding<>("organization", Normalized::organization, CONTACT.ORGANIZATION),
                new FieldBinding<>("jobTitle", Normalized::jobTitle, CONTACT.JOB_TITLE),
                new FieldBinding<>("street", Normalized::street, CONTACT.STREET),
                new FieldBinding<>("postalCode", Normalized::postalCode, CONTACT.POSTAL_CODE),
                new FieldBinding<>("city", Normalized::city, CONTACT.CITY),
                new FieldBinding<>("region", Normalized::region, CONTACT.REGION),
                new FieldBinding<>("country", Normalized::country, CONTACT.COUNTRY),
                new FieldBinding<>("language", Normalized::language, CONTACT.LANGUAGE));

        @SuppressWarnings("unchecked")
        void set(ContactRecord record, Object newValue) {
            record.set(column, (T) newValue);
        }
    }

    private Normalized normalizeAndValidate(ContactDraft draft, Long self) {
        Map<String, FieldProblem> problems = new LinkedHashMap<>(validator().validate(draft, today()));
        Normalized n = problems.isEmpty() ? normalize(draft) : null;
        if (n != null) {
            ownerOfOther(KIND_EMAIL, n.email(), self).ifPresent(owner ->
                    problems.put("email", new FieldProblem("validation.emailTaken", owner)));
            ownerOfOther(KIND_PHONE, n.phone(), self).ifPresent(owner ->
                    problems.put("phone", new FieldProblem("validation.phoneTaken", owner)));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return n;
    }

    /** "#12 Masha Kelley" when the identifier belongs to a contact other than {@code self}. */
    private Optional<String> ownerOfOther(String kind, String value, Long self) {
        if (value == null) {
            return Optional.empty();
        }
        return dsl().select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME)
                .from(IDENTIFIER).join(CONTACT).on(CONTACT.ID.eq(IDENTIFIER.CONTACT_ID))
                .where(IDENTIFIER.KIND.eq(kind).and(IDENTIFIER.SYSTEM.eq("")).and(IDENTIFIER.VALUE_NORM.eq(value)))
                .and(self == null ? DSL.noCondition() : CONTACT.ID.ne(self))
                .fetchOptional(r -> "#" + r.value1() + " " + ContactSummary.displayName(r.value2(), r.value3()));
    }

    private Normalized normalize(ContactDraft d) {
        String region = workspace.defaultRegion();
        Map<String, String> tagsByKey = new LinkedHashMap<>();
        d.tags().stream().filter(t -> t != null && !t.isBlank())
                .forEach(t -> tagsByKey.putIfAbsent(TextKeys.fold(t), t.strip()));
        List<String> tags = List.copyOf(tagsByKey.values());
        return new Normalized(trim(d.firstName()), trim(d.lastName()), trim(d.email()), Emails.normalize(d.email()),
                trim(d.phone()), Phones.toE164(d.phone(), region).orElse(null), d.birthDate(),
                trim(d.organization()), trim(d.jobTitle()), trim(d.street()), trim(d.postalCode()), trim(d.city()),
                trim(d.region()), upper(d.country()), lower(d.language()), tags);
    }

    private List<Long> insertContacts(DSLContext tx, List<Normalized> batch, long sourceId) {
        OffsetDateTime now = now();
        var insert = tx.insertInto(CONTACT, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.FIRST_NAME_KEY,
                CONTACT.LAST_NAME_KEY, CONTACT.EMAIL, CONTACT.PHONE, CONTACT.BIRTH_DATE, CONTACT.ORGANIZATION,
                CONTACT.JOB_TITLE, CONTACT.STREET, CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.REGION, CONTACT.COUNTRY,
                CONTACT.LANGUAGE, CONTACT.CREATED_SOURCE_ID, CONTACT.CREATED_AT, CONTACT.UPDATED_AT);
        for (Normalized n : batch) {
            insert = insert.values(n.firstName(), n.lastName(), nameKey(n.firstName()), nameKey(n.lastName()),
                    n.email(), n.phone(), n.birthDate(), n.organization(), n.jobTitle(), n.street(), n.postalCode(),
                    n.city(), n.region(), n.country(), n.language(), sourceId, now, now);
        }
        List<Long> ids = insert.returningResult(CONTACT.ID).fetch(Record1::value1);
        // Values set at creation take their provenance from contact.created_source_id; identifiers and
        // tags go in as JDBC batches (one prepared statement, many rows).
        var identifiers = tx.batch(tx.insertInto(IDENTIFIER, IDENTIFIER.CONTACT_ID, IDENTIFIER.KIND,
                IDENTIFIER.VALUE_RAW, IDENTIFIER.VALUE_NORM, IDENTIFIER.IS_PRIMARY, IDENTIFIER.SOURCE_ID,
                IDENTIFIER.CREATED_AT).values((Long) null, null, null, null, null, null, null));
        var tags = tx.batch(tx.insertInto(CONTACT_TAG, CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID,
                CONTACT_TAG.SOURCE_ID, CONTACT_TAG.ADDED_AT).values((Long) null, null, null, null));
        Map<String, Long> tagIds = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Normalized n = batch.get(i);
            long id = ids.get(i);
            if (n.email() != null) {
                identifiers.bind(id, KIND_EMAIL, n.emailRaw(), n.email(), true, sourceId, now);
            }
            if (n.phone() != null) {
                identifiers.bind(id, KIND_PHONE, n.phoneRaw(), n.phone(), true, sourceId, now);
            }
            for (String tag : n.tags()) {
                tags.bind(id, tagIds.computeIfAbsent(TextKeys.fold(tag), k -> tagId(tx, tag, now)), sourceId, now);
            }
        }
        if (identifiers.size() > 0) {
            identifiers.execute();
        }
        if (tags.size() > 0) {
            tags.execute();
        }
        return ids;
    }

    /** The folded name used for search and sort; "" when there is no name, so the sort column is never empty. */
    /** The folded form of a name the NAME sort and the quick search use; empty for none. */
    public static String nameKey(String name) {
        String key = TextKeys.fold(name);
        return key == null ? "" : key;
    }

    /** The new value becomes the primary identifier; a replaced one stays as a secondary identifier. */
    private void replacePrimaryIdentifier(DSLContext tx, long id, String kind, String raw, String normalized,
                                          long sourceId, OffsetDateTime now) {
        Condition ofKind = IDENTIFIER.CONTACT_ID.eq(id).and(IDENTIFIER.KIND.eq(kind)).and(IDENTIFIER.SYSTEM.eq(""));
        if (normalized == null) {
            tx.deleteFrom(IDENTIFIER).where(ofKind).and(IDENTIFIER.IS_PRIMARY).execute();
            return;
        }
        tx.update(IDENTIFIER).set(IDENTIFIER.IS_PRIMARY, false).where(ofKind).execute();
        int promoted = tx.update(IDENTIFIER).set(IDENTIFIER.IS_PRIMARY, true)
                .where(ofKind).and(IDENTIFIER.VALUE_NORM.eq(normalized)).execute();
        if (promoted == 0) {
            tx.insertInto(IDENTIFIER)
                    .set(IDENTIFIER.CONTACT_ID, id).set(IDENTIFIER.KIND, kind)
                    .set(IDENTIFIER.VALUE_RAW, raw).set(IDENTIFIER.VALUE_NORM, normalized)
                    .set(IDENTIFIER.IS_PRIMARY, true).set(IDENTIFIER.SOURCE_ID, sourceId)
                    .set(IDENTIFIER.CREATED_AT, now)
                    .execute();
        }
    }

    /** Makes the contact's tags equal to {@code wanted}; returns "+tag" and "-tag" for what changed. */
    private Set<String> syncTags(DSLContext tx, long id, List<String> wanted, long sourceId, OffsetDateTime now) {
        Map<String, Long> current = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        tx.select(TAG.ID, TAG.NAME_KEY, TAG.NAME).from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .where(CONTACT_TAG.CONTACT_ID.eq(id))
                .forEach(r -> {
                    current.put(r.value2(), r.value1());
                    names.put(r.value2(), r.value3());
                });
        Set<String> changes = new LinkedHashSet<>();
        Set<String> wantedKeys = new LinkedHashSet<>();
        for (String tag : wanted) {
            String key = TextKeys.fold(tag);
            wantedKeys.add(key);
            if (!current.containsKey(key)) {
                tx.insertInto(CONTACT_TAG)
                        .set(CONTACT_TAG.CONTACT_ID, id).set(CONTACT_TAG.TAG_ID, tagId(tx, tag, now))
                        .set(CONTACT_TAG.SOURCE_ID, sourceId).set(CONTACT_TAG.ADDED_AT, now)
                        .execute();
                changes.add("+" + tag);
            }
        }
        for (var entry : current.entrySet()) {
            if (!wantedKeys.contains(entry.getKey())) {
                tx.deleteFrom(CONTACT_TAG)
                        .where(CONTACT_TAG.CONTACT_ID.eq(id).and(CONTACT_TAG.TAG_ID.eq(entry.getValue())))
                        .execute();
                changes.add("-" + names.get(entry.getKey()));
            }
        }
        return changes;
    }

    /** The id of the tag with this name, created on first use. */
    public static long tagId(DSLContext tx, String name, OffsetDateTime now) {
        String key = TextKeys.fold(name);
        tx.insertInto(TAG).set(TAG.NAME, name.strip()).set(TAG.NAME_KEY, key).set(TAG.CREATED_AT, now)
                .onDuplicateKeyIgnore().execute();
        return tx.select(TAG.ID).from(TAG).where(TAG.NAME_KEY.eq(key)).fetchSingle(TAG.ID);
    }

    private void setProvenance(DSLContext tx, long id, String field, long sourceId, OffsetDateTime now,
                               boolean cleared) {
        tx.deleteFrom(VALUE_PROVENANCE)
                .where(VALUE_PROVENANCE.CONTACT_ID.eq(id).and(VALUE_PROVENANCE.FIELD_KEY.eq(field))).execute();
        if (!cleared) {
            tx.insertInto(VALUE_PROVENANCE)
                    .set(VALUE_PROVENANCE.CONTACT_ID, id).set(VALUE_PROVENANCE.FIELD_KEY, field)
                    .set(VALUE_PROVENANCE.SOURCE_ID, sourceId).set(VALUE_PROVENANCE.SET_BY, audit.actor())
                    .set(VALUE_PROVENANCE.SET_AT, now)
                    .execute();
        }
    }

    /** The "Manual entry" source, first party, created on first use. */
    private long manualSourceId(DSLContext tx) {
        tx.insertInto(SOURCE)
                .set(SOURCE.NAME, MANUAL_SOURCE).set(SOURCE.SYSTEM, "manual").set(SOURCE.DATA_PARTY, "first")
                .set(SOURCE.TRUST_RANK, 100).set(SOURCE.CREATED_AT, now())
                .onDuplicateKeyIgnore().execute();
        return tx.select(SOURCE.ID).from(SOURCE).where(SOURCE.NAME.eq(MANUAL_SOURCE)).fetchSingle(SOURCE.ID);
    }

    private static void requireActive(DSLContext tx, long id) {
        if (!tx.fetchExists(CONTACT, CONTACT.ID.eq(id).and(CONTACT.STATUS.eq(STATUS_ACTIVE)))) {
            throw new RegistroException("error.contact.notFound", id);
        }
    }

    private void touch(DSLContext tx, long id) {
        tx.update(CONTACT).set(CONTACT.UPDATED_AT, now()).where(CONTACT.ID.eq(id)).execute();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String trim(String text) {
        return text == null || text.isBlank() ? null : text.strip().replaceAll("\\s+", " ");
    }

    private static String upper(String text) {
        String trimmed = trim(text);
        return trimmed == null ? null : trimmed.toUpperCase(Locale.ROOT);
    }

    private static String lower(String text) {
        String trimmed = trim(text);
        return trimmed == null ? null : trimmed.toLowerCase(Locale.ROOT);
    }
}
