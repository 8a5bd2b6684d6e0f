package org.registro.journey;

import static org.registro.db.Tables.CONTACT_NEXT;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.registro.common.Ids;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;

/**
 * Which item a "best item" send gives each person: the first of their recommendations (from the last refresh)
 * that is still on offer on the send day, suits the message's channel and, when the message names a topic, is
 * about it, and that this journey has not sent them before. Nobody gets an item picked at random: without such a
 * recommendation the send is skipped ({@link #NO_ITEM}).
 */
final class BestItems {

    /** The reason a best-item send is skipped when none of the person's recommendations fits. */
    static final String NO_ITEM = "no_item";

    private final Map<Long, ContentItem> library = new HashMap<>();

    BestItems(DSLContext dsl) {
        ContentService.all(dsl).forEach(i -> library.put(i.id(), i));
    }

    /** Each person's recommended items, best first, as the last refresh left them. */
    static Map<Long, List<Long>> ranked(DSLContext dsl, Collection<Long> contacts) {
        Map<Long, List<Long>> out = new HashMap<>();
        if (contacts.isEmpty()) {
            return out;
        }
        dsl.select(CONTACT_NEXT.CONTACT_ID, CONTACT_NEXT.ITEM_1_ID, CONTACT_NEXT.ITEM_2_ID, CONTACT_NEXT.ITEM_3_ID)
                .from(CONTACT_NEXT).where(Ids.in(CONTACT_NEXT.CONTACT_ID, contacts)).forEach(r -> {
                    List<Long> items = new ArrayList<>(3);
                    for (Long item : new Long[] {r.value2(), r.value3(), r.value4()}) {
                        if (item != null) {
                            items.add(item);
                        }
                    }
                    out.put(r.value1(), items);
                });
        return out;
    }

    /**
     * The item for each person sending at {@code sendAt}; missing when none fits. {@code ranked} gives a person's
     * recommendations, {@code sent} the items this journey already sent them.
     */
    Map<Long, Long> choose(Message message, Map<Long, OffsetDateTime> sendAt, ZoneId zone,
                           Function<Long, List<Long>> ranked, Function<Long, Set<Long>> sent) {
        Map<Long, Long> out = new HashMap<>();
        sendAt.forEach((contact, at) -> {
            LocalDate day = at.atZoneSameInstant(zone).toLocalDate();
            Set<Long> already = sent.apply(contact);
            for (Long id : ranked.apply(contact)) {
                ContentItem item = library.get(id);
                if (item != null && fits(item, message, day) && !already.contains(id)) {
                    out.put(contact, id);
                    return;
                }
            }
        });
        return out;
    }

    static boolean fits(ContentItem item, Message message, LocalDate day) {
        return item.activeOn(day) && item.suits(message.channel())
                && (message.topic() == null || item.topics().contains(message.topic()));
    }
}
