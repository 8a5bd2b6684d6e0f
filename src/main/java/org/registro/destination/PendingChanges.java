package org.registro.destination;

import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.DESTINATION_TOLD;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.PRIVACY_REQUEST;
import static org.registro.db.Tables.VALUE_HISTORY;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.consent.Consent;
import org.registro.consent.PrivacyService;
import org.registro.contact.ContactService;
import org.registro.contact.Emails;

/**
 * What one destination has not heard: for every address it was last told is on its list (or unsubscribed, or
 * cleaned: the tool still holds it), the status Registro's record now calls for, when that differs. In order of
 * seriousness ({@link Reason}): an erased person is deleted; a bounced address is cleaned; a complaint, a
 * restriction or a withdrawal (from email, or from the destination's topic) unsubscribes; an address that is no
 * longer the person's is deleted and their address now subscribed in its place, when they may be emailed; a
 * double opt-in the tool was told is pending, once confirmed, subscribes.
 */
final class PendingChanges {

    private static final int CHUNK = 1_000;
    /** A contact erased on request or by retention (its row stays, emptied). */
    private static final String ERASED = "erased";

    /** What the destination knows about an address: the newest row told. */
    record Known(String email, long contactId, String status, OffsetDateTime toldAt) {
    }

    private record Person(long id, String status, Long mergedInto, boolean doNotContact, OffsetDateTime updatedAt,
                          String firstName, String lastName, String email) {
    }

    private record Address(long contactId, boolean valid, OffsetDateTime bouncedAt) {
    }

    private record State(String status, String method, OffsetDateTime recordedAt) {
    }

    private final DSLContext dsl;
    private final Destination destination;

    PendingChanges(DSLContext dsl, Destination destination) {
        this.dsl = dsl;
        this.destination = destination;
    }

    /** Every address the destination was told about, with what it was last told (deleted ones left out). */
    static Map<String, Known> known(DSLContext dsl, long destinationId) {
        var t = DESTINATION_TOLD;
        var latest = DSL.select(DSL.max(t.ID)).from(t).where(t.DESTINATION_ID.eq(destinationId)).groupBy(t.EMAIL);
        Map<String, Known> known = new LinkedHashMap<>();
        dsl.select(t.EMAIL, t.CONTACT_ID, t.STATUS, t.TOLD_AT).from(t).where(t.ID.in(latest)).orderBy(t.ID)
                .forEach(r -> known.put(r.value1(), new Known(r.value1(), r.value2(), r.value3(), r.value4())));
        return known;
    }

    /** What the destination knows about these addresses (those it was told about). */
    static Map<String, Known> known(DSLContext dsl, long destinationId, java.util.Collection<String> emails) {
        var t = DESTINATION_TOLD;
        Map<String, Known> known = new HashMap<>();
        List<String> all = new ArrayList<>(new HashSet<>(emails));
        for (int i = 0; i < all.size(); i += CHUNK) {
            var latest = DSL.select(DSL.max(t.ID)).from(t).where(t.DESTINATION_ID.eq(destinationId)
                    .and(t.EMAIL.in(all.subList(i, Math.min(all.size(), i + CHUNK))))).groupBy(t.EMAIL);
            dsl.select(t.EMAIL, t.CONTACT_ID, t.STATUS, t.TOLD_AT).from(t).where(t.ID.in(latest))
                    .forEach(r -> known.put(r.value1(), new Known(r.value1(), r.value2(), r.value3(), r.value4())));
        }
        return known;
    }

    List<Change> changes() {
        Map<String, Known> known = known(dsl, destination.id());
        known.values().removeIf(k -> Told.DELETED.equals(k.status()));
        Map<Long, Person> people = people(known.values().stream().map(Known::contactId).toList());
        Map<Long, Person> resolved = new HashMap<>();
        for (Known k : known.values()) {
            resolved.put(k.contactId(), follow(people, k.contactId()));
        }
        Set<Long> ids = new HashSet<>();
        resolved.values().forEach(p -> ids.add(p.id()));
        Map<String, Address> addresses = addresses(known.keySet());
        Map<Long, State> channel = states(ids, "");
        Map<Long, State> topic = destination.topic() == null ? Map.of() : states(ids, destination.topic());
        Map<Long, OffsetDateTime> restricted = restrictions(resolved.values().stream()
                .filter(Person::doNotContact).map(Person::id).toList());
        Map<String, OffsetDateTime> replaced = replacedEmails(ids);

        List<Change> changes = new ArrayList<>();
        Map<Long, Person> correctedPeople = new LinkedHashMap<>();
        for (Known k : known.values()) {
            Person p = resolved.get(k.contactId());
            Change change = change(k, p, addresses.get(k.email()), channel.get(p.id()), topic.get(p.id()),
                    restricted.get(p.id()), replaced.get(p.id() + " " + k.email()));
            if (change != null) {
                changes.add(change);
                if (change.reason() == Reason.CORRECTED) {
                    correctedPeople.put(p.id(), p);
                }
            }
        }
        // the address a corrected person has now, when they may be emailed and the tool does not send to it yet
        for (Person p : correctedPeople.values()) {
            String now = p.email() == null ? null : Emails.normalize(p.email());
            Known there = now == null ? null : known.get(now);
            if (now != null && (there == null || !Told.sends(there.status()))
                    && mayEmail(p, channel.get(p.id()), topic.get(p.id()))) {
                changes.add(new Change(p.id(), now, Told.SUBSCRIBED, Reason.CORRECTED, instant(p.updatedAt()),
                        p.firstName(), p.lastName()));
            }
        }
        changes.sort(Comparator.comparing(Change::reason).thenComparing(Change::since,
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Change::email));
        return changes;
    }

    /** The change one known address needs, or null when the tool is right. */
    private Change change(Known k, Person p, Address address, State channel, State topic,
                          OffsetDateTime restrictedAt, OffsetDateTime replacedAt) {
        boolean sends = Told.sends(k.status());
        if (ERASED.equals(p.status())) {
            return change(k, p, Reason.ERASURE, p.updatedAt());
        }
        if (!sends) {
            return null; // unsubscribed or cleaned: only an erasure is still news to the tool
        }
        if (address != null && address.bouncedAt() != null) {
            return change(k, p, Reason.BOUNCE, address.bouncedAt());
        }
        State withdrawn = withdrawn(channel) ? channel : withdrawn(topic) ? topic : null;
        if (withdrawn != null && Consent.METHOD_BOUNCE.equals(withdrawn.method())) {
            return change(k, p, Reason.BOUNCE, withdrawn.recordedAt());
        }
        if (withdrawn != null && Consent.METHOD_COMPLAINT.equals(withdrawn.method())) {
            return change(k, p, Reason.COMPLAINT, withdrawn.recordedAt());
        }
        if (p.doNotContact()) {
            return change(k, p, Reason.RESTRICTION, restrictedAt != null ? restrictedAt : p.updatedAt());
        }
        if (withdrawn != null) {
            return change(k, p, Reason.WITHDRAWAL, withdrawn.recordedAt());
        }
        if (address == null || address.contactId() != p.id() || !address.valid()) {
            return change(k, p, Reason.CORRECTED, p.updatedAt());
        }
        if (replacedAt != null && replacedAt.isAfter(k.toldAt()) && p.email() != null
                && !Emails.normalize(p.email()).equals(k.email())) {
            return change(k, p, Reason.CORRECTED, replacedAt); // the person's address changed since
        }
        if (Told.PENDING.equals(k.status())) {
            State confirmed = allows(topic) ? topic : allows(channel) ? channel : null;
            if (confirmed != null && Consent.CONFIRMED.equals(confirmed.status())) {
                return change(k, p, Reason.CONFIRMED, confirmed.recordedAt());
            }
        }
        return null;
    }

    private static Change change(Known k, Person p, Reason reason, OffsetDateTime since) {
        return new Change(p.id(), k.email(), reason.status(), reason, instant(since), p.firstName(), p.lastName());
    }

    private boolean mayEmail(Person p, State channel, State topic) {
        if (!ContactService.STATUS_ACTIVE.equals(p.status()) || p.doNotContact() || withdrawn(channel)) {
            return false;
        }
        return destination.topic() == null ? allows(channel) : allows(topic) || allows(channel) && topic == null;
    }

    private static boolean withdrawn(State s) {
        return s != null && Consent.WITHDRAWN.equals(s.status());
    }

    private static boolean allows(State s) {
        return s != null && Consent.allows(s.status());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** A merged record's survivor, through any number of merges. */
    private static Person follow(Map<Long, Person> people, long id) {
        Person p = people.get(id);
        for (int hops = 0; p != null && p.mergedInto() != null && hops < 100; hops++) {
            Person next = people.get(p.mergedInto());
            if (next == null) {
                break;
            }
            p = next;
        }
        return p;
    }

    private Map<Long, Person> people(List<Long> ids) {
        Map<Long, Person> people = new HashMap<>();
        Set<Long> wanted = new HashSet<>(ids);
        while (!wanted.isEmpty()) {
            Set<Long> next = new HashSet<>();
            List<Long> all = new ArrayList<>(wanted);
            for (int i = 0; i < all.size(); i += CHUNK) {
                dsl.select(CONTACT.ID, CONTACT.STATUS, CONTACT.MERGED_INTO_ID, CONTACT.DO_NOT_CONTACT,
                                CONTACT.UPDATED_AT, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL)
                        .from(CONTACT).where(CONTACT.ID.in(all.subList(i, Math.min(all.size(), i + CHUNK))))
                        .forEach(r -> {
                            people.put(r.value1(), new Person(r.value1(), r.value2(), r.value3(),
                                    Boolean.TRUE.equals(r.value4()), r.value5(), r.value6(), r.value7(), r.value8()));
                            if (r.value3() != null && !people.containsKey(r.value3())) {
                                next.add(r.value3());
                            }
                        });
            }
            next.removeAll(people.keySet());
            wanted = next;
        }
        return people;
    }

    private Map<String, Address> addresses(Set<String> emails) {
        Map<String, Address> addresses = new HashMap<>();
        List<String> all = new ArrayList<>(emails);
        for (int i = 0; i < all.size(); i += CHUNK) {
            dsl.select(IDENTIFIER.VALUE_NORM, IDENTIFIER.CONTACT_ID, IDENTIFIER.IS_VALID, IDENTIFIER.BOUNCED_AT)
                    .from(IDENTIFIER).where(IDENTIFIER.KIND.eq(ContactService.KIND_EMAIL)
                            .and(IDENTIFIER.VALUE_NORM.in(all.subList(i, Math.min(all.size(), i + CHUNK)))))
                    .forEach(r -> addresses.put(r.value1(), new Address(r.value2(), Boolean.TRUE.equals(r.value3()),
                            r.value4())));
        }
        return addresses;
    }

    private Map<Long, State> states(Set<Long> ids, String topic) {
        Map<Long, State> states = new HashMap<>();
        List<Long> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += CHUNK) {
            dsl.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.STATUS, CONSENT_STATE.METHOD, CONSENT_EVENT.RECORDED_AT)
                    .from(CONSENT_STATE).join(CONSENT_EVENT).on(CONSENT_EVENT.ID.eq(CONSENT_STATE.EVENT_ID))
                    .where(CONSENT_STATE.CHANNEL.eq("email").and(CONSENT_STATE.TOPIC.eq(topic))
                            .and(CONSENT_STATE.CONTACT_ID.in(all.subList(i, Math.min(all.size(), i + CHUNK)))))
                    .forEach(r -> states.put(r.value1(), new State(r.value2(), r.value3(), r.value4())));
        }
        return states;
    }

    /** When each person's main address was replaced, by "contact address" (the address replaced). */
    private Map<String, OffsetDateTime> replacedEmails(Set<Long> ids) {
        Map<String, OffsetDateTime> replaced = new HashMap<>();
        List<Long> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += CHUNK) {
            dsl.select(VALUE_HISTORY.CONTACT_ID, VALUE_HISTORY.OLD_VALUE, VALUE_HISTORY.CHANGED_AT).from(VALUE_HISTORY)
                    .where(VALUE_HISTORY.FIELD_KEY.eq("email").and(VALUE_HISTORY.OLD_VALUE.isNotNull())
                            .and(VALUE_HISTORY.CONTACT_ID.in(all.subList(i, Math.min(all.size(), i + CHUNK)))))
                    .forEach(r -> replaced.merge(r.value1() + " " + Emails.normalize(r.value2()), r.value3(),
                            (a, b) -> a.isAfter(b) ? a : b));
        }
        return replaced;
    }

    private Map<Long, OffsetDateTime> restrictions(List<Long> ids) {
        Map<Long, OffsetDateTime> since = new HashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            dsl.select(PRIVACY_REQUEST.CONTACT_ID, DSL.max(PRIVACY_REQUEST.COMPLETED_AT)).from(PRIVACY_REQUEST)
                    .where(PRIVACY_REQUEST.KIND.eq(PrivacyService.RESTRICTION)
                            .and(PRIVACY_REQUEST.CONTACT_ID.in(ids.subList(i, Math.min(ids.size(), i + CHUNK)))))
                    .groupBy(PRIVACY_REQUEST.CONTACT_ID)
                    .forEach(r -> since.put(r.value1(), r.value2()));
        }
        return since;
    }
}
