package org.registro.contact;

import java.time.Instant;

/** One row of the contacts table, with the figures its marketer columns show. */
public record ContactSummary(long id, String firstName, String lastName, String email, String phone, String city,
                             String country, Instant createdAt, Instant updatedAt, ContactFacts facts) {

    public ContactSummary {
        facts = facts == null ? ContactFacts.NONE : facts;
    }

    /** "Kelley, Masha", or whichever part is known. */
    public String displayName() {
        return ContactSummary.displayName(firstName, lastName);
    }

    ContactSummary with(ContactFacts known) {
        return new ContactSummary(id, firstName, lastName, email, phone, city, country, createdAt, updatedAt, known);
    }

    public static String displayName(String first, String last) {
        boolean hasFirst = first != null && !first.isBlank();
        boolean hasLast = last != null && !last.isBlank();
        if (hasFirst && hasLast) {
            return first + " " + last;
        }
        return hasFirst ? first : hasLast ? last : "";
    }
}
