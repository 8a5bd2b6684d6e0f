package org.registro.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Conditions on lists of ids that H2 answers in time proportional to the list. With bind parameters H2 checks
 * each row found against the whole list ({@code ConditionInList}, one comparison per element); with literal
 * values it builds a hash set once ({@code ConditionInConstantSet}). Both use the index to find the rows.
 */
public final class Ids {

    /** Ids per statement: a few tens of kilobytes of SQL. */
    public static final int CHUNK = 5_000;

    private Ids() {
    }

    /** {@code field IN (ids…)} with the ids written as literals. Meant for up to {@link #CHUNK} ids. */
    public static Condition in(Field<Long> field, Collection<Long> ids) {
        List<Field<Long>> literals = new ArrayList<>(ids.size());
        ids.forEach(id -> literals.add(DSL.inline(id)));
        return literals.isEmpty() ? DSL.falseCondition() : field.in(literals);
    }

    /** The ids in sorted chunks of at most {@link #CHUNK}, for one statement each. */
    public static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> sorted = ids.stream().distinct().sorted().toList();
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += CHUNK) {
            out.add(sorted.subList(i, Math.min(sorted.size(), i + CHUNK)));
        }
        return out;
    }
}
