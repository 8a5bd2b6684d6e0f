package org.registro.export;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One contact as an export reads it: the fields a column may ask for, its tags and custom values. */
public record ExportRow(long id, String email, String firstName, String lastName, String phone, LocalDate birthDate,
                        String gender, String language, String organization, String jobTitle, String street,
                        String postalCode, String city, String region, String country, List<String> tags,
                        Map<String, String> custom, OffsetDateTime consentSince) {
}
