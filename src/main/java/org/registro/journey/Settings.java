package org.registro.journey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

/**
 * A journey's settings: whether people may enter again ({@code never}, {@code after} {@code reentryDays}
 * days, {@code always}), the send window (days and hours in the workspace's time zone; none means any time),
 * the cap on commercial sends per person per week across all journeys (none means no cap), whether the
 * journey runs each time the workspace opens, and whether each send goes out at the person's best hour (the hour
 * they open and click most, from the last refresh of recommendations; within the window, and within a day).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(String reentry, Integer reentryDays, SendWindow sendWindow, Integer weeklyCap,
                       Boolean runAtOpen, Boolean bestHour) {

    public static final String NEVER = "never";
    public static final String AFTER = "after";
    public static final String ALWAYS = "always";

    public Settings {
        reentry = reentry == null || reentry.isBlank() ? NEVER : reentry;
        bestHour = Boolean.TRUE.equals(bestHour) ? Boolean.TRUE : null;
    }

    public Settings(String reentry, Integer reentryDays, SendWindow sendWindow, Integer weeklyCap, Boolean runAtOpen) {
        this(reentry, reentryDays, sendWindow, weeklyCap, runAtOpen, null);
    }

    /** Whether sends go out at each person's best hour. */
    public boolean atBestHour() {
        return Boolean.TRUE.equals(bestHour);
    }

    public static Settings defaults() {
        return new Settings(NEVER, null, null, null, false);
    }

    /** Sending days and hours: from {@code from} (inclusive) to {@code to} (exclusive), e.g. 09:00–18:00. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SendWindow(List<String> days, String from, String to) {

        public List<DayOfWeek> dayValues() {
            return days == null || days.isEmpty() ? List.of(DayOfWeek.values())
                    : days.stream().map(d -> DayOfWeek.valueOf(d.strip().toUpperCase(java.util.Locale.ROOT))).toList();
        }

        public LocalTime fromTime() {
            return from == null || from.isBlank() ? LocalTime.MIDNIGHT : LocalTime.parse(from);
        }

        /** The end of the window; midnight means the end of the day. */
        public LocalTime toTime() {
            return to == null || to.isBlank() ? LocalTime.MIDNIGHT : LocalTime.parse(to);
        }
    }
}
