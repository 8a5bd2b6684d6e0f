package org.registro.contact;

import java.util.Map;
import java.util.stream.Collectors;
import org.registro.common.Messages;
import org.registro.common.RegistroException;

/** A draft the service refused, with one problem per field (field name to message key and argument). */
public final class ValidationException extends RegistroException {

    private final transient Map<String, FieldProblem> problems;

    /** One problem with one field: a message key and its arguments. */
    public record FieldProblem(String key, Object... args) {
        public String message() {
            return Messages.get(key, args);
        }
    }

    public ValidationException(Map<String, FieldProblem> problems) {
        super("error.validation", problems.size());
        this.problems = Map.copyOf(problems);
    }

    public Map<String, FieldProblem> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return problems.entrySet().stream()
                .map(e -> Messages.get("field." + e.getKey()) + ": " + e.getValue().message())
                .sorted()
                .collect(Collectors.joining("; "));
    }
}
