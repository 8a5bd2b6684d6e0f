package org.registro.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.Workspace;

/**
 * Reads the live schema of a fresh workspace and checks that every column pointing at a contact (or at a row
 * that does) and every column naming an import batch is registered in {@link ContactLinks}.
 */
class ContactLinksSchemaTest {

    @TempDir
    Path tmp;

    private Workspace workspace;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, TestClock.at("2026-03-01T10:00:00Z"));
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    @Test
    void everyColumnThatPointsAtAContactOrABatchIsRegistered() {
        assertThat(unregistered(workspace.dsl())).isEmpty();
    }

    @Test
    void aNewTableThatPointsAtAContactIsReportedUntilItIsRegistered() {
        DSLContext dsl = workspace.dsl();
        dsl.execute("CREATE TABLE loyalty_card (id BIGINT PRIMARY KEY, contact_id BIGINT REFERENCES contact (id))");
        dsl.execute("CREATE TABLE card_scan (id BIGINT PRIMARY KEY, card_id BIGINT REFERENCES loyalty_card (id),"
                + " batch_id BIGINT)");
        dsl.execute("CREATE TABLE referral (referrer BIGINT, referred_contact BIGINT)");
        assertThat(unregistered(dsl)).containsExactly("card_scan.batch_id", "card_scan.card_id",
                "loyalty_card.contact_id", "referral.referred_contact");
    }

    @Test
    void theGenericWalksRefuseToRunWithoutTheOwnersHandlers() {
        DSLContext dsl = workspace.dsl();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContactLinks.erase(dsl, List.of(1L),
                java.util.Map.of())).isInstanceOf(IllegalStateException.class).hasMessageContaining("consent_event");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContactLinks.merge(dsl, 1L, 2L, Set.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("duplicate_pair");
    }

    /**
     * The referencing columns of the live schema that the registry does not know: foreign keys to a contact or
     * to a table whose rows belong to a contact, columns named after a contact (their foreign key may have been
     * dropped for speed, V003), and columns naming a batch.
     */
    static Set<String> unregistered(DSLContext dsl) {
        Set<String> registered = new HashSet<>();
        Set<String> linkedTables = new HashSet<>(Set.of("contact"));
        for (ContactLinks.Link link : ContactLinks.links()) {
            registered.add(name(link.table().getName(), link.column().getName()));
            linkedTables.add(link.table().getName().toLowerCase(Locale.ROOT));
        }
        for (ContactLinks.BatchLink link : ContactLinks.batchLinks()) {
            registered.add(name(link.table().getName(), link.column().getName()));
        }
        Set<String> found = new TreeSet<>();
        // foreign keys into contact-linked tables, repeated until no new linked table appears
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var r : dsl.resultQuery("""
                    SELECT fk.TABLE_NAME, k.COLUMN_NAME, pk.TABLE_NAME
                    FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc
                    JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS fk
                      ON fk.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND fk.CONSTRAINT_NAME = rc.CONSTRAINT_NAME
                    JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS pk
                      ON pk.CONSTRAINT_SCHEMA = rc.UNIQUE_CONSTRAINT_SCHEMA
                     AND pk.CONSTRAINT_NAME = rc.UNIQUE_CONSTRAINT_NAME
                    JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
                      ON k.CONSTRAINT_SCHEMA = fk.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = fk.CONSTRAINT_NAME
                    WHERE fk.TABLE_SCHEMA = CURRENT_SCHEMA
                    """).fetch()) {
                String table = r.get(0, String.class).toLowerCase(Locale.ROOT);
                String target = r.get(2, String.class).toLowerCase(Locale.ROOT);
                if (linkedTables.contains(target)) {
                    found.add(name(table, r.get(1, String.class)));
                    if (!target.equals(table) && linkedTables.add(table)) {
                        grew = true;
                    }
                }
            }
        }
        for (var r : dsl.resultQuery("""
                SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS
                WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME <> 'flyway_schema_history'
                  AND UPPER(DATA_TYPE) IN ('BIGINT', 'INTEGER')
                """).fetch()) {
            String column = r.get(1, String.class).toLowerCase(Locale.ROOT);
            if (column.matches("(.*_)?contact(_.*)?|merged_into_id|survivor_id|merged_id|(.*_)?batch_id")) {
                found.add(name(r.get(0, String.class), column));
            }
        }
        found.removeAll(registered);
        return found;
    }

    private static String name(String table, String column) {
        return table.toLowerCase(Locale.ROOT) + "." + column.toLowerCase(Locale.ROOT);
    }
}
