package org.registro.consent;

import static org.registro.db.Tables.WORKSPACE_SETTING;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.registro.common.RegistroException;

/**
 * Where a single opt-in is not enough: for contacts living in one of {@code countries}, an opt-in on one of
 * {@code channels} is recorded as pending until the person confirms it, and a request nobody confirmed
 * expires after {@code expiryDays}.
 */
public record DoubleOptInPolicy(Set<String> countries, Set<String> channels, int expiryDays) {

    static final String COUNTRIES = "double_opt_in_countries";
    static final String CHANNELS = "double_opt_in_channels";
    static final String EXPIRY_DAYS = "double_opt_in_expiry_days";

    public DoubleOptInPolicy {
        countries = Set.copyOf(countries);
        channels = Set.copyOf(channels);
        if (expiryDays < 1 || expiryDays > 3650) {
            throw new RegistroException("error.consent.expiryDays", expiryDays);
        }
        for (String country : countries) {
            if (!country.matches("[A-Z]{2}")) {
                throw new RegistroException("error.consent.doiCountry", country);
            }
        }
    }

    /** True when an opt-in of this contact's country on this channel must be confirmed. */
    public boolean requiredFor(String country, String channel) {
        return country != null && countries.contains(country) && channels.contains(channel);
    }

    static DoubleOptInPolicy load(DSLContext dsl) {
        Map<String, String> settings = dsl.select(WORKSPACE_SETTING.SETTING_KEY, WORKSPACE_SETTING.SETTING_VALUE)
                .from(WORKSPACE_SETTING)
                .where(WORKSPACE_SETTING.SETTING_KEY.in(COUNTRIES, CHANNELS, EXPIRY_DAYS))
                .fetchMap(WORKSPACE_SETTING.SETTING_KEY, WORKSPACE_SETTING.SETTING_VALUE);
        return new DoubleOptInPolicy(countriesOf(settings.get(COUNTRIES)), list(settings.get(CHANNELS)),
                Integer.parseInt(settings.getOrDefault(EXPIRY_DAYS, "30").strip()));
    }

    /** Parses "de, at" or "DE AT" into upper-case codes. */
    public static Set<String> countriesOf(String text) {
        return list(text).stream().map(c -> c.toUpperCase(Locale.ROOT))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> list(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.split("[,;\\s]+")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
