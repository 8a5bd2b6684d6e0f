package org.registro.journey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.registro.common.Json;
import org.registro.common.Messages;
import org.registro.common.RegistroException;

/**
 * The journeys Registro offers to start from. Each is a journey file in the resources whose texts ("@welcome.name")
 * are message keys, so a template opens in the user's language; it needs only what every workspace has (the
 * email channel, the standard topics, built-in fields and the event types imports record).
 */
public final class JourneyTemplates {

    /** A template in the list: its key, name and description in the user's language. */
    public record Template(String key, String name, String description) {
    }

    public static final List<String> KEYS = List.of("welcome-series", "donor-reactivation", "event-reminder",
            "double-opt-in-reminder", "birthday", "monthly-pick");

    private static final Pattern TEXT = Pattern.compile("\"@([A-Za-z0-9_.]+)\"");

    private JourneyTemplates() {
    }

    public static List<Template> list() {
        return KEYS.stream().map(k -> {
            JourneyDocument doc = get(k);
            return new Template(k, doc.name(), doc.description());
        }).toList();
    }

    public static JourneyDocument get(String key) {
        if (!KEYS.contains(key)) {
            throw new RegistroException("error.journey.template", key, String.join(", ", KEYS));
        }
        String json;
        try (InputStream in = JourneyTemplates.class.getResourceAsStream("templates/" + key + ".json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = TEXT.matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Json.write(Messages.get("journey.template." + m.group(1)))));
        }
        m.appendTail(out);
        return JourneyDocument.parse(out.toString());
    }
}
