package org.registro.segment;

import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.contact.ContactFacts;
import org.registro.contact.ContactLists;
import org.registro.contact.ContactService;
import org.registro.contact.ContactSort;
import org.registro.contact.ContactSummary;
import org.registro.workspace.Workspace;

/**
 * The contacts table when it shows a segment's people or is sorted by a figure about each person (total given,
 * last gift, last activity, consent on a channel): the whole list's ids in order, taken once, then read a page
 * at a time. The audience index orders by figures in memory; when it cannot answer (being built, or the command
 * line, which does not build it) the same order comes from SQL. The plain table — everyone, by a contact field —
 * pages through the contact table's own indexes instead ({@link ContactService#page}).
 */
public final class ContactTable implements ContactLists {

    /** Consent statuses from least to most willing: a channel's place in this list, plus one, is its sort key. */
    static final List<String> CONSENT_ORDER = List.of(Consent.WITHDRAWN, Consent.PENDING, Consent.GRANTED,
            Consent.CONFIRMED);

    /** The consent statuses in the order a consent column sorts them. */
    public static List<String> consentOrder() {
        return CONSENT_ORDER;
    }

    private final Workspace workspace;
    private final SegmentService segments;
    private final ContactService contacts;
    private final ConsentService consent;

    public ContactTable(Workspace workspace, SegmentService segments, ContactService contacts, ConsentService consent) {
        this.workspace = workspace;
        this.segments = segments;
        this.contacts = contacts;
        this.consent = consent;
    }

    @Override
    public List<String> channels() {
        return consent.channels();
    }

    @Override
    public List<String> segmentNames() {
        return segments.list().stream().map(SegmentService.Saved::name).toList();
    }

    /** The rule that selects a saved segment's people, for {@link #list}. */
    public static Rule segment(String name) {
        return new Rule.Segment(name, true);
    }

    /**
     * The active contacts a quick search finds (blank: all) among the members of {@code filter} (null: everyone),
     * ordered by {@code sort} — for {@link ContactSort#CONSENT}, the status on {@code channel} — ties by id.
     */
    public Listing list(String search, Rule filter, ContactSort sort, String channel, boolean ascending) {
        if (sort == ContactSort.CONSENT && (channel == null || channel.isBlank())) {
            throw new IllegalArgumentException("sorting by consent needs a channel");
        }
        OffsetDateTime at = OffsetDateTime.now(workspace.clock());
        Set<Long> found = search == null || search.isBlank() ? null
                : new HashSet<>(workspace.dsl().fetch(contacts.matchingIds(search)).getValues(0, Long.class));
        long[] ids = null;
        if (sort.computed()) {
            ids = segments.indexed(filter, at).map(m -> m.ordered(sort, channel, ascending)).orElse(null);
        }
        if (ids == null) {
            ids = inSql(found, filter, at, sort, channel, ascending);
        } else if (found != null) {
            ids = Arrays.stream(ids).filter(found::contains).toArray();
        }
        return new Listing(ids);
    }

    @Override
    public Listing people(String search, String segment, ContactSort sort, String channel, boolean ascending) {
        return list(search, segment == null ? null : segment(segment), sort, channel, ascending);
    }

    @Override
    public List<ContactSummary> rows(Listing listing, int offset, int limit) {
        int from = Math.min(offset, listing.size());
        int to = Math.min(listing.size(), from + limit);
        return contacts.rows(Arrays.copyOfRange(listing.ids(), from, to));
    }

    private long[] inSql(Set<Long> found, Rule filter, OffsetDateTime at, ContactSort sort, String channel,
                         boolean ascending) {
        Condition where = CONTACT.STATUS.notIn("erased", "merged");
        if (filter != null) {
            where = where.and(segments.condition(filter, at));
        }
        if (found != null) {
            where = where.and(CONTACT.ID.in(found));
        }
        Table<?> from = CONTACT;
        List<SortField<?>> order;
        if (!sort.computed()) {
            order = sort.keys().stream().<SortField<?>>map(f -> ascending ? f.asc() : f.desc()).toList();
        } else {
            Field<?> key;
            if (sort == ContactSort.CONSENT) {
                var state = CONSENT_STATE.as("cs");
                from = from.leftJoin(state).on(state.CONTACT_ID.eq(CONTACT.ID)).and(state.CHANNEL.eq(channel))
                        .and(state.TOPIC.eq(""));
                org.jooq.CaseConditionStep<Integer> ranked = null;
                for (int i = 0; i < CONSENT_ORDER.size(); i++) {
                    Condition is = state.STATUS.eq(CONSENT_ORDER.get(i));
                    ranked = ranked == null ? DSL.when(is, DSL.inline(i + 1)) : ranked.when(is, DSL.inline(i + 1));
                }
                key = DSL.when(state.STATUS.isNull(), DSL.inline((Integer) null)).otherwise(ranked.otherwise(0));
            } else {
                Condition gift = EVENT.EVENT_TYPE.eq(ContactFacts.GIFT);
                Field<BigDecimal> given = DSL.sum(DSL.when(gift, EVENT.AMOUNT)).as("given");
                Field<Integer> gifts = DSL.count(DSL.when(gift, DSL.inline(1))).as("gifts");
                Field<OffsetDateTime> lastGift = DSL.max(DSL.when(gift, EVENT.OCCURRED_AT)).as("last_gift");
                Field<OffsetDateTime> last = DSL.max(EVENT.OCCURRED_AT).as("last_activity");
                Table<?> activity = DSL.select(EVENT.CONTACT_ID, given, gifts, lastGift, last).from(EVENT)
                        .groupBy(EVENT.CONTACT_ID).asTable("a");
                from = from.leftJoin(activity).on(activity.field(EVENT.CONTACT_ID).eq(CONTACT.ID));
                key = switch (sort) {
                    case GIVEN -> DSL.coalesce(activity.field(given), BigDecimal.ZERO);
                    case GIFTS -> DSL.coalesce(activity.field(gifts), 0);
                    case LAST_GIFT -> activity.field(lastGift);
                    default -> activity.field(last);
                };
            }
            order = List.of(ascending ? key.asc().nullsFirst() : key.desc().nullsLast(), CONTACT.ID.asc());
        }
        return workspace.dsl().select(CONTACT.ID).from(from).where(where).orderBy(order).fetch(CONTACT.ID).stream()
                .mapToLong(Long::longValue).toArray();
    }
}
