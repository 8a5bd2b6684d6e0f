package org.registro.contact;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.registro.contact.ValidationException.FieldProblem;

/**
 * Checks a draft without touching the database, so the edit dialog can show problems as the user types.
 * The service runs the same checks, plus uniqueness of identifiers, before writing.
 */
public final class ContactValidator {

    private final String defaultRegion;

    public ContactValidator(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** Field name ("email", "phone", ...) to problem; empty when the draft can be saved. */
    public Map<String, FieldProblem> validate(ContactDraft draft, LocalDate today) {
        Map<String, FieldProblem> problems = new LinkedHashMap<>();
        boolean hasName = !blank(draft.firstName()) || !blank(draft.lastName());
        boolean hasEmail = !blank(draft.email());
        boolean hasPhone = !blank(draft.phone());
        if (!hasName && !hasEmail && !hasPhone) {
            problems.put("email", new FieldProblem("validation.needsNameOrIdentifier"));
        }
        if (hasEmail && !Emails.isValid(draft.email())) {
            problems.put("email", new FieldProblem("validation.email", draft.email().strip()));
        }
        if (hasPhone && Phones.toE164(draft.phone(), defaultRegion).isEmpty()) {
            problems.put("phone", new FieldProblem("validation.phone", draft.phone().strip(), defaultRegion));
        }
        if (!blank(draft.country()) && !Countries.isCode(draft.country().strip().toUpperCase(Locale.ROOT))) {
            problems.put("country", new FieldProblem("validation.country", draft.country().strip()));
        }
        if (draft.birthDate() != null && draft.birthDate().isAfter(today)) {
            problems.put("birthDate", new FieldProblem("validation.birthDateFuture"));
        }
        if (draft.birthDate() != null && draft.birthDate().isBefore(today.minusYears(130))) {
            problems.put("birthDate", new FieldProblem("validation.birthDateTooOld"));
        }
        for (String tag : draft.tags()) {
            if (tag != null && tag.strip().length() > 200) {
                problems.put("tags", new FieldProblem("validation.tagTooLong"));
            }
        }
        return problems;
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
