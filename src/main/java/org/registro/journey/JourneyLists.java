package org.registro.journey;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.JOURNEY;
import static org.registro.db.Tables.JOURNEY_ENROLMENT;
import static org.registro.db.Tables.JOURNEY_SEND;
import static org.registro.db.Tables.JOURNEY_STEP_LOG;
import static org.registro.db.Tables.JOURNEY_VERSION;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.impl.DSL;
import org.registro.common.RegistroException;
import org.registro.export.Selector;
import org.registro.journey.JourneyService.SendDay;
import org.registro.journey.JourneyService.Visit;
import org.registro.workspace.Workspace;

/** What journeys left behind: the send lists of each step and day, and each person's visits. */
final class JourneyLists {

    private final Workspace workspace;

    JourneyLists(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The send lists of a journey, per step and day, newest first. */
    List<SendDay> sendDays(long journeyId) {
        Map<String, SendDay> out = new LinkedHashMap<>();
        workspace.dsl().select(JOURNEY_SEND.STEP_KEY, JOURNEY_SEND.MESSAGE, JOURNEY_SEND.LIST_DAY,
                        JOURNEY_SEND.STATUS, JOURNEY_SEND.REASON, DSL.count())
                .from(JOURNEY_SEND).where(JOURNEY_SEND.JOURNEY_ID.eq(journeyId))
                .groupBy(JOURNEY_SEND.STEP_KEY, JOURNEY_SEND.MESSAGE, JOURNEY_SEND.LIST_DAY, JOURNEY_SEND.STATUS,
                        JOURNEY_SEND.REASON)
                .orderBy(JOURNEY_SEND.LIST_DAY.desc(), JOURNEY_SEND.STEP_KEY).forEach(r -> {
                    String key = r.value1() + "\u0000" + r.value3();
                    SendDay day = out.computeIfAbsent(key, k -> new SendDay(r.value1(), r.value2(), r.value3(), 0,
                            new TreeMap<>()));
                    if (JourneyService.LISTED.equals(r.value4())) {
                        out.put(key, new SendDay(day.step(), day.message(), day.day(), day.listed() + r.value6(),
                                day.skipped()));
                    } else {
                        day.skipped().merge(r.value5(), (long) r.value6(), Long::sum);
                    }
                });
        return List.copyOf(out.values());
    }

    /** Who is on a send step's list (one day, or every day when null), as an export selector. */
    Selector sendList(long journeyId, String name, JourneyDocument published, String step, LocalDate day) {
        if (!(published.step(step).orElse(null) instanceof Step.Send) && !workspace.dsl().fetchExists(JOURNEY_SEND,
                JOURNEY_SEND.JOURNEY_ID.eq(journeyId).and(JOURNEY_SEND.STEP_KEY.eq(step)))) {
            throw new RegistroException("error.journey.noSendStep", name, step);
        }
        var on = JOURNEY_SEND.JOURNEY_ID.eq(journeyId).and(JOURNEY_SEND.STEP_KEY.eq(step))
                .and(JOURNEY_SEND.STATUS.eq(JourneyService.LISTED));
        if (day != null) {
            on = on.and(JOURNEY_SEND.LIST_DAY.eq(day));
        }
        String label = "journey " + name + " · " + step + (day == null ? "" : " · " + day);
        return Selector.journey(new Selector.JourneyList(journeyId, step, label,
                CONTACT.ID.in(DSL.select(JOURNEY_SEND.CONTACT_ID).from(JOURNEY_SEND).where(on)), on));
    }

    /** Everything a person did in journeys, newest first, each step under the label of their version. */
    List<Visit> history(long contactId) {
        Map<String, JourneyDocument> docs = new LinkedHashMap<>();
        return workspace.dsl().select(JOURNEY.ID, JOURNEY.NAME, JOURNEY_ENROLMENT.VERSION, JOURNEY_STEP_LOG.STEP_KEY,
                        JOURNEY_STEP_LOG.OUTCOME, JOURNEY_STEP_LOG.ENTERED_AT, JOURNEY_STEP_LOG.LEFT_AT,
                        JOURNEY_ENROLMENT.STATUS)
                .from(JOURNEY_STEP_LOG).join(JOURNEY_ENROLMENT).on(JOURNEY_ENROLMENT.ID.eq(JOURNEY_STEP_LOG.ENROLMENT_ID))
                .join(JOURNEY).on(JOURNEY.ID.eq(JOURNEY_ENROLMENT.JOURNEY_ID))
                .where(JOURNEY_ENROLMENT.CONTACT_ID.eq(contactId))
                .orderBy(JOURNEY_STEP_LOG.ENTERED_AT.desc(), JOURNEY_STEP_LOG.ID.desc())
                .fetch(r -> {
                    JourneyDocument doc = docs.computeIfAbsent(r.value1() + "/" + r.value3(), k -> workspace.dsl()
                            .select(JOURNEY_VERSION.GRAPH_JSON).from(JOURNEY_VERSION)
                            .where(JOURNEY_VERSION.JOURNEY_ID.eq(r.value1()).and(JOURNEY_VERSION.VERSION.eq(r.value3())))
                            .fetchOptional(JOURNEY_VERSION.GRAPH_JSON).map(JourneyDocument::parse).orElse(null));
                    String label = doc == null ? null : doc.step(r.value4()).map(Step::label).orElse(null);
                    return new Visit(r.value2(), r.value3(), r.value4(), label, r.value5(),
                            JourneyService.instant(r.value6()), JourneyService.instant(r.value7()), r.value8());
                });
    }
}
