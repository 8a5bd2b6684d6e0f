package org.registro.segment;

import static org.registro.db.Tables.CHANNEL;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTENT_ITEM;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.TOPIC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.registro.common.Messages;

/**
 * What the segment builder offers in its pickers: the fields (built-in and custom), tags, sources, event types and
 * campaigns, channels and topics, identifier kinds, saved segments, models and their labels, content items.
 */
final class SegmentCatalogue {

    private SegmentCatalogue() {
    }

    /** The catalogue of the workspace behind {@code dsl}; {@code segments}: the saved segments' names. */
    static SegmentService.Catalogue read(DSLContext dsl, List<String> segments) {
        List<SegmentService.FieldInfo> fields = new ArrayList<>();
        for (var e : RuleCompiler.BUILT_IN_ORDER) {
            Class<?> type = RuleCompiler.BUILT_IN.get(e).getType();
            fields.add(new SegmentService.FieldInfo(e, Messages.getOr("field." + e, e),
                    type == String.class ? "text" : "date"));
        }
        dsl.select(FIELD_DEFINITION.FIELD_KEY, FIELD_DEFINITION.LABEL,
                        FIELD_DEFINITION.DATA_TYPE)
                .from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.ARCHIVED_AT.isNull())
                .orderBy(FIELD_DEFINITION.POSITION, FIELD_DEFINITION.LABEL)
                .forEach(r -> fields.add(new SegmentService.FieldInfo(r.value1(), r.value2(),
                        "choice".equals(r.value3()) ? "text" : r.value3())));
        return new SegmentService.Catalogue(fields,
                dsl.select(TAG.NAME).from(TAG)
                        .orderBy(TAG.NAME_KEY).limit(500).fetch(TAG.NAME),
                dsl.select(SOURCE.NAME).from(SOURCE)
                        .orderBy(SOURCE.NAME).fetch(SOURCE.NAME),
                dsl.selectDistinct(EVENT.EVENT_TYPE).from(EVENT)
                        .orderBy(EVENT.EVENT_TYPE).fetch(EVENT.EVENT_TYPE),
                dsl.selectDistinct(EVENT.CAMPAIGN).from(EVENT)
                        .where(EVENT.CAMPAIGN.isNotNull())
                        .orderBy(EVENT.CAMPAIGN).limit(500)
                        .fetch(EVENT.CAMPAIGN),
                dsl.select(CHANNEL.CODE).from(CHANNEL)
                        .orderBy(CHANNEL.POSITION).fetch(CHANNEL.CODE),
                dsl.select(TOPIC.CODE).from(TOPIC)
                        .orderBy(TOPIC.POSITION).fetch(TOPIC.CODE),
                dsl.selectDistinct(IDENTIFIER.KIND).from(IDENTIFIER)
                        .orderBy(IDENTIFIER.KIND).fetch(IDENTIFIER.KIND),
                segments,
                dsl.selectDistinct(CONTACT_SCORE.MODEL).from(CONTACT_SCORE)
                        .fetch(CONTACT_SCORE.MODEL),
                dsl.selectDistinct(CONTACT_SCORE.MODEL, CONTACT_SCORE.LABEL).from(CONTACT_SCORE)
                        .where(CONTACT_SCORE.LABEL.isNotNull()).orderBy(CONTACT_SCORE.MODEL, CONTACT_SCORE.LABEL)
                        .fetchGroups(CONTACT_SCORE.MODEL, CONTACT_SCORE.LABEL),
                // content items by key, with their titles (the recommendations condition offers them)
                itemTitles(dsl),
                topicLabels(dsl));
    }

    /** The content items on offer by key, with their titles, by title. */
    static Map<String, String> itemTitles(DSLContext dsl) {
        return dsl.select(CONTENT_ITEM.ITEM_KEY, CONTENT_ITEM.TITLE).from(CONTENT_ITEM)
                .where(CONTENT_ITEM.ARCHIVED_AT.isNull()).orderBy(CONTENT_ITEM.TITLE)
                .fetchMap(CONTENT_ITEM.ITEM_KEY, CONTENT_ITEM.TITLE);
    }

    /** Each topic's name as people read it (see {@link org.registro.consent.ConsentService#label}). */
    static Map<String, String> topicLabels(DSLContext dsl) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        dsl.select(TOPIC.CODE, TOPIC.LABEL).from(TOPIC).orderBy(TOPIC.POSITION).forEach(r -> labels.put(r.value1(),
                org.registro.consent.ConsentService.label(r.value1(), r.value2())));
        return labels;
    }
}
