package org.registro.consent;

import java.util.Locale;
import org.registro.common.RegistroException;

/**
 * Why a message is sent. A commercial message (news, appeals, invitations) needs a current opt-in for its
 * channel, and for its topic when it has one. A transactional message (a receipt, a reply to a request) needs
 * none, but never goes to someone erased or restricted.
 */
public enum Purpose {
    COMMERCIAL, TRANSACTIONAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Purpose of(String code) {
        for (Purpose p : values()) {
            if (p.code().equalsIgnoreCase(code == null ? "" : code.strip())) {
                return p;
            }
        }
        throw new RegistroException("error.consent.purpose", code);
    }
}
