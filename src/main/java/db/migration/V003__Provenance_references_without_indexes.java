package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the foreign keys from provenance columns (which source, which batch, merged into whom) on the tables
 * an import writes to. H2 keeps an index for every foreign key, and maintaining about a dozen indexes per
 * contact row made imports several times slower. Sources and batches are never deleted (an undone batch keeps
 * its row), so these references stay valid; the columns an undo searches by keep an explicit index (V002).
 * Written in Java because the database names these constraints itself, so they are found by table and column
 * (the same on H2 and PostgreSQL).
 */
public class V003__Provenance_references_without_indexes extends BaseJavaMigration {

    private static final String PROVENANCE_COLUMNS =
            "'SOURCE_ID', 'BATCH_ID', 'CREATED_SOURCE_ID', 'CREATED_BATCH_ID', 'MERGED_INTO_ID'";

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<String> drops = new ArrayList<>();
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres");
        try (Statement st = connection.createStatement();
             // PostgreSQL answers from its catalogue in milliseconds; its information_schema takes a second
             ResultSet rs = st.executeQuery(postgres ? """
                     SELECT DISTINCT c.conrelid::regclass::text, c.conname
                     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
                       AND UPPER(a.attname) IN (%s)
                     """.formatted(PROVENANCE_COLUMNS) : """
                     SELECT DISTINCT tc.TABLE_NAME, tc.CONSTRAINT_NAME
                     FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
                     JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
                       ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                     WHERE tc.CONSTRAINT_TYPE = 'FOREIGN KEY' AND tc.TABLE_SCHEMA = CURRENT_SCHEMA
                       AND UPPER(k.COLUMN_NAME) IN (%s)
                     """.formatted(PROVENANCE_COLUMNS))) {
            while (rs.next()) {
                drops.add("ALTER TABLE \"" + rs.getString(1) + "\" DROP CONSTRAINT \"" + rs.getString(2) + "\"");
            }
        }
        try (Statement st = connection.createStatement()) {
            for (String drop : drops) {
                st.execute(drop);
            }
            // The foreign key on identifier.contact_id already keeps an index on that column.
            st.execute("DROP INDEX IF EXISTS identifier_contact");
        }
    }
}
