package org.registro.journey;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.registro.common.Json;
import org.registro.common.RegistroException;

/**
 * A journey as it is stored, versioned and shared: {@code {"format": 1, "name": …, "settings": {…}, "steps":
 * [{"type": "entry", "key": "entry", …}, …]}}. The first entry step is where people come in; goal steps stand
 * apart and apply from any step. A newer format than this Registro knows is refused rather than half understood.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JourneyDocument(int format, String name, String description, Settings settings, List<Step> steps) {

    public static final int FORMAT = 1;

    public JourneyDocument {
        format = format <= 0 ? FORMAT : format;
        settings = settings == null ? Settings.defaults() : settings;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static JourneyDocument parse(String json) {
        JourneyDocument document;
        try {
            document = Json.MAPPER.readValue(json, JourneyDocument.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RegistroException(e, "error.journey.json", e.getOriginalMessage());
        }
        if (document.format() > FORMAT) {
            throw new RegistroException("error.journey.format", document.format(), FORMAT);
        }
        return document;
    }

    public String toJson() {
        return Json.writePretty(this);
    }

    public Optional<Step> step(String key) {
        return key == null ? Optional.empty() : steps.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    @JsonIgnore
    public Optional<Step.Entry> entry() {
        return steps.stream().filter(Step.Entry.class::isInstance).map(Step.Entry.class::cast).findFirst();
    }

    @JsonIgnore
    public List<Step.Goal> goals() {
        return steps.stream().filter(Step.Goal.class::isInstance).map(Step.Goal.class::cast).toList();
    }

    /** The steps reachable from the entry, in the order a walk along the branches meets them. */
    @JsonIgnore
    public List<String> reachable() {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        entry().ifPresent(e -> todo.push(e.key()));
        while (!todo.isEmpty()) {
            String key = todo.pop();
            if (!seen.add(key)) {
                continue;
            }
            step(key).ifPresent(s -> {
                List<String> next = new ArrayList<>(s.successors());
                java.util.Collections.reverse(next);
                next.stream().filter(n -> n != null && !seen.contains(n)).forEach(todo::push);
            });
        }
        return List.copyOf(seen);
    }

    public JourneyDocument withName(String name) {
        return new JourneyDocument(format, name, description, settings, steps);
    }

    public JourneyDocument withSteps(List<Step> steps) {
        return new JourneyDocument(format, name, description, settings, steps);
    }

    /** The step replaced by one with the same key. */
    public JourneyDocument replace(Step step) {
        return withSteps(steps.stream().map(s -> s.key().equals(step.key()) ? step : s).toList());
    }
}
