package org.registro.contact;

import java.util.List;

/**
 * The contacts table as a whole list: a quick search within a saved segment's people (or everyone), ordered by
 * any column, taken once and read a page at a time. The segment room answers it (it knows rules and the audience
 * index); the contacts screen only asks.
 */
public interface ContactLists {

    /** The ids of a whole list, in order, as they were when it was taken. */
    record Listing(long[] ids) {
        public int size() {
            return ids.length;
        }
    }

    /**
     * The active contacts a quick search finds (blank: all) among a saved segment's people (null: everyone),
     * ordered by {@code sort} — for {@link ContactSort#CONSENT}, the status on {@code channel} — ties by id.
     */
    Listing people(String search, String segment, ContactSort sort, String channel, boolean ascending);

    /** Rows {@code offset} to {@code offset + limit} of the listing, with their facts. */
    List<ContactSummary> rows(Listing listing, int offset, int limit);

    /** The channels a consent column can show, in their order. */
    List<String> channels();

    /** The saved segments the table can show, by name. */
    List<String> segmentNames();
}
