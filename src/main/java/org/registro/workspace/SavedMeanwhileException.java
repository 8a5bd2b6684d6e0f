package org.registro.workspace;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.registro.common.Messages;
import org.registro.common.RegistroException;

/**
 * Someone else saved a segment, a journey or a content item after this user opened it (a team workspace, or another
 * window): nothing was saved, and the user chooses — open it again to see theirs, or save again over it with
 * {@link #current()} as the version seen. Contacts say field by field what changed ({@code EditConflictException}).
 */
public final class SavedMeanwhileException extends RegistroException {

    private final String by;
    private final Instant current;

    private SavedMeanwhileException(String name, String by, Instant current) {
        super("error.savedMeanwhile", name, by == null ? "?" : by, DateTimeFormatter.ofLocalizedDateTime(
                FormatStyle.SHORT).withLocale(Messages.locale()).format(current.atZone(ZoneId.systemDefault())));
        this.by = by;
        this.current = current;
    }

    /** Who saved it last. */
    public String by() {
        return by;
    }

    /** The version saved now: pass it as the version seen to save over theirs. */
    public Instant current() {
        return current;
    }

    /**
     * Refuses, inside the saving transaction, a save of the row {@code which} of {@code table} opened at version
     * {@code seen} when it was saved again since. A null {@code seen} (a new row, a command line save) saves over
     * whatever is there; a row that is not there is not checked.
     */
    public static void check(DSLContext tx, Table<?> table, Condition which, Field<OffsetDateTime> savedAt,
                             Field<String> savedBy, Instant seen, String name) {
        if (seen == null) {
            return;
        }
        Record2<OffsetDateTime, String> now = tx.select(savedAt, savedBy).from(table).where(which).forUpdate()
                .fetchOne();
        if (now != null && now.value1() != null && now.value1().toInstant().isAfter(seen)) {
            throw new SavedMeanwhileException(name, now.value2(), now.value1().toInstant());
        }
    }
}
