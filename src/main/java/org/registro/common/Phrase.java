package org.registro.common;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sentence kept as its message key and arguments, so it can be read in the language of whoever reads it later
 * (the audit log's summaries: "Imported donors.csv: 120 created…" in English, "Importado donors.csv: 120 creados…"
 * in Spanish). An argument may itself be a phrase — a status or channel named in the reader's words — or a plain
 * value (text, number).
 */
public record Phrase(String key, List<Object> args) {

    public Phrase {
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(args));
    }

    public static Phrase of(String key, Object... args) {
        return new Phrase(key, java.util.Arrays.asList(args));
    }

    /**
     * A code named in the reader's words: the text of {@code prefix + code}, or the code itself when there is none
     * (a channel a user added).
     */
    public static Phrase code(String prefix, String code) {
        return new Phrase("?" + prefix + code, List.of(code));
    }

    /** Several values (or phrases) read as one, separated by commas: the fields an edit changed. */
    public static Phrase list(List<?> items) {
        return new Phrase(LIST, new ArrayList<>(items));
    }

    private static final String LIST = "*list";

    /** In the current language. */
    public String text() {
        return render(false);
    }

    /** In English, as stored beside the key for readers that do not translate (a log file, a database tool). */
    public String english() {
        return render(true);
    }

    private String render(boolean english) {
        if (key.startsWith("?")) { // a code with a name when there is one
            String named = key.substring(1);
            String text = english ? Messages.english(named) : Messages.getOr(named, named);
            return text.equals(named) ? String.valueOf(args.get(0)) : text;
        }
        Object[] values = new Object[args.size()];
        for (int i = 0; i < values.length; i++) {
            Object a = args.get(i);
            values[i] = a instanceof Phrase p ? p.render(english) : a;
        }
        if (key.equals(LIST)) {
            return java.util.Arrays.stream(values).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        }
        return english ? Messages.english(key, values) : Messages.get(key, values);
    }

    /** As stored: the arguments as JSON (phrases inside as objects with their key and arguments). */
    public String argsJson() {
        return Json.write(args);
    }

    /** Read back from its key and {@link #argsJson()}; null when there is no key (written before phrases). */
    public static Phrase read(String key, String argsJson) {
        if (key == null) {
            return null;
        }
        List<Object> raw = argsJson == null ? List.of() : Json.read(argsJson, new TypeReference<List<Object>>() { });
        List<Object> args = new ArrayList<>(raw.size());
        for (Object a : raw) {
            if (a instanceof Map<?, ?> m && m.get("key") instanceof String k) {
                Object inner = m.get("args");
                args.add(read(k, inner == null ? null : Json.write(inner)));
            } else {
                args.add(a);
            }
        }
        return new Phrase(key, args);
    }
}
