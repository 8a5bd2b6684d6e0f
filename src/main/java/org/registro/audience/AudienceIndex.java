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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.TableField;
import org.registro.db.tables.records.ContactRecord;
import org.roaringbitmap.RoaringBitmap;

/**
 * The contacts held in memory in the shape counting needs (issue 21): every contact at a dense position (its
 * place in id order), text fields dictionary-encoded, dates as day numbers, timestamps as instants, and the
 * facts about contacts as RoaringBitmaps of positions — tags, identifier kinds present, consent status per
 * channel × topic, sources, snapshot segments — custom field values and model scores as rows by position, and
 * events as columns sorted by position, so a condition is a bitmap lookup or one pass.
 * H2 stays the system of record: the index is built from it in one pass per table.
 */
public final class AudienceIndex {

    /** Text fields a rule can name, with their column. */
    static final Map<String, TableField<ContactRecord, String>> TEXT = new LinkedHashMap<>();

    static {
        TEXT.put("firstName", CONTACT.FIRST_NAME);
        TEXT.put("lastName", CONTACT.LAST_NAME);
        TEXT.put("email", CONTACT.EMAIL);
        TEXT.put("phone", CONTACT.PHONE);
        TEXT.put("gender", CONTACT.GENDER);
        TEXT.put("language", CONTACT.LANGUAGE);
        TEXT.put("organization", CONTACT.ORGANIZATION);
        TEXT.put("jobTitle", CONTACT.JOB_TITLE);
        TEXT.put("street", CONTACT.STREET);
        TEXT.put("postalCode", CONTACT.POSTAL_CODE);
        TEXT.put("city", CONTACT.CITY);
        TEXT.put("region", CONTACT.REGION);
        TEXT.put("country", CONTACT.COUNTRY);
    }

    /** A dictionary-encoded text column: each contact's code into {@code values} (-1: no value). */
    record TextColumn(int[] codes, List<String> values) {
    }

    /** A custom field's values, one row per contact that has one (in position order). */
    record CustomField(String type, int[] position, String[] text, BigDecimal[] number, int[] date, Boolean[] bool,
                       RoaringBitmap has) {
    }

    /** One model's scores, one row per contact scored. */
    record Scores(int[] position, BigDecimal[] score, String[] label) {
    }

    /** Events sorted by contact position. */
    record Events(int[] position, int[] type, long[] occurredAt, BigDecimal[] amount, int[] campaign,
                  List<String> types, List<String> campaigns) {
    }

    final long[] ids;
    final RoaringBitmap all = new RoaringBitmap();
    /** Not erased and not merged: who a rule can select. */
    final RoaringBitmap live = new RoaringBitmap();
    /** Active and not marked do-not-contact. */
    final RoaringBitmap reachable = new RoaringBitmap();
    final Map<String, TextColumn> text = new HashMap<>();
    /** Birth dates as epoch days ({@link Integer#MIN_VALUE}: none). */
    final int[] birthDate;
    /** created_at and updated_at as epoch microseconds (the database keeps microseconds). */
    final long[] createdAt;
    final long[] updatedAt;
    /** Tags by folded name. */
    final Map<String, RoaringBitmap> tags = new HashMap<>();
    /** Identifier kinds present. */
    final Map<String, RoaringBitmap> identifiers = new HashMap<>();
    /** Consent status by "channel|topic|status". */
    final Map<String, RoaringBitmap> consent = new HashMap<>();
    /** Custom fields in use, by key. */
    final Map<String, CustomField> custom = new HashMap<>();
    /** Who each source created or gave an identifier to, by source id. */
    final Map<Long, RoaringBitmap> sources = new HashMap<>();
    /** Contacts no source is recorded as having created. */
    final RoaringBitmap noCreatingSource = new RoaringBitmap();
    /** Source ids by name, and by data party. */
    final Map<String, Long> sourceByName = new HashMap<>();
    final Map<String, List<Long>> sourcesByParty = new HashMap<>();
    final Map<String, Scores> scores = new HashMap<>();
    /** Saved segments in use, by name: a snapshot's members, or a dynamic segment's rule (JSON). */
    final Map<String, RoaringBitmap> snapshots = new HashMap<>();
    final Map<String, String> dynamicRules = new HashMap<>();

    private AudienceIndex(long[] ids) {
        this.ids = ids;
        this.birthDate = new int[ids.length];
        this.createdAt = new long[ids.length];
        this.updatedAt = new long[ids.length];
    }

    /** Reads the whole workspace, one pass per table. */
    public static AudienceIndex build(DSLContext dsl) {
        long[] ids = dsl.select(CONTACT.ID).from(CONTACT).orderBy(CONTACT.ID).fetch(CONTACT.ID).stream()
                .mapToLong(Long::longValue).toArray();
        AudienceIndex index = new AudienceIndex(ids);
        index.all.add(0L, ids.length);
        Map<String, Map<String, Integer>> dictionaries = new HashMap<>();
        Map<String, int[]> codes = new HashMap<>();
        for (String field : TEXT.keySet()) {
            dictionaries.put(field, new LinkedHashMap<>());
            int[] c = new int[ids.length];
            Arrays.fill(c, -1);
            codes.put(field, c);
        }
        List<org.jooq.Field<?>> fields = new ArrayList<>(List.of(CONTACT.ID, CONTACT.STATUS, CONTACT.DO_NOT_CONTACT,
                CONTACT.BIRTH_DATE, CONTACT.CREATED_AT, CONTACT.UPDATED_AT));
        fields.addAll(TEXT.values());
        int[] position = {0};
        try (var cursor = dsl.select(fields).from(CONTACT).orderBy(CONTACT.ID).fetchSize(10_000).fetchLazy()) {
            for (Record r : cursor) {
                int p = position[0]++;
                String status = r.get(CONTACT.STATUS);
                if (!"erased".equals(status) && !"merged".equals(status)) {
                    index.live.add(p);
                }
                if ("active".equals(status) && !Boolean.TRUE.equals(r.get(CONTACT.DO_NOT_CONTACT))) {
                    index.reachable.add(p);
                }
                LocalDate birth = r.get(CONTACT.BIRTH_DATE);
                index.birthDate[p] = birth == null ? Integer.MIN_VALUE : (int) birth.toEpochDay();
                index.createdAt[p] = micros(r.get(CONTACT.CREATED_AT));
                index.updatedAt[p] = micros(r.get(CONTACT.UPDATED_AT));
                for (Map.Entry<String, TableField<ContactRecord, String>> f : TEXT.entrySet()) {
                    String value = r.get(f.getValue());
                    if (value != null) {
                        Map<String, Integer> dictionary = dictionaries.get(f.getKey());
                        codes.get(f.getKey())[p] = dictionary.computeIfAbsent(value, v -> dictionary.size());
                    }
                }
            }
        }
        for (String field : TEXT.keySet()) {
            index.text.put(field, new TextColumn(codes.get(field), List.copyOf(dictionaries.get(field).keySet())));
        }
        dsl.select(TAG.NAME_KEY, CONTACT_TAG.CONTACT_ID).from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .fetchLazy().forEach(r -> index.add(index.tags, r.value1(), r.value2()));
        dsl.selectDistinct(IDENTIFIER.KIND, IDENTIFIER.CONTACT_ID).from(IDENTIFIER).fetchLazy()
                .forEach(r -> index.add(index.identifiers, r.value1(), r.value2()));
        dsl.select(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS, CONSENT_STATE.CONTACT_ID)
                .from(CONSENT_STATE).fetchLazy()
                .forEach(r -> index.add(index.consent, consentKey(r.value1(), r.value2(), r.value3()), r.value4()));
        index.events = events(dsl, index);
        customFields(dsl, index);
        sources(dsl, index);
        scores(dsl, index);
        dsl.select(SEGMENT.NAME, SEGMENT.KIND, SEGMENT.RULE_JSON, SEGMENT.ID).from(SEGMENT)
                .where(SEGMENT.ARCHIVED_AT.isNull()).forEach(r -> {
                    if ("snapshot".equals(r.value2())) {
                        RoaringBitmap members = new RoaringBitmap();
                        dsl.select(SEGMENT_MEMBER.CONTACT_ID).from(SEGMENT_MEMBER)
                                .where(SEGMENT_MEMBER.SEGMENT_ID.eq(r.value4())).forEach(m -> {
                                    int p = index.position(m.value1());
                                    if (p >= 0) {
                                        members.add(p);
                                    }
                                });
                        index.snapshots.put(r.value1(), members);
                    } else {
                        index.dynamicRules.put(r.value1(), r.value3());
                    }
                });
        return index;
    }

    private Events events;

    private static Events events(DSLContext dsl, AudienceIndex index) {
        Map<String, Integer> types = new LinkedHashMap<>();
        Map<String, Integer> campaigns = new LinkedHashMap<>();
        List<int[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        dsl.select(EVENT.CONTACT_ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT, EVENT.AMOUNT, EVENT.CAMPAIGN).from(EVENT)
                .orderBy(EVENT.CONTACT_ID).fetchSize(10_000).fetchLazy().forEach(r -> {
                    int p = index.position(r.value1());
                    if (p < 0) {
                        return;
                    }
                    int type = types.computeIfAbsent(r.value2(), t -> types.size());
                    int campaign = r.value5() == null ? -1 : campaigns.computeIfAbsent(r.value5(), c -> campaigns.size());
                    rows.add(new int[] {p, type, campaign});
                    times.add(micros(r.value3()));
                    amounts.add(r.value4());
                });
        int n = rows.size();
        int[] position = new int[n];
        int[] type = new int[n];
        int[] campaign = new int[n];
        long[] occurred = new long[n];
        BigDecimal[] amount = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            position[i] = rows.get(i)[0];
            type[i] = rows.get(i)[1];
            campaign[i] = rows.get(i)[2];
            occurred[i] = times.get(i);
            amount[i] = amounts.get(i);
        }
        return new Events(position, type, occurred, amount, campaign, List.copyOf(types.keySet()),
                List.copyOf(campaigns.keySet()));
    }

    private static void customFields(DSLContext dsl, AudienceIndex index) {
        dsl.select(FIELD_DEFINITION.ID, FIELD_DEFINITION.FIELD_KEY, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.ARCHIVED_AT.isNull()).forEach(d -> {
                    var rows = dsl.select(CONTACT_VALUE.CONTACT_ID, CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER,
                                    CONTACT_VALUE.VALUE_DATE, CONTACT_VALUE.VALUE_BOOL).from(CONTACT_VALUE)
                            .where(CONTACT_VALUE.FIELD_ID.eq(d.value1())).orderBy(CONTACT_VALUE.CONTACT_ID).fetch();
                    int n = rows.size();
                    int[] position = new int[n];
                    String[] text = new String[n];
                    BigDecimal[] number = new BigDecimal[n];
                    int[] date = new int[n];
                    Boolean[] bool = new Boolean[n];
                    RoaringBitmap has = new RoaringBitmap();
                    for (int i = 0; i < n; i++) {
                        var r = rows.get(i);
                        position[i] = index.position(r.value1());
                        text[i] = r.value2();
                        number[i] = r.value3();
                        date[i] = r.value4() == null ? Integer.MIN_VALUE : (int) r.value4().toEpochDay();
                        bool[i] = r.value5();
                        has.add(position[i]);
                    }
                    index.custom.put(d.value2(), new CustomField(d.value3(), position, text, number, date, bool, has));
                });
    }

    private static void sources(DSLContext dsl, AudienceIndex index) {
        dsl.select(SOURCE.ID, SOURCE.NAME, SOURCE.DATA_PARTY).from(SOURCE).forEach(r -> {
            index.sourceByName.put(r.value2(), r.value1());
            index.sourcesByParty.computeIfAbsent(r.value3(), k -> new ArrayList<>()).add(r.value1());
        });
        dsl.select(CONTACT.CREATED_SOURCE_ID, CONTACT.ID).from(CONTACT).forEach(r -> {
            if (r.value1() == null) {
                index.noCreatingSource.add(index.position(r.value2()));
            } else {
                index.add(index.sources, r.value1(), r.value2());
            }
        });
        dsl.selectDistinct(IDENTIFIER.SOURCE_ID, IDENTIFIER.CONTACT_ID).from(IDENTIFIER)
                .where(IDENTIFIER.SOURCE_ID.isNotNull()).forEach(r -> index.add(index.sources, r.value1(), r.value2()));
    }

    private static void scores(DSLContext dsl, AudienceIndex index) {
        Map<String, List<Record>> byModel = new LinkedHashMap<>();
        dsl.select(CONTACT_SCORE.MODEL, CONTACT_SCORE.CONTACT_ID, CONTACT_SCORE.SCORE, CONTACT_SCORE.LABEL)
                .from(CONTACT_SCORE).orderBy(CONTACT_SCORE.MODEL, CONTACT_SCORE.CONTACT_ID)
                .forEach(r -> byModel.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r));
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
            index.scores.put(model, new Scores(position, score, label));
        });
    }

    private <K> void add(Map<K, RoaringBitmap> into, K key, long contactId) {
        int p = position(contactId);
        if (p >= 0) {
            into.computeIfAbsent(key, k -> new RoaringBitmap()).add(p);
        }
    }

    static String consentKey(String channel, String topic, String status) {
        return channel + "|" + (topic == null ? "" : topic) + "|" + status;
    }

    /** The position of a contact id, or a negative number when it is not in the index. */
    int position(long contactId) {
        return Arrays.binarySearch(ids, contactId);
    }

    /** How many contacts the index holds (every status). */
    public int size() {
        return ids.length;
    }

    Events events() {
        return events;
    }

    /** The contact ids at these positions, in id order. */
    public long[] ids(RoaringBitmap positions) {
        long[] out = new long[positions.getCardinality()];
        int i = 0;
        for (int p : positions) {
            out[i++] = ids[p];
        }
        return out;
    }

    /** A timestamp as epoch microseconds. */
    static long micros(OffsetDateTime t) {
        java.time.Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }
}
