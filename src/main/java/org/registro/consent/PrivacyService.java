package org.registro.consent;

import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.EXPORT_RUN;
import static org.registro.db.Tables.MERGE_RECORD;
import static org.registro.db.Tables.PRIVACY_REQUEST;
import static org.registro.db.Tables.SUPPRESSION;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.RegistroException;
import org.registro.common.MemberList;
import org.registro.common.RowArchive;
import org.registro.contact.ContactLinks;
import org.registro.contact.ContactLookup;
import org.registro.contact.MergedRecords;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Privacy rights: requests logged with their due date, access (everything held about a person, as JSON and
 * as a readable page), erasure (personal data removed, identifiers kept only as salted hashes so the person
 * is not imported again, consent events kept anonymized as proof) and restriction (do not contact).
 */
public final class PrivacyService {

    public static final String ACCESS = "access";
    public static final String RECTIFICATION = "rectification";
    public static final String ERASURE = "erasure";
    public static final String RESTRICTION = "restriction";
    public static final List<String> KINDS = List.of(ACCESS, RECTIFICATION, ERASURE, RESTRICTION);
    /** The time a controller has to answer (GDPR art. 12(3): one month; we count 30 days). */
    public static final Duration DUE_WITHIN = Duration.ofDays(30);

    /** A logged request. {@code contactName} is empty once the person is erased. */
    public record Request(long id, long contactId, String contactName, String kind, String status,
                          Instant receivedAt, Instant dueAt, Instant completedAt, String note, String result) {

        public boolean overdue(Instant now) {
            return "open".equals(status) && dueAt.isBefore(now);
        }
    }

    /** What an erasure did. */
    public record Erasure(List<Long> contactIds, int identifiersSuppressed, int eventsDeleted,
                          int consentEventsAnonymized) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;

    public PrivacyService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = workspace.clock();
    }

    // ---------------------------------------------------------------- requests

    /** Logs a request received at {@code receivedAt} (null: now); it is due 30 days later. */
    public Request log(long contactId, String kind, Instant receivedAt, String note) {
        if (!KINDS.contains(kind)) {
            throw new RegistroException("error.privacy.kind", kind, String.join(", ", KINDS));
        }
        OffsetDateTime now = now();
        OffsetDateTime received = receivedAt == null ? now : receivedAt.atOffset(ZoneOffset.UTC);
        if (received.isAfter(now)) {
            throw new RegistroException("error.privacy.future", receivedAt);
        }
        long id = workspace.dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            requireContact(tx, contactId);
            long requestId = tx.insertInto(PRIVACY_REQUEST)
                    .set(PRIVACY_REQUEST.CONTACT_ID, contactId).set(PRIVACY_REQUEST.KIND, kind)
                    .set(PRIVACY_REQUEST.RECEIVED_AT, received).set(PRIVACY_REQUEST.DUE_AT, received.plus(DUE_WITHIN))
                    .set(PRIVACY_REQUEST.NOTES, note).set(PRIVACY_REQUEST.CREATED_BY, audit.actor())
                    .returningResult(PRIVACY_REQUEST.ID).fetchSingle().value1();
            audit.record(tx, "privacy.request", "privacy_request", requestId,
                    Phrase.of("audit.privacy.request", Phrase.code("privacy.kind.", kind), contactId), Map.of("contact", contactId));
            return requestId;
        });
        return request(id);
    }

    public Request request(long id) {
        return requests(PRIVACY_REQUEST.ID.eq(id)).stream().findFirst()
                .orElseThrow(() -> new RegistroException("error.privacy.notFound", id));
    }

    /** All requests, open ones first by due date, then the rest newest first. */
    public List<Request> requests() {
        return requests(DSL.trueCondition());
    }

    /** Open requests due before {@code before}, soonest first. */
    public List<Request> due(Instant before) {
        return requests(PRIVACY_REQUEST.STATUS.eq("open")
                .and(PRIVACY_REQUEST.DUE_AT.lt(before.atOffset(ZoneOffset.UTC))));
    }

    private List<Request> requests(org.jooq.Condition condition) {
        return workspace.dsl().select(PRIVACY_REQUEST.ID, PRIVACY_REQUEST.CONTACT_ID, CONTACT.FIRST_NAME,
                        CONTACT.LAST_NAME, PRIVACY_REQUEST.KIND, PRIVACY_REQUEST.STATUS, PRIVACY_REQUEST.RECEIVED_AT,
                        PRIVACY_REQUEST.DUE_AT, PRIVACY_REQUEST.COMPLETED_AT, PRIVACY_REQUEST.NOTES,
                        PRIVACY_REQUEST.RESULT)
                .from(PRIVACY_REQUEST).leftJoin(CONTACT).on(CONTACT.ID.eq(PRIVACY_REQUEST.CONTACT_ID))
                .where(condition)
                .orderBy(DSL.when(PRIVACY_REQUEST.STATUS.eq("open"), 0).otherwise(1),
                        DSL.when(PRIVACY_REQUEST.STATUS.eq("open"), PRIVACY_REQUEST.DUE_AT).asc(),
                        PRIVACY_REQUEST.RECEIVED_AT.desc(), PRIVACY_REQUEST.ID.desc())
                .fetch(r -> new Request(r.value1(), r.value2(), name(r.value3(), r.value4()), r.value5(), r.value6(),
                        r.value7().toInstant(), r.value8().toInstant(),
                        r.value9() == null ? null : r.value9().toInstant(), r.value10(), r.value11()));
    }

    /** Closes a request by hand (a rectification done by editing, or a request refused), with what was done. */
    public void close(long requestId, boolean fulfilled, String result) {
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            int changed = tx.update(PRIVACY_REQUEST).set(PRIVACY_REQUEST.STATUS, fulfilled ? "done" : "rejected")
                    .set(PRIVACY_REQUEST.COMPLETED_AT, now()).set(PRIVACY_REQUEST.RESULT, result)
                    .where(PRIVACY_REQUEST.ID.eq(requestId).and(PRIVACY_REQUEST.STATUS.eq("open"))).execute();
            if (changed == 0) {
                throw new RegistroException("error.privacy.notOpen", requestId);
            }
            audit.record(tx, "privacy.close", "privacy_request", requestId,
                    Phrase.of(fulfilled ? "audit.privacy.done" : "audit.privacy.refused", requestId), null);
        });
    }

    /** Marks the contact's open requests of this kind done, or logs one already done. */
    private void complete(DSLContext tx, long contactId, String kind, String result) {
        OffsetDateTime now = now();
        int changed = tx.update(PRIVACY_REQUEST).set(PRIVACY_REQUEST.STATUS, "done")
                .set(PRIVACY_REQUEST.COMPLETED_AT, now).set(PRIVACY_REQUEST.RESULT, result)
                .where(PRIVACY_REQUEST.CONTACT_ID.eq(contactId).and(PRIVACY_REQUEST.KIND.eq(kind))
                        .and(PRIVACY_REQUEST.STATUS.eq("open")))
                .execute();
        if (changed == 0) {
            tx.insertInto(PRIVACY_REQUEST).set(PRIVACY_REQUEST.CONTACT_ID, contactId)
                    .set(PRIVACY_REQUEST.KIND, kind).set(PRIVACY_REQUEST.STATUS, "done")
                    .set(PRIVACY_REQUEST.RECEIVED_AT, now).set(PRIVACY_REQUEST.DUE_AT, now.plus(DUE_WITHIN))
                    .set(PRIVACY_REQUEST.COMPLETED_AT, now).set(PRIVACY_REQUEST.RESULT, result)
                    .set(PRIVACY_REQUEST.CREATED_BY, audit.actor()).execute();
        }
    }

    // ---------------------------------------------------------------- access

    /** Writes everything held about the contact into {@code folder}: a JSON file and a readable HTML page. */
    public AccessReport.Files access(long contactId, Path folder) {
        AccessReport report = AccessReport.collect(workspace.dsl(), contactId, now().toInstant());
        AccessReport.Files files = report.writeTo(folder);
        workspace.dsl().transaction(cfg -> {
            complete(cfg.dsl(), contactId, ACCESS, files.html().getFileName().toString());
            audit.record(cfg.dsl(), "privacy.access", "contact", contactId,
                    Phrase.of("audit.privacy.access", contactId), Map.of("folder", folder.toString()));
        });
        return files;
    }

    // ---------------------------------------------------------------- restriction

    /** Do not contact: the person stays, but no list (commercial or not) will include them. */
    public void restrict(long contactId, boolean restricted, String reason) {
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            requireContact(tx, contactId);
            tx.update(CONTACT).set(CONTACT.DO_NOT_CONTACT, restricted).set(CONTACT.UPDATED_AT, now())
                    .where(CONTACT.ID.eq(contactId)).execute();
            if (restricted) {
                String salt = Suppression.salt(tx);
                tx.select(IDENTIFIER.KIND, IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                        .where(IDENTIFIER.CONTACT_ID.eq(contactId))
                        .forEach(r -> tx.insertInto(SUPPRESSION).set(SUPPRESSION.KIND, Suppression.DO_NOT_CONTACT)
                                .set(SUPPRESSION.IDENTIFIER_KIND, r.value1())
                                .set(SUPPRESSION.VALUE_HASH, Suppression.hash(salt, r.value1(), r.value2(), r.value3()))
                                .set(SUPPRESSION.CONTACT_ID, contactId).set(SUPPRESSION.REASON, reason)
                                .set(SUPPRESSION.CREATED_AT, now())
                                .onDuplicateKeyIgnore().execute());
                complete(tx, contactId, RESTRICTION, reason == null ? "do not contact" : reason);
            } else {
                tx.deleteFrom(SUPPRESSION).where(SUPPRESSION.CONTACT_ID.eq(contactId)
                        .and(SUPPRESSION.KIND.eq(Suppression.DO_NOT_CONTACT))).execute();
            }
            audit.record(tx, restricted ? "privacy.restrict" : "privacy.unrestrict", "contact", contactId,
                    Phrase.of(restricted ? "audit.privacy.restrict" : "audit.privacy.unrestrict", contactId),
                    reason == null ? null : Map.of("reason", reason));
        });
    }


    /** The people a typed id, email, phone or name may mean (several when namesakes share it). */
    public List<ContactLookup.Candidate> candidates(String text) {
        return ContactLookup.find(workspace.dsl(), text, 20);
    }

    /** True when the contact is marked do-not-contact. */
    public boolean restricted(long contactId) {
        return workspace.dsl().select(CONTACT.DO_NOT_CONTACT).from(CONTACT).where(CONTACT.ID.eq(contactId))
                .fetchOptional(CONTACT.DO_NOT_CONTACT).orElse(false);
    }

    // ---------------------------------------------------------------- erasure

    /**
     * Blanks the person's line in the recorded cells of every list they were in, so an earlier export written again
     * leaves them out; the membership itself stays, against the anonymous id.
     */
    private static void blankExportedRows(DSLContext tx, List<Long> contactIds) {
        Set<Long> erasing = new java.util.HashSet<>(contactIds);
        tx.select(EXPORT_RUN.ID, EXPORT_RUN.MEMBERS_BIN).from(EXPORT_RUN)
                .where(EXPORT_RUN.ROWS_GZ.isNotNull()).forEach(run -> {
                    Set<Integer> lines = new java.util.HashSet<>();
                    MemberList.read(run.value2(), (position, id, event) -> {
                        if (erasing.contains(id)) {
                            lines.add(position);
                        }
                        return true;
                    });
                    if (!lines.isEmpty()) { // only the lists the person was in have their cells read and rewritten
                        byte[] rows = tx.select(EXPORT_RUN.ROWS_GZ).from(EXPORT_RUN)
                                .where(EXPORT_RUN.ID.eq(run.value1())).fetchOne(EXPORT_RUN.ROWS_GZ);
                        tx.update(EXPORT_RUN).set(EXPORT_RUN.ROWS_GZ, RowArchive.blank(rows, lines))
                                .where(EXPORT_RUN.ID.eq(run.value1())).execute();
                    }
                });
    }

    /** Whether this user may erase people here (an administrator of a team workspace; anyone in a folder). */
    public boolean mayErase() {
        return workspace.role().mayAdminister();
    }

    /** Whether this user may change consent and record privacy requests here (anyone but a team's viewer). */
    public boolean mayChange() {
        return workspace.role().mayEdit();
    }

    /** Erases one person (and the records merged into them). */
    public Erasure erase(long contactId, String reason) {
        return workspace.dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            requireContact(tx, contactId);
            Erasure erasure = erase(tx, List.of(contactId), Consent.METHOD_ERASURE, reason);
            complete(tx, contactId, ERASURE, erasure.identifiersSuppressed() + " identifiers suppressed");
            return erasure;
        });
    }

    /**
     * Erases these contacts in the caller's transaction: withdraws every channel, anonymizes the ledger, keeps
     * salted hashes of every identifier, then treats every row linked to them as {@link ContactLinks} says
     * (values, history, tags, events, scores, segment and journey membership, pairs… deleted) and blanks the
     * contact row. What was exported stays recorded against the anonymous id.
     */
    Erasure erase(DSLContext tx, Collection<Long> contactIds, String method, String reason) {
        OffsetDateTime now = now();
        Set<Long> ids = MergedRecords.withMerged(tx, contactIds);
        String salt = Suppression.salt(tx);
        int suppressed = 0;
        int events = 0;
        int anonymized = 0;
        for (List<Long> part : ConsentLedger.parts(ids)) {
            var identifiers = tx.select(IDENTIFIER.KIND, IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_NORM).from(IDENTIFIER)
                    .where(IDENTIFIER.CONTACT_ID.in(part)).fetch();
            for (var r : identifiers) {
                suppressed += tx.insertInto(SUPPRESSION).set(SUPPRESSION.KIND, Suppression.ERASED)
                        .set(SUPPRESSION.IDENTIFIER_KIND, r.value1())
                        .set(SUPPRESSION.VALUE_HASH, Suppression.hash(salt, r.value1(), r.value2(), r.value3()))
                        .set(SUPPRESSION.REASON, reason).set(SUPPRESSION.CREATED_AT, now)
                        .onDuplicateKeyIgnore().execute();
            }
            // Every channel still open is withdrawn, by erasure, before the ledger is anonymized.
            List<ConsentLedger.Entry> withdrawals = new ArrayList<>();
            tx.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL).from(CONSENT_STATE)
                    .where(CONSENT_STATE.CONTACT_ID.in(part).and(CONSENT_STATE.TOPIC.eq(ConsentLedger.CHANNEL_ITSELF))
                            .and(CONSENT_STATE.STATUS.ne(Consent.WITHDRAWN)))
                    .forEach(r -> withdrawals.add(new ConsentLedger.Entry(r.value1(), r.value2(), null,
                            Consent.WITHDRAWN, method, null, null, null, null, null, now)));
            ConsentLedger.append(tx, withdrawals, part, now, audit.actor());
            anonymized += ConsentLedger.anonymize(tx, part, now);

            events += tx.fetchCount(EVENT, EVENT.CONTACT_ID.in(part));
            ContactLinks.erase(tx, part, Map.of(
                    ContactLinks.CONSENT_LEDGER, (t, link, who) -> { }, // anonymized above, once withdrawn
                    ContactLinks.MERGE_SURVIVORS, PrivacyService::forgetMergeUndo,
                    ContactLinks.MERGE_MERGED, PrivacyService::forgetMergeUndo,
                    ContactLinks.EXPORT_MEMBERS, (t, link, who) -> blankExportedRows(t, List.copyOf(who)),
                    ContactLinks.AUDIT_ENTRIES, (t, link, who) -> t.update(AUDIT_LOG)
                            .set(AUDIT_LOG.SUMMARY, "[erased]").set(AUDIT_LOG.SUMMARY_KEY, "audit.erased")
                            .setNull(AUDIT_LOG.SUMMARY_ARGS).setNull(AUDIT_LOG.DETAILS_JSON)
                            .where(link.of(who)).execute()));
            tx.update(CONTACT)
                    .setNull(CONTACT.FIRST_NAME).setNull(CONTACT.LAST_NAME)
                    .set(CONTACT.FIRST_NAME_KEY, "").set(CONTACT.LAST_NAME_KEY, "")
                    .setNull(CONTACT.EMAIL).setNull(CONTACT.PHONE).setNull(CONTACT.BIRTH_DATE)
                    .setNull(CONTACT.GENDER).setNull(CONTACT.LANGUAGE).setNull(CONTACT.ORGANIZATION)
                    .setNull(CONTACT.JOB_TITLE).setNull(CONTACT.STREET).setNull(CONTACT.POSTAL_CODE)
                    .setNull(CONTACT.CITY).setNull(CONTACT.REGION).setNull(CONTACT.COUNTRY)
                    .set(CONTACT.DO_NOT_CONTACT, true).set(CONTACT.STATUS, "erased").set(CONTACT.UPDATED_AT, now)
                    .where(CONTACT.ID.in(part)).execute();
            for (Long id : part) {
                audit.record(tx, "privacy.erase", "contact", id, Phrase.of("audit.privacy.erase", id),
                        Map.of("method", method));
            }
        }
        return new Erasure(List.copyOf(ids), suppressed, events, anonymized);
    }

    /** A merge of an erased person can no longer be undone: the data to put back is gone with them. */
    private static void forgetMergeUndo(DSLContext tx, ContactLinks.Link link, java.util.Collection<Long> ids) {
        tx.update(MERGE_RECORD).setNull(MERGE_RECORD.UNDO_JSON).where(link.of(ids)).execute();
    }

    private static void requireContact(DSLContext tx, long contactId) {
        if (!tx.fetchExists(CONTACT, CONTACT.ID.eq(contactId).and(CONTACT.STATUS.eq("active")))) {
            throw new RegistroException("error.contact.notFound", contactId);
        }
    }

    private static String name(String first, String last) {
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
