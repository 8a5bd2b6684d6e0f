package org.registro.common;

/**
 * Sorts two parallel arrays of longs — a sort key and an id — by key, ties by id ascending, in place and without
 * boxing: a million pairs in a fraction of a second.
 */
public final class PairSort {

    private PairSort() {
    }

    /** Sorts {@code keys} (ascending or descending) carrying {@code ids} along; equal keys keep ids ascending. */
    public static void sort(long[] keys, long[] ids, boolean ascending) {
        if (keys.length != ids.length) {
            throw new IllegalArgumentException("keys and ids differ in length");
        }
        quicksort(keys, ids, 0, keys.length - 1, ascending ? 1 : -1);
    }

    private static int compare(long[] keys, long[] ids, int i, long key, long id, int direction) {
        int c = Long.compare(keys[i], key) * direction;
        return c != 0 ? c : Long.compare(ids[i], id);
    }

    private static void quicksort(long[] keys, long[] ids, int lo, int hi, int direction) {
        while (hi - lo > 16) {
            int mid = lo + (hi - lo) / 2;
            long pivotKey = keys[mid];
            long pivotId = ids[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (compare(keys, ids, i, pivotKey, pivotId, direction) < 0) {
                    i++;
                }
                while (compare(keys, ids, j, pivotKey, pivotId, direction) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(keys, ids, i++, j--);
                }
            }
            // recurse into the smaller side, loop on the larger: the stack stays shallow on any input
            if (j - lo < hi - i) {
                quicksort(keys, ids, lo, j, direction);
                lo = i;
            } else {
                quicksort(keys, ids, i, hi, direction);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && compare(keys, ids, j - 1, keys[j], ids[j], direction) > 0; j--) {
                swap(keys, ids, j - 1, j);
            }
        }
    }

    private static void swap(long[] keys, long[] ids, int a, int b) {
        long k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        long d = ids[a];
        ids[a] = ids[b];
        ids[b] = d;
    }
}
