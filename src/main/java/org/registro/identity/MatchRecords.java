package org.registro.identity;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.SortedByContact;
import org.registro.contact.ContactService;
import org.registro.contact.Emails;

/** Reads contacts as duplicate detection compares them ({@link MatchRecord}). */
final class MatchRecords {

    private MatchRecords() {
    }

    /** The active contacts as match records, with every valid email and phone they are known by. */
    static List<MatchRecord> all(DSLContext dsl, Progress progress) {
        List<MatchRecord> records = new ArrayList<>();
        try (SortedByContact<Record3<Long, String, String>> ids = new SortedByContact<>(
                     dsl.select(IDENTIFIER.CONTACT_ID, IDENTIFIER.KIND, IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                             .where(IDENTIFIER.KIND.in(ContactService.KIND_EMAIL, ContactService.KIND_PHONE)
                                     .and(IDENTIFIER.IS_VALID.isTrue()))
                             .orderBy(IDENTIFIER.CONTACT_ID, IDENTIFIER.IS_PRIMARY.desc(), IDENTIFIER.ID)
                             .fetchSize(5_000).fetchLazy());
             var contacts = dsl.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL, CONTACT.PHONE,
                             CONTACT.BIRTH_DATE, CONTACT.STREET, CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.COUNTRY)
                     .from(CONTACT).where(CONTACT.STATUS.notIn("erased", "merged")).orderBy(CONTACT.ID)
                     .fetchSize(5_000).fetchLazy()) {
            for (var r : contacts) {
                long id = r.value1();
                Set<String> emails = new LinkedHashSet<>(2);
                Set<String> phones = new LinkedHashSet<>(2);
                if (r.value4() != null && !r.value4().isBlank()) {
                    emails.add(Emails.normalize(r.value4()));
                }
                if (r.value5() != null && !r.value5().isBlank()) {
                    phones.add(r.value5());
                }
                for (Record3<Long, String, String> i : ids.take(id)) {
                    (ContactService.KIND_EMAIL.equals(i.value2()) ? emails : phones).add(i.value3());
                }
                records.add(new MatchRecord(id, r.value2(), r.value3(), List.copyOf(emails), List.copyOf(phones),
                        r.value6(), r.value7(), r.value8(), r.value9(), r.value10()));
                if (records.size() % 20_000 == 0) {
                    progress.checkCancelled();
                    progress.update(records.size(), -1, Messages.get("dedupe.progress.reading"));
                }
            }
        }
        return records;
    }

    /** Those of {@code ids} that are active contacts, as match records, by id. */
    static Map<Long, MatchRecord> some(DSLContext dsl, Collection<Long> ids) {
        Map<Long, MatchRecord> records = new HashMap<>();
        List<Long> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 1_000) {
            List<Long> chunk = all.subList(i, Math.min(all.size(), i + 1_000));
            Map<Long, Set<String>> emails = new HashMap<>();
            Map<Long, Set<String>> phones = new HashMap<>();
            var contacts = dsl.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL, CONTACT.PHONE,
                            CONTACT.BIRTH_DATE, CONTACT.STREET, CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.COUNTRY)
                    .from(CONTACT).where(CONTACT.ID.in(chunk).and(CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE)))
                    .fetch();
            for (var r : contacts) {
                Set<String> e = emails.computeIfAbsent(r.value1(), k -> new LinkedHashSet<>(2));
                Set<String> ph = phones.computeIfAbsent(r.value1(), k -> new LinkedHashSet<>(2));
                if (r.value4() != null && !r.value4().isBlank()) {
                    e.add(Emails.normalize(r.value4()));
                }
                if (r.value5() != null && !r.value5().isBlank()) {
                    ph.add(r.value5());
                }
            }
            dsl.select(IDENTIFIER.CONTACT_ID, IDENTIFIER.KIND, IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                    .where(IDENTIFIER.CONTACT_ID.in(chunk).and(IDENTIFIER.IS_VALID.isTrue())
                            .and(IDENTIFIER.KIND.in(ContactService.KIND_EMAIL, ContactService.KIND_PHONE)))
                    .orderBy(IDENTIFIER.CONTACT_ID, IDENTIFIER.IS_PRIMARY.desc(), IDENTIFIER.ID)
                    .forEach(id -> {
                        Set<String> to = (ContactService.KIND_EMAIL.equals(id.value2()) ? emails : phones)
                                .get(id.value1());
                        if (to != null) {
                            to.add(id.value3());
                        }
                    });
            for (var r : contacts) {
                long id = r.value1();
                records.put(id, new MatchRecord(id, r.value2(), r.value3(), List.copyOf(emails.get(id)),
                        List.copyOf(phones.get(id)), r.value6(), r.value7(), r.value8(), r.value9(), r.value10()));
            }
        }
        return records;
    }

    /** One active contact as a match record. */
    static Optional<MatchRecord> one(DSLContext dsl, long id) {
        var r = dsl.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL, CONTACT.PHONE,
                CONTACT.BIRTH_DATE, CONTACT.STREET, CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.COUNTRY,
                CONTACT.STATUS).from(CONTACT).where(CONTACT.ID.eq(id)).fetchOne();
        if (r == null || !ContactService.STATUS_ACTIVE.equals(r.value11())) {
            return Optional.empty();
        }
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        if (r.value4() != null && !r.value4().isBlank()) {
            emails.add(Emails.normalize(r.value4()));
        }
        if (r.value5() != null && !r.value5().isBlank()) {
            phones.add(r.value5());
        }
        dsl.select(IDENTIFIER.KIND, IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                .where(IDENTIFIER.CONTACT_ID.eq(id).and(IDENTIFIER.IS_VALID.isTrue())
                        .and(IDENTIFIER.KIND.in(ContactService.KIND_EMAIL, ContactService.KIND_PHONE)))
                .orderBy(IDENTIFIER.IS_PRIMARY.desc(), IDENTIFIER.ID)
                .forEach(i -> (ContactService.KIND_EMAIL.equals(i.value1()) ? emails : phones).add(i.value2()));
        return Optional.of(new MatchRecord(id, r.value2(), r.value3(), List.copyOf(emails), List.copyOf(phones),
                r.value6(), r.value7(), r.value8(), r.value9(), r.value10()));
    }

}
