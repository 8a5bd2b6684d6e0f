package org.registro.contact;

import static org.registro.db.Tables.CONTACT;

import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.TextKeys;

/**
 * The people a user means when they type who: an id ("#12"), an email, a phone or another identifier names one
 * person; a name ("Ana Ruiz", "ruiz", "Ana R") names everyone whose first and last names start with its words, so
 * the screen can offer a choice when several people share it.
 */
public final class ContactLookup {

    /** One person a typed name may mean, with what tells namesakes apart. */
    public record Candidate(long id, String name, String email, String city) {
    }

    private ContactLookup() {
    }

    /** Up to {@code limit} active contacts {@code text} may mean, best first; empty when none. */
    public static List<Candidate> find(DSLContext dsl, String text, int limit) {
        var exact = ContactService.findActive(dsl, text);
        if (exact.isPresent()) {
            return select(dsl, CONTACT.ID.eq(exact.get()), 1);
        }
        String folded = TextKeys.fold(text == null ? null : text.replace(',', ' '));
        if (folded == null) {
            return List.of();
        }
        Condition all = DSL.noCondition();
        for (String word : folded.split(" ")) {
            all = all.and(CONTACT.FIRST_NAME_KEY.startsWith(word).or(CONTACT.LAST_NAME_KEY.startsWith(word))
                    .or(CONTACT.FIRST_NAME_KEY.contains(" " + word)).or(CONTACT.LAST_NAME_KEY.contains(" " + word)));
        }
        return select(dsl, all, limit);
    }

    private static List<Candidate> select(DSLContext dsl, Condition condition, int limit) {
        return dsl.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL, CONTACT.CITY)
                .from(CONTACT).where(condition.and(CONTACT.STATUS.eq(ContactService.STATUS_ACTIVE)))
                .orderBy(CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY, CONTACT.ID).limit(limit)
                .fetch(r -> new Candidate(r.value1(), ContactSummary.displayName(r.value2(), r.value3()),
                        r.value4(), r.value5()));
    }
}
