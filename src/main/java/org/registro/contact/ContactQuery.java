package org.registro.contact;

/**
 * A page request for the contacts table.
 *
 * @param search    quick-search text (name, email, phone or any identifier); blank for all contacts
 * @param sort      the sort column
 * @param ascending the sort direction
 * @param offset    index of the first row
 * @param limit     rows in the page (1 to 1000)
 */
public record ContactQuery(String search, ContactSort sort, boolean ascending, int offset, int limit) {

    public ContactQuery {
        sort = sort == null ? ContactSort.NAME : sort;
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000");
        }
    }

    public static ContactQuery firstPage(String search, int limit) {
        return new ContactQuery(search, ContactSort.NAME, true, 0, limit);
    }

    public boolean hasSearch() {
        return search != null && !search.isBlank();
    }
}
