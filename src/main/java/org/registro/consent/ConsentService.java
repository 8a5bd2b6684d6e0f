package org.registro.consent;

import static org.registro.db.Tables.CHANNEL;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_RETRACTION;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TOPIC;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.registro.common.Phrase;
import org.registro.common.Messages;
import org.jooq.DSLContext;
import org.registro.common.RegistroException;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Consent for one contact: record a change (appended to the ledger, never rewritten), read the state now or
 * as of any past moment, the full history, and whether a commercial message may be sent. A topic counts only
 * together with the opt-in for its channel.
 */
public final class ConsentService {

    /** A change to record. {@code at} null means now; {@code topic} null means the channel itself. */
    public record Change(long contactId, String channel, String topic, String status, String method, String source,
                         Instant at, String evidence, String legalBasis, String formUrl, String wording, String ip) {

        /** A change with free-text evidence only. */
        public Change(long contactId, String channel, String topic, String status, String method, String source,
                      Instant at, String evidence) {
            this(contactId, channel, topic, status, method, source, at, evidence, null, null, null, null);
        }
    }

    /** The legal bases of GDPR art. 6(1) a consent event can name. */
    public static final List<String> LEGAL_BASES = List.of("consent", "contract", "legal_obligation",
            "vital_interests", "public_task", "legitimate_interests");

    /** The status of a channel or a channel's topic, and the event that set it. */
    public record State(String channel, String topic, String status, String method, Instant occurredAt,
                        long eventId) {
    }

    /** One ledger event, as the history lists it. */
    public record Event(long id, String channel, String topic, String status, String method, String source,
                        String sourceSystem, String evidence, Instant occurredAt, Instant recordedAt,
                        String recordedBy, String legalBasis, String formUrl, String wording, String ip,
                        boolean anonymized, Instant retractedAt, String retractedBy) {
        /** True when the import that brought it was undone: it no longer counts. */
        public boolean retracted() {
            return retractedAt != null;
        }
    }

    /** The answer to "may we send this?", with the events it rests on. */
    public record Decision(boolean allowed, String reasonKey, State channel, State topic) {
    }

    /** A preference-centre subject. */
    public record Topic(String code, String label, String description, boolean active) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;

    public ConsentService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = workspace.clock();
    }

    /** Appends a change to the ledger; the current state follows in the same transaction. */
    public void record(Change change) {
        if (!Consent.STATUSES.contains(change.status())) {
            throw new RegistroException("error.consent.status", change.status(), String.join(", ", Consent.STATUSES));
        }
        String method = change.method() == null ? Consent.METHOD_MANUAL : change.method();
        if (!Consent.METHODS.contains(method)) {
            throw new RegistroException("error.consent.method", method, String.join(", ", Consent.METHODS));
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime at = change.at() == null ? now : change.at().atOffset(ZoneOffset.UTC);
        if (at.isAfter(now)) {
            throw new RegistroException("error.consent.future", change.at());
        }
        if (change.legalBasis() != null && !LEGAL_BASES.contains(change.legalBasis())) {
            throw new RegistroException("error.consent.legalBasis", change.legalBasis(), String.join(", ", LEGAL_BASES));
        }
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (!tx.fetchExists(CONTACT, CONTACT.ID.eq(change.contactId()).and(CONTACT.STATUS.eq("active")))) {
                throw new RegistroException("error.contact.notFound", change.contactId());
            }
            if (!tx.fetchExists(CHANNEL, CHANNEL.CODE.eq(change.channel()))) {
                throw new RegistroException("error.consent.channel", change.channel(),
                        String.join(", ", tx.select(CHANNEL.CODE).from(CHANNEL).orderBy(CHANNEL.POSITION)
                                .fetch(CHANNEL.CODE)));
            }
            String topic = change.topic() == null || change.topic().isBlank() ? null : change.topic().strip();
            if (topic != null && !tx.fetchExists(TOPIC, TOPIC.CODE.eq(topic))) {
                throw new RegistroException("error.consent.topic", topic,
                        String.join(", ", tx.select(TOPIC.CODE).from(TOPIC).orderBy(TOPIC.POSITION).fetch(TOPIC.CODE)));
            }
            Long sourceId = change.source() == null ? null : tx.select(SOURCE.ID).from(SOURCE)
                    .where(SOURCE.NAME.eq(change.source())).fetchOptional(SOURCE.ID).orElse(null);
            ConsentLedger.append(tx, List.of(new ConsentLedger.Entry(change.contactId(), change.channel(), topic,
                    change.status(), method, sourceId, null, change.source(), change.ip(), change.evidence(), at,
                    change.legalBasis(), change.formUrl(), change.wording())),
                    List.of(change.contactId()), now, audit.actor());
            audit.record(tx, "consent." + change.status(), "contact", change.contactId(),
                    Phrase.of(topic == null ? "audit.consent" : "audit.consent.topic",
                            Phrase.code("channel.", change.channel()), Phrase.code("consent.status.", change.status()),
                            topic == null ? "" : Phrase.code("topic.", topic)),
                    Map.of("method", method, "at", at.toString()));
        });
    }

    /** The state now, from the derived table. */
    public List<State> current(long contactId) {
        return workspace.dsl().select(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS,
                        CONSENT_STATE.METHOD, CONSENT_STATE.OCCURRED_AT, CONSENT_STATE.EVENT_ID)
                .from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(contactId))
                .orderBy(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC)
                .fetch(r -> new State(r.value1(), blankToNull(r.value2()), r.value3(), r.value4(),
                        r.value5().toInstant(), r.value6()));
    }

    /**
     * The state as it was at {@code asOf}: for each channel and topic, the latest event that had happened by
     * then (by when it happened, then by when it was recorded). Events recorded later about earlier moments
     * count, as they describe what was true then; events of an import undone later count too, as they were
     * believed then, and those undone by then do not.
     */
    public List<State> asOf(long contactId, Instant asOf) {
        Map<String, State> latest = new LinkedHashMap<>();
        workspace.dsl().select(CONSENT_EVENT.ID, CONSENT_EVENT.CHANNEL, CONSENT_EVENT.TOPIC, CONSENT_EVENT.STATUS,
                        CONSENT_EVENT.METHOD, CONSENT_EVENT.OCCURRED_AT)
                .from(CONSENT_EVENT)
                .where(CONSENT_EVENT.CONTACT_ID.eq(contactId)
                        .and(CONSENT_EVENT.OCCURRED_AT.le(asOf.atOffset(ZoneOffset.UTC)))
                        .and(ConsentLedger.notRetractedBy(asOf.atOffset(ZoneOffset.UTC))))
                .orderBy(CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID)
                .forEach(r -> latest.put(r.value2() + "|" + r.value3(), new State(r.value2(), blankToNull(r.value3()),
                        r.value4(), r.value5(), r.value6().toInstant(), r.value1())));
        List<State> states = new ArrayList<>(latest.values());
        states.sort(java.util.Comparator.comparing(State::channel)
                .thenComparing(s -> s.topic() == null ? "" : s.topic()));
        return states;
    }

    /** Every event of the contact's ledger, oldest first. */
    public List<Event> history(long contactId) {
        return workspace.dsl().select(CONSENT_EVENT.ID, CONSENT_EVENT.CHANNEL, CONSENT_EVENT.TOPIC,
                        CONSENT_EVENT.STATUS, CONSENT_EVENT.METHOD, SOURCE.NAME, CONSENT_EVENT.SOURCE_SYSTEM,
                        CONSENT_EVENT.EVIDENCE_TEXT, CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.RECORDED_AT,
                        CONSENT_EVENT.RECORDED_BY, CONSENT_EVENT.LEGAL_BASIS, CONSENT_EVENT.EVIDENCE_URL,
                        CONSENT_EVENT.EVIDENCE_WORDING, CONSENT_EVENT.EVIDENCE_IP, CONSENT_EVENT.ANONYMIZED_AT,
                        CONSENT_RETRACTION.RETRACTED_AT, CONSENT_RETRACTION.RETRACTED_BY)
                .from(CONSENT_EVENT).leftJoin(SOURCE).on(SOURCE.ID.eq(CONSENT_EVENT.SOURCE_ID))
                .leftJoin(CONSENT_RETRACTION).on(CONSENT_RETRACTION.BATCH_ID.eq(CONSENT_EVENT.BATCH_ID))
                .where(CONSENT_EVENT.CONTACT_ID.eq(contactId))
                .orderBy(CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID)
                .fetch(r -> new Event(r.value1(), r.value2(), blankToNull(r.value3()), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9().toInstant(), r.value10().toInstant(),
                        r.value11(), r.value12(), r.value13(), r.value14(), r.value15(), r.value16() != null,
                        r.value17() == null ? null : r.value17().toInstant(), r.value18()));
    }

    /**
     * Whether a message with this purpose on {@code channel} (about {@code topic}, if given) could be sent at
     * {@code at}, and why. A commercial message needs the channel opted in (granted or confirmed) and, with a
     * topic, the topic too; an erasure shows in the ledger as withdrawals, so earlier dates keep their answer.
     * A transactional message needs no opt-in but never goes to someone erased or restricted. Restriction is
     * the contact's flag now (it has no history of its own).
     */
    public Decision decide(long contactId, Purpose purpose, String channel, String topic, Instant at) {
        var contact = workspace.dsl().select(CONTACT.STATUS, CONTACT.DO_NOT_CONTACT).from(CONTACT)
                .where(CONTACT.ID.eq(contactId)).fetchOptional()
                .orElseThrow(() -> new RegistroException("error.contact.notFound", contactId));
        List<State> states = asOf(contactId, at);
        State channelState = states.stream().filter(s -> s.channel().equals(channel) && s.topic() == null)
                .findFirst().orElse(null);
        State topicState = topic == null ? null : states.stream()
                .filter(s -> s.channel().equals(channel) && topic.equals(s.topic())).findFirst().orElse(null);
        boolean erased = !"active".equals(contact.value1());
        if (purpose == Purpose.TRANSACTIONAL || !erased && contact.value2()) {
            if (erased || contact.value2()) {
                return new Decision(false, erased ? "consent.decision.erased" : "consent.decision.restricted",
                        channelState, topicState);
            }
            return new Decision(true, "consent.decision.transactional", channelState, topicState);
        }
        // An erasure is in the ledger (every channel withdrawn by erasure), so the past can still be answered.
        if (channelState != null && Consent.METHOD_ERASURE.equals(channelState.method())) {
            return new Decision(false, "consent.decision.erased", channelState, topicState);
        }
        if (channelState == null || !Consent.allows(channelState.status())) {
            return new Decision(false, channelState == null ? "consent.decision.noChannel"
                    : "consent.decision.channel." + channelState.status(), channelState, topicState);
        }
        if (topic != null && (topicState == null || !Consent.allows(topicState.status()))) {
            return new Decision(false, topicState == null ? "consent.decision.noTopic"
                    : "consent.decision.topic." + topicState.status(), channelState, topicState);
        }
        return new Decision(true, topic == null ? "consent.decision.channelOk" : "consent.decision.topicOk",
                channelState, topicState);
    }

    /** The channels, in their order. */
    public List<String> channels() {
        return workspace.dsl().select(CHANNEL.CODE).from(CHANNEL).where(CHANNEL.ACTIVE.isTrue())
                .orderBy(CHANNEL.POSITION).fetch(CHANNEL.CODE);
    }

    /** The preference centre's topics, in their order, named in the user's language when still as created. */
    public List<Topic> topics() {
        return workspace.dsl().select(TOPIC.CODE, TOPIC.LABEL, TOPIC.DESCRIPTION, TOPIC.ACTIVE).from(TOPIC)
                .orderBy(TOPIC.POSITION, TOPIC.CODE)
                .fetch(r -> new Topic(r.value1(), label(r.value1(), r.value2()),
                        builtInText(r.value1(), ".description", r.value3()), r.value4()));
    }

    /** The topics every workspace starts with, and the English names and descriptions it stores for them. */
    private static final Map<String, String[]> BUILT_IN_TOPICS = Map.of(
            "newsletter", new String[] {"Newsletter", "Regular news about our work"},
            "events", new String[] {"Events", "Invitations to events, workshops and meetings"},
            "fundraising", new String[] {"Fundraising appeals", "Requests for donations and campaigns"},
            "volunteering", new String[] {"Volunteering", "Opportunities to volunteer"});

    /**
     * A topic's name as people read it: what the workspace stores, except that a topic every workspace starts with,
     * still named as it was created (in English), is named in the user's language.
     */
    public static String label(String code, String stored) {
        return builtInText(code, "", stored);
    }

    private static String builtInText(String code, String suffix, String stored) {
        String[] seeded = BUILT_IN_TOPICS.get(code);
        boolean asCreated = seeded != null && (suffix.isEmpty() ? seeded[0] : seeded[1]).equals(stored);
        return asCreated ? Messages.getOr("topic." + code + suffix, stored) : stored;
    }

    /** Names a topic code as the preference centre does (a code it does not know, as it is). */
    public java.util.function.UnaryOperator<String> topicLabels() {
        Map<String, String> labels = new java.util.HashMap<>();
        topics().forEach(t -> labels.put(t.code(), t.label()));
        return code -> labels.getOrDefault(code, code);
    }

    /** Adds a channel (for example "letter" or "telegram") at the end of the list. */
    public void addChannel(String code, String label) {
        String key = code(code, 30);
        String name = label == null || label.isBlank() ? key : label.strip();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.fetchExists(CHANNEL, CHANNEL.CODE.eq(key))) {
                throw new RegistroException("error.consent.channelExists", key);
            }
            int position = tx.select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.max(CHANNEL.POSITION), 0))
                    .from(CHANNEL).fetchSingle().value1() + 1;
            tx.insertInto(CHANNEL).set(CHANNEL.CODE, key).set(CHANNEL.LABEL, name).set(CHANNEL.POSITION, position)
                    .execute();
            audit.record(tx, "consent.channel.add", "channel", null, Phrase.of("audit.consent.channel.add", name), Map.of("label", name));
        });
    }

    /** A channel's or topic's code: lower-case letters, digits and _, starting with a letter. */
    private static String code(String code, int max) {
        String key = code == null ? "" : code.strip();
        if (!key.matches("[a-z][a-z0-9_]{0," + (max - 1) + "}")) {
            throw new RegistroException("error.consent.topicCode", code);
        }
        return key;
    }

    /** Adds a topic at the end of the preference centre; its code is lower case letters, digits and _. */
    public Topic addTopic(String code, String label, String description) {
        String key = code(code, 50);
        String name = label == null || label.isBlank() ? key : label.strip();
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.fetchExists(TOPIC, TOPIC.CODE.eq(key))) {
                throw new RegistroException("error.consent.topicExists", key);
            }
            int position = tx.select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.max(TOPIC.POSITION), 0)).from(TOPIC)
                    .fetchSingle().value1() + 1;
            tx.insertInto(TOPIC).set(TOPIC.CODE, key).set(TOPIC.LABEL, name).set(TOPIC.DESCRIPTION, description)
                    .set(TOPIC.POSITION, position).execute();
            audit.record(tx, "consent.topic.add", "topic", null, Phrase.of("audit.consent.topic.add", name), Map.of("label", name));
        });
        return new Topic(key, name, description, true);
    }

    private static String blankToNull(String topic) {
        return topic == null || topic.isEmpty() ? null : topic;
    }

    /**
     * After a session ended without closing the workspace: the consent state made the fold of the ledger again
     * where it is not ({@link ConsentLedger#repair}), and the correction recorded. Returns how many contacts.
     */
    public int repairAfterUncleanShutdown() {
        if (!workspace.openedAfterUncleanShutdown() || workspace.readOnly()) {
            return 0;
        }
        int repaired = ConsentLedger.repair(workspace.dsl());
        if (repaired > 0) {
            audit.record(workspace.dsl(), "consent.repaired", "workspace", null, Phrase.of("audit.consent.repaired",
                    repaired), null);
        }
        return repaired;
    }
}
