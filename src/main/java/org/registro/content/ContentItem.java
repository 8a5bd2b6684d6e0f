package org.registro.content;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Something the organization offers a person: news, a cause or appeal, an event, a volunteering call, a product
 * or an offer. {@code topics} are preference-centre topic codes; {@code channels} the channels it suits (empty:
 * every one); {@code references} how imported activity names it (campaign names, causes, event names, URLs).
 * {@code commercial} items are marketing: offered only to people with an opt-in for one of their topics.
 * {@code repeatable} false: who did it once (signed up for the event) is never offered it again.
 */
public record ContentItem(Long id, String key, String kind, String title, String summary, String url,
                          String language, boolean commercial, boolean repeatable, LocalDate startsOn,
                          LocalDate endsOn, List<String> topics, List<String> tags, List<String> channels,
                          List<Reference> references, boolean archived) {

    /** The kinds of item, as stored. */
    public static final List<String> KINDS = List.of("news", "cause", "appeal", "event", "volunteering", "product",
            "offer");

    /** How imported activity names an item: an event's campaign, or its reference (a URL or an id). */
    public record Reference(String kind, String value) {
        public static final String CAMPAIGN = "campaign";
        public static final String REFERENCE = "reference";
        public static final Set<String> KINDS = Set.of(CAMPAIGN, REFERENCE);
    }

    public ContentItem {
        topics = List.copyOf(topics);
        tags = List.copyOf(tags);
        channels = List.copyOf(channels);
        references = List.copyOf(references);
        language = language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether it may be offered on {@code day}: not archived, and within its dates. */
    public boolean activeOn(LocalDate day) {
        return !archived && (startsOn == null || !day.isBefore(startsOn)) && (endsOn == null || !day.isAfter(endsOn));
    }

    /** Whether it suits {@code channel} (no channels listed: every one). */
    public boolean suits(String channel) {
        return channels.isEmpty() || channels.contains(channel);
    }
}
