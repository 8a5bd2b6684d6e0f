package org.registro.export;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One contact as an export reads it: the fields a column may ask for, its tags and custom values. */
public record ExportRow(long id, String email, String firstName, String lastName, String phone, LocalDate birthDate,
                        String gender, String language, String organization, String jobTitle, String street,
                        String postalCode, String city, String region, String country, List<String> tags,
                        Map<String, String> custom, OffsetDateTime consentSince, Next next) {

    /**
     * What to offer the person next, from the last refresh of recommendations: the first items' titles and URLs,
     * and their best channel and moment (null when unknown); and, on a journey's list of the best item for each
     * person, the item chosen for them ({@code item} and {@code itemUrl}, empty otherwise).
     */
    public record Next(List<String> titles, List<String> urls, Integer weekday, Integer hour, String channel,
                       String item, String itemUrl) {
        public static final Next NONE = new Next(List.of(), List.of(), null, null, null, "", "");

        Next withItem(String title, String url) {
            return new Next(titles, urls, weekday, hour, channel, title, url);
        }

        String title(int rank) {
            return rank <= titles.size() ? titles.get(rank - 1) : "";
        }

        String url(int rank) {
            return rank <= urls.size() ? urls.get(rank - 1) : "";
        }
    }

    /** The row without recommendations (what most exports read). */
    public ExportRow(long id, String email, String firstName, String lastName, String phone, LocalDate birthDate,
                     String gender, String language, String organization, String jobTitle, String street,
                     String postalCode, String city, String region, String country, List<String> tags,
                     Map<String, String> custom, OffsetDateTime consentSince) {
        this(id, email, firstName, lastName, phone, birthDate, gender, language, organization, jobTitle, street,
                postalCode, city, region, country, tags, custom, consentSince, Next.NONE);
    }
}
