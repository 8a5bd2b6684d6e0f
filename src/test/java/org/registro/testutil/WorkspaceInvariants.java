package org.registro.testutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONSENT_EVENT;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.IMPORT_BATCH;
import static org.registro.db.Tables.MERGE_RECORD;

import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.consent.ConsentLedger;
import org.registro.workspace.Workspace;

/** What must hold of any workspace after any sequence of operations, killed or not (DESIGN.md invariants). */
public final class WorkspaceInvariants {

    private WorkspaceInvariants() {
    }

    public static void check(Workspace ws) {
        assertThat(ws.recoveryProblem()).as("the workspace opens normally").isEmpty();
        DSLContext dsl = ws.dsl();
        assertThat(dsl.fetchCount(IMPORT_BATCH, IMPORT_BATCH.STATUS.in("running", "undoing")))
                .as("no batch left half done").isZero();
        assertThat(stateOf(dsl)).as("the consent state is the fold of the ledger").isEqualTo(foldOf(dsl));
        assertThat(dsl.fetchCount(CONTACT, CONTACT.STATUS.eq("merged").and(CONTACT.MERGED_INTO_ID.isNull()
                        .or(DSL.notExists(DSL.selectOne().from(MERGE_RECORD).where(MERGE_RECORD.MERGED_ID
                                .eq(CONTACT.ID).and(MERGE_RECORD.UNDONE_AT.isNull())))))))
                .as("every merged record has its merge").isZero();
        assertThat(dsl.fetchCount(IDENTIFIER, IDENTIFIER.CONTACT_ID.in(DSL.select(CONTACT.ID).from(CONTACT)
                .where(CONTACT.STATUS.eq("erased"))))).as("an erased record holds no identifier").isZero();
    }

    /** The latest event per contact × channel × topic, retracted events left out. */
    public static Map<String, String> foldOf(DSLContext dsl) {
        Map<String, String> folded = new TreeMap<>();
        dsl.select(CONSENT_EVENT.CONTACT_ID, CONSENT_EVENT.CHANNEL, CONSENT_EVENT.TOPIC, CONSENT_EVENT.STATUS)
                .from(CONSENT_EVENT).where(ConsentLedger.notRetracted())
                .orderBy(CONSENT_EVENT.OCCURRED_AT, CONSENT_EVENT.ID)
                .forEach(r -> folded.put(r.value1() + "|" + r.value2() + "|" + r.value3(), r.value4()));
        return folded;
    }

    public static Map<String, String> stateOf(DSLContext dsl) {
        Map<String, String> state = new TreeMap<>();
        dsl.select(CONSENT_STATE.CONTACT_ID, CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS)
                .from(CONSENT_STATE)
                .forEach(r -> state.put(r.value1() + "|" + r.value2() + "|" + r.value3(), r.value4()));
        return state;
    }
}
