package org.registro.journey;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * When a wait ends and when a send may go out, computed from the moment a person reached the step, never from
 * the moment the engine happens to run: that is what makes a run at the same time change nothing, and a run
 * after a week away catch up exactly as if it had run every hour. Weekdays, dates and send windows are read in
 * the workspace's time zone.
 */
public final class Times {

    /** The hour a wait "until a date" or "until Tuesday" ends when it names none. */
    public static final LocalTime DEFAULT_TIME = LocalTime.of(9, 0);

    private Times() {
    }

    public static OffsetDateTime utc(ZonedDateTime t) {
        return t.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** A duration wait: days, hours and minutes after arriving (days are calendar days in the zone). */
    public static OffsetDateTime afterDuration(OffsetDateTime at, Step.Wait wait, ZoneId zone) {
        ZonedDateTime local = at.atZoneSameInstant(zone).plusDays(JourneyCheck.nz(wait.days()));
        return utc(local.plus(Duration.ofHours(JourneyCheck.nz(wait.hours()))
                .plusMinutes(JourneyCheck.nz(wait.minutes()))));
    }

    /** The first of the weekdays at the time that comes after {@code at} (later the same day counts). */
    public static OffsetDateTime nextWeekday(OffsetDateTime at, List<String> weekdays, String time, ZoneId zone) {
        LocalTime hour = time(time);
        ZonedDateTime local = at.atZoneSameInstant(zone);
        List<DayOfWeek> days = weekdays.stream().map(d -> DayOfWeek.valueOf(d.strip().toUpperCase(Locale.ROOT)))
                .toList();
        for (int i = 0; i <= 7; i++) {
            LocalDate day = local.toLocalDate().plusDays(i);
            ZonedDateTime candidate = day.atTime(hour).atZone(zone);
            if (days.contains(day.getDayOfWeek()) && candidate.isAfter(local)) {
                return utc(candidate);
            }
        }
        throw new IllegalStateException("no weekday in " + weekdays);
    }

    /** The date plus {@code days} at the time; null when there is no date. */
    public static OffsetDateTime onDate(LocalDate date, Integer days, String time, ZoneId zone) {
        if (date == null) {
            return null;
        }
        return utc(date.plusDays(JourneyCheck.nz(days)).atTime(time(time)).atZone(zone));
    }

    /**
     * A send window read once (its days and hours parsed), for a step that places many people in it: a send goes
     * out at the moment it is due inside the window, else at the window's next opening.
     */
    record Window(java.util.Set<DayOfWeek> days, LocalTime from, LocalTime to) {

        /** The window; null for none (any time). */
        static Window of(Settings.SendWindow window) {
            return window == null ? null : new Window(java.util.EnumSet.copyOf(window.dayValues()),
                    window.fromTime(), window.toTime());
        }

        /** Whether the window is open at this moment. */
        boolean contains(ZonedDateTime local) {
            LocalTime t = local.toLocalTime();
            return days.contains(local.getDayOfWeek()) && !t.isBefore(from)
                    && (LocalTime.MIDNIGHT.equals(to) || t.isBefore(to));
        }

        OffsetDateTime next(OffsetDateTime at, ZoneId zone) {
            ZonedDateTime local = at.atZoneSameInstant(zone);
            for (int i = 0; i <= 7; i++) {
                LocalDate day = local.toLocalDate().plusDays(i);
                if (!days.contains(day.getDayOfWeek())) {
                    continue;
                }
                ZonedDateTime opens = day.atTime(from).atZone(zone);
                ZonedDateTime closes = LocalTime.MIDNIGHT.equals(to) ? day.plusDays(1).atStartOfDay(zone)
                        : day.atTime(to).atZone(zone);
                if (local.isBefore(closes)) {
                    return local.isBefore(opens) ? utc(opens) : at;
                }
            }
            throw new IllegalStateException("empty send window");
        }
    }

    /**
     * When a send due at {@code at} goes out: with the person's best {@code hour}, at the first start of that hour
     * (or now, within it) in the next day that the window allows; otherwise, or when the window never opens at
     * that hour, at the window's next opening (at once without a window).
     */
    static OffsetDateTime sendTime(Window window, Integer hour, OffsetDateTime at, ZoneId zone) {
        if (hour != null) {
            ZonedDateTime local = at.atZoneSameInstant(zone);
            for (int i = 0; i <= 1; i++) {
                LocalDate day = local.toLocalDate().plusDays(i);
                ZonedDateTime start = day.atTime(hour, 0).atZone(zone);
                boolean within = !local.isBefore(start) && local.isBefore(start.plusHours(1));
                ZonedDateTime when = within ? local : start;
                if ((within || start.isAfter(local)) && (window == null || window.contains(when))) {
                    return within ? at : utc(start);
                }
            }
        }
        return window == null ? at : window.next(at, zone);
    }

    static LocalTime time(String time) {
        return time == null || time.isBlank() ? DEFAULT_TIME : LocalTime.parse(time.strip());
    }
}
