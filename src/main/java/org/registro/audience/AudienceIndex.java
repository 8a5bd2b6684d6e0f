package org.registro.audience;


import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.registro.segment.RuleCompiler;
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

    /** Text fields a rule can name, with their column: the rule compiler's own list. */
    static final Map<String, Field<String>> TEXT = RuleCompiler.textFields();

    /** Text columns compared as codes (upper case) rather than as words (lower case). */
    static boolean isCode(String field) {
        return field.equals("country");
    }

    /** A custom field's values, one row per contact that has one (in position order). */
    record CustomField(String type, int[] position, String[] text, BigDecimal[] number, int[] date, Boolean[] bool,
                       RoaringBitmap has) {
    }

    /** One model's scores, one row per contact scored. */
    record Scores(int[] position, BigDecimal[] score, String[] label) {
    }

    /**
     * Events laid out by contact position: those of position {@code p} are rows {@code start[p]} to
     * {@code start[p + 1]}. Amounts are ten-thousandths (the column's scale) — in an int array while every amount
     * fits one, else a long array — with {@link #NO_AMOUNT} for none and {@link #HUGE_AMOUNT} for one too large for
     * a long (kept in {@code huge} by row); campaigns are absent when no event has one. Millions of BigDecimals or
     * a position per event would take more heap than the rest of the index.
     */
    static final class Events {
        final int[] start;
        final int[] type;
        final long[] occurredAt;
        private final int[] smallAmount;
        private final long[] amount;
        private final int[] campaign;
        final List<String> types;
        final List<String> campaigns;
        final Map<Integer, BigDecimal> huge;

        Events(int[] start, int[] type, long[] occurredAt, long[] amount, int[] campaign, List<String> types,
               List<String> campaigns, Map<Integer, BigDecimal> huge) {
            this.start = start;
            this.type = type;
            this.occurredAt = occurredAt;
            boolean small = true;
            for (long a : amount) {
                if (a != NO_AMOUNT && a != HUGE_AMOUNT && (a <= Integer.MIN_VALUE + 1 || a > Integer.MAX_VALUE)) {
                    small = false;
                    break;
                }
            }
            if (small) {
                this.smallAmount = new int[amount.length];
                for (int i = 0; i < amount.length; i++) {
                    smallAmount[i] = amount[i] == NO_AMOUNT ? Integer.MIN_VALUE
                            : amount[i] == HUGE_AMOUNT ? Integer.MIN_VALUE + 1 : (int) amount[i];
                }
                this.amount = null;
            } else {
                this.smallAmount = null;
                this.amount = amount;
            }
            boolean anyCampaign = false;
            for (int c : campaign) {
                anyCampaign |= c >= 0;
            }
            this.campaign = anyCampaign ? campaign : null;
            this.types = types;
            this.campaigns = campaigns;
            this.huge = huge;
        }

        int size() {
            return type.length;
        }

        /** The campaign of row {@code i}, -1 for none. */
        int campaign(int i) {
            return campaign == null ? -1 : campaign[i];
        }

        /** The amount of row {@code i} in ten-thousandths, {@link #NO_AMOUNT} or {@link #HUGE_AMOUNT}. */
        long amount(int i) {
            if (amount != null) {
                return amount[i];
            }
            int a = smallAmount[i];
            return a == Integer.MIN_VALUE ? NO_AMOUNT : a == Integer.MIN_VALUE + 1 ? HUGE_AMOUNT : a;
        }

        long heapBytes() {
            return start.length * 4L + type.length * (4L + 8) + (smallAmount != null ? smallAmount.length * 4L
                    : amount.length * 8L) + (campaign == null ? 0 : campaign.length * 4L);
        }
    }

    static final long NO_AMOUNT = Long.MIN_VALUE;
    static final long HUGE_AMOUNT = Long.MIN_VALUE + 1;

    /** An amount as stored in {@link Events}. */
    static long amount(BigDecimal value) {
        if (value == null) {
            return NO_AMOUNT;
        }
        BigDecimal scaled = value.setScale(4, java.math.RoundingMode.UNNECESSARY);
        return scaled.unscaledValue().bitLength() < 62 ? scaled.unscaledValue().longValue() : HUGE_AMOUNT;
    }

    final long[] ids;
    /** The contacts this index was read for: null for the whole workspace, else these ids (sorted). */
    final long[] scope;
    final RoaringBitmap all = new RoaringBitmap();
    /** Not erased and not merged: who a rule can select. */
    final RoaringBitmap live = new RoaringBitmap();
    /** Active and not marked do-not-contact. */
    final RoaringBitmap reachable = new RoaringBitmap();
    /** Erased at their request (merged records are neither live nor erased). */
    final RoaringBitmap erased = new RoaringBitmap();
    final Map<String, TextColumn> text = new HashMap<>();
    /** Birth dates as epoch days ({@link Integer#MIN_VALUE}: none). */
    final int[] birthDate;
    /** created_at and updated_at as epoch microseconds (the database keeps microseconds). */
    final long[] createdAt;
    final long[] updatedAt;
    /** Positions in the order the member lists show people: by last name, first name, id. */
    int[] nameOrder;
    /** Tags by tag id (names are in the catalogue, so renaming a tag changes no contact). */
    final Map<Long, RoaringBitmap> tags = new HashMap<>();
    /** Identifier kinds present. */
    final Map<String, RoaringBitmap> identifiers = new HashMap<>();
    /** An email identifier marked invalid or bounced (the data-quality counts). */
    final RoaringBitmap invalidEmail = new RoaringBitmap();
    /** A phone identifier that does not parse. */
    final RoaringBitmap invalidPhone = new RoaringBitmap();
    /** A valid email or phone identifier that did not bounce: a way to reach them. */
    final RoaringBitmap usableChannel = new RoaringBitmap();
    /** Named in an identity conflict an import recorded and nobody resolved yet. */
    final RoaringBitmap conflicts = new RoaringBitmap();
    /** Consent status by "channel|topic|status". */
    final Map<String, RoaringBitmap> consent = new HashMap<>();
    /** Custom field values by key, for the fields defined when the index was read. */
    final Map<String, CustomField> custom = new HashMap<>();
    /** Who each source created or gave an identifier to, by source id. */
    final Map<Long, RoaringBitmap> sources = new HashMap<>();
    /** Contacts no source is recorded as having created. */
    final RoaringBitmap noCreatingSource = new RoaringBitmap();
    final Map<String, Scores> scores = new HashMap<>();
    /** Who has each item (by content item id) as first, second and third recommendation. */
    final List<Map<Long, RoaringBitmap>> next = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
    Events events;
    /** What rules name (tags, sources, fields, segments), read again whenever it changes. */
    Catalogue catalogue;

    /**
     * The names a rule can use and what they stand for: tag ids by folded name, source ids by name and data party,
     * custom field types by key, and saved segments by name — a snapshot's members (as positions of this index),
     * or a dynamic segment's rule (JSON).
     */
    record Catalogue(Map<String, Long> tagByKey, Map<String, Long> sourceByName,
                     Map<String, List<Long>> sourcesByParty, Map<String, String> fieldTypes,
                     Map<String, RoaringBitmap> snapshots, Map<String, String> dynamicRules,
                     Map<String, Long> itemByKey, Map<String, List<Long>> itemsByTopic) {
    }

    AudienceIndex(long[] ids, long[] scope) {
        this.ids = ids;
        this.scope = scope;
        this.birthDate = new int[ids.length];
        this.createdAt = new long[ids.length];
        this.updatedAt = new long[ids.length];
    }

    /** Reads the whole workspace, one pass per table. */
    public static AudienceIndex build(DSLContext dsl) {
        return IndexReader.read(dsl, null);
    }

    /** Reads only these contacts (sorted ids): what changed since a larger index was read. */
    public static AudienceIndex build(DSLContext dsl, long[] contactIds) {
        return IndexReader.read(dsl, contactIds);
    }

    /** The same contacts with the catalogue read again (a tag, source, field or segment changed). */
    AudienceIndex withCatalogue(DSLContext dsl) {
        AudienceIndex copy = new AudienceIndex(ids, scope, this);
        copy.catalogue = IndexReader.catalogue(dsl, copy);
        return copy;
    }

    /** A copy sharing every column of {@code of}. */
    private AudienceIndex(long[] ids, long[] scope, AudienceIndex of) {
        this.ids = ids;
        this.scope = scope;
        this.all.or(of.all);
        this.live.or(of.live);
        this.reachable.or(of.reachable);
        this.erased.or(of.erased);
        this.text.putAll(of.text);
        this.birthDate = of.birthDate;
        this.createdAt = of.createdAt;
        this.updatedAt = of.updatedAt;
        this.nameOrder = of.nameOrder;
        this.tags.putAll(of.tags);
        this.identifiers.putAll(of.identifiers);
        this.invalidEmail.or(of.invalidEmail);
        this.invalidPhone.or(of.invalidPhone);
        this.usableChannel.or(of.usableChannel);
        this.conflicts.or(of.conflicts);
        this.consent.putAll(of.consent);
        this.custom.putAll(of.custom);
        this.sources.putAll(of.sources);
        this.noCreatingSource.or(of.noCreatingSource);
        this.scores.putAll(of.scores);
        for (int r = 0; r < next.size(); r++) {
            this.next.get(r).putAll(of.next.get(r));
        }
        this.events = of.events;
    }

    /** The values of a custom field (none when no contact here has one). */
    CustomField custom(String key, String type) {
        CustomField field = custom.get(key);
        return field != null ? field : new CustomField(type, new int[0], new String[0], new BigDecimal[0], new int[0],
                new Boolean[0], new RoaringBitmap());
    }

    /** The members of a tag, by name. */
    RoaringBitmap tag(String key) {
        Long id = catalogue.tagByKey().get(key);
        RoaringBitmap members = id == null ? null : tags.get(id);
        return members == null ? new RoaringBitmap() : members;
    }

    /** Rough heap taken by the index, in bytes (bitmaps, columns and dictionaries). */
    public long heapBytes() {
        long bytes = ids.length * (8L + 4 + 8 + 8 + 4);
        for (TextColumn c : text.values()) {
            bytes += c.heapBytes();
        }
        for (Map<?, RoaringBitmap> m : List.of(tags, identifiers, consent, sources, next.get(0), next.get(1),
                next.get(2))) {
            for (RoaringBitmap b : m.values()) {
                bytes += b.getSizeInBytes();
            }
        }
        for (CustomField f : custom.values()) {
            bytes += f.position().length * 40L;
        }
        for (Scores s : scores.values()) {
            bytes += s.position().length * 40L;
        }
        if (events != null) {
            bytes += events.heapBytes();
        }
        return bytes;
    }

    static String consentKey(String channel, String topic, String status) {
        return channel + "|" + (topic == null ? "" : topic) + "|" + status;
    }

    /** The position of a contact id, or a negative number when it is not in the index. */
    int position(long contactId) {
        // ids are mostly dense (deleted contacts leave gaps): try the id's distance from the first id first
        if (ids.length > 0) {
            long guess = contactId - ids[0];
            if (guess >= 0 && guess < ids.length && ids[(int) guess] == contactId) {
                return (int) guess;
            }
        }
        return Arrays.binarySearch(ids, contactId);
    }

    /** How many contacts the index holds (every status). */
    public int size() {
        return ids.length;
    }

    Events events() {
        return events;
    }

    /** Positions in member-list order (last name, first name, id). */
    int[] nameOrder() {
        return nameOrder;
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
