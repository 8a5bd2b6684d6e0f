package org.registro.identity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Blocking keys: only contacts that share a key are compared, so the cost grows with the contacts and not with
 * their pairs. A contact has a key for
 * <ul>
 *   <li>each name word's sound (Double Metaphone) with the postal code, or city: finds typos, accents and
 *       first and last names written the other way round;</li>
 *   <li>the first initial with the sound of the first surname: finds "M. Kelley" wherever they live;</li>
 *   <li>each email's user part, letters and digits only: the same person on another domain;</li>
 *   <li>the last eight digits of each phone;</li>
 *   <li>the birth date with the postal code, and with the city.</li>
 * </ul>
 */
public final class Blocking {

    private final DoubleMetaphone metaphone = new DoubleMetaphone();

    /** The keys of a record as text, for tests and for explaining why two contacts were compared. */
    public List<String> keys(MatchRecord r) {
        Set<String> keys = new LinkedHashSet<>();
        String place = r.placeKey();
        List<String> names = new ArrayList<>(r.firstTokens());
        List<String> lastTokens = r.lastTokens();
        names.addAll(lastTokens);
        if (place != null) {
            for (String token : names) {
                if (token.length() > 1) {
                    keys.add("n|" + sound(token) + "|" + place);
                }
            }
        }
        List<String> firstTokens = r.firstTokens();
        if (!firstTokens.isEmpty() && !lastTokens.isEmpty()) {
            keys.add("i|" + firstTokens.get(0).charAt(0) + "|" + sound(lastTokens.get(0)));
            // first and last name swapped: the initial of the last-name field with the first-name field's sound
            keys.add("i|" + lastTokens.get(0).charAt(0) + "|" + sound(firstTokens.get(0)));
        }
        for (String email : r.emails()) {
            int at = email.lastIndexOf('@');
            String local = (at < 0 ? email : email.substring(0, at)).replaceAll("[^\\p{L}\\p{N}]", "");
            if (local.length() >= 3) {
                keys.add("e|" + local);
            }
        }
        for (String phone : r.phones()) {
            if (phone.length() >= 8) {
                keys.add("p|" + phone.substring(phone.length() - 8));
            }
        }
        if (r.birthDate() != null) {
            if (place != null) {
                keys.add("b|" + r.birthDate() + "|" + place);
            }
            // a postal code mistyped on one record: the city still agrees
            if (r.cityKey() != null) {
                keys.add("b|" + r.birthDate() + "|" + r.cityKey());
            }
        }
        return List.copyOf(keys);
    }

    /** The keys as sorted 40-bit hashes, compact enough for millions of contacts. */
    long[] hashedKeys(MatchRecord r) {
        List<String> keys = keys(r);
        long[] hashes = new long[keys.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hash40(keys.get(i));
        }
        Arrays.sort(hashes);
        return hashes;
    }

    static long hash40(String key) {
        return MurmurHash3.hash128x64(key.getBytes(StandardCharsets.UTF_8))[0] >>> 24;
    }

    private String sound(String token) {
        String code = metaphone.doubleMetaphone(token);
        return code == null || code.isEmpty() ? token : code;
    }
}
