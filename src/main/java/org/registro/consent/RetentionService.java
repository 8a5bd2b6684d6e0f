package org.registro.consent;

import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.PRIVACY_REQUEST;
import static org.registro.db.Tables.RETENTION_POLICY;
import static org.registro.db.Tables.RETENTION_RUN;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.common.Phrase;
import org.registro.common.Json;
import org.registro.common.RegistroException;
import org.registro.contact.ContactLinks;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Retention rules: how long data is kept. Each rule can be previewed (how many, a few examples) and run; a
 * run takes a backup first, happens in one transaction, and is recorded with what it did.
 */
public final class RetentionService {

    /** Erase contacts with no current consent and no activity (events, consent changes) for N months. */
    public static final String ERASE_INACTIVE = "erase_inactive_without_consent";
    /** Delete events (purchases, donations, opens…) older than N months. */
    public static final String DELETE_OLD_EVENTS = "delete_old_events";
    public static final List<String> KINDS = List.of(ERASE_INACTIVE, DELETE_OLD_EVENTS);

    public record Policy(long id, String kind, int months, boolean active) {
    }

    private record Rule(String kind, int months) {
    }

    /** What a rule would do now: how many contacts or events, and a few examples. */
    public record Preview(Policy policy, Instant cutoff, int count, List<String> examples) {
    }

    /** A finished run. */
    public record Run(long id, Policy policy, Instant cutoff, int affected, Path backup, Instant at) {
    }

    private final Workspace workspace;
    private final AuditLog audit;
    private final Clock clock;
    private final Function<String, Path> backup;

    /** @param backup takes a backup of the workspace with the given reason and returns its file */
    private final PrivacyService privacy;

    public RetentionService(Workspace workspace, AuditLog audit, Function<String, Path> backup,
                            PrivacyService privacy) {
        this.workspace = workspace;
        this.audit = audit;
        this.privacy = privacy;
        this.clock = workspace.clock();
        this.backup = backup;
    }

    public List<Policy> policies() {
        return workspace.dsl().select(RETENTION_POLICY.ID, RETENTION_POLICY.RULE_JSON, RETENTION_POLICY.ACTIVE)
                .from(RETENTION_POLICY).orderBy(RETENTION_POLICY.ID)
                .fetch(r -> {
                    Rule rule = Json.read(r.value2(), Rule.class);
                    return new Policy(r.value1(), rule.kind(), rule.months(), r.value3());
                });
    }

    /** Adds the rule of this kind, or changes its months and whether it is active. */
    public Policy save(String kind, int months, boolean active) {
        if (!KINDS.contains(kind)) {
            throw new RegistroException("error.retention.kind", kind, String.join(", ", KINDS));
        }
        if (months < 1 || months > 1200) {
            throw new RegistroException("error.retention.months", months);
        }
        String json = Json.write(new Rule(kind, months));
        workspace.dsl().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            int changed = tx.update(RETENTION_POLICY).set(RETENTION_POLICY.RULE_JSON, json)
                    .set(RETENTION_POLICY.ACTIVE, active).where(RETENTION_POLICY.NAME.eq(kind)).execute();
            if (changed == 0) {
                tx.insertInto(RETENTION_POLICY).set(RETENTION_POLICY.NAME, kind).set(RETENTION_POLICY.RULE_JSON, json)
                        .set(RETENTION_POLICY.ACTIVE, active).set(RETENTION_POLICY.CREATED_AT, now()).execute();
            }
            audit.record(tx, "retention.policy", "retention_policy", null, Phrase.of(active
                    ? "audit.retention.policy" : "audit.retention.policy.inactive", Phrase.code("retention.name.", kind),
                    months), Map.of("kind", kind, "months", months));
        });
        return policies().stream().filter(p -> p.kind().equals(kind)).findFirst().orElseThrow();
    }

    /** What each active rule would do now. */
    public List<Preview> previewAll() {
        return policies().stream().filter(Policy::active).map(this::preview).toList();
    }

    public Preview preview(Policy policy) {
        OffsetDateTime cutoff = now().minusMonths(policy.months());
        DSLContext dsl = workspace.dsl();
        if (ERASE_INACTIVE.equals(policy.kind())) {
            Condition condition = inactive(cutoff);
            int count = dsl.fetchCount(CONTACT, condition);
            List<String> examples = dsl.select(CONTACT.ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME)
                    .from(CONTACT).where(condition).orderBy(CONTACT.ID).limit(5)
                    .fetch(r -> "#" + r.value1() + " " + ((r.value2() == null ? "" : r.value2()) + " "
                            + (r.value3() == null ? "" : r.value3())).strip());
            return new Preview(policy, cutoff.toInstant(), count, examples);
        }
        Condition condition = EVENT.OCCURRED_AT.lt(cutoff);
        int count = 0;
        for (ContactLinks.Link link : ContactLinks.agedLinks()) {
            count += dsl.fetchCount(link.table(), link.agedBy().lt(cutoff));
        }
        List<String> examples = dsl.select(EVENT.EVENT_TYPE, EVENT.OCCURRED_AT, EVENT.CONTACT_ID).from(EVENT)
                .where(condition).orderBy(EVENT.OCCURRED_AT, EVENT.ID).limit(5)
                .fetch(r -> r.value1() + " " + r.value2().toLocalDate() + " #" + r.value3());
        return new Preview(policy, cutoff.toInstant(), count, examples);
    }

    /** Whether this user may run retention rules here (an administrator of a team workspace; anyone in a folder). */
    public boolean mayRun() {
        return workspace.role().mayAdminister();
    }

    /** Runs one rule: backup, then the erasures or deletions in one transaction, then the record of the run. */
    public Run run(long policyId) {
        Policy policy = policies().stream().filter(p -> p.id() == policyId).findFirst()
                .orElseThrow(() -> new RegistroException("error.retention.notFound", policyId));
        return workspace.exclusively(org.registro.common.Phrase.of("team.busy.retention"), () -> runAlone(policy));
    }

    private Run runAlone(Policy policy) {
        OffsetDateTime started = now();
        OffsetDateTime cutoff = started.minusMonths(policy.months());
        Path backupFile = backup.apply("before-retention-" + policy.kind());
        long[] result = workspace.dsl().transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            int affected;
            if (ERASE_INACTIVE.equals(policy.kind())) {
                List<Long> ids = tx.select(CONTACT.ID).from(CONTACT).where(inactive(cutoff)).fetch(CONTACT.ID);
                affected = ids.isEmpty() ? 0 : privacy.erase(tx, ids, Consent.METHOD_RETENTION,
                        "Retention: inactive for " + policy.months() + " months").contactIds().size();
            } else {
                affected = 0;
                for (ContactLinks.Link link : ContactLinks.agedLinks()) { // activity, wherever it is kept
                    affected += tx.deleteFrom(link.table()).where(link.agedBy().lt(cutoff)).execute();
                }
            }
            long runId = tx.insertInto(RETENTION_RUN).set(RETENTION_RUN.POLICY_ID, policy.id())
                    .set(RETENTION_RUN.RUN_AT, started).set(RETENTION_RUN.AFFECTED, affected)
                    .set(RETENTION_RUN.BACKUP_FILE, backupFile == null ? null : backupFile.toString())
                    .set(RETENTION_RUN.RUN_BY, audit.actor())
                    .set(RETENTION_RUN.DETAILS_JSON, Json.write(Map.of("kind", policy.kind(),
                            "months", policy.months(), "cutoff", cutoff.toString())))
                    .returningResult(RETENTION_RUN.ID).fetchSingle().value1();
            audit.record(tx, "retention.run", "retention_run", runId, Phrase.of("audit.retention.run",
                    Phrase.code("retention.name.", policy.kind()), affected), Map.of("cutoff", cutoff.toString()));
            return new long[] {runId, affected};
        });
        return new Run(result[0], policy, cutoff.toInstant(), (int) result[1], backupFile, started.toInstant());
    }

    /** Earlier runs, newest first. */
    public List<Run> runs() {
        Map<Long, Policy> byId = new java.util.HashMap<>();
        policies().forEach(p -> byId.put(p.id(), p));
        return workspace.dsl().select(RETENTION_RUN.ID, RETENTION_RUN.POLICY_ID, RETENTION_RUN.AFFECTED,
                        RETENTION_RUN.BACKUP_FILE, RETENTION_RUN.RUN_AT, RETENTION_RUN.DETAILS_JSON)
                .from(RETENTION_RUN).orderBy(RETENTION_RUN.RUN_AT.desc(), RETENTION_RUN.ID.desc())
                .fetch(r -> {
                    var details = Json.read(r.value6(), Map.class);
                    return new Run(r.value1(), byId.get(r.value2()),
                            OffsetDateTime.parse(String.valueOf(details.get("cutoff"))).toInstant(), r.value3(),
                            r.value4() == null ? null : Path.of(r.value4()), r.value5().toInstant());
                });
    }

    /**
     * Active contacts whose last known activity is before the cutoff: no current consent (granted, confirmed or
     * pending, on any channel), no event and no consent change since the cutoff, and either an older event or
     * consent change (the dates the source systems gave) or, with no dated history at all, created before the
     * cutoff. People with an open privacy request are left alone.
     */
    private static Condition inactive(OffsetDateTime cutoff) {
        return CONTACT.STATUS.eq("active")
                .and(CONTACT.CREATED_AT.lt(cutoff)
                        .orExists(DSL.selectOne().from(EVENT).where(EVENT.CONTACT_ID.eq(CONTACT.ID)))
                        .orExists(DSL.selectOne().from(CONSENT_EVENT).where(CONSENT_EVENT.CONTACT_ID.eq(CONTACT.ID))))
                .andNotExists(DSL.selectOne().from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(CONTACT.ID)
                        .and(CONSENT_STATE.STATUS.in(Consent.GRANTED, Consent.CONFIRMED, Consent.PENDING))))
                .andNotExists(DSL.selectOne().from(EVENT).where(EVENT.CONTACT_ID.eq(CONTACT.ID)
                        .and(EVENT.OCCURRED_AT.ge(cutoff))))
                .andNotExists(DSL.selectOne().from(CONSENT_EVENT).where(CONSENT_EVENT.CONTACT_ID.eq(CONTACT.ID)
                        .and(CONSENT_EVENT.OCCURRED_AT.ge(cutoff)).and(ConsentLedger.notRetracted())))
                .andNotExists(DSL.selectOne().from(PRIVACY_REQUEST).where(PRIVACY_REQUEST.CONTACT_ID.eq(CONTACT.ID)
                        .and(PRIVACY_REQUEST.STATUS.eq("open"))));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
