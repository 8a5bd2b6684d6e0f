package org.registro.common;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jooq.Cursor;
import org.jooq.Record;

/**
 * A cursor ordered by contact id (its first column), read alongside the contacts in the same order: {@link #take}
 * returns the rows of one contact, so tags and custom values of a million contacts never sit in memory at once.
 */
public final class SortedByContact<R extends Record> implements AutoCloseable {

    private final Cursor<? extends R> cursor;
    private final Iterator<? extends R> rows;
    private R next;

    public SortedByContact(Cursor<? extends R> cursor) {
        this.cursor = cursor;
        this.rows = cursor.iterator();
        this.next = rows.hasNext() ? rows.next() : null;
    }

    /** The rows of this contact; rows of contacts before it that nobody asked for are skipped. */
    public List<R> take(long contactId) {
        while (next != null && id(next) < contactId) {
            next = rows.hasNext() ? rows.next() : null;
        }
        List<R> taken = new ArrayList<>(2);
        while (next != null && id(next) == contactId) {
            taken.add(next);
            next = rows.hasNext() ? rows.next() : null;
        }
        return taken;
    }

    private static long id(Record r) {
        return r.get(0, Long.class);
    }

    @Override
    public void close() {
        cursor.close();
    }
}
