package org.registro.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A list of contacts in order, each with one number (the consent event it was exported on, or the reason it was
 * left out), stored as deflated varints: the id as the difference from the previous id, then the number plus one
 * (0 for none). A million members take a few megabytes and are read back in milliseconds; the position of a member
 * is its place in the list, counting from 1.
 */
public final class MemberList {

    /** Receives each member: its position (from 1), contact id and number ({@code -1} for none). */
    @FunctionalInterface
    public interface Visitor {
        /** Returns false to stop. */
        boolean visit(int position, long contactId, long value);
    }

    private MemberList() {
    }

    /** Encodes the first {@code size} members; {@code values[i] < 0} means none. */
    public static byte[] encode(long[] ids, long[] values, int size) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(Math.max(64, size * 4));
        long previous = 0;
        for (int i = 0; i < size; i++) {
            writeVarLong(raw, zigzag(ids[i] - previous));
            writeVarLong(raw, values[i] < 0 ? 0 : values[i] + 1);
            previous = ids[i];
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw.toByteArray());
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.size() / 2));
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Visits the members in order until the visitor says stop. */
    public static void read(byte[] encoded, Visitor visitor) {
        if (encoded == null) {
            return;
        }
        byte[] raw = inflate(encoded);
        int[] at = {0};
        long previous = 0;
        int position = 0;
        while (at[0] < raw.length) {
            long id = previous + unzigzag(readVarLong(raw, at));
            long value = readVarLong(raw, at) - 1;
            previous = id;
            if (!visitor.visit(++position, id, value)) {
                return;
            }
        }
    }

    /** The member's position and number, or null when the contact is not in the list. */
    public static long[] find(byte[] encoded, long contactId) {
        long[][] found = {null};
        read(encoded, (position, id, value) -> {
            if (id == contactId) {
                found[0] = new long[] {position, value};
                return false;
            }
            return true;
        });
        return found[0];
    }

    private static byte[] inflate(byte[] encoded) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(encoded);
            ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length * 3);
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new IOException("A member list is damaged", e));
        } finally {
            inflater.end();
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeVarLong(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarLong(byte[] in, int[] at) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte b = in[at[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
