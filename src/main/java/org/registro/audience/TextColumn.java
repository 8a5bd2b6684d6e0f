package org.registro.audience;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A text field of every contact, dictionary-encoded: each position's code into the dictionary of distinct values
 * (-1: no value), codes as narrow as the dictionary allows, and the values kept only folded as rules compare them
 * (lower case, or upper case for codes like countries), packed as UTF-8 into one array. A million distinct email
 * addresses then take about 25 MB instead of 120 as Java strings. UTF-8 keeps prefixes and substrings, so
 * "starts with" and "contains" compare bytes.
 */
final class TextColumn {

    private final byte[] narrow;
    private final short[] medium;
    private final int[] wide;
    private final byte[] bytes;
    private final int[] offsets;
    /** Answers of {@link #test}, by key. */
    private final java.util.Map<Object, java.util.BitSet> tests = java.util.Collections.synchronizedMap(
            new java.util.HashMap<>());

    /** {@code codes}: each position's index into {@code values} (-1: none). */
    TextColumn(int[] codes, List<String> values, boolean upper) {
        int n = values.size();
        if (n < Byte.MAX_VALUE) {
            narrow = new byte[codes.length];
            for (int p = 0; p < codes.length; p++) {
                narrow[p] = (byte) codes[p];
            }
            medium = null;
            wide = null;
        } else if (n < Short.MAX_VALUE) {
            medium = new short[codes.length];
            for (int p = 0; p < codes.length; p++) {
                medium[p] = (short) codes[p];
            }
            narrow = null;
            wide = null;
        } else {
            wide = codes;
            narrow = null;
            medium = null;
        }
        byte[][] encoded = new byte[n][];
        int total = 0;
        for (int i = 0; i < n; i++) {
            String v = values.get(i);
            encoded[i] = (upper ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        bytes = new byte[total];
        offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(encoded[i], 0, bytes, offsets[i], encoded[i].length);
            offsets[i + 1] = offsets[i] + encoded[i].length;
        }
    }

    /** How many contacts. */
    int length() {
        return narrow != null ? narrow.length : medium != null ? medium.length : wide.length;
    }

    /** The code of position {@code p}: its value's index, or -1 when it has none. */
    int code(int p) {
        return narrow != null ? narrow[p] : medium != null ? medium[p] : wide[p];
    }

    /** How many distinct values. */
    int values() {
        return offsets.length - 1;
    }

    /**
     * The answers of {@code test} for every distinct value, by code (the last bit: no value), worked out once per
     * {@code key} and kept (a handful of keys; the column never changes).
     */
    java.util.BitSet answers(Object key, java.util.function.Predicate<String> test) {
        java.util.BitSet passed = tests.get(key);
        if (passed == null) {
            int n = values();
            passed = new java.util.BitSet(n + 1);
            for (int v = 0; v < n; v++) {
                if (test.test(value(v))) {
                    passed.set(v);
                }
            }
            if (test.test(null)) {
                passed.set(n);
            }
            synchronized (tests) {
                if (tests.size() >= 8) {
                    tests.clear();
                }
                tests.put(key, passed);
            }
        }
        return passed;
    }

    /** Whether position {@code p} passes, in {@code answers} from {@link #answers}. */
    boolean passes(java.util.BitSet answers, int p) {
        int code = code(p);
        return answers.get(code < 0 ? values() : code);
    }

    /** Value {@code value} as kept (folded). */
    String value(int value) {
        return new String(bytes, offsets[value], offsets[value + 1] - offsets[value], StandardCharsets.UTF_8);
    }

    /** True when position {@code p} has no value or only spaces (what SQL's {@code TRIM(x) = ''} finds). */
    boolean blankAt(int p) {
        int value = code(p);
        if (value < 0) {
            return true;
        }
        for (int i = offsets[value]; i < offsets[value + 1]; i++) {
            if (bytes[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty(int value) {
        return offsets[value] == offsets[value + 1];
    }

    boolean equalsAt(int value, byte[] wanted) {
        return Arrays.equals(bytes, offsets[value], offsets[value + 1], wanted, 0, wanted.length);
    }

    boolean startsWithAt(int value, byte[] wanted) {
        int from = offsets[value];
        return offsets[value + 1] - from >= wanted.length
                && Arrays.equals(bytes, from, from + wanted.length, wanted, 0, wanted.length);
    }

    boolean containsAt(int value, byte[] wanted) {
        int from = offsets[value];
        int last = offsets[value + 1] - wanted.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    long heapBytes() {
        return (narrow != null ? narrow.length : medium != null ? medium.length * 2L : wide.length * 4L)
                + bytes.length + offsets.length * 4L;
    }
}
