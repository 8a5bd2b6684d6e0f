package org.registro.contact;

import java.time.Instant;
import java.util.List;
import org.registro.common.RegistroException;

/**
 * Someone else saved this contact after it was opened for editing (a team workspace, or another window): nothing
 * was saved, and {@link #changes()} says what they changed, so the user chooses — keep theirs and edit again, or
 * save over them ({@link ContactService#update(long, ContactDraft, Instant)} with their version).
 */
public final class EditConflictException extends RegistroException {

    /** One value someone else set since the edit began. */
    public record Change(String field, String value, String by, Instant at) {
    }

    private final List<Change> changes;
    private final Instant current;

    EditConflictException(long contactId, List<Change> changes, Instant current) {
        super("error.contact.editConflict", contactId, changes.isEmpty() ? "—"
                : String.join(", ", changes.stream().map(c -> c.by() == null ? c.field() : c.field() + " (" + c.by() + ")")
                        .distinct().toList()));
        this.changes = List.copyOf(changes);
        this.current = current;
    }

    public List<Change> changes() {
        return changes;
    }

    /** The version saved now: pass it to save over the other changes. */
    public Instant current() {
        return current;
    }
}
