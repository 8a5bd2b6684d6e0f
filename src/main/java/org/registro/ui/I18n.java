package org.registro.ui;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.registro.common.Messages;
import org.registro.common.RegistroException;

/**
 * Short helpers for user-visible text, numbers and dates in the chosen language, written as the open workspace's
 * country writes them ({@link Messages#formatLocale()}) and in its time zone.
 */
public final class I18n {

    private I18n() {
    }

    public static String t(String key, Object... args) {
        return Messages.get(key, args);
    }

    public static String number(long value) {
        return NumberFormat.getIntegerInstance(Messages.formatLocale()).format(value);
    }

    /** An amount of money without its currency: "1,250" or "1,250.50" (two decimals when it has cents). */
    public static String amount(java.math.BigDecimal value) {
        if (value == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(Messages.formatLocale());
        boolean whole = value.stripTrailingZeros().scale() <= 0;
        format.setMinimumFractionDigits(whole ? 0 : 2);
        format.setMaximumFractionDigits(whole ? 0 : 2);
        return format.format(value);
    }

    public static String dateTime(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(Messages.formatLocale()).withZone(Messages.zone()).format(instant);
    }

    /** A compact date for table cells ("23/11/26"). */
    public static String shortDate(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT)
                .withLocale(Messages.formatLocale()).withZone(Messages.zone()).format(instant);
    }

    /**
     * The format people type dates in, in the chosen language, always with four-digit years
     * ("d/M/yyyy" in Spanish, "M/d/yyyy" in US English): a birth date in 1948 must not read as 2048.
     */
    public static DateTimeFormatter inputDateFormat() {
        String pattern = java.time.format.DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.SHORT,
                null, java.time.chrono.IsoChronology.INSTANCE, Messages.formatLocale());
        if (!pattern.contains("yyyy")) {
            pattern = pattern.replaceAll("y+", "yyyy");
        }
        return DateTimeFormatter.ofPattern(pattern, Messages.formatLocale());
    }

    /** The name to show for a source; the built-in manual-entry source in the user's language. */
    public static String sourceName(String stored) {
        return org.registro.contact.ContactService.MANUAL_SOURCE.equals(stored) ? t("source.manual") : stored;
    }

    /**
     * An event type as people read it: "Gave", "Opened an email"; a type Registro does not know (an import's own
     * word) with its underscores as spaces and a capital.
     */
    public static String eventType(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String plain = code.strip().replace('_', ' ');
        return Messages.getOr("eventType." + code.strip(), Character.toUpperCase(plain.charAt(0)) + plain.substring(1));
    }

    public static String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(Messages.formatLocale()).format(date);
    }

    /** The message to show for an error: ours as written, anything else with its type. */
    public static String errorText(Throwable error) {
        RegistroException ours = RegistroException.explain(error);
        if (ours != null) {
            return ours.getMessage();
        }
        return t("error.unexpected", error.getClass().getSimpleName() + ": " + error.getMessage());
    }
}
