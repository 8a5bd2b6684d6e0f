package org.registro.common;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Search and sort keys: lower case, accents removed, spaces folded. */
public final class TextKeys {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TextKeys() {
    }

    /** "  José  de la Fuente " becomes "jose de la fuente"; null and blank become null. */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = SPACES.matcher(text.strip()).replaceAll(" ");
        if (trimmed.isEmpty()) {
            return null;
        }
        String decomposed = Normalizer.normalize(trimmed, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("")
                .replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
                .replace("ß", "ss").replace("đ", "d").replace("ł", "l").replace("Ł", "L");
        return plain.toLowerCase(Locale.ROOT);
    }
}
