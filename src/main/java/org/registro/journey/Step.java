package org.registro.journey;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import org.registro.segment.Rule;

/**
 * One step of a journey. Every step has a key unique in its journey and an optional label people gave it; the
 * steps that lead somewhere name the key of the step that follows ({@code next}, or one per branch). A missing
 * {@code next} ends the journey there, as an exit does.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Step.Entry.class, name = "entry"),
        @JsonSubTypes.Type(value = Step.Wait.class, name = "wait"),
        @JsonSubTypes.Type(value = Step.Split.class, name = "split"),
        @JsonSubTypes.Type(value = Step.RandomSplit.class, name = "random"),
        @JsonSubTypes.Type(value = Step.Send.class, name = "send"),
        @JsonSubTypes.Type(value = Step.Tag.class, name = "tag"),
        @JsonSubTypes.Type(value = Step.SetField.class, name = "field"),
        @JsonSubTypes.Type(value = Step.RequestOptIn.class, name = "double_opt_in"),
        @JsonSubTypes.Type(value = Step.AddToSegment.class, name = "add_to_segment"),
        @JsonSubTypes.Type(value = Step.Goal.class, name = "goal"),
        @JsonSubTypes.Type(value = Step.Exit.class, name = "exit")})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface Step {

    String key();

    String label();

    /** The keys this step leads to, in the order its branches are drawn. */
    @JsonIgnore
    List<String> successors();

    /** The type's name in the JSON, e.g. "wait". */
    @JsonIgnore
    default String type() {
        for (JsonSubTypes.Type t : Step.class.getAnnotation(JsonSubTypes.class).value()) {
            if (t.value() == getClass()) {
                return t.name();
            }
        }
        throw new IllegalStateException(getClass().getName());
    }

    /** A way out of a split: its key, a label, the rule (condition split) or share (random split), and next. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Branch(String key, String label, Rule rule, Integer percent, String next) {
    }

    /**
     * How people enter. {@code segment}: when they join a saved segment (or an inline {@code rule}), and with
     * {@code enrolExisting} everyone who matches on activation; {@code event}: when an event of {@code eventType}
     * happens (only the first of its kind with {@code firstOnly}); {@code import}: when an import from
     * {@code source} creates them; {@code date}: on the anniversary of a date field ({@code dateField}), or
     * {@code days} after it.
     */
    record Entry(String key, String label, String kind, String segment, Rule rule, Boolean enrolExisting,
                 String eventType, String campaign, Boolean firstOnly, String source, String dateField,
                 Boolean anniversary, Integer days, String next) implements Step {
        public static final String SEGMENT = "segment";
        public static final String EVENT = "event";
        public static final String IMPORT = "import";
        public static final String DATE = "date";

        @Override
        public List<String> successors() {
            return one(next);
        }
    }

    /**
     * A wait. {@code duration}: days, hours and minutes; {@code weekday}: until the next of {@code weekdays}
     * (MONDAY…) at {@code time}; {@code date}: until the date in {@code dateField} plus {@code days} at
     * {@code time}; {@code event}: until an event of {@code eventType} (about message {@code campaign}) happens,
     * at most {@code days} (then along {@code timeoutNext}).
     */
    record Wait(String key, String label, String mode, Integer days, Integer hours, Integer minutes,
                List<String> weekdays, String time, String dateField, String eventType, String campaign,
                String next, String timeoutNext) implements Step {
        public static final String DURATION = "duration";
        public static final String WEEKDAY = "weekday";
        public static final String DATE = "date";
        public static final String EVENT = "event";

        @Override
        public List<String> successors() {
            return EVENT.equals(mode) ? two(next, timeoutNext) : one(next);
        }
    }

    /** Branches evaluated in order, the first whose rule matches wins; everyone else goes along {@code elseNext}. */
    record Split(String key, String label, List<Branch> branches, String elseNext) implements Step {
        public Split {
            branches = branches == null ? List.of() : List.copyOf(branches);
        }

        @Override
        public List<String> successors() {
            List<String> out = new ArrayList<>();
            branches.forEach(b -> out.add(b.next()));
            out.add(elseNext);
            return out;
        }
    }

    /** A/B/n: each person goes along one branch by its share, the same branch every time they pass. */
    record RandomSplit(String key, String label, List<Branch> branches) implements Step {
        public RandomSplit {
            branches = branches == null ? List.of() : List.copyOf(branches);
        }

        @Override
        public List<String> successors() {
            return branches.stream().map(Branch::next).toList();
        }
    }

    /**
     * Puts the person on this step's dated send list for {@code message}, or, when they may not receive it,
     * skips them with the reason; skipped people go on ({@code exitIfSkipped} false) or leave the journey.
     */
    record Send(String key, String label, Message message, Boolean exitIfSkipped, String next) implements Step {
        @Override
        public List<String> successors() {
            return one(next);
        }
    }

    /** Adds the tag (or removes it, with {@code remove}). */
    record Tag(String key, String label, String tag, Boolean remove, String next) implements Step {
        @Override
        public List<String> successors() {
            return one(next);
        }
    }

    /** Sets a custom field to a value (empty clears it). */
    record SetField(String key, String label, String field, String value, String next) implements Step {
        @Override
        public List<String> successors() {
            return one(next);
        }
    }

    /** Asks the person to confirm their email opt-in: their opt-in becomes pending and joins the request list. */
    record RequestOptIn(String key, String label, String channel, String next) implements Step {
        @Override
        public List<String> successors() {
            return one(next);
        }
    }

    /** Adds the person to a frozen (snapshot) segment. */
    record AddToSegment(String key, String label, String segment, String next) implements Step {
        @Override
        public List<String> successors() {
            return one(next);
        }
    }

    /** Anyone who meets the rule leaves the journey as converted, from whichever step they are on. */
    record Goal(String key, String label, Rule rule) implements Step {
        @Override
        public List<String> successors() {
            return List.of();
        }
    }

    /** The end of a path. */
    record Exit(String key, String label) implements Step {
        @Override
        public List<String> successors() {
            return List.of();
        }
    }

    private static List<String> one(String next) {
        List<String> out = new ArrayList<>(1);
        out.add(next);
        return out;
    }

    private static List<String> two(String a, String b) {
        List<String> out = new ArrayList<>(2);
        out.add(a);
        out.add(b);
        return out;
    }
}
