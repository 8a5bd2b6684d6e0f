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

    public static RuleDocument parse(String json) {
        RuleDocument document;
        try {
            document = Json.MAPPER.readValue(json, RuleDocument.class);
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
