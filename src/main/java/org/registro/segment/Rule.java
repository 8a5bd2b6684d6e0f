package org.registro.segment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.util.List;

/**
 * A segment rule: a tree of groups (all of / any of / none of) over conditions. Stored as versioned JSON
 * ({@link RuleDocument}); compiled into one SQL condition by {@link RuleCompiler}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Rule.Group.class, name = "group"),
        @JsonSubTypes.Type(value = Rule.Field.class, name = "field"),
        @JsonSubTypes.Type(value = Rule.Tag.class, name = "tag"),
        @JsonSubTypes.Type(value = Rule.Identifier.class, name = "identifier"),
        @JsonSubTypes.Type(value = Rule.Source.class, name = "source"),
        @JsonSubTypes.Type(value = Rule.Events.class, name = "events"),
        @JsonSubTypes.Type(value = Rule.Consent.class, name = "consent"),
        @JsonSubTypes.Type(value = Rule.Segment.class, name = "segment"),
        @JsonSubTypes.Type(value = Rule.Score.class, name = "score"),
        @JsonSubTypes.Type(value = Rule.Recommended.class, name = "recommended")})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface Rule {

    /** How a group combines its conditions. */
    enum Match {
        @com.fasterxml.jackson.annotation.JsonProperty("all") ALL,
        @com.fasterxml.jackson.annotation.JsonProperty("any") ANY,
        @com.fasterxml.jackson.annotation.JsonProperty("none") NONE
    }

    /** Nested conditions: all of them, any of them, or none of them. An empty group matches everyone. */
    record Group(Match match, List<Rule> conditions) implements Rule {
        public Group {
            match = match == null ? Match.ALL : match;
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }
    }

    /**
     * A contact field (built-in, like {@code city}, or custom, by its key) compared with an operator that fits
     * its type: text (equals, notEquals, contains, startsWith, inList, isEmpty, isNotEmpty), number (equals,
     * greaterThan, atLeast, lessThan, atMost, between), date (before, after, between, withinLastDays,
     * anniversaryWithinDays) and boolean (isTrue, isFalse).
     */
    record Field(String field, String op, String value, String value2, List<String> values, Integer days)
            implements Rule {
    }

    /** Has (or has not) the tag. */
    record Tag(String tag, Boolean has) implements Rule {
    }

    /** Has (or is missing) an identifier of this kind (email, phone, customer_number, source_key…). */
    record Identifier(String kind, Boolean present) implements Rule {
    }

    /** Came from (created by or holding values from) this source, or a source of this data party. */
    record Source(String source, String party) implements Rule {
    }

    /**
     * Did (or did not) do an event of this type at least {@code atLeast} times (default 1), with a total amount
     * of at least {@code totalAtLeast}, within the last {@code withinDays} days, in campaign {@code campaign}.
     */
    record Events(String eventType, Integer atLeast, BigDecimal totalAtLeast, Integer withinDays, String campaign,
                  Boolean did) implements Rule {
    }

    /**
     * Consent: may receive a message with this purpose on the channel (about the topic), or, with
     * {@code status}, the channel's (or topic's) current status is this one (e.g. "pending" for waiting on
     * double opt-in).
     */
    record Consent(String purpose, String channel, String topic, String status) implements Rule {
    }

    /** Is (or is not) a member of another saved segment. */
    record Segment(String segment, Boolean member) implements Rule {
    }

    /** A model score (rfm, engagement…): at least / at most a number, or a named cell (label). */
    record Score(String model, String op, BigDecimal value, String label) implements Rule {
    }

    /**
     * From the last refresh of recommendations: the item {@code item} (its key), or an item about {@code topic},
     * is the person's first recommendation ({@code first} true) or among their first three.
     */
    record Recommended(String item, String topic, Boolean first) implements Rule {
        public boolean firstOnly() {
            return first == null || first;
        }
    }
}
