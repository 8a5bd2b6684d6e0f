package org.registro.journey;

import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.TOPIC;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.registro.common.Json;
import org.registro.common.RegistroException;
import org.registro.segment.RuleDocument;
import org.registro.segment.SegmentService;

/**
 * A journey saved to a file to open in another workspace: the journey, and what it needs with enough to create
 * it there (each saved segment's rule, each topic's label, each custom field's type).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JourneyFile(String registro, JourneyDocument journey, Map<String, RuleDocument> segments,
                          List<String> frozenSegments, Map<String, String> topics, Map<String, String> fields) {

    public static final String KIND = "journey";

    /** The file for a journey, reading what it needs from the workspace it comes from. */
    static JourneyFile of(JourneyDocument doc, DSLContext dsl, SegmentService segments) {
        JourneyNeeds needs = JourneyNeeds.of(doc);
        Map<String, RuleDocument> rules = new LinkedHashMap<>();
        needs.segments().forEach(s -> {
            try {
                rules.put(s, segments.rule(s));
            } catch (RegistroException missing) {
                // not in this workspace either: the file names it, the other workspace reports it missing
            }
        });
        Map<String, String> topics = new LinkedHashMap<>();
        needs.topics().forEach(t -> dsl.select(TOPIC.LABEL).from(TOPIC).where(TOPIC.CODE.eq(t))
                .fetchOptional(TOPIC.LABEL).ifPresent(l -> topics.put(t, l)));
        Map<String, String> fields = new LinkedHashMap<>();
        needs.fields().forEach(f -> dsl.select(FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.FIELD_KEY.eq(f)).fetchOptional(FIELD_DEFINITION.DATA_TYPE)
                .ifPresent(t -> fields.put(f, t)));
        return new JourneyFile(KIND, doc, rules, List.copyOf(needs.frozenSegments()), topics, fields);
    }

    public static JourneyFile parse(String json) {
        JourneyFile file;
        try {
            file = Json.MAPPER.readValue(json, JourneyFile.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RegistroException(e, "error.journey.json", e.getOriginalMessage());
        }
        if (!KIND.equals(file.registro()) || file.journey() == null) {
            throw new RegistroException("error.journey.notAJourney");
        }
        if (file.journey().format() > JourneyDocument.FORMAT) {
            throw new RegistroException("error.journey.format", file.journey().format(), JourneyDocument.FORMAT);
        }
        return file;
    }

    public String toJson() {
        return Json.writePretty(this);
    }

    /** Creates in the workspace what the journey needs and it lacks, where the file says how; returns what. */
    List<String> createMissing(DSLContext dsl, SegmentService segments, OffsetDateTime now) {
        Map<String, List<String>> missing = JourneyNeeds.of(journey).missing(dsl);
        List<String> created = new java.util.ArrayList<>();
        for (String s : missing.getOrDefault("segment", List.of())) {
            RuleDocument rule = segments() == null ? null : segments().get(s);
            if (rule != null) {
                segments.save(s, null, rule);
                created.add("segment " + s);
            }
        }
        for (String s : missing.getOrDefault("frozenSegment", List.of())) {
            if (!dsl.fetchExists(SEGMENT, SEGMENT.NAME.eq(s))) {
                dsl.insertInto(SEGMENT).set(SEGMENT.NAME, s).set(SEGMENT.RULE_JSON, RuleDocument.of(null).toJson())
                        .set(SEGMENT.KIND, SegmentService.SNAPSHOT).set(SEGMENT.SNAPSHOT_AT, now)
                        .set(SEGMENT.CREATED_AT, now).set(SEGMENT.UPDATED_AT, now).execute();
                created.add("frozen segment " + s);
            }
        }
        for (String t : missing.getOrDefault("topic", List.of())) {
            int position = dsl.select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.max(TOPIC.POSITION), 0)).from(TOPIC)
                    .fetchSingle().value1() + 1;
            dsl.insertInto(TOPIC).set(TOPIC.CODE, t).set(TOPIC.LABEL, topics() == null ? t
                    : topics().getOrDefault(t, t)).set(TOPIC.POSITION, position).execute();
            created.add("topic " + t);
        }
        for (String f : missing.getOrDefault("field", List.of())) {
            String type = fields() == null ? "text" : fields().getOrDefault(f, "text");
            dsl.insertInto(FIELD_DEFINITION).set(FIELD_DEFINITION.FIELD_KEY, f).set(FIELD_DEFINITION.LABEL, f)
                    .set(FIELD_DEFINITION.DATA_TYPE, type).set(FIELD_DEFINITION.CREATED_AT, now).execute();
            created.add("field " + f);
        }
        return created;
    }
}
