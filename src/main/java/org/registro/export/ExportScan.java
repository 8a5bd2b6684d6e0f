package org.registro.export;

import static org.registro.db.Tables.CHANNEL;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_NEXT;
import static org.registro.db.Tables.CONTENT_ITEM;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.JOURNEY_SEND;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.TOPIC;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Record4;
import org.jooq.Record7;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.registro.common.Messages;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.common.SortedByContact;
import org.registro.common.SpreadsheetText;
import org.registro.consent.Consent;
import org.registro.consent.Purpose;
import org.registro.consent.Suppression;
import org.registro.contact.Emails;
import org.registro.segment.SegmentService;
import org.registro.workspace.Workspace;

/**
 * Who an export reads and who it leaves out: the selected contacts in id order with their consent state for the
 * channel (and topic), their address's validity, tags and custom values, each handed on with the reason it is
 * left out (null when written).
 */
final class ExportScan {

    private static final Set<String> PHONE_CHANNELS = Set.of("sms", "phone", "whatsapp");
    /** Rows between progress reports and cancellation checks. */
    private static final int BATCH = 5_000;

    private final Workspace workspace;
    private final SegmentService segments;

    ExportScan(Workspace workspace, SegmentService segments) {
        this.workspace = workspace;
        this.segments = segments;
    }

    @FunctionalInterface
    interface Sink {
        void accept(ExportRow row, Exclusion reason, Long consentEventId);
    }

    /**
     * Reads the selected contacts in id order with their consent state for the channel (and topic) and, for email,
     * their address's validity, and hands each to the sink with the reason it is left out (null when written).
     * The rows are read through plain JDBC: at a million contacts, mapping each into a jOOQ record cost more than
     * the database's own work.
     */
    void scan(ExportRequest request, boolean details, Progress progress, Sink sink) {
        check(request);
        Condition selected = selectorCondition(request);
        long total = workspace.dsl().fetchCount(CONTACT, selected);
        Selector.JourneyList journey = request.selector().journey();
        scan(selected, request.purpose(), request.channel(), request.topic(), details ? request.template() : null,
                journey == null ? null : journey.sends(), Known.load(workspace.dsl(), request.channel()), total,
                progress, sink);
    }

    /**
     * What the reasons need that is the same for every contact: the suppression list and, for email, the
     * addresses that cannot be used. Read once per export, or once per consent check however often it is asked.
     */
    record Known(Suppression suppression, Map<Long, Map<String, Boolean>> unusable) {
        static Known load(DSLContext dsl, String channel) {
            return new Known(Suppression.load(dsl), "email".equals(channel) ? unusableEmails(dsl, DSL.noCondition())
                    : Map.of());
        }

        /** The same, with the unusable emails read only for these contacts (those the index knows to have one). */
        static Known load(DSLContext dsl, String channel, List<Long> flagged) {
            Map<Long, Map<String, Boolean>> unusable = new java.util.HashMap<>();
            if ("email".equals(channel)) {
                for (int from = 0; from < flagged.size(); from += 10_000) {
                    unusable.putAll(unusableEmails(dsl, IDENTIFIER.CONTACT_ID.in(
                            flagged.subList(from, Math.min(flagged.size(), from + 10_000)))));
                }
            }
            return new Known(Suppression.load(dsl), unusable);
        }
    }

    /**
     * The scan itself over the contacts {@code selected}; {@code details} is the template whose tags and custom
     * values are read, or null when only the reasons are wanted; {@code journeySends}, on a journey's list, the
     * rows of its sends (where the item chosen for each person is read from), else null.
     */
    void scan(Condition selected, Purpose purpose, String channel, String topic, ExportTemplate details,
              Condition journeySends, Known known, long total, Progress progress, Sink sink) {
        DSLContext dsl = workspace.dsl();
        var cs = CONSENT_STATE.as("cs");
        var ts = CONSENT_STATE.as("ts");
        List<Field<?>> fields = new ArrayList<>(List.of(CONTACT.ID, CONTACT.STATUS, CONTACT.DO_NOT_CONTACT,
                CONTACT.EMAIL, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.PHONE, CONTACT.BIRTH_DATE,
                CONTACT.GENDER, CONTACT.LANGUAGE, CONTACT.ORGANIZATION, CONTACT.JOB_TITLE, CONTACT.STREET,
                CONTACT.POSTAL_CODE, CONTACT.CITY, CONTACT.REGION, CONTACT.COUNTRY,
                cs.STATUS, cs.EVENT_ID, cs.OCCURRED_AT, ts.STATUS, ts.EVENT_ID, ts.OCCURRED_AT));
        Table<?> from = CONTACT.leftJoin(cs).on(cs.CONTACT_ID.eq(CONTACT.ID).and(cs.CHANNEL.eq(channel))
                .and(cs.TOPIC.eq("")));
        from = from.leftJoin(ts).on(topic == null ? DSL.falseCondition()
                : ts.CONTACT_ID.eq(CONTACT.ID).and(ts.CHANNEL.eq(channel)).and(ts.TOPIC.eq(topic)));
        List<String> customKeys = details != null ? customKeys(details) : List.of();
        boolean tagsNeeded = details != null && needsTags(details);
        boolean nextNeeded = details != null && details.columns().stream()
                .anyMatch(c -> c.builtIn().map(ExportField::readsRecommendations).orElse(false));
        boolean itemNeeded = details != null && journeySends != null && details.columns().stream()
                .anyMatch(c -> c.builtIn().map(f -> f.readsJourneyItem() || f == ExportField.ATTRIBUTES)
                        .orElse(false));
        var query = dsl.select(fields).from(from).where(selected).orderBy(CONTACT.ID);
        progress.update(0, total, Messages.get("export.progress.reading"));
        try (SortedByContact<Record2<Long, String>> tags = tagsNeeded ? new SortedByContact<>(dsl.select(CONTACT_TAG.CONTACT_ID, TAG.NAME)
                .from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .orderBy(CONTACT_TAG.CONTACT_ID, TAG.NAME).fetchSize(5_000).fetchLazy()) : null;
             SortedByContact<Record4<Long, String, String, java.math.BigDecimal>> custom = customKeys.isEmpty()
                     ? null : new SortedByContact<>(dsl.select(CONTACT_VALUE.CONTACT_ID, FIELD_DEFINITION.FIELD_KEY,
                                     DSL.coalesce(CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_DATE.cast(String.class),
                                             CONTACT_VALUE.VALUE_BOOL.cast(String.class)), CONTACT_VALUE.VALUE_NUMBER)
                             .from(CONTACT_VALUE).join(FIELD_DEFINITION).on(FIELD_DEFINITION.ID.eq(CONTACT_VALUE.FIELD_ID))
                             .where(FIELD_DEFINITION.FIELD_KEY.in(customKeys))
                             .orderBy(CONTACT_VALUE.CONTACT_ID).fetchSize(5_000).fetchLazy());
             SortedByContact<Record7<Long, Long, Long, Long, Integer, Integer, String>> next = nextNeeded
                     ? new SortedByContact<>(dsl.select(CONTACT_NEXT.CONTACT_ID, CONTACT_NEXT.ITEM_1_ID,
                             CONTACT_NEXT.ITEM_2_ID, CONTACT_NEXT.ITEM_3_ID, CONTACT_NEXT.BEST_WEEKDAY,
                             CONTACT_NEXT.BEST_HOUR, CONTACT_NEXT.CHANNEL).from(CONTACT_NEXT)
                             .orderBy(CONTACT_NEXT.CONTACT_ID).fetchSize(5_000).fetchLazy()) : null;
             SortedByContact<Record2<Long, Long>> sentItems = itemNeeded
                     ? new SortedByContact<>(dsl.select(JOURNEY_SEND.CONTACT_ID, JOURNEY_SEND.ITEM_ID).from(JOURNEY_SEND)
                             .where(journeySends.and(JOURNEY_SEND.ITEM_ID.isNotNull()))
                             .orderBy(JOURNEY_SEND.CONTACT_ID, JOURNEY_SEND.SEND_AT, JOURNEY_SEND.ID)
                             .fetchSize(5_000).fetchLazy()) : null) {
            Map<Long, String[]> items = new java.util.HashMap<>();
            if (nextNeeded || itemNeeded) {
                dsl.select(CONTENT_ITEM.ID, CONTENT_ITEM.TITLE, CONTENT_ITEM.URL).from(CONTENT_ITEM)
                        .forEach(r -> items.put(r.value1(), new String[] {r.value2(), r.value3() == null ? ""
                                : r.value3()}));
            }
            dsl.connection(c -> org.registro.workspace.Streaming.lazily(() -> {
                try (PreparedStatement ps = c.prepareStatement(query.getSQL())) {
                    List<Object> binds = query.getBindValues();
                    for (int i = 0; i < binds.size(); i++) {
                        ps.setObject(i + 1, binds.get(i));
                    }
                    ps.setFetchSize(5_000);
                    long done = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            List<String> tagNames = tags == null ? List.of()
                                    : tags.take(id).stream().map(Record2::value2).toList();
                            Map<String, String> values = Map.of();
                            if (custom != null) {
                                Map<String, String> found = new LinkedHashMap<>();
                                // a number as people write it: 12.5, not the stored 12.500000
                                custom.take(id).forEach(v -> found.put(v.value2(), v.value4() != null
                                        ? v.value4().stripTrailingZeros().toPlainString() : v.value3()));
                                values = found;
                            }
                            boolean topicRow = topic != null && rs.getObject(22) != null;
                            ExportRow row = new ExportRow(id, rs.getString(4), rs.getString(5), rs.getString(6),
                                    rs.getString(7), rs.getObject(8, LocalDate.class), rs.getString(9), rs.getString(10),
                                    rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                                    rs.getString(15), rs.getString(16), rs.getString(17), tagNames, values,
                                    rs.getObject(topicRow ? 23 : 20, OffsetDateTime.class),
                                    next(next == null ? List.of() : next.take(id),
                                            sentItems == null ? List.of() : sentItems.take(id), items));
                            Exclusion reason = reason(purpose, channel, topic != null, rs.getString(2),
                                    rs.getBoolean(3), row, rs.getString(18), rs.getString(21), known);
                            long event = rs.getLong(topicRow ? 22 : 19);
                            sink.accept(row, reason, reason == null && !rs.wasNull() ? event : null);
                            if (++done % BATCH == 0) {
                                progress.checkCancelled();
                                progress.update(done, total, Messages.get("export.progress.reading"));
                            }
                        }
                    }
                    progress.update(done, total, Messages.get("export.progress.reading"));
                }
            }, c));
        }
    }

    /**
     * The person's recommendations and best moment as a row holds them, with the item a journey chose for them
     * (the latest of {@code sent}) on its list.
     */
    private static ExportRow.Next next(List<Record7<Long, Long, Long, Long, Integer, Integer, String>> rows,
                                       List<Record2<Long, Long>> sent, Map<Long, String[]> items) {
        ExportRow.Next next = nextOf(rows, items);
        String[] chosen = sent.isEmpty() ? null : items.get(sent.get(sent.size() - 1).value2());
        return chosen == null ? next : next.withItem(chosen[0], chosen[1]);
    }

    private static ExportRow.Next nextOf(List<Record7<Long, Long, Long, Long, Integer, Integer, String>> rows,
                                         Map<Long, String[]> items) {
        if (rows.isEmpty()) {
            return ExportRow.Next.NONE;
        }
        var r = rows.get(0);
        List<String> titles = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (Long item : new Long[] {r.value2(), r.value3(), r.value4()}) {
            String[] known = item == null ? null : items.get(item);
            if (known != null) {
                titles.add(known[0]);
                urls.add(known[1]);
            }
        }
        return new ExportRow.Next(titles, urls, r.value5(), r.value6(), r.value7(), "", "");
    }

    /**
     * The email addresses that cannot be used, per contact: address → true when it bounced, false when it is
     * invalid. Few in any workspace, so they are read once instead of joined to every contact.
     */
    private static Map<Long, Map<String, Boolean>> unusableEmails(DSLContext dsl, Condition among) {
        Map<Long, Map<String, Boolean>> unusable = new java.util.HashMap<>();
        dsl.select(IDENTIFIER.CONTACT_ID, IDENTIFIER.VALUE_NORM, IDENTIFIER.BOUNCED_AT).from(IDENTIFIER)
                .where(among.and(IDENTIFIER.KIND.eq("email")).and(IDENTIFIER.SYSTEM.eq(""))
                        .and(IDENTIFIER.IS_VALID.isFalse().or(IDENTIFIER.BOUNCED_AT.isNotNull())))
                .forEach(r -> unusable.computeIfAbsent(r.value1(), k -> new java.util.HashMap<>())
                        .put(r.value2(), r.value3() != null));
        return unusable;
    }

    /**
     * Who a list would write and leave out, per reason, from the audience index — the same answer as a
     * {@linkplain #scan scan}, in milliseconds instead of seconds at a million contacts; empty when the index
     * cannot answer now or the selection is not one it knows (a journey's list, double opt-in requests). The tests
     * on each address are the scan's own, remembered by the index per address while it holds the same contacts.
     */
    java.util.Optional<ExportPreview> previewIndexed(ExportRequest request) {
        check(request);
        Selector selector = request.selector();
        String segment = Selector.SEGMENT.equals(selector.kind()) ? selector.segment() : null;
        org.registro.segment.Rule rule = Selector.RULE.equals(selector.kind()) ? selector.rule().rule() : null;
        if (segment == null && rule == null && !Selector.ALL.equals(selector.kind())) {
            return java.util.Optional.empty();
        }
        String channel = request.channel();
        String topic = request.topic();
        boolean email = "email".equals(channel);
        // first who has an email marked invalid or bounced (few), so only theirs are read from the database
        List<Long> flagged = new ArrayList<>();
        if (email && !segments.visitIndexed(segment, rule, channel, null, c -> {
            if (c.emailFlagged()) {
                flagged.add(c.id());
            }
        })) {
            return java.util.Optional.empty();
        }
        Known known = Known.load(workspace.dsl(), channel, flagged);
        Suppression suppression = known.suppression();
        // the index keeps text in lower case: every test below reads an address case-blind
        java.util.function.Predicate<String> erasedEmail = e -> suppressedEmail(suppression, e);
        java.util.function.Predicate<String> erasedPhone = p -> suppressedPhone(suppression, p);
        long[] counts = new long[2];
        Map<Exclusion, Long> excluded = new java.util.EnumMap<>(Exclusion.class);
        boolean answered = segments.visitIndexed(segment, rule, channel, topic, c -> {
            boolean suppressed = c.doNotContact() || suppression.any()
                    && (c.test("email", suppression, erasedEmail) || c.test("phone", suppression, erasedPhone));
            boolean hasAddress;
            boolean bounced = false;
            if (email) {
                hasAddress = c.test("email", USABLE_EMAIL, USABLE_EMAIL);
                Map<String, Boolean> marked = c.emailFlagged() ? known.unusable().get(c.id()) : null;
                if (marked != null && hasAddress) {
                    Boolean b = marked.get(Emails.normalize(c.text("email")));
                    hasAddress = !Boolean.FALSE.equals(b);
                    bounced = Boolean.TRUE.equals(b);
                }
            } else if (PHONE_CHANNELS.contains(channel)) {
                hasAddress = c.test("phone", NOT_BLANK, NOT_BLANK);
            } else if ("post".equals(channel)) {
                hasAddress = c.test("street", NOT_BLANK, NOT_BLANK)
                        && (c.test("city", NOT_BLANK, NOT_BLANK) || c.test("postalCode", NOT_BLANK, NOT_BLANK));
            } else {
                hasAddress = true;
            }
            Exclusion reason = reason(request.purpose(), topic != null, c.erased(), suppressed, hasAddress, bounced,
                    c.consent(false), c.consent(true));
            counts[0]++;
            if (reason == null) {
                counts[1]++;
            } else {
                excluded.merge(reason, 1L, Long::sum);
            }
        });
        return answered ? java.util.Optional.of(new ExportPreview(counts[0], counts[1], excluded))
                : java.util.Optional.empty();
    }

    /** The first reason that leaves this contact out, given what is known of every address; null: written. */
    private static Exclusion reason(Purpose purpose, String channel, boolean hasTopic, String status,
                                    boolean doNotContact, ExportRow row, String channelStatus, String topicStatus,
                                    Known known) {
        Map<String, Boolean> flagged = known.unusable().get(row.id());
        Boolean marked = flagged == null || row.email() == null ? null : flagged.get(Emails.normalize(row.email()));
        Suppression suppression = known.suppression();
        boolean suppressed = doNotContact || suppression.any() && (suppressedEmail(suppression, row.email())
                || suppressedPhone(suppression, row.phone()));
        return reason(purpose, hasTopic, "erased".equals(status), suppressed,
                hasAddress(channel, row, Boolean.FALSE.equals(marked) ? Boolean.FALSE : null),
                Boolean.TRUE.equals(marked), channelStatus, topicStatus);
    }

    /** An email someone erased gave: the address is suppressed for everyone. */
    private static boolean suppressedEmail(Suppression suppression, String email) {
        return email != null && suppression.isErased("email", "", Emails.normalize(email));
    }

    private static boolean suppressedPhone(Suppression suppression, String phone) {
        return phone != null && suppression.isErased("phone", "", phone);
    }

    /** The first reason that leaves this contact out, or null when it is written. */
    static Exclusion reason(Purpose purpose, boolean hasTopic, boolean erased, boolean suppressed,
                            boolean hasAddress, boolean bounced, String channelStatus, String topicStatus) {
        if (erased) {
            return Exclusion.ERASED;
        }
        if (suppressed) {
            return Exclusion.SUPPRESSED;
        }
        if (!hasAddress) {
            return Exclusion.INVALID_ADDRESS;
        }
        if (bounced) {
            return Exclusion.BOUNCED;
        }
        if (purpose == Purpose.TRANSACTIONAL) {
            return null;
        }
        if (Consent.PENDING.equals(channelStatus)) {
            return Exclusion.PENDING_DOUBLE_OPT_IN;
        }
        if (!optedIn(channelStatus)) {
            return Exclusion.NO_OPT_IN;
        }
        if (hasTopic && Consent.PENDING.equals(topicStatus)) {
            return Exclusion.PENDING_DOUBLE_OPT_IN;
        }
        return hasTopic && !optedIn(topicStatus) ? Exclusion.NO_TOPIC_OPT_IN : null;
    }

    private static boolean optedIn(String status) {
        return Consent.GRANTED.equals(status) || Consent.CONFIRMED.equals(status);
    }

    /**
     * The channel's address is there and usable: a valid email that no spreadsheet would read as a formula, a phone
     * for SMS, phone and WhatsApp, a street with a city or postal code for post.
     */
    private static boolean hasAddress(String channel, ExportRow row, Boolean addressValid) {
        if ("email".equals(channel)) {
            return !Boolean.FALSE.equals(addressValid) && USABLE_EMAIL.test(row.email());
        }
        if (PHONE_CHANNELS.contains(channel)) {
            return notBlank(row.phone());
        }
        if ("post".equals(channel)) {
            return notBlank(row.street()) && (notBlank(row.city()) || notBlank(row.postalCode()));
        }
        return true;
    }

    /** An email that is a plausible address and that no spreadsheet would read as a formula. */
    private static final java.util.function.Predicate<String> USABLE_EMAIL = email -> email != null
            && !email.isBlank() && Emails.isValid(email) && SpreadsheetText.defuse(email).equals(email);

    private static final java.util.function.Predicate<String> NOT_BLANK = ExportScan::notBlank;

    private Condition selectorCondition(ExportRequest request) {
        Selector selector = request.selector();
        return switch (selector.kind()) {
            case Selector.SEGMENT -> segments.membersOf(selector.segment());
            case Selector.RULE -> segments.condition(selector.rule());
            case Selector.JOURNEY -> selector.journey().members().and(CONTACT.STATUS.ne("merged"));
            case Selector.DOUBLE_OPT_IN -> CONTACT.STATUS.eq("active").and(CONTACT.ID.in(
                    DSL.select(CONSENT_STATE.CONTACT_ID).from(CONSENT_STATE).where(CONSENT_STATE.CHANNEL
                            .eq(request.channel()).and(CONSENT_STATE.TOPIC.eq("")).and(CONSENT_STATE.STATUS.eq(Consent.PENDING)))));
            default -> CONTACT.STATUS.ne("merged");
        };
    }

    /** Refuses a request naming an unknown channel or topic, or writing no column. */
    private void check(ExportRequest request) {
        checkChannelAndTopic(request.channel(), request.topic());
        if (request.template().columns().isEmpty()) {
            throw new RegistroException("error.export.noColumns");
        }
    }

    void checkChannelAndTopic(String channel, String topic) {
        DSLContext dsl = workspace.dsl();
        if (!dsl.fetchExists(CHANNEL, CHANNEL.CODE.eq(channel))) {
            throw new RegistroException("error.export.channel", channel);
        }
        if (topic != null && !dsl.fetchExists(TOPIC, TOPIC.CODE.eq(topic))) {
            throw new RegistroException("error.export.topic", topic);
        }
    }

    /** The custom fields the columns read; listmonk's attributes read them all. Empty when none is needed. */
    private List<String> customKeys(ExportTemplate template) {
        if (template.columns().stream().anyMatch(c -> ExportField.ATTRIBUTES.code().equals(c.field()))) {
            return workspace.dsl().select(FIELD_DEFINITION.FIELD_KEY).from(FIELD_DEFINITION)
                    .where(FIELD_DEFINITION.ARCHIVED_AT.isNull()).fetch(FIELD_DEFINITION.FIELD_KEY);
        }
        List<String> keys = new ArrayList<>();
        template.columns().forEach(c -> c.customKey().ifPresent(keys::add));
        return keys;
    }

    private static boolean needsTags(ExportTemplate template) {
        return template.columns().stream().anyMatch(c -> ExportField.TAGS.code().equals(c.field())
                || ExportField.ATTRIBUTES.code().equals(c.field()));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
