package org.registro.destination;

import java.util.Locale;

/**
 * Why a destination must be told something, most serious first, with the status the tool must then give the
 * address. When several apply to one address, the first counts: an erased person is deleted even if they had
 * also withdrawn.
 */
public enum Reason {
    /** The person was erased: the tool must delete the address. */
    ERASURE(Told.DELETED),
    /** The address bounced hard: the tool must stop sending to it (Mailchimp's "cleaned"). */
    BOUNCE(Told.CLEANED),
    /** The person marked a message as spam. */
    COMPLAINT(Told.UNSUBSCRIBED),
    /** The person asked not to be contacted (restriction of processing). */
    RESTRICTION(Told.UNSUBSCRIBED),
    /** The person withdrew consent for the channel or the destination's topic. */
    WITHDRAWAL(Told.UNSUBSCRIBED),
    /** The address the tool holds is no longer the person's: the old one goes, the new one comes. */
    CORRECTED(Told.DELETED),
    /** A double opt-in the tool was told was pending has been confirmed. */
    CONFIRMED(Told.SUBSCRIBED);

    private final String status;

    Reason(String status) {
        this.status = status;
    }

    /** "1 withdrawal", "3 corrected addresses", in the reader's language (the audit log's summaries). */
    public org.registro.common.Phrase count(int n) {
        return org.registro.common.Phrase.of("audit.reason." + code(), n);
    }

    /** The status the address gets in the tool. */
    public String status() {
        return status;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Reason byCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
