package org.registro.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a file is read into contacts: one {@link ColumnMapping} per column, plus what holds for every row.
 *
 * @param preset       the preset the mapping came from ("mailchimp", "generic"…)
 * @param system       the system that wrote the file, kept with consent events ("Mailchimp")
 * @param eventType    the event each row records when event columns are mapped ("donation", "purchase"…)
 * @param listConsent  a consent every row carries although no column says so: Mailchimp writes a member's
 *                     status only in the file name (subscribed, unsubscribed, cleaned)
 * @param skipFooter   after the first empty row, lines with at most one value are a report footer, not data
 *                     (Salesforce's "Grand Totals" and copyright lines)
 * @param eventCampaign the campaign (message) every row's event is about when no column says so: an email tool's
 *                     activity export of one campaign names the people and the times, not the campaign
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ImportMapping(String preset, String system, List<ColumnMapping> columns, String eventType,
                            ListConsent listConsent, boolean skipFooter, String eventCampaign) {

    /** A consent status for every row, reached at the time in {@code timeColumn} (or the import's time). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListConsent(String channel, String status, String method, String timeColumn) {
    }

    public ImportMapping {
        columns = columns == null ? List.of() : List.copyOf(columns);
        eventCampaign = eventCampaign == null || eventCampaign.isBlank() ? null : eventCampaign.strip();
    }

    public ImportMapping(String preset, String system, List<ColumnMapping> columns, String eventType,
                         ListConsent listConsent, boolean skipFooter) {
        this(preset, system, columns, eventType, listConsent, skipFooter, null);
    }

    public Optional<ColumnMapping> column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst();
    }

    /** This mapping with one column's target replaced. */
    public ImportMapping with(ColumnMapping replacement) {
        List<ColumnMapping> list = new ArrayList<>(columns);
        boolean replaced = false;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).column().equals(replacement.column())) {
                list.set(i, replacement);
                replaced = true;
            }
        }
        if (!replaced) {
            list.add(replacement);
        }
        return new ImportMapping(preset, system, list, eventType, listConsent, skipFooter, eventCampaign);
    }

    public ImportMapping withEventType(String type) {
        return new ImportMapping(preset, system, columns, type, listConsent, skipFooter, eventCampaign);
    }

    public ImportMapping withEventCampaign(String campaign) {
        return new ImportMapping(preset, system, columns, eventType, listConsent, skipFooter, campaign);
    }

    public ImportMapping withListConsent(ListConsent consent) {
        return new ImportMapping(preset, system, columns, eventType, consent, skipFooter, eventCampaign);
    }

    public boolean mapsEvents() {
        return columns.stream().anyMatch(c -> c.target() == Target.EVENT);
    }

    /** Columns read as part of another: the times, IP addresses and evidence of consent columns. */
    public java.util.Set<String> readAsPart() {
        java.util.Set<String> parts = new java.util.HashSet<>();
        for (ColumnMapping c : columns) {
            for (String part : new String[] {c.timeColumn(), c.ipColumn(), c.evidenceColumn()}) {
                if (part != null) {
                    parts.add(part);
                }
            }
        }
        if (listConsent != null && listConsent.timeColumn() != null) {
            parts.add(listConsent.timeColumn());
        }
        return parts;
    }

    /** The columns nothing is taken from, in file order: the import says so rather than dropping them silently. */
    public List<String> notImported() {
        java.util.Set<String> parts = readAsPart();
        return columns.stream().filter(c -> c.target() == Target.IGNORE && !parts.contains(c.column()))
                .map(ColumnMapping::column).toList();
    }
}
