package org.registro.segment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.registro.common.Json;
import org.registro.common.RegistroException;

/**
 * A rule as it is stored and exchanged: {@code {"version": 1, "rule": {"type": "group", "match": "all",
 * "conditions": [...]}}}. A newer version than this Registro knows is refused rather than half understood.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuleDocument(int version, Rule rule) {

    public static final int VERSION = 1;

    public RuleDocument {
        rule = rule == null ? new Rule.Group(Rule.Match.ALL, null) : rule;
    }

    public static RuleDocument of(Rule rule) {
        return new RuleDocument(VERSION, rule);
    }

    /**
     * Reads a rule document; a bare condition or group ({@code {"type": ...}}) is read as the document holding it.
     * A document with neither a rule nor a condition is refused: read as "everyone", a typo would select the whole
     * workspace.
     */
    public static RuleDocument parse(String json) {
        RuleDocument document;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree(json);
            if (tree == null || !tree.isObject() || !tree.has("rule") && !tree.has("type")) {
                throw new RegistroException("error.segment.noRule");
            }
            document = tree.has("rule") ? Json.MAPPER.treeToValue(tree, RuleDocument.class)
                    : new RuleDocument(VERSION, Json.MAPPER.treeToValue(tree, Rule.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RegistroException(e, "error.segment.json", e.getOriginalMessage());
        }
        if (document.version() > VERSION) {
            throw new RegistroException("error.segment.version", document.version(), VERSION);
        }
        return document;
    }

    public String toJson() {
        return Json.writePretty(this);
    }
}
