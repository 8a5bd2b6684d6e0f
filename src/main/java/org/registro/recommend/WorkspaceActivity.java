package org.registro.recommend;

import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTENT_REFERENCE;
import static org.registro.db.Tables.EVENT;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.registro.consent.Consent;
import org.registro.content.ContentItem;
import org.registro.content.Interactions;

/**
 * What recommendations read from a workspace, in one pass per table: the active contacts (language, restricted
 * or not), their opt-ins, their events that point at an item (through the items' references) and their responses
 * (opens and clicks) for the best moment.
 */
final class WorkspaceActivity {

    /** An active contact as recommendations see them, with their touches of items. */
    record Contact(long id, String language, boolean contactable, Set<String> optedIn,
                   List<Recommender.Touch> touches) {
    }

    final List<ContentItem> items;
    final Map<Long, Contact> contacts = new HashMap<>();
    /** Responses per contact: packed (channel index << 8 | weekday * 24 + hour). */
    final Map<Long, List<Integer>> responses = new HashMap<>();
    final List<String> channels = new ArrayList<>();

    private WorkspaceActivity(List<ContentItem> items) {
        this.items = items;
    }

    /** The contacts {@code among} selects (active ones only), or every active contact when it is null. */
    static WorkspaceActivity read(DSLContext dsl, List<ContentItem> items, Condition among, ZoneId zone) {
        WorkspaceActivity a = new WorkspaceActivity(items);
        Condition who = CONTACT.STATUS.eq("active").and(among == null ? org.jooq.impl.DSL.noCondition() : among);
        try (var cursor = dsl.select(CONTACT.ID, CONTACT.LANGUAGE, CONTACT.DO_NOT_CONTACT).from(CONTACT).where(who)
                .fetchSize(10_000).fetchLazy()) {
            for (var r : cursor) {
                String language = r.value2() == null ? null : r.value2().strip().toLowerCase(java.util.Locale.ROOT);
                a.contacts.put(r.value1(), new Contact(r.value1(), language, !Boolean.TRUE.equals(r.value3()),
                        new HashSet<>(), new ArrayList<>()));
            }
        }
        Map<String, String> keys = new HashMap<>();
        try (var cursor = dsl.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC)
                .from(CONSENT_STATE).where(CONSENT_STATE.STATUS.in(Consent.GRANTED, Consent.CONFIRMED))
                .fetchSize(10_000).fetchLazy()) {
            for (var r : cursor) {
                Contact c = a.contacts.get(r.value1());
                if (c != null) {
                    String key = r.value2() + "|" + r.value3();
                    c.optedIn().add(keys.computeIfAbsent(key, k -> k));
                }
            }
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            position.put(items.get(i).id(), i);
        }
        Map<String, Map<String, Integer>> refs = new HashMap<>();
        dsl.select(CONTENT_REFERENCE.KIND, CONTENT_REFERENCE.VALUE_KEY, CONTENT_REFERENCE.ITEM_ID).from(CONTENT_REFERENCE)
                .forEach(r -> {
                    Integer p = position.get(r.value3());
                    if (p != null) {
                        refs.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), p);
                    }
                });
        // an item's own page names it too: a click on it is an interaction with it
        for (int i = 0; i < items.size(); i++) {
            String page = Interactions.key(ContentItem.Reference.REFERENCE, items.get(i).url());
            if (page != null) {
                refs.computeIfAbsent(ContentItem.Reference.REFERENCE, k -> new HashMap<>()).putIfAbsent(page, i);
            }
        }
        Map<String, Integer> byCampaign = refs.getOrDefault(ContentItem.Reference.CAMPAIGN, Map.of());
        Map<String, Integer> byReference = refs.getOrDefault(ContentItem.Reference.REFERENCE, Map.of());
        Map<String, Integer> campaignCache = new HashMap<>();
        Map<String, Integer> channelIndex = new HashMap<>();
        try (var cursor = dsl.select(EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT, EVENT.CAMPAIGN,
                        EVENT.EXTERNAL_REF, EVENT.CHANNEL).from(EVENT)
                .where(EVENT.CAMPAIGN.isNotNull().or(EVENT.EXTERNAL_REF.isNotNull())
                        .or(EVENT.EVENT_TYPE.like("%\\_opened").or(EVENT.EVENT_TYPE.like("%\\_clicked"))))
                .fetchSize(10_000).fetchLazy()) {
            for (var r : cursor) {
                Contact c = a.contacts.get(r.value1());
                if (c == null) {
                    continue;
                }
                String type = r.value2();
                long at = r.value3().toInstant().toEpochMilli();
                Integer item = null;
                if (r.value4() != null) {
                    item = campaignCache.computeIfAbsent(r.value4(), v -> byCampaign.getOrDefault(
                            Interactions.key(ContentItem.Reference.CAMPAIGN, v), -1));
                }
                if ((item == null || item < 0) && r.value5() != null && !byReference.isEmpty()) {
                    item = byReference.get(Interactions.key(ContentItem.Reference.REFERENCE, r.value5()));
                }
                if (item != null && item >= 0) {
                    c.touches().add(new Recommender.Touch(item, type, Interactions.strength(type), at));
                }
                if (Interactions.isResponse(type)) {
                    String channel = r.value6() != null && !r.value6().isBlank() ? r.value6()
                            : type.substring(0, type.indexOf('_'));
                    int ci = channelIndex.computeIfAbsent(channel, k -> {
                        a.channels.add(k);
                        return a.channels.size() - 1;
                    });
                    ZonedDateTime local = r.value3().atZoneSameInstant(zone);
                    int slot = (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
                    a.responses.computeIfAbsent(c.id(), k -> new ArrayList<>(4)).add(ci << 8 | slot);
                }
            }
        }
        return a;
    }

    /** Everyone as the recommender sees them. */
    List<Recommender.Person> people() {
        List<Recommender.Person> people = new ArrayList<>(contacts.size());
        for (Contact c : contacts.values()) {
            people.add(person(c));
        }
        return people;
    }

    static Recommender.Person person(Contact c) {
        return new Recommender.Person(c.id(), Recommender.engagement(c.touches()), c.language(), c.optedIn(),
                c.contactable());
    }
}
