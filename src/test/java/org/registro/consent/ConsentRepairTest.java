package org.registro.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.testutil.WorkspaceInvariants;
import org.registro.workspace.Workspace;

/** After an abrupt end, the consent state is read again from the ledger where the two disagree, and only there. */
class ConsentRepairTest {

    @TempDir
    Path tmp;

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-06-15T12:00:00Z");

    @Test
    void aStateThatIsNotTheLatestEventIsReadAgainFromTheLedger() {
        try (Workspace ws = TestWorkspaces.create(tmp.resolve("w"), TestClock.at("2026-06-15T12:00:00Z"))) {
            DSLContext dsl = ws.dsl();
            long a = contact(dsl);
            long b = contact(dsl);
            long c = contact(dsl);
            long d = contact(dsl);
            event(dsl, a, "granted", NOW.minusDays(3));
            long aLatest = event(dsl, a, "withdrawn", NOW.minusDays(1));
            long bOnly = event(dsl, b, "granted", NOW.minusDays(2));
            event(dsl, c, "granted", NOW.minusDays(2));
            long dOnly = event(dsl, d, "granted", NOW.minusDays(2));
            ConsentLedger.recompute(dsl, java.util.List.of(a, b, c, d));
            assertThat(ConsentLedger.repair(dsl)).as("a consistent workspace needs nothing").isZero();
                    // what half a transaction could leave: a state pointing at an older event, a missing state, an event
            // moved to another contact (half a merge) with neither state recomputed
            long aOlder = dsl.select(CONSENT_EVENT.ID).from(CONSENT_EVENT)
                    .where(CONSENT_EVENT.CONTACT_ID.eq(a).and(CONSENT_EVENT.ID.ne(aLatest))).fetchSingle(CONSENT_EVENT.ID);
            dsl.update(CONSENT_STATE).set(CONSENT_STATE.EVENT_ID, aOlder).set(CONSENT_STATE.STATUS, "granted")
                    .where(CONSENT_STATE.CONTACT_ID.eq(a)).execute();
            dsl.deleteFrom(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(b)).execute();
            dsl.update(CONSENT_EVENT).set(CONSENT_EVENT.CONTACT_ID, c).where(CONSENT_EVENT.ID.eq(dOnly)).execute();
            assertThat(WorkspaceInvariants.stateOf(dsl)).isNotEqualTo(WorkspaceInvariants.foldOf(dsl));

            assertThat(ConsentLedger.repair(dsl)).as("a, b, c and d").isEqualTo(4);
            assertThat(WorkspaceInvariants.stateOf(dsl)).isEqualTo(WorkspaceInvariants.foldOf(dsl));
            assertThat(dsl.select(CONSENT_STATE.EVENT_ID).from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(b))
                    .fetchSingle(CONSENT_STATE.EVENT_ID)).isEqualTo(bOnly);
        }
    }

    private static long contact(DSLContext dsl) {
        return dsl.insertInto(CONTACT).set(CONTACT.STATUS, "active").set(CONTACT.CREATED_AT, NOW)
                .set(CONTACT.UPDATED_AT, NOW).returningResult(CONTACT.ID).fetchOne().value1();
    }

    private static long event(DSLContext dsl, long contact, String status, OffsetDateTime at) {
        return dsl.insertInto(CONSENT_EVENT).set(CONSENT_EVENT.CONTACT_ID, contact).set(CONSENT_EVENT.CHANNEL, "email")
                .set(CONSENT_EVENT.TOPIC, "").set(CONSENT_EVENT.STATUS, status).set(CONSENT_EVENT.METHOD, "form")
                .set(CONSENT_EVENT.OCCURRED_AT, at).set(CONSENT_EVENT.RECORDED_AT, at)
                .returningResult(CONSENT_EVENT.ID).fetchOne().value1();
    }
}
