package org.registro.contact;

import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
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
import java.util.ArrayList;
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
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;
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

    public ContactService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = workspace.clock();
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
        // A plain COUNT(*) is answered from H2's row count; the few inactive ones come from the status index.
        long total = dsl().selectCount().from(CONTACT).fetchSingle(0, long.class);
        long inactive = dsl().selectCount().from(CONTACT).where(CONTACT.STATUS.in("erased", "merged"))
                .fetchSingle(0, long.class);
        return total - inactive;
    }

    /**
     * Active contacts matching a quick search. Quick search looks at the first {@link #SEARCH_LIMIT}
     * matches (in index order) of each way of matching, so it answers at once on any workspace;
     * a result above the limit reads "1,000+" and the user types more.
     *
     * @return the number of matches, or {@code SEARCH_LIMIT + 1} when there are more than the limit
     */
    public long countMatching(String search) {
        if (search == null || search.isBlank()) {
            return count();
        }
        long found = dsl().selectCount().from(matches(search)).where(ACTIVE).fetchSingle(0, long.class);
        return Math.min(found, SEARCH_LIMIT + 1L);
    }

    public ContactPage page(ContactQuery query) {
        Condition where = ACTIVE;
        Table<?> from = query.hasSearch() ? matches(query.search()) : CONTACT;
        List<Field<?>> keys = sortKeys(query.sort());
        ContactQuery.Position position = query.position();
        // BEFORE and LAST read the sort backwards from their boundary, then turn the rows round.
        boolean backwards = position == ContactQuery.Position.BEFORE || position == ContactQuery.Position.LAST;
        boolean ascending = query.ascending() != backwards;
        boolean seeking = position == ContactQuery.Position.AFTER || position == ContactQuery.Position.BEFORE;
        List<Condition> segments = seeking ? beyond(keys, query.key(), ascending) : List.of(DSL.noCondition());
        List<Field<?>> select = new ArrayList<>(List.of(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME,
                CONTACT.EMAIL, CONTACT.PHONE, CONTACT.CITY, CONTACT.COUNTRY, CONTACT.CREATED_AT, CONTACT.UPDATED_AT));
        select.addAll(keys);
        List<SortField<?>> order = keys.stream().<SortField<?>>map(f -> ascending ? f.asc() : f.desc()).toList();
        List<Record> records = new ArrayList<>();
        for (Condition segment : segments) {
            int remaining = query.limit() - records.size();
            if (remaining <= 0) {
                break;
            }
            var ordered = dsl().select(select).from(from).where(where.and(segment)).orderBy(order).limit(remaining);
            records.addAll(position == ContactQuery.Position.OFFSET ? ordered.offset(query.offset()).fetch()
                    : ordered.fetch());
        }
        List<ContactSummary> rows = new ArrayList<>(records.size());
        List<List<Object>> rowKeys = new ArrayList<>(records.size());
        for (var r : records) {
            rows.add(new ContactSummary(r.get(CONTACT.ID), r.get(CONTACT.FIRST_NAME), r.get(CONTACT.LAST_NAME),
                    r.get(CONTACT.EMAIL), r.get(CONTACT.PHONE), r.get(CONTACT.CITY), r.get(CONTACT.COUNTRY),
                    instant(r.get(CONTACT.CREATED_AT)), instant(r.get(CONTACT.UPDATED_AT))));
            List<Object> key = new ArrayList<>(keys.size());
            for (Field<?> k : keys) {
                key.add(r.get(k));
            }
            rowKeys.add(key);
        }
        if (backwards) {
            java.util.Collections.reverse(rows);
            java.util.Collections.reverse(rowKeys);
        }
        return rows.isEmpty() ? new ContactPage(rows, null, null)
                : new ContactPage(rows, rowKeys.get(0), rowKeys.get(rowKeys.size() - 1));
    }

    /** The index columns behind each sort, ending with the id so the order is total. */
    private static List<Field<?>> sortKeys(ContactSort sort) {
        return switch (sort) {
            case NAME -> List.of(CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY, CONTACT.ID);
            case EMAIL -> List.of(CONTACT.EMAIL, CONTACT.ID);
            case CITY -> List.of(CONTACT.CITY, CONTACT.ID);
            case CREATED -> List.of(CONTACT.CREATED_AT, CONTACT.ID);
            case UPDATED -> List.of(CONTACT.UPDATED_AT, CONTACT.ID);
            case ID -> List.of(CONTACT.ID);
        };
    }

    /**
     * The rows strictly beyond {@code key} in the given direction, as conditions to read one after the
     * other until the page is full. Each is one range of the sort index, deepest first: for keys
     * (a, b, id) after (x, y, i) that is {@code a = x AND b = y AND id > i}, then {@code a = x AND b > y},
     * then {@code a > x}. (H2 turns a single lexicographic condition into a range on the first column only,
     * and would walk every row sharing that value, e.g. every contact in Madrid.) H2 sorts empty values
     * lowest, so where the first column can be empty (email, city) the empty rows come first ascending
     * and last descending.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Condition> beyond(List<Field<?>> fields, List<Object> key, boolean ascending) {
        List<Condition> segments = new ArrayList<>();
        for (int k = fields.size() - 1; k >= 0; k--) {
            Condition same = DSL.noCondition();
            for (int j = 0; j < k; j++) {
                Field f = fields.get(j);
                Object v = f.getDataType().convert(key.get(j));
                same = same.and(v == null ? f.isNull() : f.eq(v));
            }
            Field f = fields.get(k);
            Object v = f.getDataType().convert(key.get(k));
            if (v != null) {
                segments.add(same.and(ascending ? f.gt(v) : f.lt(v)));
            } else if (ascending) {
                segments.add(same.and(f.isNotNull())); // past the empty values come all the others
            }
        }
        Field first = fields.get(0);
        if (!ascending && key.get(0) != null && first.getDataType().nullable()) {
            segments.add(first.isNull()); // descending, the empty values come last
        }
        return segments;
    }

    /**
     * The contacts matching a quick search, as a join driven by the (small, capped) set of matching ids:
     * written as {@code id IN (...)} H2 would test every contact against the set instead.
     */
    private Table<?> matches(String search) {
        Table<Record1<Long>> ids = matchingIds(search).asTable("m", "contact_id");
        return ids.join(CONTACT).on(CONTACT.ID.eq(ids.field("contact_id", Long.class)));
    }

    /**
     * The ids of contacts whose name, email, phone or any identifier starts with the search text. Each
     * branch is a prefix match on an index; the union keeps the query fast at a million contacts.
     */
    Select<Record1<Long>> matchingIds(String search) {
        String text = search.strip();
        List<Select<Record1<Long>>> branches = new ArrayList<>();
        String folded = TextKeys.fold(text);
        String lower = text.toLowerCase(Locale.ROOT);
        branches.add(DSL.select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                .where(ContactLookup.startsWith(IDENTIFIER.VALUE_NORM, lower))
                .limit(SEARCH_LIMIT + 1));
        phonePrefix(text).ifPresent(prefix -> branches.add(DSL.select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                .where(IDENTIFIER.KIND.eq(KIND_PHONE)).and(IDENTIFIER.SYSTEM.eq(""))
                .and(ContactLookup.startsWith(IDENTIFIER.VALUE_NORM, prefix)) // a range on the (kind, system, value) index
                .limit(SEARCH_LIMIT + 1)));
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
            branches.add(DSL.select(CONTACT.ID).from(CONTACT).where(CONTACT.ID.eq(Long.parseLong(text))));
        }
        if (folded != null && !text.contains("@")) {
            branches.addAll(ContactLookup.nameBranches(folded, SEARCH_LIMIT + 1));
        }
        Select<Record1<Long>> union = branches.get(0);
        for (int i = 1; i < branches.size(); i++) {
            union = union.union(branches.get(i));
        }
        return union;
    }

    /** "612 34", "+34 612", "0045 20..." as the start of an E.164 number in the workspace's region. */
    private Optional<String> phonePrefix(String text) {
        String digits = text.replaceAll("[\\s().\\-/]", "");
        if (!digits.matches("\\+?\\d{3,}")) {
            return Optional.empty();
        }
        if (digits.startsWith("+")) {
            return Optional.of(digits);
        }
        if (digits.startsWith("00")) {
            return Optional.of("+" + digits.substring(2));
        }
        int code = Phones.countryCode(workspace.defaultRegion());
        String national = digits.startsWith("0") && code != 34 && code != 45 ? digits.substring(1) : digits;
        return code == 0 ? Optional.empty() : Optional.of("+" + code + national);
    }

    /**
     * The live contact a person names: a number ("12" or "#12"), an email, a phone as stored (E.164) or any other
     * identifier. Used where someone types who they mean (privacy requests, segment explanations).
     */
    public static Optional<Long> findActive(DSLContext dsl, String text) {
        String value = text == null ? "" : text.strip().replaceFirst("^#", "");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.matches("\\d{1,18}")) {
            long id = Long.parseLong(value);
            if (dsl.fetchExists(CONTACT, CONTACT.ID.eq(id).and(CONTACT.STATUS.eq(STATUS_ACTIVE)))) {
                return Optional.of(id);
            }
        }
        return dsl.select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER).join(CONTACT).on(CONTACT.ID.eq(IDENTIFIER.CONTACT_ID))
                .where(IDENTIFIER.VALUE_NORM.in(value, value.toLowerCase(java.util.Locale.ROOT),
                        value.replaceAll("[\\s().-]", "")).and(CONTACT.STATUS.eq(STATUS_ACTIVE)))
                .limit(1).fetchOptional(IDENTIFIER.CONTACT_ID);
    }

    public Optional<ContactProfile> profile(long id) {
        DSLContext dsl = dsl();
        ContactRecord c = dsl.selectFrom(CONTACT).where(CONTACT.ID.eq(id)).fetchOne();
        if (c == null) {
            return Optional.empty();
        }
        var identifiers = dsl.select(IDENTIFIER.ID, IDENTIFIER.KIND, IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_RAW,
                        IDENTIFIER.VALUE_NORM, IDENTIFIER.IS_PRIMARY, IDENTIFIER.IS_VALID, SOURCE.NAME,
                        IDENTIFIER.CREATED_AT)
                .from(IDENTIFIER).leftJoin(SOURCE).on(SOURCE.ID.eq(IDENTIFIER.SOURCE_ID))
                .where(IDENTIFIER.CONTACT_ID.eq(id))
                .orderBy(IDENTIFIER.KIND, IDENTIFIER.IS_PRIMARY.desc(), IDENTIFIER.ID)
                .fetch(r -> new ContactProfile.IdentifierInfo(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8(), instant(r.value9())));
        var tags = dsl.select(TAG.NAME).from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .where(CONTACT_TAG.CONTACT_ID.eq(id)).orderBy(TAG.NAME_KEY).fetch(TAG.NAME);
        var customValues = dsl.select(FIELD_DEFINITION.FIELD_KEY, FIELD_DEFINITION.LABEL, FIELD_DEFINITION.DATA_TYPE,
                        CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER, CONTACT_VALUE.VALUE_DATE,
                        CONTACT_VALUE.VALUE_BOOL, SOURCE.NAME, CONTACT_VALUE.UPDATED_AT)
                .from(CONTACT_VALUE).join(FIELD_DEFINITION).on(FIELD_DEFINITION.ID.eq(CONTACT_VALUE.FIELD_ID))
                .leftJoin(SOURCE).on(SOURCE.ID.eq(CONTACT_VALUE.SOURCE_ID))
                .where(CONTACT_VALUE.CONTACT_ID.eq(id))
                .orderBy(FIELD_DEFINITION.POSITION, FIELD_DEFINITION.LABEL)
                .fetch(r -> new ContactProfile.FieldValue(r.value1(), r.value2(), r.value3(),
                        firstNonNull(r.value4(), r.value5(), r.value6(), r.value7()), r.value8(),
                        instant(r.value9())));
        var provenance = provenance(dsl, c);
        var events = dsl.select(EVENT.ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT, EVENT.CHANNEL, EVENT.CAMPAIGN,
                        EVENT.AMOUNT, EVENT.CURRENCY, SOURCE.NAME)
                .from(EVENT).leftJoin(SOURCE).on(SOURCE.ID.eq(EVENT.SOURCE_ID))
                .where(EVENT.CONTACT_ID.eq(id))
                .orderBy(EVENT.OCCURRED_AT.desc(), EVENT.ID.desc())
                .limit(500)
                .fetch(r -> new ContactProfile.EventInfo(r.value1(), r.value2(), instant(r.value3()), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8()));
        var consent = dsl.select(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS,
                        CONSENT_STATE.METHOD, CONSENT_STATE.OCCURRED_AT)
                .from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(id))
                .orderBy(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC)
                .fetch(r -> new ContactProfile.ConsentInfo(r.value1(), r.value2(), r.value3(), r.value4(),
                        instant(r.value5())));
        var auditEntries = dsl.select(AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.SUMMARY)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.ENTITY_TYPE.eq("contact").and(AUDIT_LOG.ENTITY_ID.eq(id)))
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(200)
                .fetch(r -> new ContactProfile.AuditEntry(instant(r.value1()), r.value2(), r.value3(), r.value4()));
        return Optional.of(new ContactProfile(c.getId(), c.getStatus(), c.getFirstName(), c.getLastName(),
                c.getEmail(), c.getPhone(), c.getBirthDate(), c.getOrganization(), c.getJobTitle(), c.getStreet(),
                c.getPostalCode(), c.getCity(), c.getRegion(), c.getCountry(), c.getLanguage(), c.getDoNotContact(),
                instant(c.getCreatedAt()), instant(c.getUpdatedAt()), identifiers, tags, customValues, provenance,
                events, consent, auditEntries));
    }

    /**
     * Where each current value came from: an explicit row when the value was changed after creation,
     * otherwise the source and batch that created the contact.
     */
    private static List<ContactProfile.Provenance> provenance(DSLContext dsl, ContactRecord c) {
        Map<String, ContactProfile.Provenance> byField = new java.util.TreeMap<>();
        dsl.select(VALUE_PROVENANCE.FIELD_KEY, SOURCE.NAME, VALUE_PROVENANCE.BATCH_ID, VALUE_PROVENANCE.SET_BY,
                        VALUE_PROVENANCE.SET_AT)
                .from(VALUE_PROVENANCE).leftJoin(SOURCE).on(SOURCE.ID.eq(VALUE_PROVENANCE.SOURCE_ID))
                .where(VALUE_PROVENANCE.CONTACT_ID.eq(c.getId()))
                .forEach(r -> byField.put(r.value1(), new ContactProfile.Provenance(r.value1(), r.value2(),
                        r.value3(), r.value4(), instant(r.value5()))));
        String createdBy = c.getCreatedSourceId() == null ? null : dsl.select(SOURCE.NAME).from(SOURCE)
                .where(SOURCE.ID.eq(c.getCreatedSourceId())).fetchOne(SOURCE.NAME);
        for (FieldBinding<?> binding : FieldBinding.ALL) {
            if (c.get(binding.column()) != null && !byField.containsKey(binding.key())) {
                byField.put(binding.key(), new ContactProfile.Provenance(binding.key(), createdBy,
                        c.getCreatedBatchId(), null, instant(c.getCreatedAt())));
            }
        }
        return List.copyOf(byField.values());
    }

    // ---------------------------------------------------------------- writing

    /** Creates a contact typed in by hand; returns its id. */
    public long create(ContactDraft draft) {
        Normalized n = normalizeAndValidate(draft, null);
        return dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            long sourceId = manualSourceId(tx);
            long id = insertContacts(tx, List.of(n), sourceId).get(0);
            audit.record(tx, "contact.create", "contact", id, "Created " + n.displayName(), n.values());
            return id;
        });
    }

    /** Saves edits typed in by hand; every changed value goes to the value history and the audit log. */
    public void update(long id, ContactDraft draft) {
        Normalized n = normalizeAndValidate(draft, id);
        dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            ContactRecord current = tx.selectFrom(CONTACT).where(CONTACT.ID.eq(id)).forUpdate().fetchOne();
            if (current == null || !STATUS_ACTIVE.equals(current.getStatus())) {
                throw new RegistroException("error.contact.notFound", id);
            }
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
                    "Edited " + String.join(", ", details.keySet()), details);
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
                audit.record(tx, "contact.tag.add", "contact", id, "Tagged " + name, Map.of("tag", name));
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
                audit.record(tx, "contact.tag.remove", "contact", id, "Removed tag " + tagName,
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
    private record Normalized(String firstName, String lastName, String emailRaw, String email, String phoneRaw,
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
    private record FieldBinding<T>(String key, Function<Normalized, T> value, TableField<ContactRecord, T> column) {
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

    private static String firstNonNull(Object... values) {
        for (Object value : values) {
            if (value != null) {
                return value instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString()
                        : value.toString();
            }
        }
        return null;
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
