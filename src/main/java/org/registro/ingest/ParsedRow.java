package org.registro.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of a file after normalization: what it says about a contact, ready to link and apply.
 * Values that could not be read are left out and listed in {@link #problems()}; a row that cannot be applied
 * at all carries its {@link #rejection()}.
 */
public record ParsedRow(long line, List<String> cells, Map<BuiltInField, Object> fields,
                        List<Identifier> identifiers, Map<String, Object> custom, List<String> tags,
                        List<ConsentFact> consents, EventFact event, List<Problem> problems, Problem rejection) {

    /** An identifier as written and as compared. {@code system} is "" except for source record keys. */
    public record Identifier(String kind, String system, String raw, String normalized, boolean primary) {
    }

    /** A consent status reached at a time ({@code null}: the time of the import). */
    public record ConsentFact(String channel, String topic, String status, String method, Instant at, String ip,
                              String evidence) {
    }

    public record EventFact(String type, Instant at, BigDecimal amount, String currency, String campaign,
                            String reference) {
    }

    /** What is wrong, where: a message key with its arguments, and the column concerned (or null). */
    public record Problem(String column, String key, Object... args) {
        /** Equal when they say the same thing about the same column: one problem gets one message. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Problem p && java.util.Objects.equals(column, p.column) && key.equals(p.key)
                    && java.util.Arrays.equals(args, p.args);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(column, key, java.util.Arrays.hashCode(args));
        }

        @Override
        public String toString() {
            return key + java.util.Arrays.toString(args) + (column == null ? "" : " in " + column);
        }
    }

    public boolean rejected() {
        return rejection != null;
    }
}
