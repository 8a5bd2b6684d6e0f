package org.registro.audience;

import org.roaringbitmap.RoaringBitmap;

/** Who a condition is true for, and who it is unknown for (the rest: false), as SQL's three values. */
record Truth(RoaringBitmap yes, RoaringBitmap unknown) {

    static Truth of(RoaringBitmap yes) {
        return new Truth(yes, new RoaringBitmap());
    }
}
