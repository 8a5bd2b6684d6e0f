package org.registro.destination;

import java.util.Locale;

/**
 * Why a destination must be told something, most serious first, with the status the tool must then give the
 * address. When several apply to one address, the first counts: an erased person is deleted even if they had
 * also withdrawn.
 */
public enum Reason {
    /** The person was erased: the tool must delete the address. */
    ERASURE(Told.DELETED, "erasure", "erasures"),
    /** The address bounced hard: the tool must stop sending to it (Mailchimp's "cleaned"). */
    BOUNCE(Told.CLEANED, "bounce", "bounces"),
    /** The person marked a message as spam. */
    COMPLAINT(Told.UNSUBSCRIBED, "complaint", "complaints"),
    /** The person asked not to be contacted (restriction of processing). */
    RESTRICTION(Told.UNSUBSCRIBED, "restriction", "restrictions"),
    /** The person withdrew consent for the channel or the destination's topic. */
    WITHDRAWAL(Told.UNSUBSCRIBED, "withdrawal", "withdrawals"),
    /** The address the tool holds is no longer the person's: the old one goes, the new one comes. */
    CORRECTED(Told.DELETED, "corrected address", "corrected addresses"),
    /** A double opt-in the tool was told was pending has been confirmed. */
    CONFIRMED(Told.SUBSCRIBED, "confirmed opt-in", "confirmed opt-ins");

    private final String status;
    private final String one;
    private final String many;

    Reason(String status, String one, String many) {
        this.status = status;
        this.one = one;
        this.many = many;
    }

    /** "1 withdrawal", "3 corrected addresses" (for the audit log, which is written in English). */
    public String count(int n) {
        return n + " " + (n == 1 ? one : many);
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
