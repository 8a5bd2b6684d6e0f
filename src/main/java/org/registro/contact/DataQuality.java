package org.registro.contact;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * What needs cleaning in a workspace: emails that are not valid (or bounced), phones that do not parse for the
 * workspace's country, contacts without a name, contacts that cannot be reached at all, and the identity
 * conflicts imports recorded. Each count lists its contacts. {@link #renormalize} applies the current rules
 * (say, after the default country changed) to every stored email, phone and name key.
 */
public final class DataQuality {

    /** One kind of problem. */
    public enum Issue {
        INVALID_EMAIL, UNPARSEABLE_PHONE, MISSING_NAME, NO_CHANNEL, IMPORT_CONFLICT;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Issue byCode(String code) {
            for (Issue issue : values()) {
                if (issue.code().equals(code)) {
                    return issue;
                }
            }
            throw new org.registro.common.RegistroException("error.quality.issue", code,
                    String.join(", ", java.util.Arrays.stream(values()).map(Issue::code).toList()));
        }
    }

    /** One contact with an issue and the value at fault (null when the issue is an absence). */
    public record Finding(long contactId, String name, String value) {
    }

    /** What {@link #renormalize} changed. */
    public record Renormalized(int identifiersChanged, int nowInvalid, int nowValid, int conflicts, int nameKeys) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private volatile java.util.function.Supplier<Optional<Map<Issue, Long>>> indexed = Optional::empty;

    public DataQuality(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
    }

    private static Condition live() {
        return CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE);
    }

    private Condition condition(Issue issue) {
        var i = IDENTIFIER.as("q");
        return switch (issue) {
            case INVALID_EMAIL -> DSL.exists(DSL.selectOne().from(i).where(i.CONTACT_ID.eq(CONTACT.ID)
                    .and(i.KIND.eq(ContactService.KIND_EMAIL)).and(i.IS_VALID.isFalse().or(i.BOUNCED_AT.isNotNull()))));
            case UNPARSEABLE_PHONE -> DSL.exists(DSL.selectOne().from(i).where(i.CONTACT_ID.eq(CONTACT.ID)
                    .and(i.KIND.eq(ContactService.KIND_PHONE)).and(i.IS_VALID.isFalse())));
            case MISSING_NAME -> blank(CONTACT.FIRST_NAME).and(blank(CONTACT.LAST_NAME))
                    .and(blank(CONTACT.ORGANIZATION));
            case NO_CHANNEL -> DSL.notExists(DSL.selectOne().from(i).where(i.CONTACT_ID.eq(CONTACT.ID)
                            .and(i.KIND.in(ContactService.KIND_EMAIL, ContactService.KIND_PHONE))
                            .and(i.IS_VALID.isTrue()).and(i.BOUNCED_AT.isNull())))
                    .and(blank(CONTACT.STREET).or(blank(CONTACT.POSTAL_CODE).and(blank(CONTACT.CITY))));
            case IMPORT_CONFLICT -> DSL.exists(DSL.selectOne().from(IDENTITY_CONFLICT)
                    .where(IDENTITY_CONFLICT.RESOLVED_AT.isNull()).and(IDENTITY_CONFLICT.CONTACT_ID.eq(CONTACT.ID)
                            .or(IDENTITY_CONFLICT.OTHER_CONTACT_ID.eq(CONTACT.ID))));
        };
    }

    private static Condition blank(org.jooq.Field<String> field) {
        return field.isNull().or(DSL.trim(field).eq(""));
    }

    /**
     * Counts from memory when given (the audience index, in milliseconds where SQL takes seconds at a million
     * contacts); it answers empty while it cannot, and the counts come from SQL.
     */
    public void useIndex(java.util.function.Supplier<Optional<Map<Issue, Long>>> counts) {
        this.indexed = counts;
    }

    /** How many active contacts have each issue. */
    public Map<Issue, Long> counts() {
        Optional<Map<Issue, Long>> fromIndex = indexed.get();
        if (fromIndex.isPresent()) {
            return fromIndex.get();
        }
        DSLContext dsl = workspace.dsl();
        Map<Issue, Long> counts = new EnumMap<>(Issue.class);
        for (Issue issue : Issue.values()) {
            counts.put(issue, (long) dsl.fetchCount(CONTACT, live().and(condition(issue))));
        }
        return counts;
    }

    /** The first {@code limit} contacts with an issue, by id, with the value at fault. */
    public List<Finding> findings(Issue issue, int limit) {
        DSLContext dsl = workspace.dsl();
        List<Finding> findings = new ArrayList<>();
        dsl.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.ORGANIZATION, CONTACT.EMAIL,
                        CONTACT.PHONE)
                .from(CONTACT).where(live().and(condition(issue))).orderBy(CONTACT.ID).limit(limit)
                .forEach(r -> findings.add(new Finding(r.value1(),
                        name(r.value2(), r.value3(), r.value4(), r.value5(), r.value6()),
                        value(dsl, issue, r.value1()).orElse(null))));
        return findings;
    }

    private static String name(String first, String last, String organization, String email, String phone) {
        String name = ContactSummary.displayName(first, last);
        if (name != null && !name.isBlank()) {
            return name;
        }
        for (String other : new String[] {organization, email, phone}) {
            if (other != null && !other.isBlank()) {
                return other;
            }
        }
        return "";
    }

    private static Optional<String> value(DSLContext dsl, Issue issue, long contactId) {
        return switch (issue) {
            case INVALID_EMAIL -> dsl.select(IDENTIFIER.VALUE_RAW).from(IDENTIFIER)
                    .where(IDENTIFIER.CONTACT_ID.eq(contactId).and(IDENTIFIER.KIND.eq(ContactService.KIND_EMAIL))
                            .and(IDENTIFIER.IS_VALID.isFalse().or(IDENTIFIER.BOUNCED_AT.isNotNull())))
                    .orderBy(IDENTIFIER.ID).limit(1).fetchOptional(IDENTIFIER.VALUE_RAW);
            case UNPARSEABLE_PHONE -> dsl.select(IDENTIFIER.VALUE_RAW).from(IDENTIFIER)
                    .where(IDENTIFIER.CONTACT_ID.eq(contactId).and(IDENTIFIER.KIND.eq(ContactService.KIND_PHONE))
                            .and(IDENTIFIER.IS_VALID.isFalse())).orderBy(IDENTIFIER.ID).limit(1)
                    .fetchOptional(IDENTIFIER.VALUE_RAW);
            case IMPORT_CONFLICT -> dsl.select(IDENTITY_CONFLICT.IDENTIFIER_VALUE).from(IDENTITY_CONFLICT)
                    .where(IDENTITY_CONFLICT.RESOLVED_AT.isNull().and(IDENTITY_CONFLICT.CONTACT_ID.eq(contactId)
                            .or(IDENTITY_CONFLICT.OTHER_CONTACT_ID.eq(contactId))))
                    .orderBy(IDENTITY_CONFLICT.ID).limit(1).fetchOptional(IDENTITY_CONFLICT.IDENTIFIER_VALUE);
            default -> Optional.empty();
        };
    }

    /**
     * Normalizes every stored email and phone again from what was imported, with today's rules and the
     * workspace's default country, and refreshes the name keys. A value that no longer parses is marked invalid
     * (kept, never deleted); one that now parses is valid again; one that now equals another contact's
     * identifier is left as it was and recorded as a conflict for review.
     */
    public Renormalized renormalize(Progress progress) {
        String region = workspace.defaultRegion();
        OffsetDateTime now = OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        int[] counts = new int[5];
        long total = workspace.dsl().fetchCount(IDENTIFIER, IDENTIFIER.KIND.in(ContactService.KIND_EMAIL,
                ContactService.KIND_PHONE));
        long[] done = {0};
        long[] after = {0};
        while (true) {
            progress.checkCancelled();
            long from = after[0];
            boolean more = workspace.dsl().transactionResult(c -> {
                DSLContext tx = c.dsl();
                var rows = tx.select(IDENTIFIER.ID, IDENTIFIER.CONTACT_ID, IDENTIFIER.KIND, IDENTIFIER.SYSTEM,
                                IDENTIFIER.VALUE_RAW, IDENTIFIER.VALUE_NORM, IDENTIFIER.IS_VALID)
                        .from(IDENTIFIER).where(IDENTIFIER.ID.gt(from)
                                .and(IDENTIFIER.KIND.in(ContactService.KIND_EMAIL, ContactService.KIND_PHONE)))
                        .orderBy(IDENTIFIER.ID).limit(5_000).fetch();
                for (var r : rows) {
                    after[0] = r.value1();
                    Optional<String> norm = normalize(r.value3(), r.value5(), region);
                    boolean valid = norm.isPresent();
                    if (valid && !norm.get().equals(r.value6())) {
                        Long owner = tx.select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                                .where(IDENTIFIER.KIND.eq(r.value3()).and(IDENTIFIER.SYSTEM.eq(r.value4()))
                                        .and(IDENTIFIER.VALUE_NORM.eq(norm.get()))).fetchOne(IDENTIFIER.CONTACT_ID);
                        if (owner == null) {
                            tx.update(IDENTIFIER).set(IDENTIFIER.VALUE_NORM, norm.get())
                                    .set(IDENTIFIER.IS_VALID, true).where(IDENTIFIER.ID.eq(r.value1())).execute();
                            tx.update(CONTACT).set(r.value3().equals(ContactService.KIND_EMAIL) ? CONTACT.EMAIL
                                            : CONTACT.PHONE, norm.get())
                                    .where(CONTACT.ID.eq(r.value2()).and((r.value3().equals(ContactService.KIND_EMAIL)
                                            ? CONTACT.EMAIL : CONTACT.PHONE).eq(r.value6()))).execute();
                            counts[0]++;
                            if (!r.value7()) {
                                counts[2]++;
                            }
                        } else if (owner != r.value2().longValue()) {
                            tx.insertInto(IDENTITY_CONFLICT).set(IDENTITY_CONFLICT.CONTACT_ID, r.value2())
                                    .set(IDENTITY_CONFLICT.OTHER_CONTACT_ID, owner)
                                    .set(IDENTITY_CONFLICT.IDENTIFIER_KIND, r.value3())
                                    .set(IDENTITY_CONFLICT.IDENTIFIER_VALUE, norm.get())
                                    .set(IDENTITY_CONFLICT.DETECTED_AT, now).execute();
                            counts[3]++;
                        }
                    } else if (valid != r.value7()) {
                        tx.update(IDENTIFIER).set(IDENTIFIER.IS_VALID, valid).where(IDENTIFIER.ID.eq(r.value1()))
                                .execute();
                        counts[valid ? 2 : 1]++;
                    }
                }
                done[0] += rows.size();
                return rows.size() == 5_000;
            });
            progress.update(done[0], total, Messages.get("quality.progress.renormalizing"));
            if (!more) {
                break;
            }
        }
        counts[4] = refreshNameKeys();
        Renormalized result = new Renormalized(counts[0], counts[1], counts[2], counts[3], counts[4]);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("region", region);
        details.put("result", result);
        workspace.dsl().transaction(c -> audit.record(c.dsl(), "quality.renormalize", "workspace", null,
                Phrase.of("audit.quality.renormalize", region, result.identifiersChanged(), result.nowInvalid(),
                        result.nowValid(), result.conflicts()), details));
        return result;
    }

    /** The normalized form under today's rules, empty when the value is not valid. */
    static Optional<String> normalize(String kind, String raw, String region) {
        if (ContactService.KIND_EMAIL.equals(kind)) {
            return Emails.isValid(raw) ? Optional.of(Emails.normalize(raw)) : Optional.empty();
        }
        return Phones.fromImport(raw, region);
    }

    private int refreshNameKeys() {
        int[] changed = {0};
        workspace.dsl().transaction(c -> {
            DSLContext tx = c.dsl();
            tx.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.FIRST_NAME_KEY, CONTACT.LAST_NAME_KEY)
                    .from(CONTACT).fetchSize(5_000).fetchLazy().forEach(r -> {
                        String first = ContactService.nameKey(r.value2());
                        String last = ContactService.nameKey(r.value3());
                        if (!first.equals(r.value4()) || !last.equals(r.value5())) {
                            tx.update(CONTACT).set(CONTACT.FIRST_NAME_KEY, first).set(CONTACT.LAST_NAME_KEY, last)
                                    .where(CONTACT.ID.eq(r.value1())).execute();
                            changed[0]++;
                        }
                    });
        });
        return changed[0];
    }
}
