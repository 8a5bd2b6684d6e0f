package org.registro.contact;

import java.time.Instant;

/** One row of the contacts table. */
public record ContactSummary(long id, String firstName, String lastName, String email, String phone, String city,
                             String country, Instant createdAt, Instant updatedAt) {

    /** "Kelley, Masha", or whichever part is known. */
    public String displayName() {
        return ContactSummary.displayName(firstName, lastName);
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
