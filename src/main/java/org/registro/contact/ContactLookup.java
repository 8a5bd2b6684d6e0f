package org.registro.contact;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.registro.common.TextKeys;

/**
 * The people a user means when they type who: an id ("#12"), an email, a phone or another identifier names one
 * person; a name ("Ana Ruiz", "ruiz", "Ana R") names everyone the quick search finds by name, so the screen can
 * offer a choice when several people share it.
 */
public final class ContactLookup {

    /** One person a typed name may mean, with what tells namesakes apart. */
    public record Candidate(long id, String name, String email, String city) {
    }

    private ContactLookup() {
    }

    /**
     * Up to {@code limit} active contacts {@code text} may mean, best first; empty when none. A name is looked up
     * as the quick search does ({@link #nameBranches}), so what finds someone in the contacts list finds them here.
     */
    public static List<Candidate> find(DSLContext dsl, String text, int limit) {
        var exact = findActive(dsl, text);
        if (exact.isPresent()) {
            return select(dsl, CONTACT.ID.eq(exact.get()), 1);
        }
        String folded = TextKeys.fold(text == null ? null : text.replace(',', ' '));
        if (folded == null) {
            return List.of();
        }
        List<Select<Record1<Long>>> branches = nameBranches(folded, limit);
        Select<Record1<Long>> union = branches.get(0);
        for (int i = 1; i < branches.size(); i++) {
            union = union.union(branches.get(i));
        }
        return select(dsl, CONTACT.ID.in(union), limit);
    }

    /**
     * The ids of contacts whose last or first name starts with the folded text, or, for "ana ruiz", whose first
     * name starts with the first word and last name with the rest (or the other way round). Each branch is a
     * range on a name index, capped at {@code limit}.
     */
    static List<Select<Record1<Long>>> nameBranches(String folded, int limit) {
        List<Select<Record1<Long>>> branches = new ArrayList<>();
        branches.add(DSL.select(CONTACT.ID).from(CONTACT).where(startsWith(CONTACT.LAST_NAME_KEY, folded))
                .limit(limit));
        branches.add(DSL.select(CONTACT.ID).from(CONTACT).where(startsWith(CONTACT.FIRST_NAME_KEY, folded))
                .limit(limit));
        int space = folded.indexOf(' ');
        if (space > 0) {
            String head = folded.substring(0, space);
            String rest = folded.substring(space + 1);
            branches.add(DSL.select(CONTACT.ID).from(CONTACT).where(startsWith(CONTACT.FIRST_NAME_KEY, head))
                    .and(startsWith(CONTACT.LAST_NAME_KEY, rest)).limit(limit));
            branches.add(DSL.select(CONTACT.ID).from(CONTACT).where(startsWith(CONTACT.LAST_NAME_KEY, head))
                    .and(startsWith(CONTACT.FIRST_NAME_KEY, rest)).limit(limit));
        }
        return branches;
    }

    /**
     * {@code field} starts with {@code prefix}, as a range an index can answer directly (a LIKE with a
     * bound pattern makes H2 scan). Strings compare by UTF-16 code units, so the range ends at U+FFFF.
     */
    static Condition startsWith(Field<String> field, String prefix) {
        return field.ge(prefix).and(field.lt(prefix + Character.MAX_VALUE));
    }

    private static List<Candidate> select(DSLContext dsl, Condition condition, int limit) {
        return dsl.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL, CONTACT.CITY)
                .from(CONTACT).where(condition.and(CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE)))
                .orderBy(CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY, CONTACT.ID).limit(limit)
                .fetch(r -> new Candidate(r.value1(), ContactSummary.displayName(r.value2(), r.value3()),
                        r.value4(), r.value5()));
    }

    /**
     * The live contact a person names: a number ("12" or "#12"), an email, a phone as stored (E.164) or any other
     * identifier. Used where someone types who they mean (privacy requests, segment explanations).
     */
    static Optional<Long> findActive(DSLContext dsl, String text) {
        String value = text == null ? "" : text.strip().replaceFirst("^#", "");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.matches("\\d{1,18}")) {
            long id = Long.parseLong(value);
            if (dsl.fetchExists(CONTACT, CONTACT.ID.eq(id).and(CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE)))) {
                return Optional.of(id);
            }
        }
        return dsl.select(IDENTIFIER.CONTACT_ID).from(IDENTIFIER).join(CONTACT).on(CONTACT.ID.eq(IDENTIFIER.CONTACT_ID))
                .where(IDENTIFIER.VALUE_NORM.in(value, value.toLowerCase(java.util.Locale.ROOT),
                        value.replaceAll("[\\s().-]", "")).and(CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE)))
                .limit(1).fetchOptional(IDENTIFIER.CONTACT_ID);
    }
}
