package org.registro.contact;

import java.time.LocalDate;
import java.util.List;

/**
 * What a user types to create or edit a contact by hand. Blank strings mean "no value".
 * Email and phone are the primary ones; further identifiers are managed on the profile.
 */
public record ContactDraft(String firstName, String lastName, String email, String phone, LocalDate birthDate,
                           String organization, String jobTitle, String street, String postalCode, String city,
                           String region, String country, String language, List<String> tags) {

    public ContactDraft {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A draft with just a name and an email, for tests and quick adds. */
    public static ContactDraft of(String firstName, String lastName, String email) {
        return new ContactDraft(firstName, lastName, email, null, null, null, null, null, null, null, null, null,
                null, List.of());
    }

    public ContactDraft withPhone(String newPhone) {
        return new ContactDraft(firstName, lastName, email, newPhone, birthDate, organization, jobTitle, street,
                postalCode, city, region, country, language, tags);
    }

    public ContactDraft withTags(List<String> newTags) {
        return new ContactDraft(firstName, lastName, email, phone, birthDate, organization, jobTitle, street,
                postalCode, city, region, country, language, newTags);
    }

    public ContactDraft withAddress(String newStreet, String newPostalCode, String newCity, String newCountry) {
        return new ContactDraft(firstName, lastName, email, phone, birthDate, organization, jobTitle, newStreet,
                newPostalCode, newCity, region, newCountry, language, tags);
    }
}
