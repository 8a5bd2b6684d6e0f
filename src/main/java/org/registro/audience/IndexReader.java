package org.registro.audience;

import static org.registro.audience.IndexRows.each;
import static org.registro.audience.IndexRows.pieces;
import static org.registro.audience.IndexRows.rows;
import static org.registro.audience.IndexRows.stream;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT_NEXT;
import static org.registro.db.Tables.CONTENT_ITEM;
import static org.registro.db.Tables.CONTENT_ITEM_TOPIC;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IDENTITY_CONFLICT;
import static org.registro.db.Tables.SEGMENT;
import static org.registro.db.Tables.SEGMENT_MEMBER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.registro.audience.IndexRows.IntList;
import org.registro.audience.IndexRows.LongList;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads an {@link AudienceIndex} from H2, one pass per table: the whole workspace, or only some contacts (what
 * changed since the larger index was read), in pieces of ids so each query uses the index on the contact column
 * ({@link IndexRows}).
 */
final class IndexReader {

    private IndexReader() {
    }

    static AudienceIndex read(DSLContext dsl, long[] scope) {
        long[] ids = scope == null ? allIds(dsl) : existing(dsl, scope);
        AudienceIndex index = new AudienceIndex(ids, scope);
        index.all.add(0L, ids.length);
        // three parts that write different fields of the index: read at once on their own connections when the
        // whole workspace is read on a computer with more than one core
        List<Runnable> parts = List.of(
                () -> {
                    contacts(dsl, index);
                    sources(dsl, index);
                },
                () -> index.events = events(dsl, index),
                () -> {
                    facts(dsl, index);
                    customFields(dsl, index);
                    scores(dsl, index);
                    nameOrder(dsl, index);
                });
        if (scope == null && Runtime.getRuntime().availableProcessors() > 1) {
            inParallel(parts);
        } else {
            parts.forEach(Runnable::run);
        }
        index.catalogue = catalogue(dsl, index);
        return index;
    }

    private static void inParallel(List<Runnable> parts) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts.size(),
                r -> {
                    Thread t = new Thread(r, "audience-index-read");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            parts.forEach(p -> running.add(pool.submit(p)));
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the audience index", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Tags, identifier kinds present, and consent status per channel and topic, as bitmaps. */
    private static void facts(DSLContext dsl, AudienceIndex index) {
        rows(dsl, index, CONTACT_TAG.CONTACT_ID, c -> dsl.select(CONTACT_TAG.TAG_ID, CONTACT_TAG.CONTACT_ID)
                .from(CONTACT_TAG).where(c), rs -> add(index, index.tags, rs.getLong(1), rs.getLong(2)));
        rows(dsl, index, IDENTIFIER.CONTACT_ID, c -> dsl.select(IDENTIFIER.KIND, IDENTIFIER.CONTACT_ID,
                IDENTIFIER.IS_VALID, IDENTIFIER.BOUNCED_AT).from(IDENTIFIER).where(c), rs -> {
                    String kind = rs.getString(1);
                    long contact = rs.getLong(2);
                    add(index, index.identifiers, kind, contact);
                    quality(index, kind, index.position(contact), (Boolean) rs.getObject(3), rs.getObject(4) != null);
                });
        rows(dsl, index, CONTACT_NEXT.CONTACT_ID, c -> dsl.select(CONTACT_NEXT.CONTACT_ID, CONTACT_NEXT.ITEM_1_ID,
                CONTACT_NEXT.ITEM_2_ID, CONTACT_NEXT.ITEM_3_ID).from(CONTACT_NEXT).where(c), rs -> {
                    int p = index.position(rs.getLong(1));
                    for (int rank = 0; p >= 0 && rank < 3; rank++) {
                        long item = rs.getLong(2 + rank);
                        if (!rs.wasNull()) {
                            index.next.get(rank).computeIfAbsent(item, k -> new RoaringBitmap()).add(p);
                        }
                    }
                });
        // an unresolved conflict names two contacts: read from each side
        for (Field<Long> side : List.of(IDENTITY_CONFLICT.CONTACT_ID, IDENTITY_CONFLICT.OTHER_CONTACT_ID)) {
            rows(dsl, index, side, c -> dsl.select(side).from(IDENTITY_CONFLICT)
                    .where(c.and(IDENTITY_CONFLICT.RESOLVED_AT.isNull())), rs -> {
                        int p = index.position(rs.getLong(1));
                        if (p >= 0) {
                            index.conflicts.add(p);
                        }
                    });
        }
        Map<String, String> keys = new HashMap<>();
        rows(dsl, index, CONSENT_STATE.CONTACT_ID, c -> dsl.select(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC,
                        CONSENT_STATE.STATUS, CONSENT_STATE.CONTACT_ID).from(CONSENT_STATE).where(c),
                rs -> {
                    String channel = rs.getString(1);
                    String topic = rs.getString(2);
                    String status = rs.getString(3);
                    String key = keys.computeIfAbsent(channel + '\u0000' + topic + '\u0000' + status,
                            k -> AudienceIndex.consentKey(channel, topic, status));
                    add(index, index.consent, key, rs.getLong(4));
                });
    }

    /** What one identifier says of the data's quality, as {@code DataQuality} reads it (null validity: neither). */
    private static void quality(AudienceIndex index, String kind, int p, Boolean valid, boolean bounced) {
        if (p < 0) {
            return;
        }
        boolean email = "email".equals(kind);
        if (email && (Boolean.FALSE.equals(valid) || bounced)) {
            index.invalidEmail.add(p);
        }
        if ("phone".equals(kind) && Boolean.FALSE.equals(valid)) {
            index.invalidPhone.add(p);
        }
        if ((email || "phone".equals(kind)) && Boolean.TRUE.equals(valid) && !bounced) {
            index.usableChannel.add(p);
        }
    }

    private static long[] allIds(DSLContext dsl) {
        LongList ids = new LongList();
        // in table order, sorted here: much faster than H2's ORDER BY over a million rows
        stream(dsl, List.of(dsl.select(CONTACT.ID).from(CONTACT)), rs -> ids.add(rs.getLong(1)));
        long[] sorted = Arrays.copyOf(ids.values, ids.size);
        Arrays.sort(sorted);
        return sorted;
    }

    /** Of these ids, those still in the contact table. */
    private static long[] existing(DSLContext dsl, long[] scope) {
        List<Long> found = new ArrayList<>();
        for (List<Long> piece : pieces(scope)) {
            found.addAll(dsl.select(CONTACT.ID).from(CONTACT).where(CONTACT.ID.in(piece)).orderBy(CONTACT.ID)
                    .fetch(CONTACT.ID));
        }
        return found.stream().mapToLong(Long::longValue).toArray();
    }

    private static <K> void add(AudienceIndex index, Map<K, RoaringBitmap> into, K key, long contactId) {
        int p = index.position(contactId);
        if (p >= 0) {
            into.computeIfAbsent(key, k -> new RoaringBitmap()).add(p);
        }
    }

    private static void contacts(DSLContext dsl, AudienceIndex index) {
        List<String> names = new ArrayList<>(AudienceIndex.TEXT.keySet());
        List<Map<String, Integer>> dictionaries = new ArrayList<>();
        List<int[]> codes = new ArrayList<>();
        for (int f = 0; f < names.size(); f++) {
            dictionaries.add(new HashMap<>());
            int[] c = new int[index.ids.length];
            Arrays.fill(c, -1);
            codes.add(c);
        }
        List<Field<?>> fields = new ArrayList<>(List.of(CONTACT.ID, CONTACT.STATUS, CONTACT.DO_NOT_CONTACT,
                CONTACT.BIRTH_DATE, CONTACT.CREATED_AT, CONTACT.UPDATED_AT, CONTACT.CREATED_SOURCE_ID));
        fields.addAll(AudienceIndex.TEXT.values());
        rows(dsl, index, CONTACT.ID, c -> dsl.select(fields).from(CONTACT).where(c), rs -> {
            int p = index.position(rs.getLong(1));
            if (p < 0) {
                return; // created after the ids were read: the change feed brings it
            }
            String status = rs.getString(2);
            if ("erased".equals(status)) {
                index.erased.add(p);
            } else if (!"merged".equals(status)) {
                index.live.add(p);
            }
            if ("active".equals(status) && !rs.getBoolean(3)) {
                index.reachable.add(p);
            }
            LocalDate birth = rs.getObject(4, LocalDate.class);
            index.birthDate[p] = birth == null ? Integer.MIN_VALUE : (int) birth.toEpochDay();
            index.createdAt[p] = AudienceIndex.micros(rs.getObject(5, java.time.OffsetDateTime.class));
            index.updatedAt[p] = AudienceIndex.micros(rs.getObject(6, java.time.OffsetDateTime.class));
            long source = rs.getLong(7);
            if (rs.wasNull()) {
                index.noCreatingSource.add(p);
            } else {
                index.sources.computeIfAbsent(source, k -> new RoaringBitmap()).add(p);
            }
            for (int f = 0; f < names.size(); f++) {
                String value = rs.getString(8 + f);
                if (value != null) {
                    Map<String, Integer> dictionary = dictionaries.get(f);
                    Integer code = dictionary.get(value);
                    if (code == null) {
                        code = dictionary.size();
                        dictionary.put(value, code);
                    }
                    codes.get(f)[p] = code;
                }
            }
        });
        for (int f = 0; f < names.size(); f++) {
            String[] values = new String[dictionaries.get(f).size()];
            dictionaries.get(f).forEach((v, code) -> values[code] = v);
            index.text.put(names.get(f), new TextColumn(codes.get(f), Arrays.asList(values),
                    AudienceIndex.isCode(names.get(f))));
        }
    }

    /** Events read in table order, then laid out by contact position with a counting sort. */
    private static AudienceIndex.Events events(DSLContext dsl, AudienceIndex index) {
        Map<String, Integer> types = new LinkedHashMap<>();
        Map<String, Integer> campaigns = new LinkedHashMap<>();
        IntList position = new IntList();
        IntList type = new IntList();
        IntList campaign = new IntList();
        LongList times = new LongList();
        LongList amounts = new LongList();
        Map<Integer, BigDecimal> hugeRead = new HashMap<>();
        rows(dsl, index, EVENT.CONTACT_ID, c -> dsl.select(EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT,
                EVENT.AMOUNT, EVENT.CAMPAIGN).from(EVENT).where(c), rs -> {
                    int p = index.position(rs.getLong(1));
                    if (p < 0) {
                        return;
                    }
                    position.add(p);
                    String t = rs.getString(2);
                    Integer code = types.get(t);
                    if (code == null) {
                        code = types.size();
                        types.put(t, code);
                    }
                    type.add(code);
                    String k = rs.getString(5);
                    if (k == null) {
                        campaign.add(-1);
                    } else {
                        Integer kc = campaigns.get(k);
                        if (kc == null) {
                            kc = campaigns.size();
                            campaigns.put(k, kc);
                        }
                        campaign.add(kc);
                    }
                    times.add(AudienceIndex.micros(rs.getObject(3, java.time.OffsetDateTime.class)));
                    BigDecimal amount = rs.getBigDecimal(4);
                    long stored = AudienceIndex.amount(amount);
                    if (stored == AudienceIndex.HUGE_AMOUNT) {
                        hugeRead.put(amounts.size, amount);
                    }
                    amounts.add(stored);
                });
        int n = position.size();
        int[] start = new int[index.ids.length + 1];
        int[] from = position.values;
        for (int i = 0; i < n; i++) {
            start[from[i] + 1]++;
        }
        for (int p = 0; p < index.ids.length; p++) {
            start[p + 1] += start[p];
        }
        int[] next = Arrays.copyOf(start, index.ids.length);
        int[] sortedType = new int[n];
        int[] sortedCampaign = new int[n];
        long[] sortedTime = new long[n];
        long[] sortedAmount = new long[n];
        Map<Integer, BigDecimal> huge = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int at = next[from[i]]++;
            sortedType[at] = type.values[i];
            sortedCampaign[at] = campaign.values[i];
            sortedTime[at] = times.values[i];
            sortedAmount[at] = amounts.values[i];
            if (sortedAmount[at] == AudienceIndex.HUGE_AMOUNT) {
                huge.put(at, hugeRead.get(i));
            }
        }
        return new AudienceIndex.Events(start, sortedType, sortedTime, sortedAmount, sortedCampaign,
                List.copyOf(types.keySet()), List.copyOf(campaigns.keySet()), huge);
    }

    private static void customFields(DSLContext dsl, AudienceIndex index) {
        Map<Long, List<Record>> byField = new HashMap<>();
        each(dsl, index, CONTACT_VALUE.CONTACT_ID, c -> dsl.select(CONTACT_VALUE.FIELD_ID, CONTACT_VALUE.CONTACT_ID,
                        CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER, CONTACT_VALUE.VALUE_DATE,
                        CONTACT_VALUE.VALUE_BOOL).from(CONTACT_VALUE).where(c)
                .orderBy(CONTACT_VALUE.CONTACT_ID), r -> byField.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                .add(r));
        // archived fields too: the catalogue says which fields rules may name, and one may be brought back
        dsl.select(FIELD_DEFINITION.ID, FIELD_DEFINITION.FIELD_KEY, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .forEach(d -> {
                    List<Record> rows = new ArrayList<>(byField.getOrDefault(d.value1(), List.of()));
                    rows.removeIf(r -> index.position(r.get(CONTACT_VALUE.CONTACT_ID)) < 0);
                    int n = rows.size();
                    int[] position = new int[n];
                    String[] text = new String[n];
                    BigDecimal[] number = new BigDecimal[n];
                    int[] date = new int[n];
                    Boolean[] bool = new Boolean[n];
                    RoaringBitmap has = new RoaringBitmap();
                    for (int i = 0; i < n; i++) {
                        Record r = rows.get(i);
                        position[i] = index.position(r.get(CONTACT_VALUE.CONTACT_ID));
                        text[i] = r.get(CONTACT_VALUE.VALUE_TEXT);
                        number[i] = r.get(CONTACT_VALUE.VALUE_NUMBER);
                        LocalDate day = r.get(CONTACT_VALUE.VALUE_DATE);
                        date[i] = day == null ? Integer.MIN_VALUE : (int) day.toEpochDay();
                        bool[i] = r.get(CONTACT_VALUE.VALUE_BOOL);
                        has.add(position[i]);
                    }
                    index.custom.put(d.value2(), new AudienceIndex.CustomField(d.value3(), position, text, number,
                            date, bool, has));
                });
    }

    private static void sources(DSLContext dsl, AudienceIndex index) {
        rows(dsl, index, IDENTIFIER.CONTACT_ID, c -> dsl.select(IDENTIFIER.SOURCE_ID, IDENTIFIER.CONTACT_ID)
                        .from(IDENTIFIER).where(IDENTIFIER.SOURCE_ID.isNotNull().and(c)),
                rs -> add(index, index.sources, rs.getLong(1), rs.getLong(2)));
    }

    private static void scores(DSLContext dsl, AudienceIndex index) {
        Map<String, List<Record>> byModel = new LinkedHashMap<>();
        each(dsl, index, CONTACT_SCORE.CONTACT_ID, c -> dsl.select(CONTACT_SCORE.MODEL, CONTACT_SCORE.CONTACT_ID,
                        CONTACT_SCORE.SCORE, CONTACT_SCORE.LABEL).from(CONTACT_SCORE).where(c)
                .orderBy(CONTACT_SCORE.CONTACT_ID), r -> {
                    if (index.position(r.value2()) >= 0) {
                        byModel.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r);
                    }
                });
        byModel.forEach((model, rows) -> {
            int n = rows.size();
            int[] position = new int[n];
            BigDecimal[] score = new BigDecimal[n];
            String[] label = new String[n];
            for (int i = 0; i < n; i++) {
                position[i] = index.position(rows.get(i).get(CONTACT_SCORE.CONTACT_ID));
                score[i] = rows.get(i).get(CONTACT_SCORE.SCORE);
                label[i] = rows.get(i).get(CONTACT_SCORE.LABEL);
            }
            index.scores.put(model, new AudienceIndex.Scores(position, score, label));
        });
    }

    /** Positions by last name, first name and id, as member lists are sorted (the contact table's own index). */
    private static void nameOrder(DSLContext dsl, AudienceIndex index) {
        IntList order = new IntList();
        if (index.scope == null) {
            rows(dsl, index, CONTACT.ID, c -> dsl.select(CONTACT.ID).from(CONTACT)
                    .orderBy(CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY, CONTACT.ID), rs -> {
                        int p = index.position(rs.getLong(1));
                        if (p >= 0) {
                            order.add(p);
                        }
                    });
        } else {
            List<Object[]> rows = new ArrayList<>();
            each(dsl, index, CONTACT.ID, c -> dsl.select(CONTACT.ID, CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY)
                    .from(CONTACT).where(c), r -> rows.add(new Object[] {r.value1(), r.value2(), r.value3()}));
            rows.sort(java.util.Comparator.<Object[], String>comparing(r -> (String) r[1],
                            java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                    .thenComparing(r -> (String) r[2], java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                    .thenComparing(r -> (Long) r[0]));
            rows.forEach(r -> {
                int p = index.position((Long) r[0]);
                if (p >= 0) {
                    order.add(p);
                }
            });
        }
        index.nameOrder = order.toArray();
    }

    /** The names rules use, with each snapshot's members among the index's contacts. */
    static AudienceIndex.Catalogue catalogue(DSLContext dsl, AudienceIndex index) {
        Map<String, Long> tagByKey = new HashMap<>();
        dsl.select(TAG.NAME_KEY, TAG.ID).from(TAG).forEach(r -> tagByKey.put(r.value1(), r.value2()));
        Map<String, Long> sourceByName = new HashMap<>();
        Map<String, List<Long>> sourcesByParty = new HashMap<>();
        dsl.select(SOURCE.ID, SOURCE.NAME, SOURCE.DATA_PARTY).from(SOURCE).forEach(r -> {
            sourceByName.put(r.value2(), r.value1());
            sourcesByParty.computeIfAbsent(r.value3(), k -> new ArrayList<>()).add(r.value1());
        });
        Map<String, String> fieldTypes = new HashMap<>();
        dsl.select(FIELD_DEFINITION.FIELD_KEY, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.ARCHIVED_AT.isNull()).forEach(r -> fieldTypes.put(r.value1(), r.value2()));
        Map<String, RoaringBitmap> snapshots = new HashMap<>();
        Map<String, String> dynamicRules = new HashMap<>();
        dsl.select(SEGMENT.NAME, SEGMENT.KIND, SEGMENT.RULE_JSON, SEGMENT.ID).from(SEGMENT)
                .where(SEGMENT.ARCHIVED_AT.isNull()).forEach(s -> {
                    if ("snapshot".equals(s.value2())) {
                        RoaringBitmap members = new RoaringBitmap();
                        each(dsl, index, SEGMENT_MEMBER.CONTACT_ID, c -> dsl.select(SEGMENT_MEMBER.CONTACT_ID)
                                .from(SEGMENT_MEMBER).where(SEGMENT_MEMBER.SEGMENT_ID.eq(s.value4()).and(c)), m -> {
                                    int p = index.position(m.value1());
                                    if (p >= 0) {
                                        members.add(p);
                                    }
                                });
                        snapshots.put(s.value1(), members);
                    } else {
                        dynamicRules.put(s.value1(), s.value3());
                    }
                });
        Map<String, Long> itemByKey = new HashMap<>();
        dsl.select(CONTENT_ITEM.ITEM_KEY, CONTENT_ITEM.ID).from(CONTENT_ITEM)
                .forEach(r -> itemByKey.put(r.value1().toLowerCase(java.util.Locale.ROOT), r.value2()));
        Map<String, List<Long>> itemsByTopic = new HashMap<>();
        dsl.select(CONTENT_ITEM_TOPIC.TOPIC, CONTENT_ITEM_TOPIC.ITEM_ID).from(CONTENT_ITEM_TOPIC)
                .forEach(r -> itemsByTopic.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return new AudienceIndex.Catalogue(tagByKey, sourceByName, sourcesByParty, fieldTypes, snapshots,
                dynamicRules, itemByKey, itemsByTopic);
    }
}
