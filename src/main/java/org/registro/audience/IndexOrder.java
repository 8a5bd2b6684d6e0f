package org.registro.audience;

import java.util.List;
import org.registro.common.PairSort;
import org.registro.contact.ContactFacts;
import org.registro.contact.ContactSort;
import org.registro.segment.ContactTable;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Orders members by a figure about each person, read from the index's event columns and consent bitmaps: the
 * order {@link ContactTable} gives in SQL (no value lowest, ties by id), for a million people in well under a
 * second.
 */
final class IndexOrder {

    /** No value: lowest in either direction's meaning (first ascending, last descending). */
    static final long NONE = Long.MIN_VALUE;

    private IndexOrder() {
    }

    /** The ids of the live members of each part, ordered by {@code sort}. */
    static long[] ordered(List<AudienceIndex> parts, List<RoaringBitmap> chosen, ContactSort sort, String channel,
                          boolean ascending) {
        int n = 0;
        RoaringBitmap[] live = new RoaringBitmap[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            live[i] = RoaringBitmap.and(chosen.get(i), parts.get(i).live);
            n += live[i].getCardinality();
        }
        long[] keys = new long[n];
        long[] ids = new long[n];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            AudienceIndex index = parts.get(i);
            Key key = key(index, sort, channel);
            PeekableIntIterator it = live[i].getIntIterator();
            while (it.hasNext()) {
                int p = it.next();
                ids[at] = index.ids[p];
                keys[at++] = key.at(p);
            }
        }
        PairSort.sort(keys, ids, ascending);
        return ids;
    }

    private interface Key {
        long at(int position);
    }

    private static Key key(AudienceIndex index, ContactSort sort, String channel) {
        AudienceIndex.Events events = index.events;
        int gift = events.types.indexOf(ContactFacts.GIFT);
        return switch (sort) {
            case GIVEN -> p -> {
                long total = 0;
                for (int r = events.start[p]; r < events.start[p + 1]; r++) {
                    if (events.type[r] == gift) {
                        total = Math.addExact(total, amount(events, r));
                    }
                }
                return total;
            };
            case GIFTS -> p -> {
                long count = 0;
                for (int r = events.start[p]; r < events.start[p + 1]; r++) {
                    count += events.type[r] == gift ? 1 : 0;
                }
                return count;
            };
            case LAST_GIFT -> p -> {
                long last = NONE;
                for (int r = events.start[p]; r < events.start[p + 1]; r++) {
                    if (events.type[r] == gift) {
                        last = Math.max(last, events.occurredAt[r]);
                    }
                }
                return last;
            };
            case LAST_ACTIVITY -> p -> {
                long last = NONE;
                for (int r = events.start[p]; r < events.start[p + 1]; r++) {
                    last = Math.max(last, events.occurredAt[r]);
                }
                return last;
            };
            case CONSENT -> consent(index, channel);
            default -> throw new IllegalArgumentException(sort + " is a contact field: the contact table orders it");
        };
    }

    /** An amount in ten-thousandths (none: zero; one too large for a long saturates). */
    private static long amount(AudienceIndex.Events events, int row) {
        long a = events.amount(row);
        if (a == AudienceIndex.NO_AMOUNT) {
            return 0;
        }
        if (a == AudienceIndex.HUGE_AMOUNT) {
            return events.huge.get(row).signum() > 0 ? Long.MAX_VALUE / 4 : Long.MIN_VALUE / 4;
        }
        return a;
    }

    /** The channel's own status (not a topic's): its place in {@link ContactTable}'s order, none lowest. */
    private static Key consent(AudienceIndex index, String channel) {
        List<String> order = ContactTable.consentOrder();
        RoaringBitmap[] has = new RoaringBitmap[order.size()];
        for (int s = 0; s < order.size(); s++) {
            has[s] = index.consent.getOrDefault(AudienceIndex.consentKey(channel, "", order.get(s)),
                    new RoaringBitmap());
        }
        RoaringBitmap any = new RoaringBitmap();
        String prefix = AudienceIndex.consentKey(channel, "", "");
        index.consent.forEach((k, bitmap) -> {
            if (k.startsWith(prefix)) {
                any.or(bitmap);
            }
        });
        return p -> {
            for (int s = 0; s < has.length; s++) {
                if (has[s].contains(p)) {
                    return s + 1;
                }
            }
            return any.contains(p) ? 0 : NONE;
        };
    }
}
