package org.registro.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.mozilla.universalchardet.UniversalDetector;

/**
 * The encoding of a text export, decided from its first bytes: a byte-order mark, UTF-16 without one
 * (Excel's "Unicode text"), strict UTF-8, and otherwise juniversalchardet, falling back to
 * Windows-1252, what Excel on Windows writes for "CSV".
 *
 * @param charset   the encoding to decode with
 * @param bomLength bytes of byte-order mark to skip at the start (0 when none)
 * @param how       how it was decided, for the wizard ("byte-order mark", "valid UTF-8", ...)
 */
public record TextEncoding(Charset charset, int bomLength, String how) {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Decides the encoding of a file from its first bytes (a few tens of kilobytes are plenty). */
    public static TextEncoding detect(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new TextEncoding(StandardCharsets.UTF_8, 3, "byte-order mark");
        }
        if (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return new TextEncoding(StandardCharsets.UTF_16LE, 2, "byte-order mark");
        }
        if (length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return new TextEncoding(StandardCharsets.UTF_16BE, 2, "byte-order mark");
        }
        Charset utf16 = utf16WithoutMark(head, length);
        if (utf16 != null) {
            return new TextEncoding(utf16, 0, "zero bytes of UTF-16 text");
        }
        if (isUtf8(head, length)) {
            return new TextEncoding(StandardCharsets.UTF_8, 0, "valid UTF-8");
        }
        UniversalDetector detector = new UniversalDetector();
        detector.handleData(head, 0, length);
        detector.dataEnd();
        String name = detector.getDetectedCharset();
        if (name != null && Charset.isSupported(name)) {
            Charset found = Charset.forName(name);
            // ISO-8859-1 files from Windows are Windows-1252 (a superset that has €, curly quotes, …).
            if (found.name().toUpperCase(Locale.ROOT).equals("ISO-8859-1")) {
                found = WINDOWS_1252;
            }
            if (!found.name().toUpperCase(Locale.ROOT).startsWith("UTF")) {
                return new TextEncoding(found, 0, "detected");
            }
        }
        return new TextEncoding(WINDOWS_1252, 0, "not UTF-8: Windows-1252 assumed");
    }

    /** UTF-16 without a mark shows as zero bytes in every other position for Latin text. */
    private static Charset utf16WithoutMark(byte[] head, int length) {
        int pairs = Math.min(length, 4096) / 2;
        if (pairs < 8) {
            return null;
        }
        int zeroEven = 0;
        int zeroOdd = 0;
        for (int i = 0; i < pairs * 2; i += 2) {
            if (head[i] == 0) {
                zeroEven++;
            }
            if (head[i + 1] == 0) {
                zeroOdd++;
            }
        }
        if (zeroOdd > pairs * 0.6 && zeroEven < pairs * 0.1) {
            return StandardCharsets.UTF_16LE;
        }
        if (zeroEven > pairs * 0.6 && zeroOdd < pairs * 0.1) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** Strict UTF-8, allowing a character cut off at the end of the sample. */
    private static boolean isUtf8(byte[] head, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int end = length;
        // Step back over an incomplete multi-byte sequence at the very end of the sample.
        int back = 0;
        while (back < 3 && end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0x80) {
            back++;
        }
        if (end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0xC0) {
            end = end - back - 1;
        }
        try {
            decoder.decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
