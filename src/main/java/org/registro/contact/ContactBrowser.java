package org.registro.contact;

import static org.registro.contact.ContactService.ACTIVE;
import static org.registro.contact.ContactService.KIND_PHONE;
import static org.registro.contact.ContactService.SEARCH_LIMIT;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.registro.common.TextKeys;
import org.registro.workspace.Store;
import org.registro.workspace.Workspace;

/**
 * The contacts browser's queries: counts, quick search and keyset pages over the sort indexes, so a page at a
 * million contacts reads a page of rows.
 */
final class ContactBrowser {

    private final Workspace workspace;

    ContactBrowser(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Active contacts (not erased, not merged into another). */
    long count() {
        // A plain COUNT(*) is answered from H2's row count; the few inactive ones come from the status index.
        long total = workspace.dsl().selectCount().from(CONTACT).fetchSingle(0, long.class);
        long inactive = workspace.dsl().selectCount().from(CONTACT).where(CONTACT.STATUS.in("erased", "merged"))
                .fetchSingle(0, long.class);
        return total - inactive;
    }

    /**
     * Active contacts matching a quick search. Quick search looks at the first {@link ContactService#SEARCH_LIMIT}
     * matches (in index order) of each way of matching, so it answers at once on any workspace;
     * a result above the limit reads "1,000+" and the user types more.
     *
     * @return the number of matches, or {@code SEARCH_LIMIT + 1} when there are more than the limit
     */
    long countMatching(String search) {
        if (search == null || search.isBlank()) {
            return count();
        }
        long found = workspace.dsl().selectCount().from(matches(search)).where(ACTIVE).fetchSingle(0, long.class);
        return Math.min(found, SEARCH_LIMIT + 1L);
    }

    ContactPage page(ContactQuery query) {
        Condition where = ACTIVE;
        Table<?> from = query.hasSearch() ? matches(query.search()) : CONTACT;
        List<Field<?>> keys = query.sort().keys();
        ContactQuery.Position position = query.position();
        // BEFORE and LAST read the sort backwards from their boundary, then turn the rows round.
        boolean backwards = position == ContactQuery.Position.BEFORE || position == ContactQuery.Position.LAST;
        boolean ascending = query.ascending() != backwards;
        boolean seeking = position == ContactQuery.Position.AFTER || position == ContactQuery.Position.BEFORE;
        List<Condition> segments = seeking ? beyond(keys, query.key(), ascending) : List.of(DSL.noCondition());
        List<Field<?>> select = new ArrayList<>(ContactRows.COLUMNS);
        select.addAll(keys);
        List<SortField<?>> order = keys.stream().<SortField<?>>map(f -> ascending ? f.asc() : f.desc())
                .map(f -> workspace.store() == Store.POSTGRES ? (ascending ? f.nullsFirst() : f.nullsLast()) : f)
                .toList();
        List<Record> records = new ArrayList<>();
        for (Condition segment : segments) {
            int remaining = query.limit() - records.size();
            if (remaining <= 0) {
                break;
            }
            var ordered = workspace.dsl().select(select).from(from).where(where.and(segment)).orderBy(order).limit(remaining);
            records.addAll(position == ContactQuery.Position.OFFSET ? ordered.offset(query.offset()).fetch()
                    : ordered.fetch());
        }
        List<ContactSummary> rows = new ArrayList<>(records.size());
        List<List<Object>> rowKeys = new ArrayList<>(records.size());
        for (var r : records) {
            rows.add(ContactRows.summary(r));
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
        rows = ContactRows.withFacts(workspace.dsl(), rows);
        return rows.isEmpty() ? new ContactPage(rows, null, null)
                : new ContactPage(rows, rowKeys.get(0), rowKeys.get(rowKeys.size() - 1));
    }

    /**
     * The rows strictly beyond {@code key} in the given direction, as conditions to read one after the
     * other until the page is full. Each is one range of the sort index, deepest first: for keys
     * (a, b, id) after (x, y, i) that is {@code a = x AND b = y AND id > i}, then {@code a = x AND b > y},
     * then {@code a > x}. (H2 turns a single lexicographic condition into a range on the first column only,
     * and would walk every row sharing that value, e.g. every contact in Madrid.) H2 sorts empty values
     * lowest, so where the first column can be empty (email, city) the empty rows come first ascending
     * and last descending; PostgreSQL is asked for the same order.
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
}
