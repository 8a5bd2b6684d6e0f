package org.registro.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The user-visible texts (English and Spanish), shared by the GUI, the CLI and core error messages.
 * The locale follows the OS unless the user chose one in the settings.
 */
public final class Messages {

    public static final String BUNDLE = "org.registro.i18n.messages";
    private static volatile Locale locale = Locale.getDefault();

    private Messages() {
    }

    public static void setLocale(Locale newLocale) {
        locale = newLocale;
    }

    public static Locale locale() {
        return locale;
    }

    private static volatile String region;
    private static volatile java.time.ZoneId zone = java.time.ZoneId.systemDefault();
    private static volatile java.util.Set<Locale> withFormats;

    /**
     * The open workspace's country and time zone: dates and numbers are written the way that country writes them
     * in the chosen language (English in a Danish workspace: 05/12/2026 and 1.234,5) and times in its zone.
     * Null region: the language's own way.
     */
    public static void setWorkspace(String workspaceRegion, java.time.ZoneId workspaceZone) {
        region = workspaceRegion;
        zone = workspaceZone == null ? java.time.ZoneId.systemDefault() : workspaceZone;
    }

    /**
     * The locale dates and numbers are written in: the chosen language in the workspace's country where the JDK
     * knows that pair, else the language's own.
     */
    public static Locale formatLocale() {
        Locale language = locale;
        String country = region;
        if (country == null || country.isBlank() || country.equalsIgnoreCase(language.getCountry())) {
            return language;
        }
        if (withFormats == null) {
            withFormats = java.util.Set.of(java.text.DateFormat.getAvailableLocales());
        }
        Locale pair = new Locale(language.getLanguage(), country.toUpperCase(Locale.ROOT));
        return withFormats.contains(pair) ? pair : language;
    }

    /** The time zone times are shown in: the open workspace's. */
    public static java.time.ZoneId zone() {
        return zone;
    }

    public static ResourceBundle bundle() {
        return ResourceBundle.getBundle(BUNDLE, locale);
    }

    /** The text for {@code key} with {@code args} filled in; the key itself when the text is missing. */
    public static String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle().getString(key);
        } catch (MissingResourceException e) {
            return args.length == 0 ? key : key + " " + java.util.Arrays.toString(args);
        }
        // Always through MessageFormat, so quoting ('' for an apostrophe) is the same with or without arguments.
        return new MessageFormat(pattern, formatLocale()).format(args);
    }

    /** The English text for {@code key} (the base bundle, whatever the user's language), for what is stored. */
    public static String english(String key, Object... args) {
        ResourceBundle base = ResourceBundle.getBundle(BUNDLE, Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        if (!base.containsKey(key)) {
            return args.length == 0 ? key : key + " " + java.util.Arrays.toString(args);
        }
        return new MessageFormat(base.getString(key), Locale.ENGLISH).format(args);
    }

    /** The text for {@code key}, or {@code fallback} when there is none (a channel or method a user added). */
    public static String getOr(String key, String fallback) {
        return bundle().containsKey(key) ? get(key) : fallback;
    }
}
