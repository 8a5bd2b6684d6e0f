package org.registro.contact;

import static org.registro.contact.ContactService.instant;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.TAG;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Rows of the contacts table for given ids, and the figures of its marketer columns ({@link ContactFacts}) for a
 * page of them: a few indexed reads per page, whatever the workspace's size.
 */
final class ContactRows {

    private ContactRows() {
    }

    /** The contact columns a row of the table shows. */
    static final List<Field<?>> COLUMNS = List.of(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL,
            CONTACT.PHONE, CONTACT.CITY, CONTACT.COUNTRY, CONTACT.CREATED_AT, CONTACT.UPDATED_AT);

    /** A row of the table from a record holding {@link #COLUMNS}, its facts not yet read. */
    static ContactSummary summary(org.jooq.Record r) {
        return new ContactSummary(r.get(CONTACT.ID), r.get(CONTACT.FIRST_NAME), r.get(CONTACT.LAST_NAME),
                r.get(CONTACT.EMAIL), r.get(CONTACT.PHONE), r.get(CONTACT.CITY), r.get(CONTACT.COUNTRY),
                instant(r.get(CONTACT.CREATED_AT)), instant(r.get(CONTACT.UPDATED_AT)), null);
    }

    /** The contacts with these ids, in the order given (ids not found are left out), with their facts. */
    static List<ContactSummary> read(DSLContext dsl, long[] ids) {
        List<Long> wanted = new ArrayList<>(ids.length);
        for (long id : ids) {
            wanted.add(id);
        }
        Map<Long, ContactSummary> found = new HashMap<>();
        dsl.select(COLUMNS).from(CONTACT).where(CONTACT.ID.in(wanted)).fetch()
                .forEach(r -> found.put(r.get(CONTACT.ID), summary(r)));
        List<ContactSummary> rows = new ArrayList<>(ids.length);
        for (long id : ids) {
            ContactSummary row = found.get(id);
            if (row != null) {
                rows.add(row);
            }
        }
        return withFacts(dsl, rows);
    }

    /** The rows with their facts read. */
    static List<ContactSummary> withFacts(DSLContext dsl, List<ContactSummary> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        List<Long> ids = rows.stream().map(ContactSummary::id).toList();
        Map<Long, ContactFacts> facts = facts(dsl, ids);
        return rows.stream().map(r -> r.with(facts.getOrDefault(r.id(), ContactFacts.NONE))).toList();
    }

    /** The facts of each contact (at most a page of them). */
    static Map<Long, ContactFacts> facts(DSLContext dsl, List<Long> ids) {
        Field<Boolean> gift = EVENT.EVENT_TYPE.eq(ContactFacts.GIFT);
        var given = DSL.sum(DSL.when(gift, EVENT.AMOUNT));
        var gifts = DSL.count(DSL.when(gift, DSL.inline(1)));
        var lastGift = DSL.max(DSL.when(gift, EVENT.OCCURRED_AT));
        var lastActivity = DSL.max(EVENT.OCCURRED_AT);
        record Activity(BigDecimal given, int gifts, OffsetDateTime lastGift, OffsetDateTime last) {
        }
        Map<Long, Activity> activity = new HashMap<>();
        dsl.select(EVENT.CONTACT_ID, given, gifts, lastGift, lastActivity).from(EVENT)
                .where(EVENT.CONTACT_ID.in(ids)).groupBy(EVENT.CONTACT_ID).fetch()
                .forEach(r -> activity.put(r.value1(), new Activity(r.value2(), r.value3(), r.value4(), r.value5())));
        Map<Long, List<String>> tags = new HashMap<>();
        dsl.select(CONTACT_TAG.CONTACT_ID, TAG.NAME).from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .where(CONTACT_TAG.CONTACT_ID.in(ids)).orderBy(TAG.NAME_KEY).fetch()
                .forEach(r -> tags.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        Map<Long, Map<String, String>> consent = new HashMap<>();
        dsl.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.STATUS).from(CONSENT_STATE)
                .where(CONSENT_STATE.CONTACT_ID.in(ids)).and(CONSENT_STATE.TOPIC.eq("")).fetch()
                .forEach(r -> consent.computeIfAbsent(r.value1(), k -> new LinkedHashMap<>()).put(r.value2(), r.value3()));
        Map<Long, ContactFacts> facts = new HashMap<>();
        for (long id : ids) {
            Activity a = activity.get(id);
            facts.put(id, new ContactFacts(a == null || a.given() == null ? BigDecimal.ZERO : a.given().stripTrailingZeros(),
                    a == null ? 0 : a.gifts(), a == null ? null : instant(a.lastGift()),
                    a == null ? null : instant(a.last()), tags.getOrDefault(id, List.of()),
                    consent.getOrDefault(id, Map.of())));
        }
        return facts;
    }
}
