package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Gives every identity column a cache of 100,000 values. H2 hands out identity values from a cache of 32 by
 * default and commits to the file each time it refills it; an import inserting a million rows then wrote
 * the whole database tens of thousands of times. A crash only leaves a gap in the numbering.
 */
public class V004__Identity_caches_for_bulk_writes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return; // H2's identity cache; PostgreSQL's sequences do not write to disk per value handed out
        }
        List<String> alters = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS
                     WHERE TABLE_SCHEMA = SCHEMA() AND IS_IDENTITY = 'YES'
                       AND TABLE_NAME <> 'flyway_schema_history'
                     """)) {
            while (rs.next()) {
                alters.add("ALTER TABLE \"" + rs.getString(1) + "\" ALTER COLUMN \"" + rs.getString(2)
                        + "\" SET CACHE 100000");
            }
        }
        try (Statement st = connection.createStatement()) {
            for (String alter : alters) {
                st.execute(alter);
            }
        }
    }
}
