package org.registro.consent;

import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Double opt-in: the workspace policy, the people waiting to confirm (and the list that asks them to, for the
 * email tool), and the expiry of requests nobody confirmed. Confirmations come back by import and are
 * recorded as {@code confirmed} events.
 */
public final class DoubleOptInService {

    /** Someone whose opt-in waits for confirmation. */
    public record Pending(long contactId, String firstName, String lastName, String email, String country,
                          String language, String channel, Instant since, Instant expiresAt) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;

    public DoubleOptInService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = workspace.clock();
    }

    public DoubleOptInPolicy policy() {
        return DoubleOptInPolicy.load(workspace.dsl());
    }

    /** Saves the policy; it applies to opt-ins recorded from now on. */
    public void setPolicy(DoubleOptInPolicy policy) {
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            Workspace.putSetting(tx, DoubleOptInPolicy.COUNTRIES, String.join(",", policy.countries().stream()
                    .sorted().toList()));
            Workspace.putSetting(tx, DoubleOptInPolicy.CHANNELS, String.join(",", policy.channels().stream()
                    .sorted().toList()));
            Workspace.putSetting(tx, DoubleOptInPolicy.EXPIRY_DAYS, Integer.toString(policy.expiryDays()));
            audit.record(tx, "consent.doublePolicy", "workspace", null, Phrase.of("audit.consent.doublePolicy"),
                    Map.of("countries", policy.countries(), "channels", policy.channels(),
                            "expiryDays", policy.expiryDays()));
        });
    }

    /** How many people wait to confirm. */
    public int pendingCount() {
        return workspace.dsl().fetchCount(CONSENT_STATE.join(CONTACT).on(CONTACT.ID.eq(CONSENT_STATE.CONTACT_ID)),
                pendingCondition());
    }

    /** The people waiting to confirm, longest waiting first (at most {@code limit}). */
    public List<Pending> pending(int limit) {
        List<Pending> out = new ArrayList<>();
        forEachPending(limit, out::add);
        return out;
    }


    /**
     * Withdraws the opt-ins that stayed pending longer than the policy allows. The withdrawal is dated when the
     * request expired, so the ledger tells what was true on every day. Returns how many expired.
     */
    public int expire() {
        DoubleOptInPolicy policy = policy();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime cutoff = now.minusDays(policy.expiryDays());
        return workspace.dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            List<ConsentLedger.Entry> withdrawals = new ArrayList<>();
            List<Long> contacts = new ArrayList<>();
            tx.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.OCCURRED_AT).from(CONSENT_STATE)
                    .where(CONSENT_STATE.STATUS.eq(Consent.PENDING)
                            .and(CONSENT_STATE.TOPIC.eq(ConsentLedger.CHANNEL_ITSELF))
                            .and(CONSENT_STATE.OCCURRED_AT.lt(cutoff)))
                    .forEach(r -> {
                        contacts.add(r.value1());
                        withdrawals.add(new ConsentLedger.Entry(r.value1(), r.value2(), null, Consent.WITHDRAWN,
                                Consent.METHOD_EXPIRED, null, null, null, null,
                                "Not confirmed within " + policy.expiryDays() + " days",
                                r.value3().plusDays(policy.expiryDays())));
                    });
            int expired = ConsentLedger.append(tx, withdrawals, contacts, now, audit.actor()).size();
            if (expired > 0) {
                audit.record(tx, "consent.doubleExpired", "workspace", null,
                        Phrase.of("audit.consent.doubleExpired", expired), Map.of("days", policy.expiryDays()));
            }
            return expired;
        });
    }


    private void forEachPending(int limit, java.util.function.Consumer<Pending> sink) {
        int days = policy().expiryDays();
        var primaryEmail = IDENTIFIER.as("primary_email");
        workspace.dsl().select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME, CONTACT.EMAIL, CONTACT.COUNTRY,
                        CONTACT.LANGUAGE, CONSENT_STATE.CHANNEL, CONSENT_STATE.OCCURRED_AT)
                .from(CONSENT_STATE).join(CONTACT).on(CONTACT.ID.eq(CONSENT_STATE.CONTACT_ID))
                .where(pendingCondition())
                .andNotExists(DSL.selectOne().from(primaryEmail).where(primaryEmail.CONTACT_ID.eq(CONTACT.ID)
                        .and(primaryEmail.KIND.eq("email")).and(primaryEmail.VALUE_NORM.eq(DSL.lower(CONTACT.EMAIL)))
                        .and(primaryEmail.IS_VALID.isFalse().or(primaryEmail.BOUNCED_AT.isNotNull()))))
                .orderBy(CONSENT_STATE.OCCURRED_AT, CONTACT.ID)
                .limit(limit)
                .fetchSize(1000)
                .forEach(r -> sink.accept(new Pending(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8().toInstant(), r.value8().plusDays(days).toInstant())));
    }

    private static Condition pendingCondition() {
        return CONSENT_STATE.STATUS.eq(Consent.PENDING).and(CONSENT_STATE.TOPIC.eq(ConsentLedger.CHANNEL_ITSELF))
                .and(CONSENT_STATE.CHANNEL.eq("email"))
                .and(CONTACT.STATUS.eq("active")).and(CONTACT.DO_NOT_CONTACT.isFalse());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
