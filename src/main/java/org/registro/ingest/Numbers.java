package org.registro.ingest;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Numbers as exports write them: "1234.5", "1,234.50" (English), "1.234,50" (Spanish, Danish, CiviCRM in a
 * European locale), "12,5", with currency signs and spaces around.
 */
public final class Numbers {

    private Numbers() {
    }

    public static Optional<BigDecimal> parse(String cell) {
        if (cell == null || cell.isBlank()) {
            return Optional.empty();
        }
        String text = cell.strip().replaceAll("[\\s\u00a0€$£]|kr\\.?|DKK|EUR|USD", "");
        boolean negative = text.startsWith("-") || (text.startsWith("(") && text.endsWith(")"));
        // a sign or accountants' brackets around the number; a dash inside is a date or a code, not a number
        text = text.replaceFirst("^[-+]", "").replaceFirst("^\\((.*)\\)$", "$1");
        if (!text.matches("[0-9.,']+") || text.chars().noneMatch(Character::isDigit)) {
            return Optional.empty();
        }
        text = text.replace("'", "");
        int lastDot = text.lastIndexOf('.');
        int lastComma = text.lastIndexOf(',');
        String normalized;
        if (lastDot >= 0 && lastComma >= 0) {
            // The later separator is the decimal one.
            normalized = lastComma > lastDot ? text.replace(".", "").replace(',', '.') : text.replace(",", "");
        } else if (lastComma >= 0) {
            // "12,5" is a decimal; "1,234" and "1,234,567" are thousands.
            normalized = text.matches("\\d{1,3}(,\\d{3})+") ? text.replace(",", "") : text.replace(',', '.');
        } else if (lastDot >= 0 && text.matches("\\d{1,3}(\\.\\d{3}){2,}")) {
            normalized = text.replace(".", "");
        } else {
            normalized = text;
        }
        if (normalized.chars().filter(c -> c == '.').count() > 1) {
            return Optional.empty();
        }
        try {
            BigDecimal value = new BigDecimal(normalized);
            return Optional.of(negative ? value.negate() : value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
