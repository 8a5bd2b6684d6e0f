package org.registro.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Phone numbers to E.164 with libphonenumber, read in the workspace's default region. */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Phones() {
    }

    /** The E.164 form ("+34612345678") of a valid number, or empty. "00" prefixes count as "+". */
    public static Optional<String> toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String value = raw.strip();
        if (value.startsWith("00")) {
            value = "+" + value.substring(2);
        }
        try {
            PhoneNumber number = UTIL.parse(value, defaultRegion);
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * As {@link #toE164}, also reading international numbers written as bare digits without the "+", as Brevo
     * and WhatsApp exports write them: what an import accepts.
     */
    public static Optional<String> fromImport(String raw, String defaultRegion) {
        String value = raw == null ? "" : raw.strip();
        return toE164(value, defaultRegion)
                .or(() -> value.matches("\\d{10,15}") ? toE164("+" + value, defaultRegion) : Optional.empty());
    }

    /** The calling code of a region ("ES" gives 34), or 0 for an unknown region. */
    public static int countryCode(String region) {
        return UTIL.getCountryCodeForRegion(region);
    }

    /** The international format for display ("+34 612 34 56 78"); the input when it cannot be parsed. */
    public static String display(String e164) {
        if (e164 == null) {
            return null;
        }
        try {
            return UTIL.format(UTIL.parse(e164, null), PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return e164;
        }
    }

    public static boolean isSupportedRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region);
    }
}
