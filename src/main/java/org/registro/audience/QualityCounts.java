package org.registro.audience;

import java.util.EnumMap;
import java.util.Map;
import org.registro.contact.DataQuality.Issue;
import org.roaringbitmap.RoaringBitmap;

/**
 * The data-quality counts ({@link org.registro.contact.DataQuality}) from one part of the index: the same
 * questions over active contacts — an email marked invalid or bounced, a phone that does not parse, no name at
 * all, no way to reach them, an unresolved identity conflict — answered from bitmaps and text columns.
 */
final class QualityCounts {

    private QualityCounts() {
    }

    /** Adds this part's counts, its positions {@code hidden} left out, to {@code into}. */
    static void add(AudienceIndex index, RoaringBitmap hidden, Map<Issue, Long> into) {
        // live records are the active ones: the other statuses are erased and merged
        RoaringBitmap active = RoaringBitmap.andNot(index.live, hidden);
        add(into, Issue.INVALID_EMAIL, RoaringBitmap.andCardinality(active, index.invalidEmail));
        add(into, Issue.UNPARSEABLE_PHONE, RoaringBitmap.andCardinality(active, index.invalidPhone));
        add(into, Issue.IMPORT_CONFLICT, RoaringBitmap.andCardinality(active, index.conflicts));
        TextColumn first = index.text.get("firstName");
        TextColumn last = index.text.get("lastName");
        TextColumn organization = index.text.get("organization");
        TextColumn street = index.text.get("street");
        TextColumn postal = index.text.get("postalCode");
        TextColumn city = index.text.get("city");
        long noName = 0;
        for (int p : active) {
            if (first.blankAt(p) && last.blankAt(p) && organization.blankAt(p)) {
                noName++;
            }
        }
        long noChannel = 0;
        for (int p : RoaringBitmap.andNot(active, index.usableChannel)) {
            if (street.blankAt(p) || postal.blankAt(p) && city.blankAt(p)) {
                noChannel++;
            }
        }
        add(into, Issue.MISSING_NAME, noName);
        add(into, Issue.NO_CHANNEL, noChannel);
    }

    private static void add(Map<Issue, Long> into, Issue issue, long n) {
        into.merge(issue, n, Long::sum);
    }

    static Map<Issue, Long> empty() {
        Map<Issue, Long> counts = new EnumMap<>(Issue.class);
        for (Issue issue : Issue.values()) {
            counts.put(issue, 0L);
        }
        return counts;
    }
}
