package org.registro.ingest;

import java.util.Optional;
import java.util.Set;
import org.registro.common.TextKeys;

/** Yes/no cells as the tools and people write them: yes/no, sí/no, ja/nej, true/false, 1/0, x, ✓. */
public final class Booleans {

    private static final Set<String> YES = Set.of("yes", "y", "si", "s", "ja", "j", "true", "t", "1", "x", "✓",
            "✔", "on", "oui", "opted in", "opt-in", "subscribed");
    private static final Set<String> NO = Set.of("no", "n", "nej", "nein", "false", "f", "0", "off", "non",
            "opted out", "opt-out", "unsubscribed", "-");

    private Booleans() {
    }

    /** True or false for a recognised value, empty for a blank or unrecognised one. */
    public static Optional<Boolean> parse(String cell) {
        String key = TextKeys.fold(cell);
        if (key == null) {
            return Optional.empty();
        }
        if (YES.contains(key)) {
            return Optional.of(true);
        }
        if (NO.contains(key)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }
}
