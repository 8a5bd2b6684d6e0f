package org.registro.contact;

import static org.registro.db.Tables.CONTACT;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/** The records merged into a contact: what was sent to, or known about, one of them concerns the person. */
public final class MergedRecords {

    private MergedRecords() {
    }

    /** The contacts and every record merged into them, at any depth, the given contacts first. */
    public static Set<Long> withMerged(DSLContext dsl, Collection<Long> contactIds) {
        Set<Long> all = new LinkedHashSet<>(contactIds);
        List<Long> frontier = List.copyOf(contactIds);
        while (!frontier.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (int i = 0; i < frontier.size(); i += 1000) {
                List<Long> part = frontier.subList(i, Math.min(frontier.size(), i + 1000));
                for (Long merged : dsl.select(CONTACT.ID).from(CONTACT)
                        .where(CONTACT.MERGED_INTO_ID.in(part).and(CONTACT.STATUS.eq("merged"))).fetch(CONTACT.ID)) {
                    if (all.add(merged)) {
                        next.add(merged);
                    }
                }
            }
            frontier = next;
        }
        return all;
    }
}
