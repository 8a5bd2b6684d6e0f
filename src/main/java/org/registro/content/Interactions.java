package org.registro.content;

import java.util.Locale;
import java.util.Map;
import org.registro.common.TextKeys;

/**
 * How strongly an event says a person engaged with the item it points at, and how references are compared. An
 * email sent, a bounce or an unsubscribe is no engagement; an open is a little, a click more; giving, buying,
 * signing up or volunteering is doing it.
 */
public final class Interactions {

    /** Strength from which an interaction counts as having done the item (not only read about it). */
    public static final double DONE = 3;

    private static final Map<String, Double> STRENGTH = Map.ofEntries(
            Map.entry("donation", 5.0), Map.entry("purchase", 4.0), Map.entry("event_signup", 4.0),
            Map.entry("event_attended", 5.0), Map.entry("volunteer_signup", 4.0), Map.entry("petition_signed", 4.0),
            Map.entry("email_clicked", 2.0), Map.entry("sms_clicked", 2.0), Map.entry("page_view", 1.0),
            Map.entry("email_opened", 1.0), Map.entry("email_sent", 0.0), Map.entry("email_bounced", 0.0),
            Map.entry("email_unsubscribed", 0.0), Map.entry("email_complained", 0.0), Map.entry("sms_sent", 0.0));

    private Interactions() {
    }

    /** The strength of an event of this type (another type of activity: 1). */
    public static double strength(String eventType) {
        return eventType == null ? 0 : STRENGTH.getOrDefault(eventType.strip().toLowerCase(Locale.ROOT), 1.0);
    }

    /** Event types that are a response on a channel: when and where a person reads and acts. */
    public static boolean isResponse(String eventType) {
        return eventType != null && (eventType.endsWith("_opened") || eventType.endsWith("_clicked"));
    }

    /**
     * The form a reference is compared in: campaign names folded (case, accents, spaces); URLs also without
     * scheme, "www.", query string, fragment and trailing slash (the tracking parameters differ per send).
     */
    public static String key(String kind, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (ContentItem.Reference.REFERENCE.equals(kind)) {
            v = v.replaceFirst("(?i)^[a-z][a-z0-9+.-]*://", "");
            v = v.replaceFirst("(?i)^www\\.", "");
            int cut = indexOfAny(v, '?', '#');
            if (cut >= 0) {
                v = v.substring(0, cut);
            }
            while (v.endsWith("/")) {
                v = v.substring(0, v.length() - 1);
            }
        }
        String folded = TextKeys.fold(v);
        return folded == null || folded.isBlank() ? null
                : folded.length() > 500 ? folded.substring(0, 500) : folded;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
