package org.registro.common;

import java.util.regex.Pattern;

/**
 * Text written into CSV files people open in a spreadsheet: a cell a spreadsheet would run as a formula
 * (starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab, a carriage return or a line feed) gets a
 * leading apostrophe, as OWASP recommends, while numbers stay as they are: a phone in {@code +34…} form or a
 * negative amount is data, not a formula.
 */
public final class SpreadsheetText {

    private static final Pattern SIGNED_NUMBER = Pattern.compile("[+-][0-9][0-9 .,()/-]*");

    private SpreadsheetText() {
    }

    public static String defuse(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        boolean risky = first == '=' || first == '@' || first == '\t' || first == '\r' || first == '\n'
                || (first == '+' || first == '-') && !SIGNED_NUMBER.matcher(cell).matches();
        return risky ? "'" + cell : cell;
    }
}
