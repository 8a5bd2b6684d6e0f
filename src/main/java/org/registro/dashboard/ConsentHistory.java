package org.registro.dashboard;

import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.SOURCE;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.registro.consent.Consent;
import org.registro.consent.ConsentLedger;
import org.registro.workspace.Streaming;

/**
 * Consent month by month, folded from the ledger in one pass in contact order: how many people were opted in to
 * each channel (and each topic on it) at the end of each month, and how many opted in and withdrew in each month,
 * by where it came from. Only people who are active and may be contacted today are counted at month ends, so the
 * last month agrees with today's reach as far as consent goes.
 */
final class ConsentHistory {

    /** People opted in at each month's end, per "channel" or "channel|topic", oldest month first. */
    final Map<String, long[]> optedIn = new HashMap<>();
    /** Opt-ins and withdrawals per month (oldest first), per where they came from. */
    final Map<String, long[]> optIns = new HashMap<>();
    final Map<String, long[]> withdrawals = new HashMap<>();

    private final List<YearMonth> months;
    private final OffsetDateTime[] ends;

    private ConsentHistory(List<YearMonth> months, ZoneId zone) {
        this.months = months;
        this.ends = months.stream().map(m -> m.plusMonths(1).atDay(1).atStartOfDay(zone).toOffsetDateTime())
                .toArray(OffsetDateTime[]::new);
    }

    private record Event(String key, boolean in, OffsetDateTime at) {
    }

    static ConsentHistory read(DSLContext dsl, List<YearMonth> months, ZoneId zone) {
        ConsentHistory h = new ConsentHistory(months, zone);
        Map<Long, String> sources = new HashMap<>();
        dsl.select(SOURCE.ID, SOURCE.NAME).from(SOURCE).forEach(r -> sources.put(r.value1(), r.value2()));
        long[] reachable = reachable(dsl);
        var query = dsl.select(CONSENT_EVENT.CONTACT_ID, CONSENT_EVENT.CHANNEL, CONSENT_EVENT.TOPIC,
                        CONSENT_EVENT.STATUS, CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.SOURCE_ID,
                        CONSENT_EVENT.METHOD)
                .from(CONSENT_EVENT).where(ConsentLedger.notRetracted())
                .orderBy(CONSENT_EVENT.CONTACT_ID, CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID);
        dsl.connection(c -> Streaming.lazily(() -> {
            try (var statement = c.prepareStatement(query.getSQL())) {
                List<Object> binds = query.getBindValues();
                for (int i = 0; i < binds.size(); i++) {
                    statement.setObject(i + 1, binds.get(i));
                }
                statement.setFetchSize(10_000);
                try (var r = statement.executeQuery()) {
                    long current = Long.MIN_VALUE;
                    List<Event> events = new ArrayList<>();
                    while (r.next()) {
                        long contact = r.getLong(1);
                        if (contact != current) {
                            if (java.util.Arrays.binarySearch(reachable, current) >= 0) {
                                h.fold(events);
                            }
                            events.clear();
                            current = contact;
                        }
                        String topic = r.getString(3);
                        String status = r.getString(4);
                        OffsetDateTime at = r.getObject(5, OffsetDateTime.class);
                        boolean in = Consent.GRANTED.equals(status) || Consent.CONFIRMED.equals(status);
                        events.add(new Event(r.getString(2) + (topic.isEmpty() ? "" : "|" + topic), in, at));
                        int month = h.monthOf(at);
                        if (month >= 0 && (in || Consent.WITHDRAWN.equals(status))) {
                            long sourceId = r.getLong(6);
                            String from = r.wasNull() ? "method:" + r.getString(7) : sources.get(sourceId);
                            (in ? h.optIns : h.withdrawals).computeIfAbsent(from, k -> new long[months.size()])[month]++;
                        }
                    }
                    if (java.util.Arrays.binarySearch(reachable, current) >= 0) {
                        h.fold(events);
                    }
                }
            }
        }, c));
        return h;
    }

    /**
     * The ids of the people who are active and may be contacted, ascending: 8 bytes each, read a batch at a time
     * (a set of a million boxed ids would take several times the heap).
     */
    private static long[] reachable(DSLContext dsl) {
        long[] ids = new long[1024];
        int n = 0;
        try (var cursor = dsl.select(CONTACT.ID).from(CONTACT)
                .where(CONTACT.STATUS.eq("active").and(CONTACT.DO_NOT_CONTACT.isFalse())).orderBy(CONTACT.ID)
                .fetchSize(10_000).fetchLazy()) {
            for (var r : cursor) {
                if (n == ids.length) {
                    ids = java.util.Arrays.copyOf(ids, n * 2);
                }
                ids[n++] = r.value1();
            }
        }
        return java.util.Arrays.copyOf(ids, n);
    }

    /** Which of the months {@code at} falls in, or -1. */
    private int monthOf(OffsetDateTime at) {
        for (int i = 0; i < ends.length; i++) {
            OffsetDateTime start = i == 0 ? ends[0].minusMonths(1) : ends[i - 1];
            if (!at.isBefore(start) && at.isBefore(ends[i])) {
                return i;
            }
        }
        return -1;
    }

    /** One person's events in time order: at each month's end, which channels and topics they were opted in to. */
    private void fold(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Boolean> state = new HashMap<>();
        int next = 0;
        for (int m = 0; m < ends.length; m++) {
            while (next < events.size() && events.get(next).at().isBefore(ends[m])) {
                state.put(events.get(next).key(), events.get(next).in());
                next++;
            }
            for (Map.Entry<String, Boolean> e : state.entrySet()) {
                if (!e.getValue()) {
                    continue;
                }
                String key = e.getKey();
                int bar = key.indexOf('|');
                // a topic counts only with its channel: a withdrawn channel withdraws its topics
                if (bar < 0 || Boolean.TRUE.equals(state.get(key.substring(0, bar)))) {
                    optedIn.computeIfAbsent(key, k -> new long[ends.length])[m]++;
                }
            }
        }
    }

    List<YearMonth> months() {
        return months;
    }
}
