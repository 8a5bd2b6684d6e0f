package org.registro.workspace;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.jooq.SQLDialect;

/**
 * The database a workspace lives in: an H2 file in the workspace folder (the default, one person on one laptop) or
 * a shared PostgreSQL server (a team workspace, decision 0014). Services write portable jOOQ; the few statements
 * that differ ask the workspace's store ({@link Workspace#store()}) and keep both forms side by side.
 */
public enum Store {
    H2(SQLDialect.H2),
    POSTGRES(SQLDialect.POSTGRES);

    private final SQLDialect dialect;

    Store(SQLDialect dialect) {
        this.dialect = dialect;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** The store a connection is to, from the driver's own name for it. */
    public static Store of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("postgres") ? POSTGRES : H2;
    }

    /** The store of a jOOQ dialect (the family: any PostgreSQL version is {@link #POSTGRES}). */
    public static Store of(SQLDialect dialect) {
        return dialect.family() == SQLDialect.POSTGRES ? POSTGRES : H2;
    }
}
