package org.registro.segment;

import java.util.Locale;
import org.registro.common.Messages;

/** A rule node in words, for explanations and the builder: "City is Madrid", "Did donation at least 2 times…". */
public final class RuleText {

    private RuleText() {
    }

    static String notLive() {
        return Messages.get("segment.text.notLive");
    }

    /**
     * How topics and content items are named: by their labels and titles (a code it does not know, as it is).
     * {@link #CODES} names them by their codes, for callers without the workspace at hand.
     */
    public record Names(java.util.function.Function<String, String> topic,
                        java.util.function.Function<String, String> item) {
        public static final Names CODES = new Names(t -> t, i -> i);

        String topicOf(String code) {
            String label = code == null ? null : topic.apply(code);
            return label == null ? code : label;
        }

        String itemOf(String key) {
            String title = key == null ? null : item.apply(key);
            return title == null ? key : title;
        }
    }

    public static String describe(Rule rule) {
        return describe(rule, Names.CODES);
    }

    public static String describe(Rule rule, Names names) {
        if (rule instanceof Rule.Group g) {
            return Messages.get("segment.text.group." + g.match().name().toLowerCase(Locale.ROOT),
                    g.conditions().size());
        } else if (rule instanceof Rule.Field f) {
            String field = Messages.getOr("field." + f.field(), f.field());
            String value = f.values() != null && !f.values().isEmpty() ? String.join(", ", f.values())
                    : f.value() == null ? "" : f.value();
            if ("between".equals(f.op())) {
                return Messages.get("segment.text.between", field, value, f.value2());
            }
            if ("withinLastDays".equals(f.op()) || "anniversaryWithinDays".equals(f.op())) {
                return Messages.get("segment.text." + f.op(), field, f.days());
            }
            return Messages.get("segment.text.field", field, Messages.getOr("segment.op." + f.op(), f.op()), value)
                    .strip();
        } else if (rule instanceof Rule.Tag t) {
            return Messages.get(t.has() == null || t.has() ? "segment.text.tag" : "segment.text.noTag", t.tag());
        } else if (rule instanceof Rule.Identifier i) {
            String kind = Messages.getOr("identifier." + i.kind(), i.kind());
            return Messages.get(i.present() == null || i.present() ? "segment.text.identifier"
                    : "segment.text.noIdentifier", kind);
        } else if (rule instanceof Rule.Source s) {
            return s.source() != null ? Messages.get("segment.text.source", s.source())
                    : Messages.get("segment.text.party", s.party());
        } else if (rule instanceof Rule.Events e) {
            String type = e.eventType() == null ? Messages.get("segment.text.anyEvent") : e.eventType();
            StringBuilder text = new StringBuilder(Messages.get(e.did() == null || e.did() ? "segment.text.did"
                    : "segment.text.didNot", type, e.atLeast() == null ? 1 : e.atLeast()));
            if (e.totalAtLeast() != null) {
                text.append(' ').append(Messages.get("segment.text.total", e.totalAtLeast().toPlainString()));
            }
            if (e.withinDays() != null) {
                text.append(' ').append(Messages.get("segment.text.within", e.withinDays()));
            }
            if (e.campaign() != null) {
                text.append(' ').append(Messages.get("segment.text.campaign", e.campaign()));
            }
            return text.toString();
        } else if (rule instanceof Rule.Consent c) {
            String channel = Messages.getOr("channel." + c.channel(), c.channel());
            if (c.status() != null) {
                return Messages.get("segment.text.consentStatus", channel
                                + (c.topic() == null ? "" : " · " + names.topicOf(c.topic())),
                        Messages.getOr("consent.status." + c.status(), c.status()));
            }
            return Messages.get(c.topic() == null ? "segment.text.mayReceive" : "segment.text.mayReceiveTopic",
                    Messages.getOr("purpose." + (c.purpose() == null ? "commercial" : c.purpose()), c.purpose()),
                    channel, names.topicOf(c.topic()));
        } else if (rule instanceof Rule.Segment s) {
            return Messages.get(s.member() == null || s.member() ? "segment.text.member" : "segment.text.notMember",
                    s.segment());
        }
        if (rule instanceof Rule.Recommended r) {
            String what = r.item() != null && !r.item().isBlank() ? names.itemOf(r.item())
                    : Messages.get("segment.text.aboutTopic", names.topicOf(r.topic()));
            return Messages.get(r.firstOnly() ? "segment.text.recommendedFirst" : "segment.text.recommended", what);
        }
        Rule.Score s = (Rule.Score) rule;
        return s.label() != null ? Messages.get("segment.text.scoreLabel", s.model(), s.label())
                : Messages.get("segment.text.score", s.model(), Messages.getOr("segment.op." + s.op(),
                String.valueOf(s.op())), s.value() == null ? "" : s.value().toPlainString());
    }
}
