package org.registro.audience;

import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_SCORE;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.registro.db.tables.records.ContactRecord;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads an {@link AudienceIndex} from H2, one pass per table: the whole workspace, or only some contacts (what
 * changed since the larger index was read), in pieces of {@link #PIECE} ids so each query uses the index on the
 * contact column.
 */
final class IndexReader {

    static final int PIECE = 1_000;

    private IndexReader() {
    }

    static AudienceIndex read(DSLContext dsl, long[] scope) {
        long[] ids = scope == null
                ? dsl.select(CONTACT.ID).from(CONTACT).orderBy(CONTACT.ID).fetchSize(10_000).fetchLazy().stream()
                        .mapToLong(r -> r.value1()).toArray()
                : existing(dsl, scope);
        AudienceIndex index = new AudienceIndex(ids, scope);
        index.all.add(0L, ids.length);
        contacts(dsl, index);
        each(dsl, index, CONTACT_TAG.CONTACT_ID, c -> dsl.select(CONTACT_TAG.TAG_ID, CONTACT_TAG.CONTACT_ID)
                .from(CONTACT_TAG).where(c), r -> add(index, index.tags, r.value1(), r.value2()));
        each(dsl, index, IDENTIFIER.CONTACT_ID, c -> dsl.selectDistinct(IDENTIFIER.KIND, IDENTIFIER.CONTACT_ID)
                .from(IDENTIFIER).where(c), r -> add(index, index.identifiers, r.value1(), r.value2()));
        each(dsl, index, CONSENT_STATE.CONTACT_ID, c -> dsl.select(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC,
                        CONSENT_STATE.STATUS, CONSENT_STATE.CONTACT_ID).from(CONSENT_STATE).where(c),
                r -> add(index, index.consent, AudienceIndex.consentKey(r.value1(), r.value2(), r.value3()),
                        r.value4()));
        index.events = events(dsl, index);
        customFields(dsl, index);
        sources(dsl, index);
        scores(dsl, index);
        nameOrder(dsl, index);
        index.catalogue = catalogue(dsl, index);
        return index;
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

    private static List<List<Long>> pieces(long[] ids) {
        List<List<Long>> pieces = new ArrayList<>();
        for (int from = 0; from < ids.length; from += PIECE) {
            List<Long> piece = new ArrayList<>();
            for (int i = from; i < Math.min(ids.length, from + PIECE); i++) {
                piece.add(ids[i]);
            }
            pieces.add(piece);
        }
        return pieces;
    }

    /**
     * Runs a query over the index's contacts: once for the whole workspace, else once per piece of ids, in id
     * order (so rows ordered by contact stay in order).
     */
    private static <R extends Record> void each(DSLContext dsl, AudienceIndex index, Field<Long> contact,
                                                Function<Condition, ResultQuery<R>> query, Consumer<R> row) {
        if (index.scope == null) {
            try (var cursor = query.apply(DSL.noCondition()).fetchSize(10_000).fetchLazy()) {
                cursor.forEach(row);
            }
            return;
        }
        for (List<Long> piece : pieces(index.ids)) {
            query.apply(contact.in(piece)).forEach(row);
        }
    }

    private static <K> void add(AudienceIndex index, Map<K, RoaringBitmap> into, K key, long contactId) {
        int p = index.position(contactId);
        if (p >= 0) {
            into.computeIfAbsent(key, k -> new RoaringBitmap()).add(p);
        }
    }

    private static void contacts(DSLContext dsl, AudienceIndex index) {
        Map<String, Map<String, Integer>> dictionaries = new HashMap<>();
        Map<String, int[]> codes = new HashMap<>();
        for (String field : AudienceIndex.TEXT.keySet()) {
            dictionaries.put(field, new LinkedHashMap<>());
            int[] c = new int[index.ids.length];
            Arrays.fill(c, -1);
            codes.put(field, c);
        }
        List<Field<?>> fields = new ArrayList<>(List.of(CONTACT.ID, CONTACT.STATUS, CONTACT.DO_NOT_CONTACT,
                CONTACT.BIRTH_DATE, CONTACT.CREATED_AT, CONTACT.UPDATED_AT, CONTACT.CREATED_SOURCE_ID));
        fields.addAll(AudienceIndex.TEXT.values());
        each(dsl, index, CONTACT.ID, c -> dsl.select(fields).from(CONTACT).where(c).orderBy(CONTACT.ID), r -> {
            int p = index.position(r.get(CONTACT.ID));
            if (p < 0) {
                return; // created after the ids were read: the change feed brings it
            }
            String status = r.get(CONTACT.STATUS);
            if (!"erased".equals(status) && !"merged".equals(status)) {
                index.live.add(p);
            }
            if ("active".equals(status) && !Boolean.TRUE.equals(r.get(CONTACT.DO_NOT_CONTACT))) {
                index.reachable.add(p);
            }
            LocalDate birth = r.get(CONTACT.BIRTH_DATE);
            index.birthDate[p] = birth == null ? Integer.MIN_VALUE : (int) birth.toEpochDay();
            index.createdAt[p] = AudienceIndex.micros(r.get(CONTACT.CREATED_AT));
            index.updatedAt[p] = AudienceIndex.micros(r.get(CONTACT.UPDATED_AT));
            Long source = r.get(CONTACT.CREATED_SOURCE_ID);
            if (source == null) {
                index.noCreatingSource.add(p);
            } else {
                index.sources.computeIfAbsent(source, k -> new RoaringBitmap()).add(p);
            }
            for (Map.Entry<String, TableField<ContactRecord, String>> f : AudienceIndex.TEXT.entrySet()) {
                String value = r.get(f.getValue());
                if (value != null) {
                    Map<String, Integer> dictionary = dictionaries.get(f.getKey());
                    codes.get(f.getKey())[p] = dictionary.computeIfAbsent(value, v -> dictionary.size());
                }
            }
        });
        for (String field : AudienceIndex.TEXT.keySet()) {
            index.text.put(field, new AudienceIndex.TextColumn(codes.get(field),
                    List.copyOf(dictionaries.get(field).keySet())));
        }
    }

    private static AudienceIndex.Events events(DSLContext dsl, AudienceIndex index) {
        Map<String, Integer> types = new LinkedHashMap<>();
        Map<String, Integer> campaigns = new LinkedHashMap<>();
        IntList position = new IntList();
        IntList type = new IntList();
        IntList campaign = new IntList();
        List<Long> times = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        each(dsl, index, EVENT.CONTACT_ID, c -> dsl.select(EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT,
                EVENT.AMOUNT, EVENT.CAMPAIGN).from(EVENT).where(c).orderBy(EVENT.CONTACT_ID), r -> {
                    int p = index.position(r.value1());
                    if (p < 0) {
                        return;
                    }
                    position.add(p);
                    type.add(types.computeIfAbsent(r.value2(), t -> types.size()));
                    campaign.add(r.value5() == null ? -1 : campaigns.computeIfAbsent(r.value5(), k -> campaigns.size()));
                    times.add(AudienceIndex.micros(r.value3()));
                    amounts.add(r.value4());
                });
        long[] occurred = new long[times.size()];
        for (int i = 0; i < occurred.length; i++) {
            occurred[i] = times.get(i);
        }
        return new AudienceIndex.Events(position.toArray(), type.toArray(), occurred,
                amounts.toArray(new BigDecimal[0]), campaign.toArray(), List.copyOf(types.keySet()),
                List.copyOf(campaigns.keySet()));
    }

    /** A growing int array (events run to millions; boxed lists would double the build's heap). */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
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
        each(dsl, index, IDENTIFIER.CONTACT_ID, c -> dsl.selectDistinct(IDENTIFIER.SOURCE_ID, IDENTIFIER.CONTACT_ID)
                        .from(IDENTIFIER).where(IDENTIFIER.SOURCE_ID.isNotNull().and(c)),
                r -> add(index, index.sources, r.value1(), r.value2()));
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
            try (var cursor = dsl.select(CONTACT.ID).from(CONTACT)
                    .orderBy(CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY, CONTACT.ID).fetchSize(10_000).fetchLazy()) {
                cursor.forEach(r -> {
                    int p = index.position(r.value1());
                    if (p >= 0) {
                        order.add(p);
                    }
                });
            }
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
        return new AudienceIndex.Catalogue(tagByKey, sourceByName, sourcesByParty, fieldTypes, snapshots,
                dynamicRules);
    }
}
