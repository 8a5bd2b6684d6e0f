package org.registro.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Email tools' campaign activity: who was sent, opened, clicked, bounced or unsubscribed, and when. Each row
 * becomes an event on the person with that email ({@code email_sent}, {@code email_opened}, {@code email_clicked},
 * {@code email_bounced}, {@code email_unsubscribed}, {@code email_complained}) about the campaign, so journeys can
 * wait for an open and goals and A/B results work from real activity.
 *
 * <p>Shapes recognised:
 * <ul>
 *   <li>Mailchimp, one row per action as its Marketing API reports a campaign's email activity and as tools that
 *       copy it write it: {@code email_address}, {@code action} (open, click, bounce), {@code timestamp} (ISO 8601),
 *       {@code url} (clicks), {@code type} (hard or soft bounce), {@code campaign_id};</li>
 *   <li>Mailchimp's account export, {@code granular_activity/opens|clicks/<campaign>.csv}: {@code Email},
 *       {@code Timestamp} and, for clicks, {@code Url}; the action comes from the folder or file name;</li>
 *   <li>Brevo's marketing events (webhook calls and the weekly raw-event export): {@code email}, {@code event}
 *       (opened, click, hard_bounce, soft_bounce, unsubscribe, delivered, spam…), {@code ts_event} (UTC, Unix
 *       seconds; else {@code date_event}, in the account's time zone), {@code campaign name}, {@code URL}.</li>
 * </ul>
 * A file that does not name its campaign takes the campaign (the message's name in the journey) from the import
 * ({@link ImportMapping#eventCampaign()}). Mailchimp's report lists (Opened, Clicked… then Export) carry neither
 * times nor the campaign and are not activity files: their people import as an audience.
 */
final class ActivityPresets {

    static final String MAILCHIMP = "mailchimp-activity";
    static final String BREVO = "brevo-activity";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("open", "email_opened"), Map.entry("opened", "email_opened"), Map.entry("opens", "email_opened"),
            Map.entry("unique_opened", "email_opened"), Map.entry("first opening", "email_opened"),
            Map.entry("proxy_open", "email_proxy_opened"), Map.entry("loadedbyproxy", "email_proxy_opened"),
            Map.entry("click", "email_clicked"), Map.entry("clicks", "email_clicked"),
            Map.entry("clicked", "email_clicked"),
            Map.entry("bounce", "email_bounced"), Map.entry("bounced", "email_bounced"),
            Map.entry("hard_bounce", "email_bounced"), Map.entry("soft_bounce", "email_bounced"),
            Map.entry("hardbounces", "email_bounced"), Map.entry("softbounces", "email_bounced"),
            Map.entry("hard bounced", "email_bounced"), Map.entry("soft bounced", "email_bounced"),
            Map.entry("unsubscribe", "email_unsubscribed"), Map.entry("unsubscribed", "email_unsubscribed"),
            Map.entry("unsub", "email_unsubscribed"),
            Map.entry("sent", "email_sent"), Map.entry("requests", "email_sent"), Map.entry("delivered", "email_sent"),
            Map.entry("spam", "email_complained"), Map.entry("complaint", "email_complained"),
            Map.entry("abuse", "email_complained"), Map.entry("marked as spam", "email_complained"));

    private ActivityPresets() {
    }

    static boolean isActivity(String preset) {
        return MAILCHIMP.equals(preset) || BREVO.equals(preset);
    }

    /** An email tool's word for an action as our event type; a word we do not know stays as it is. */
    static String eventType(String raw) {
        if (raw == null) {
            return null;
        }
        return TYPES.getOrDefault(raw.strip().toLowerCase(Locale.ROOT), raw.strip());
    }

    /** What the file's folder or name says every row is ("…/granular_activity/opens/…", "opened_members"). */
    static Optional<String> eventTypeFromFileName(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.matches(".*click.*")) {
            return Optional.of("email_clicked");
        }
        if (name.matches(".*(open|abiert|apertur).*")) {
            return Optional.of("email_opened");
        }
        if (name.matches(".*bounce.*")) {
            return Optional.of("email_bounced");
        }
        if (name.matches(".*unsub.*")) {
            return Optional.of("email_unsubscribed");
        }
        if (name.matches(".*(sent_to|recipients|sent).*")) {
            return Optional.of("email_sent");
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ Mailchimp

    static int mailchimpScore(List<String> headers, String fileName) {
        Set<String> h = lower(headers);
        if (h.contains("email_address") && h.contains("action")) {
            return 60;
        }
        boolean email = h.contains("email") || h.contains("email address");
        boolean audience = h.contains("optin_time") || h.contains("unsub_time") || h.contains("clean_time");
        if (email && h.contains("timestamp") && !audience) {
            return 45;
        }
        return 0;
    }

    static ImportMapping mailchimp(List<String> headers, String fileName) {
        List<ColumnMapping> columns = new ArrayList<>();
        boolean email = false;
        for (String header : headers) {
            String h = header == null ? "" : header.strip().toLowerCase(Locale.ROOT);
            ColumnMapping c;
            if (!email && (h.equals("email_address") || h.equals("email address") || h.equals("email"))) {
                c = ColumnMapping.field(header, BuiltInField.EMAIL);
                email = true;
            } else if (h.equals("timestamp")) {
                c = ColumnMapping.event(header, EventPart.DATE);
            } else if (h.equals("action")) {
                c = ColumnMapping.event(header, EventPart.TYPE);
            } else if (h.equals("url")) {
                c = ColumnMapping.event(header, EventPart.REFERENCE);
            } else if (h.equals("campaign_title") || h.equals("campaign title") || h.equals("campaign")) {
                c = ColumnMapping.event(header, EventPart.CAMPAIGN);
            } else {
                c = ColumnMapping.ignore(header);
            }
            columns.add(c);
        }
        return new ImportMapping(MAILCHIMP, "Mailchimp", columns, eventTypeFromFileName(fileName).orElse(null), null,
                false);
    }

    // ------------------------------------------------------------------ Brevo

    static int brevoScore(List<String> headers, String fileName) {
        Set<String> h = lower(headers);
        boolean dated = h.contains("date_event") || h.contains("ts_event") || h.contains("date");
        return h.contains("email") && h.contains("event") && dated ? 60 : 0;
    }

    static ImportMapping brevo(List<String> headers, String fileName) {
        Set<String> h = lower(headers);
        // ts_event is UTC (Unix seconds); date_event is in the account's time zone, which the file does not say
        String dateColumn = h.contains("ts_event") ? "ts_event" : h.contains("date_event") ? "date_event" : "date";
        List<ColumnMapping> columns = new ArrayList<>();
        boolean email = false;
        for (String header : headers) {
            String k = header == null ? "" : header.strip().toLowerCase(Locale.ROOT);
            ColumnMapping c;
            if (!email && k.equals("email")) {
                c = ColumnMapping.field(header, BuiltInField.EMAIL);
                email = true;
            } else if (k.equals("event")) {
                c = ColumnMapping.event(header, EventPart.TYPE);
            } else if (k.equals(dateColumn)) {
                c = ColumnMapping.event(header, EventPart.DATE);
            } else if (k.equals("campaign name") || k.equals("campaign_name")) {
                c = ColumnMapping.event(header, EventPart.CAMPAIGN);
            } else if (k.equals("url") || k.equals("link")) {
                c = ColumnMapping.event(header, EventPart.REFERENCE);
            } else {
                c = ColumnMapping.ignore(header);
            }
            columns.add(c);
        }
        return new ImportMapping(BREVO, "Brevo", columns, null, null, false);
    }

    private static Set<String> lower(List<String> headers) {
        Set<String> set = new HashSet<>();
        headers.forEach(x -> set.add(x == null ? "" : x.strip().toLowerCase(Locale.ROOT)));
        return set;
    }
}
