package org.registro.contact;

import static org.registro.db.Tables.CONTACT;

import java.util.List;
import org.jooq.Field;

/**
 * The columns the contacts table can be sorted by. The first ones are contact fields, each backed by an index the
 * table pages through; the others are figures about each person ({@link ContactFacts}), which the table orders
 * as a whole list (from the audience index when it can answer).
 */
public enum ContactSort {
    NAME, EMAIL, CITY, CREATED, UPDATED, ID,
    /** Total of their gifts. */
    GIVEN,
    /** How many gifts. */
    GIFTS,
    /** When they last gave; never given sorts lowest. */
    LAST_GIFT,
    /** Their latest event of any kind; none sorts lowest. */
    LAST_ACTIVITY,
    /** Their consent status for one channel, from none and withdrawn up to confirmed. */
    CONSENT;

    /** True for the figures about each person, which no index of the contact table orders. */
    public boolean computed() {
        return ordinal() >= GIVEN.ordinal();
    }

    /** The contact columns behind a field sort, ending with the id so the order is total. */
    public List<Field<?>> keys() {
        return switch (this) {
            case NAME -> List.of(CONTACT.LAST_NAME_KEY, CONTACT.FIRST_NAME_KEY, CONTACT.ID);
            case EMAIL -> List.of(CONTACT.EMAIL, CONTACT.ID);
            case CITY -> List.of(CONTACT.CITY, CONTACT.ID);
            case CREATED -> List.of(CONTACT.CREATED_AT, CONTACT.ID);
            case UPDATED -> List.of(CONTACT.UPDATED_AT, CONTACT.ID);
            case ID -> List.of(CONTACT.ID);
            default -> throw new IllegalStateException(this + " is a figure, not a contact field");
        };
    }
}
