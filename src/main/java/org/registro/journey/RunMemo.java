package org.registro.journey;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.registro.export.ConsentCheck;
import org.registro.export.ExportService;
import org.registro.segment.Rule;
import org.registro.segment.SegmentService;

/**
 * What one run of the journeys asks the workspace more than once, answered once for all of them: who meets a
 * rule at the run's moment (an entry segment, a goal; two journeys often share one, like "may receive commercial
 * email"), and each message's consent check. A step that changes people's data (a tag, a field, a consent)
 * makes the run {@link #forget()} the members it knew.
 */
final class RunMemo {

    private final SegmentService segments;
    private final ExportService exports;
    private final OffsetDateTime now;
    private final Map<Object, Set<Long>> members = new HashMap<>();
    private final Map<String, ConsentCheck> checks = new HashMap<>();

    RunMemo(SegmentService segments, ExportService exports, OffsetDateTime now) {
        this.segments = segments;
        this.exports = exports;
        this.now = now;
    }

    /** The contacts who meet the rule now. */
    Set<Long> meeting(Rule rule) {
        return members.computeIfAbsent(rule, r -> segments.memberIds(rule, now));
    }

    /** The contacts in the entry's segment (a saved segment by name, or the entry's own rule) now. */
    Set<Long> entryMembers(Step.Entry entry) {
        boolean named = entry.segment() != null && !entry.segment().isBlank();
        Object key = named ? "segment\u0000" + entry.segment() : entry.rule();
        return members.computeIfAbsent(key, k -> segments.memberIds(named
                ? new org.registro.segment.Rule.Segment(entry.segment(), true) : entry.rule(), now));
    }

    /** The message's consent check (the suppression list it reads is read once per run). */
    ConsentCheck consentCheck(Message m) {
        return checks.computeIfAbsent(m.purposeValue().code() + "\u0000" + m.channel() + "\u0000" + m.topic(),
                k -> exports.consentCheck(m.purposeValue(), m.channel(), m.topic()));
    }

    /** People's data changed: who meets which rule is asked again. */
    void forget() {
        members.clear();
    }
}
