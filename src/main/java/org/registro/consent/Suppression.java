package org.registro.consent;

import static org.registro.db.Tables.SUPPRESSION;
import static org.registro.db.Tables.WORKSPACE_SETTING;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.jooq.DSLContext;
import org.registro.workspace.Workspace;

/**
 * The identifiers of erased people, kept only as salted hashes so that nobody can read them back, yet a later
 * import of the same email, phone or number is recognised and refused. The salt is the workspace's own.
 */
public final class Suppression {

    public static final String ERASED = "erased";
    public static final String DO_NOT_CONTACT = "do_not_contact";

    private final String salt;
    private final Set<String> erased;
    private final int hash;

    private Suppression(String salt, Set<String> erased) {
        this.salt = salt;
        this.erased = erased;
        this.hash = erased.hashCode();
    }

    /** Loads the erased hashes once, for an import. */
    public static Suppression load(DSLContext dsl) {
        Set<String> hashes = new HashSet<>(dsl.select(SUPPRESSION.VALUE_HASH).from(SUPPRESSION)
                .where(SUPPRESSION.KIND.eq(ERASED)).fetch(SUPPRESSION.VALUE_HASH));
        return new Suppression(salt(dsl), hashes);
    }

    /** Equal when they hold the same erased identifiers under the same salt (the same answers). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Suppression other && salt.equals(other.salt) && erased.equals(other.erased);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** True when somebody was erased, so identifiers are worth checking at all. */
    public boolean any() {
        return !erased.isEmpty();
    }

    /** True when this identifier belonged to someone who was erased. */
    public boolean isErased(String kind, String system, String normalized) {
        return !erased.isEmpty() && erased.contains(hash(salt, kind, system, normalized));
    }

    static String salt(DSLContext dsl) {
        return dsl.select(WORKSPACE_SETTING.SETTING_VALUE).from(WORKSPACE_SETTING)
                .where(WORKSPACE_SETTING.SETTING_KEY.eq(Workspace.SETTING_SALT))
                .fetchOptional(WORKSPACE_SETTING.SETTING_VALUE).orElse("");
    }

    static String hash(String salt, String kind, String system, String normalized) {
        String text = salt + '\u0000' + kind + '\u0000' + (system == null ? "" : system) + '\u0000' + normalized;
        return DigestUtils.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
