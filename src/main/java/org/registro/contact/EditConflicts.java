package org.registro.contact;

import static org.registro.db.Tables.VALUE_HISTORY;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/** Optimistic locking of hand edits: was the contact saved by someone else since the edit began? */
final class EditConflicts {

    private EditConflicts() {
    }

    /**
     * Refuses the save when the contact's version ({@code updatedAt}, locked for update by the caller) is not the
     * one the edit began from, naming the values set since from the value history.
     */
    static void check(DSLContext tx, long id, Instant seen, OffsetDateTime updatedAt) {
        if (seen == null || updatedAt == null || !updatedAt.toInstant().isAfter(seen)) {
            return;
        }
        List<EditConflictException.Change> changes = tx.select(VALUE_HISTORY.FIELD_KEY, VALUE_HISTORY.NEW_VALUE,
                        VALUE_HISTORY.CHANGED_BY, VALUE_HISTORY.CHANGED_AT)
                .from(VALUE_HISTORY)
                .where(VALUE_HISTORY.CONTACT_ID.eq(id))
                .and(VALUE_HISTORY.CHANGED_AT.gt(seen.atOffset(java.time.ZoneOffset.UTC)))
                .orderBy(VALUE_HISTORY.CHANGED_AT, VALUE_HISTORY.ID)
                .fetch(r -> new EditConflictException.Change(r.value1(), r.value2(), r.value3(),
                        r.value4().toInstant()));
        throw new EditConflictException(id, changes, updatedAt.toInstant());
    }
}
