package org.registro.journey;

import static org.registro.db.Tables.CONSENT_STATE;
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
import org.registro.consent.Consent;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;

/**
 * Which item a "best item" send gives each person: the first of their recommendations (from the last refresh)
 * that is still on offer on the send day, suits the message's channel and, when the message names a topic, is
 * about it, that they may still receive (marketing only with their opt-in), and that this journey has not sent
 * them before. Nobody gets an item picked at random: without such a
 * recommendation the send is skipped ({@link #NO_ITEM}).
 */
final class BestItems {

    /** The reason a best-item send is skipped when none of the person's recommendations fits. */
    static final String NO_ITEM = "no_item";

    private final Map<Long, ContentItem> library = new HashMap<>();

    BestItems(DSLContext dsl) {
        ContentService.all(dsl).forEach(i -> library.put(i.id(), i));
    }

    /**
     * A person as the choice needs them: their recommended items, best first, as the last refresh left them, and
     * what they opted in to on the message's channel ("" for the channel itself, else the topics).
     */
    record Person(List<Long> ranked, Set<String> optedIn) {
        static final Person NONE = new Person(List.of(), Set.of());
    }

    /** The people among {@code contacts} who have recommendations, read for a message on {@code channel}. */
    static Map<Long, Person> read(DSLContext dsl, Collection<Long> contacts, String channel) {
        Map<Long, Person> out = new HashMap<>();
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
                    out.put(r.value1(), new Person(items, new java.util.HashSet<>()));
                });
        if (!out.isEmpty()) {
            dsl.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.TOPIC).from(CONSENT_STATE)
                    .where(Ids.in(CONSENT_STATE.CONTACT_ID, out.keySet()).and(CONSENT_STATE.CHANNEL.eq(channel))
                            .and(CONSENT_STATE.STATUS.in(Consent.GRANTED, Consent.CONFIRMED)))
                    .forEach(r -> out.get(r.value1()).optedIn().add(r.value2()));
        }
        return out;
    }

    /**
     * The item for each person sending at {@code sendAt}; missing when none fits. {@code people} gives a person's
     * recommendations and opt-ins, {@code sent} the items this journey already sent them.
     */
    Map<Long, Long> choose(Message message, Map<Long, OffsetDateTime> sendAt, ZoneId zone,
                           Function<Long, Person> people, Function<Long, Set<Long>> sent) {
        Map<Long, Long> out = new HashMap<>();
        sendAt.forEach((contact, at) -> {
            LocalDate day = at.atZoneSameInstant(zone).toLocalDate();
            Set<Long> already = sent.apply(contact);
            Person person = people.apply(contact);
            for (Long id : person.ranked()) {
                ContentItem item = library.get(id);
                if (item != null && fits(item, message, day, person) && !already.contains(id)) {
                    out.put(contact, id);
                    return;
                }
            }
        });
        return out;
    }

    /**
     * Whether the item may go out in this message to this person: on offer on the day, suited to the channel,
     * about the message's topic when it names one, and — an item that is marketing, whatever the message's
     * purpose — only to someone opted in to the channel and to one of its topics (the recommendation was allowed
     * when it was made; the person may have withdrawn since).
     */
    static boolean fits(ContentItem item, Message message, LocalDate day, Person person) {
        if (!item.activeOn(day) || !item.suits(message.channel())
                || message.topic() != null && !item.topics().contains(message.topic())) {
            return false;
        }
        return !item.commercial() || person.optedIn().contains("")
                && (item.topics().isEmpty() || item.topics().stream().anyMatch(person.optedIn()::contains));
    }
}
