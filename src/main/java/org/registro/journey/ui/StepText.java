package org.registro.journey.ui;

import java.util.List;
import java.util.Locale;
import org.registro.common.Messages;
import org.registro.journey.JourneyCheck;
import org.registro.journey.Step;
import org.registro.segment.Rule;
import org.registro.segment.RuleText;
import org.registro.ui.I18n;

/** How the canvas and the step editor say what a step does, in the user's language. */
public final class StepText {

    private StepText() {
    }

    /** The name of a step type: "Send a message". */
    public static String typeName(String type) {
        return I18n.t("journey.step." + type);
    }

    /** An event type as people say it ("Opened an email"); a type of the user's own stays as they wrote it. */
    public static String eventName(String type) {
        return type == null || type.isBlank() ? I18n.t("journey.text.anEvent")
                : I18n.eventType(type);
    }

    /** The step's label, or what it does when it has none. */
    public static String title(Step s) {
        if (s.label() != null && !s.label().isBlank()) {
            return s.label();
        }
        String detail = detail(s);
        return detail.isBlank() ? typeName(s.type()) : detail;
    }

    /** One line on what the step does. */
    public static String detail(Step s) {
        if (s instanceof Step.Entry e) {
            return entry(e);
        } else if (s instanceof Step.Wait w) {
            return switch (w.mode() == null ? "" : w.mode()) {
                case Step.Wait.DURATION -> I18n.t("journey.text.waitFor", duration(w));
                case Step.Wait.WEEKDAY -> I18n.t("journey.text.waitWeekday", weekdays(w.weekdays()),
                        w.time() == null ? "09:00" : w.time());
                case Step.Wait.DATE -> I18n.t("journey.text.waitDate", w.dateField() == null ? "?" : w.dateField(),
                        JourneyCheck.nz(w.days()));
                case Step.Wait.EVENT -> w.campaign() == null || w.campaign().isBlank()
                        ? I18n.t("journey.text.waitEvent", eventName(w.eventType()), JourneyCheck.nz(w.days()))
                        : I18n.t("journey.text.waitEventOf", eventName(w.eventType()), w.campaign(),
                        JourneyCheck.nz(w.days()));
                default -> typeName("wait");
            };
        } else if (s instanceof Step.Split sp) {
            return I18n.t("journey.text.split", sp.branches().size());
        } else if (s instanceof Step.RandomSplit r) {
            return String.join(" · ", r.branches().stream().map(b -> branchName(b) + " "
                    + JourneyCheck.nz(b.percent()) + "%").toList());
        } else if (s instanceof Step.Send x) {
            if (x.message() == null || x.message().name() == null || x.message().name().isBlank()) {
                return I18n.t("journey.text.sendNothing");
            }
            String purpose = x.message().purpose() == null ? "?" : I18n.t("journey.purpose." + x.message().purpose());
            return I18n.t(x.message().sendsBestItem() ? "journey.text.sendBestItem" : "journey.text.send",
                    x.message().name(), purpose);
        } else if (s instanceof Step.Tag t) {
            return I18n.t(Boolean.TRUE.equals(t.remove()) ? "journey.text.untag" : "journey.text.tag",
                    t.tag() == null ? "?" : t.tag());
        } else if (s instanceof Step.SetField f) {
            return I18n.t("journey.text.field", f.field() == null ? "?" : f.field(),
                    f.value() == null || f.value().isBlank() ? I18n.t("journey.text.empty") : f.value());
        } else if (s instanceof Step.RequestOptIn o) {
            return I18n.t("journey.text.optIn", o.channel() == null ? "email" : o.channel());
        } else if (s instanceof Step.AddToSegment a) {
            return I18n.t("journey.text.addToSegment", a.segment() == null ? "?" : a.segment());
        } else if (s instanceof Step.Goal g) {
            return g.rule() == null ? I18n.t("journey.text.goalNothing") : rule(g.rule());
        }
        return "";
    }

    private static String entry(Step.Entry e) {
        return switch (e.kind() == null ? "" : e.kind()) {
            case Step.Entry.SEGMENT -> e.segment() != null && !e.segment().isBlank()
                    ? I18n.t("journey.text.entrySegment", e.segment())
                    : e.rule() != null ? I18n.t("journey.text.entryRule", rule(e.rule())) : I18n.t("journey.text.entryNothing");
            case Step.Entry.EVENT -> I18n.t(Boolean.TRUE.equals(e.firstOnly()) ? "journey.text.entryFirstEvent"
                    : "journey.text.entryEvent", eventName(e.eventType()));
            case Step.Entry.IMPORT -> e.source() == null || e.source().isBlank() ? I18n.t("journey.text.entryAnyImport")
                    : I18n.t("journey.text.entryImport", e.source());
            case Step.Entry.DATE -> e.days() != null && !Boolean.TRUE.equals(e.anniversary())
                    ? I18n.t("journey.text.entryDaysAfter", e.days(), fieldName(e.dateField()))
                    : I18n.t("journey.text.entryAnniversary", fieldName(e.dateField()));
            default -> I18n.t("journey.text.entryNothing");
        };
    }

    private static String fieldName(String field) {
        return field == null ? "?" : Messages.getOr("field." + field, field);
    }

    /**
     * A rule in words: a short group is spelled out ("Gave a donation in the last 30 days or Made a purchase in the
     * last 30 days"), a deeper one is summed up.
     */
    public static String rule(Rule rule) {
        if (rule instanceof Rule.Group g && !g.conditions().isEmpty() && g.conditions().size() <= 3
                && g.conditions().stream().noneMatch(c -> c instanceof Rule.Group)) {
            String word = " " + I18n.t(g.match() == Rule.Match.ALL ? "journey.text.and" : "journey.text.or") + " ";
            String joined = String.join(word, g.conditions().stream().map(StepText::condition).toList());
            return g.match() == Rule.Match.NONE ? I18n.t("journey.text.noneOf", joined) : joined;
        }
        return rule instanceof Rule.Group ? RuleText.describe(rule) : condition(rule);
    }

    /** One condition; an event as people say it, others as the segment builder says them. */
    private static String condition(Rule rule) {
        if (rule instanceof Rule.Events e && e.eventType() != null && (e.atLeast() == null || e.atLeast() <= 1)
                && e.totalAtLeast() == null) {
            String did = eventName(e.eventType()) + (e.campaign() == null || e.campaign().isBlank() ? ""
                    : " «" + e.campaign() + "»");
            if (e.withinDays() != null) {
                did = I18n.t("journey.text.within", did, e.withinDays());
            }
            return Boolean.FALSE.equals(e.did()) ? I18n.t("journey.text.not", did) : did;
        }
        return RuleText.describe(rule);
    }

    private static String duration(Step.Wait w) {
        StringBuilder out = new StringBuilder();
        if (JourneyCheck.nz(w.days()) > 0) {
            out.append(I18n.t("journey.text.days", w.days()));
        }
        if (JourneyCheck.nz(w.hours()) > 0) {
            out.append(out.length() > 0 ? " " : "").append(I18n.t("journey.text.hours", w.hours()));
        }
        if (JourneyCheck.nz(w.minutes()) > 0) {
            out.append(out.length() > 0 ? " " : "").append(I18n.t("journey.text.minutes", w.minutes()));
        }
        return out.length() == 0 ? I18n.t("journey.text.days", 0) : out.toString();
    }

    private static String weekdays(List<String> days) {
        if (days == null || days.isEmpty()) {
            return "?";
        }
        return String.join(", ", days.stream().map(d -> java.time.DayOfWeek.valueOf(d.strip().toUpperCase(Locale.ROOT))
                .getDisplayName(java.time.format.TextStyle.FULL, Messages.locale())).toList());
    }

    /** A branch's name: its label, or its key in capitals ("A"). */
    public static String branchName(Step.Branch b) {
        return b.label() != null && !b.label().isBlank() ? b.label() : b.key().toUpperCase(Locale.ROOT);
    }

    /** The words on an arrow out of a step: which branch, or whether the event happened. */
    public static String slotLabel(Step s, int index) {
        if (s instanceof Step.Wait w && Step.Wait.EVENT.equals(w.mode())) {
            return index == 0 ? I18n.t("journey.slot.happened") : I18n.t("journey.slot.timeout", JourneyCheck.nz(w.days()));
        } else if (s instanceof Step.Split sp) {
            return index < sp.branches().size() ? branchName(sp.branches().get(index)) : I18n.t("journey.slot.else");
        } else if (s instanceof Step.RandomSplit r) {
            Step.Branch b = r.branches().get(index);
            return branchName(b) + " · " + JourneyCheck.nz(b.percent()) + "%";
        }
        return "";
    }

    /** How a person left a step, in words: "Listed to send", "Skipped: no opt-in", "Took branch B". */
    public static String outcome(String outcome) {
        if (outcome == null) {
            return "";
        }
        if (outcome.startsWith("skipped:")) {
            return I18n.t("journey.outcome.skipped", ReportPanel.reasonText(outcome.substring("skipped:".length())));
        }
        return switch (outcome) {
            case "entered", "listed", "waited", "event", "timeout", "else", "done", "exit", "end", "converted",
                 "missing_step" -> I18n.t("journey.outcome." + outcome);
            default -> I18n.t("journey.outcome.branch", outcome.toUpperCase(Locale.ROOT));
        };
    }
}
