package org.registro.contact;

import java.util.List;

/**
 * A page request for the contacts table.
 *
 * <p>Moving to the next or previous page passes the sort key of the boundary row ({@link ContactPage#firstKey()}
 * or {@link ContactPage#lastKey()}) so the database seeks to it through the index instead of counting
 * past every earlier row: page 9,000 costs what page 1 costs.
 *
 * @param search    quick-search text (name, email, phone or any identifier); blank for all contacts
 * @param sort      the sort column
 * @param ascending the sort direction
 * @param position  how the page is found: by offset, after or before a boundary key, or the last page
 * @param key       the boundary row's sort key, for {@link Position#AFTER} and {@link Position#BEFORE}
 * @param offset    index of the first row, for {@link Position#OFFSET}
 * @param limit     rows in the page (1 to 1000)
 */
public record ContactQuery(String search, ContactSort sort, boolean ascending, Position position, List<Object> key,
                           int offset, int limit) {

    /** How a page is located. */
    public enum Position { OFFSET, AFTER, BEFORE, LAST }

    public ContactQuery {
        sort = sort == null ? ContactSort.NAME : sort;
        if (sort.computed()) {
            throw new IllegalArgumentException(sort + " orders the whole list, not pages of the contact table");
        }
        position = position == null ? Position.OFFSET : position;
        if ((position == Position.AFTER || position == Position.BEFORE) && key == null) {
            throw new IllegalArgumentException(position + " needs the boundary key");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000");
        }
    }

    /** The page at {@code offset}. */
    public ContactQuery(String search, ContactSort sort, boolean ascending, int offset, int limit) {
        this(search, sort, ascending, Position.OFFSET, null, offset, limit);
    }

    public static ContactQuery firstPage(String search, int limit) {
        return new ContactQuery(search, ContactSort.NAME, true, 0, limit);
    }

    public boolean hasSearch() {
        return search != null && !search.isBlank();
    }
}
